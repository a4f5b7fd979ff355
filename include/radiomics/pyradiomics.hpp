// PyRadiomics compatibility: parameter files, column names and the feature crosswalk
// (docs/pyradiomics.md). The computation itself is the Extractor's, in PyRadiomics mode
// (Settings::compatibility == Compatibility::PyRadiomics).
#pragma once
#include <string>
#include <vector>

#include "radiomics/settings.hpp"

namespace radiomics::pyradiomics {

/// Settings from the text of a PyRadiomics parameter file (YAML: imageType, featureClass,
/// setting), in PyRadiomics mode. A key without counterpart is a SettingsError naming it; a key
/// that cannot change a value is accepted and named in Settings::warnings.
/// Settings::from_file reads .yaml and .yml files this way.
Settings settings_from_parameter_file(const std::string& yaml_text);

/// PyRadiomics' column names of its default features of the Original image, in output order
/// ("original_shape_Elongation", ...).
std::vector<std::string> default_columns();

/// Every PyRadiomics feature as one line per feature: column, IBSI tag (or "-"), whether IBSI
/// mode gives the same value; the Markdown of docs/pyradiomics.md when `markdown`.
std::string crosswalk(bool markdown);

}  // namespace radiomics::pyradiomics
