#include <cmath>
#include <nlohmann/json.hpp>

#include "radiomics/writers.hpp"

namespace radiomics {

void write_json(std::ostream& out, const std::vector<FeatureTable>& tables) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& t : tables) {
    nlohmann::ordered_json row;
    for (const auto& [k, v] : t.info()) row[k] = v;
    row["warnings"] = t.warnings();
    nlohmann::ordered_json features = nlohmann::ordered_json::object();
    for (const auto& [k, v] : t.values())
      features[k] = std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
    row["features"] = std::move(features);
    rows.push_back(std::move(row));
  }
  out << rows.dump(2) << "\n";
}

}  // namespace radiomics
