// libFuzzer target: any byte string given as a PyRadiomics parameter file (YAML) either
// translates or throws radiomics::SettingsError; nothing else (no crash, no other exception, no
// hang). What translates must round-trip through the canonical JSON form.
#include <cstddef>
#include <cstdint>
#include <string>

#include "radiomics/errors.hpp"
#include "radiomics/pyradiomics.hpp"
#include "radiomics/settings.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const radiomics::Settings s = radiomics::pyradiomics::settings_from_parameter_file(text);
    const radiomics::Settings again = radiomics::Settings::from_json_text(s.to_json_text());
    if (again.to_json_text() != s.to_json_text()) __builtin_trap();
  } catch (const radiomics::SettingsError&) {
  }
  return 0;
}
