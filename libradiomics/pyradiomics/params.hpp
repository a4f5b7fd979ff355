// PyRadiomics parameter files and the PyRadiomics part of the JSON configuration.
//
// A parameter file (YAML: imageType, featureClass, setting) is translated into the equivalent
// libradiomics JSON configuration with "compatibility": "pyradiomics", which then goes through
// the one JSON parser (settings.cpp). Every PyRadiomics setting is handled here, once: mapped to
// its counterpart, an error naming it when it has none, or a warning when it cannot change a
// value (docs/pyradiomics.md lists which).
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "radiomics/settings.hpp"

namespace radiomics::pyradiomics {

struct Translation {
  nlohmann::json config;              ///< libradiomics JSON configuration (PyRadiomics mode)
  std::vector<std::string> warnings;  ///< keys that change no value here
};

/// Translates the text of a PyRadiomics parameter file. Throws SettingsError naming the key
/// (for example "setting 'setting.normalize': ...").
Translation translate_parameter_file(const std::string& yaml_text);

/// settings.cpp's hook for a JSON configuration in PyRadiomics mode: reads the "pyradiomics"
/// object and rejects keys that PyRadiomics mode does not use. Throws SettingsError.
void parse_json(const nlohmann::json& config, Settings& settings);

/// settings.cpp's hook after the "filtering" section is parsed, in PyRadiomics mode: LoG and
/// wavelet filters only (PyRadiomics' LoG and Wavelet image types), with PyRadiomics' boundary
/// conditions and image type names unless the configuration gives them, and the image's
/// discretisation for the filtered images unless filtering.discretisation is given. Throws
/// SettingsError.
void parse_json_filtering(const nlohmann::json& config, Settings& settings);

/// settings.cpp's hook for Settings::to_json_text in PyRadiomics mode: removes the IBSI-only
/// keys from the canonical JSON and adds "compatibility" and "pyradiomics".
void adjust_json(nlohmann::json& config, const Settings& settings);

}  // namespace radiomics::pyradiomics
