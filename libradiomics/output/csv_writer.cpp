#include <cmath>
#include <cstdio>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "output/output_file.hpp"
#include "radiomics/errors.hpp"
#include "radiomics/writers.hpp"

namespace radiomics {
namespace {

/// Quotes a CSV field when it holds a comma, a quote or a line break (RFC 4180).
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string join_warnings(const FeatureTable& t) {
  std::string w;
  for (const auto& m : t.warnings()) w += (w.empty() ? "" : "; ") + m;
  return w;
}

}  // namespace

std::string format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Inf" : "-Inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  // Prefer the shortest representation that reads back to the same double.
  for (int digits = 6; digits < 17; ++digits) {
    char shorter[32];
    std::snprintf(shorter, sizeof shorter, "%.*g", digits, value);
    if (std::strtod(shorter, nullptr) == value) return shorter;
  }
  return buf;
}

void write_csv(std::ostream& out, const std::vector<FeatureTable>& tables) {
  std::vector<std::string> info_cols, value_cols;
  std::unordered_set<std::string> seen_info, seen_values;
  for (const auto& t : tables) {
    for (const auto& [k, v] : t.info())
      if (seen_info.insert(k).second) info_cols.push_back(k);
    for (const auto& [k, v] : t.values())
      if (seen_values.insert(k).second) value_cols.push_back(k);
  }
  std::string header;
  for (const auto& c : info_cols) {
    header += csv_field(c);
    header += ',';
  }
  header += "warnings";
  for (const auto& c : value_cols) {
    header += ',';
    header += csv_field(c);
  }
  out << header << "\n";
  for (const auto& t : tables) {
    // One lookup table per row: columns are matched by name, in linear time.
    std::unordered_map<std::string, std::string> info(t.info().begin(), t.info().end());
    std::unordered_map<std::string, double> values(t.values().begin(), t.values().end());
    std::string line;
    for (const auto& c : info_cols) {
      const auto it = info.find(c);
      if (it != info.end()) line += csv_field(it->second);
      line += ',';
    }
    line += csv_field(join_warnings(t));
    for (const auto& c : value_cols) {
      line += ',';
      const auto it = values.find(c);
      if (it != values.end()) line += format_value(it->second);
    }
    out << line << "\n";
  }
}

void write_tables(const std::string& path, const std::vector<FeatureTable>& tables) {
  const bool json = path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
  std::ostringstream text;
  if (json) write_json(text, tables);
  else write_csv(text, tables);
  write_output_file(path, text.str());
}

}  // namespace radiomics
