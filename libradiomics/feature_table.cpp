#include "radiomics/feature_table.hpp"

#include <algorithm>

namespace radiomics {

void FeatureTable::warn(std::string message) {
  // The same warning from several aggregations or slices is reported once.
  if (std::find(warnings_.begin(), warnings_.end(), message) == warnings_.end())
    warnings_.push_back(std::move(message));
}

void FeatureTable::append(const FeatureTable& other) {
  info_.insert(info_.end(), other.info_.begin(), other.info_.end());
  values_.insert(values_.end(), other.values_.begin(), other.values_.end());
  for (const std::string& w : other.warnings_) warn(w);
}

std::optional<double> FeatureTable::find(std::string_view tag) const {
  for (const auto& [name, value] : values_)
    if (name == tag) return value;
  return std::nullopt;
}

std::optional<std::string> FeatureTable::find_info(std::string_view name) const {
  for (const auto& [key, value] : info_)
    if (key == name) return value;
  return std::nullopt;
}

}  // namespace radiomics
