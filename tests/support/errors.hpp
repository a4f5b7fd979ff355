// The message of the error a piece of code throws, for tests that check what an error names.
#pragma once
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "radiomics/errors.hpp"
#include "radiomics/pyradiomics.hpp"
#include "radiomics/settings.hpp"

namespace radiomics::test {

/// The message of the E that `f` throws, or `none` when it throws nothing.
template <class E = Error, class F>
std::string message_of(F&& f, const std::string& none = "no error") {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return none;
}

/// The SettingsError of a JSON configuration (`none` when it parses).
inline std::string settings_error_of(const std::string& json, const std::string& none = "no error") {
  return message_of<SettingsError>([&] { Settings::from_json_text(json); }, none);
}

/// The SettingsError of a PyRadiomics parameter file ("" when it translates).
inline std::string parameter_file_error_of(const std::string& yaml) {
  return message_of<SettingsError>([&] { pyradiomics::settings_from_parameter_file(yaml); }, "");
}

/// Each case's error (`error_of(text)`) contains its needle.
template <class ErrorOf>
void expect_errors_contain(const std::vector<std::pair<std::string, std::string>>& cases, ErrorOf&& error_of) {
  for (const auto& [text, needle] : cases) {
    const std::string message = error_of(text);
    EXPECT_NE(message.find(needle), std::string::npos) << text << " -> \"" << message << "\"";
  }
}

}  // namespace radiomics::test
