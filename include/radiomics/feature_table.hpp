// The result of one extraction: feature values keyed by IBSI tag, in registry order, plus
// non-feature columns (provenance) and warnings. Writers (CSV, JSON) and the Python dict are
// views of this one type.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace radiomics {

class FeatureTable {
 public:
  /// Adds a feature value (NaN marks a feature that is undefined for this ROI).
  void add(std::string tag, double value) { values_.emplace_back(std::move(tag), value); }
  /// Adds a non-feature column (image path, library version, settings digest...).
  void add_info(std::string name, std::string value) {
    info_.emplace_back(std::move(name), std::move(value));
  }
  void warn(std::string message);
  /// Appends another table's columns, values and warnings after this one's (in that order).
  void append(const FeatureTable& other);

  const std::vector<std::pair<std::string, double>>& values() const { return values_; }
  const std::vector<std::pair<std::string, std::string>>& info() const { return info_; }
  const std::vector<std::string>& warnings() const { return warnings_; }

  std::optional<double> find(std::string_view tag) const;
  std::optional<std::string> find_info(std::string_view name) const;
  std::size_t size() const { return values_.size(); }

 private:
  std::vector<std::pair<std::string, double>> values_;
  std::vector<std::pair<std::string, std::string>> info_;
  std::vector<std::string> warnings_;
};

}  // namespace radiomics
