// Every key of a PyRadiomics parameter file's `setting` section and what it becomes here: the
// parser (params.cpp) accepts exactly these keys, and docs/pyradiomics.md is generated from the
// same table.
#pragma once
#include <span>
#include <string_view>

namespace radiomics::pyradiomics {

enum class SettingHandling {
  Mapped,   ///< translated to its counterpart; values without one are errors naming the key
  Warning,  ///< cannot change a value here: accepted with a warning in every output row
};

struct SettingKey {
  std::string_view name;
  SettingHandling handling;
  /// Mapped: the counterpart. Warning: the warning's text after "PyRadiomics setting 'name' ".
  std::string_view counterpart;
};

std::span<const SettingKey> setting_keys();
const SettingKey* find_setting_key(std::string_view name);

}  // namespace radiomics::pyradiomics
