// Settings from JSON: every key parses, canonical JSON round-trips, and every kind of bad
// configuration is a SettingsError naming the key.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "radiomics/radiomics.hpp"
#include "support/errors.hpp"

namespace {

using radiomics::test::settings_error_of;

using radiomics::Settings;
using radiomics::SettingsError;

TEST(Settings, DefaultsAreVolumetricWithFixedBinNumbers) {
  const Settings s = Settings::from_json_text("{}");
  EXPECT_FALSE(s.slice_wise);
  EXPECT_EQ(s.label, 1);
  EXPECT_FALSE(s.interpolation.enabled);
  // Arbitrary units: 32 bins for histogram and texture, 1000 for the IVH.
  EXPECT_EQ(s.discretisation.method, radiomics::DiscretisationMethod::FixedBinNumber);
  EXPECT_EQ(s.discretisation.bin_count, 32);
  EXPECT_EQ(s.ivh_discretisation.method, radiomics::DiscretisationMethod::FixedBinNumber);
  EXPECT_EQ(s.ivh_discretisation.bin_count, 1000);
  EXPECT_EQ(Settings{}.to_json_text(), s.to_json_text());  // the C++ defaults are the same
  EXPECT_EQ(s.effective_aggregations().size(), 3u);  // 3D_avg, 3D_comb, 3D
  EXPECT_TRUE(s.family_enabled(radiomics::Family::Ngldm));
  EXPECT_FALSE(s.rounds_intensities());
}

TEST(Settings, EveryKeyParses) {
  const Settings s = Settings::from_json_text(R"({
    "analysis": "2D", "modality": "CT", "label": 2, "diagnostics": true,
    "interpolation": {"spacing": [2, 2, 3], "method": "cubic", "mask_threshold": 0.4},
    "resegmentation": {"range": [-500, null], "outlier_sigma": 3},
    "discretisation": {"method": "fixed_bin_size", "bin_width": 25, "lower_bound": -500},
    "ivh_discretisation": {"method": "fixed_bin_number", "bin_count": 1000},
    "families": ["glcm", "morphology"],
    "texture": {"aggregations": ["2D_avg", "2_5D"], "glcm_distance": 2, "glcm_symmetric": false,
                "ngtdm_distance": 2, "ngldm_distance": 3, "ngldm_alpha": 1,
                "distance_weighting": "euclidean"},
    "morphology": {"exact_moran_geary": false}
  })");
  EXPECT_TRUE(s.slice_wise);
  EXPECT_TRUE(s.rounds_intensities());
  EXPECT_EQ(s.label, 2);
  EXPECT_EQ(s.interpolation.method, radiomics::InterpolationMethod::Cubic);
  EXPECT_DOUBLE_EQ(s.interpolation.spacing[2], 3.0);
  EXPECT_DOUBLE_EQ(*s.resegmentation.lower, -500.0);
  EXPECT_FALSE(s.resegmentation.upper.has_value());
  EXPECT_DOUBLE_EQ(*s.discretisation.lower_bound, -500.0);
  EXPECT_EQ(s.ivh_discretisation.bin_count, 1000);
  EXPECT_TRUE(s.family_enabled(radiomics::Family::Glcm));
  EXPECT_FALSE(s.family_enabled(radiomics::Family::Glrlm));
  EXPECT_EQ(s.effective_aggregations().size(), 2u);
  EXPECT_EQ(s.texture.ngldm_alpha, 1);
  EXPECT_FALSE(s.exact_moran_geary);
}

TEST(Settings, CanonicalJsonRoundTrips) {
  const Settings s = Settings::from_json_text(R"({"analysis": "2D", "modality": "CT",
      "interpolation": {"spacing": 2}, "resegmentation": {"range": [-1000, 400]},
      "discretisation": {"method": "fixed_bin_number", "bin_count": 16}})");
  const Settings again = Settings::from_json_text(s.to_json_text());
  EXPECT_EQ(again.to_json_text(), s.to_json_text());
  EXPECT_EQ(again.digest(), s.digest());
  EXPECT_NE(Settings::from_json_text("{}").digest(), s.digest());
}

/// Every configuration shipped with the repository (IBSI 1 and 2, PyRadiomics parameter files),
/// as paths relative to the source folder.
std::vector<std::string> shipped_configurations() {
  namespace fs = std::filesystem;
  const fs::path root = RADIOMICS_SOURCE_DIR;
  std::vector<std::string> paths;
  for (const auto& entry : fs::recursive_directory_iterator(root / "ibsi_phantom" / "configs"))
    if (entry.path().extension() == ".json") paths.push_back(fs::relative(entry.path(), root).string());
  for (const auto& entry : fs::directory_iterator(root / "tests" / "pyradiomics" / "params"))
    paths.push_back(fs::relative(entry.path(), root).string());
  return paths;
}

TEST(Settings, EffectiveSettingsShowEveryKey) {
  const auto j = nlohmann::json::parse(Settings{}.to_json_text());
  for (const char* key : {"analysis", "modality", "round_intensities", "label", "diagnostics", "threads",
                          "interpolation", "resegmentation", "discretisation", "ivh_discretisation", "families",
                          "texture", "morphology", "compatibility", "filtering", "memory_limit_gb"})
    EXPECT_TRUE(j.contains(key)) << key << " missing from " << j.dump();
  // The one top-level key left out is "pyradiomics", an error outside PyRadiomics mode.
  EXPECT_FALSE(j.contains("pyradiomics"));
  EXPECT_EQ(j["compatibility"], "ibsi");
  // A stage that is off, and an unset optional value, show as null.
  EXPECT_TRUE(j["interpolation"].is_null());
  EXPECT_TRUE(j["filtering"].is_null());
  EXPECT_TRUE(j["memory_limit_gb"].is_null());
  EXPECT_EQ(j["resegmentation"], nlohmann::json::parse(R"({"range": null, "outlier_sigma": null})"));
  const auto ct = nlohmann::json::parse(Settings::from_json_text(R"({"modality": "CT"})").to_json_text());
  EXPECT_TRUE(ct["discretisation"].contains("lower_bound") && ct["discretisation"]["lower_bound"].is_null()) << ct;
  const auto gabor = nlohmann::json::parse(
      Settings::from_json_text(R"({"filtering": {"filters": [{"type": "gabor", "sigma": 2, "gamma": 1, "lambda": 3}]}})")
          .to_json_text());
  EXPECT_TRUE(gabor["filtering"]["filters"][0]["theta_step"].is_null()) << gabor;
  EXPECT_TRUE(gabor["filtering"]["discretisation"].contains("method")) << gabor;
}

TEST(Settings, PrintedSettingsParseBackToTheSameSettings) {
  std::vector<Settings> cases{Settings{}};
  for (const char* text :
       {R"({"modality": "CT", "memory_limit_gb": 3, "threads": 2})", R"({"label": [3, 1]})", R"({"label": "all"})",
        R"({"compatibility": "pyradiomics"})",
        R"({"resegmentation": {"outlier_sigma": 3}, "discretisation": {"method": "fixed_bin_size", "bin_width": 5,
            "lower_bound": -10, "grey_levels": "resegmentation_range"}})",
        R"({"analysis": "2D", "interpolation": {"spacing": [1, 1, 2], "method": "cubic"},
            "filtering": {"original_image": false, "families": ["statistics", "glcm"],
                          "filters": [{"type": "gabor", "sigma": 2, "gamma": 1, "lambda": 3, "theta_step": 45}]}})"})
    cases.push_back(Settings::from_json_text(text));
  for (const std::string& path : shipped_configurations())
    cases.push_back(Settings::from_file(std::string(RADIOMICS_SOURCE_DIR) + "/" + path));
  for (const Settings& s : cases) {
    const std::string printed = s.to_json_text(2);
    Settings again;
    ASSERT_NO_THROW(again = Settings::from_json_text(printed)) << printed;
    EXPECT_EQ(again.to_json_text(2), printed);
    EXPECT_EQ(again.digest(), s.digest()) << printed;
  }
}

// The settings_digest column identifies a configuration across results tables, so the digests
// of existing configurations must not change when the printed settings gain keys. The values
// are those of libradiomics before the printed settings showed every key (commit c7f5da1).
TEST(Settings, DigestsOfExistingConfigurationsAreUnchanged) {
  EXPECT_EQ(Settings{}.digest(), "78d9317dd3d54493");
  const std::map<std::string, std::string> inline_configs{
      {R"({"modality": "CT"})", "491a5b4218342114"},
      {R"({"label": [1, 3, 7]})", "efc8d4d083c204fb"},
      {R"({"label": "all"})", "444984100ad47b25"},
      {R"({"memory_limit_gb": 2, "threads": 3})", "78d9317dd3d54493"},  // neither changes a value
      {R"({"interpolation": {"spacing": 2, "method": "cubic"}, "resegmentation": {"range": [-1000, null]}})",
       "12e67d91ae8f72b9"},
      {R"({"discretisation": {"method": "fixed_bin_size", "bin_width": 10},
           "filtering": {"filters": [{"type": "log", "sigma": 1.5}]}})",
       "af8796e16aea794c"}};
  for (const auto& [text, digest] : inline_configs) EXPECT_EQ(Settings::from_json_text(text).digest(), digest) << text;
  const std::map<std::string, std::string> files{
      {"ibsi_phantom/configs/config_a.json", "862c87c254792048"},
      {"ibsi_phantom/configs/config_b.json", "ab9ae70de848b518"},
      {"ibsi_phantom/configs/config_c.json", "f40e6faceb6c95ad"},
      {"ibsi_phantom/configs/config_d.json", "4a408ae091eaa081"},
      {"ibsi_phantom/configs/config_e.json", "0e98a1f7b719558d"},
      {"ibsi_phantom/configs/digital_phantom.json", "89d183e4c0400f0f"},
      {"ibsi_phantom/configs/ibsi2/phase1/1A1.json", "85a566ef0b0ff561"},
      {"ibsi_phantom/configs/ibsi2/phase1/2A.json", "87830d0f2c969fe1"},
      {"ibsi_phantom/configs/ibsi2/phase1/3A1.json", "5cc09962d838d5a9"},
      {"ibsi_phantom/configs/ibsi2/phase1/4A1.json", "068a7f5a4da177cd"},
      {"ibsi_phantom/configs/ibsi2/phase1/4A2.json", "1adf640852914742"},
      {"ibsi_phantom/configs/ibsi2/phase1/5A1.json", "a52aaf3d253ff3ec"},
      {"ibsi_phantom/configs/ibsi2/phase1/6A1.json", "0c13a255a969af81"},
      {"ibsi_phantom/configs/ibsi2/phase1/7A1.json", "be4a8d19bec2d5df"},
      {"ibsi_phantom/configs/ibsi2/phase1/8A1.json", "3b796b0d9ddeca30"},
      {"ibsi_phantom/configs/ibsi2/phase2/1A.json", "65d368817e45236b"},
      {"ibsi_phantom/configs/ibsi2/phase2/9B.json", "f44539003ea5cca6"},
      {"tests/pyradiomics/params/default_original.yaml", "d9190812af340091"},
      {"tests/pyradiomics/params/fbn32.yaml", "7c72630a07e1fd53"}};
  for (const auto& [path, digest] : files)
    EXPECT_EQ(Settings::from_file(std::string(RADIOMICS_SOURCE_DIR) + "/" + path).digest(), digest) << path;
}

TEST(Settings, BadConfigurationsNameTheKey) {
  EXPECT_NE(settings_error_of(R"({"colour": 1})").find("'colour'"), std::string::npos);
  EXPECT_NE(settings_error_of(R"({"texture": {"glcm_dist": 1}})").find("texture.glcm_dist"), std::string::npos);
  EXPECT_NE(settings_error_of(R"({"label": "one"})").find("'label'"), std::string::npos);
  // 0 is the background of a label map, never a ROI: alone, in a list, and from the command line.
  for (const char* zero : {R"({"label": 0})", R"({"label": [0, 1]})", R"({"label": [1, 0]})"})
    EXPECT_NE(settings_error_of(zero).find("setting 'label': 0 is the background"), std::string::npos) << zero;
  for (const char* text : {"0", "0,1", "3,0"}) {
    Settings s;
    try {
      s.select_labels(text, "--label");
      ADD_FAILURE() << text << " was accepted";
    } catch (const SettingsError& e) {
      EXPECT_NE(std::string(e.what()).find("setting '--label': 0 is the background"), std::string::npos) << e.what();
    }
  }
  EXPECT_NE(settings_error_of(R"({"discretisation": {"method": "fixed_bin_size", "bin_width": -5}})")
                .find("discretisation.bin_width"), std::string::npos);
  EXPECT_NE(settings_error_of(R"({"discretisation": {"method": "fixed_bin_number", "bin_count": 0}})")
                .find("discretisation.bin_count"), std::string::npos);
  EXPECT_NE(settings_error_of(R"({"discretisation": {"method": "fixed_bin_size"}})").find("bin_width"), std::string::npos);
  EXPECT_NE(settings_error_of(R"({"discretisation": {"method": "equal"}})").find("discretisation.method"), std::string::npos);
  EXPECT_NE(settings_error_of(R"({"resegmentation": {"range": [400, -500]}})").find("resegmentation.range"), std::string::npos);
  EXPECT_NE(settings_error_of(R"({"interpolation": {"spacing": [1, 0, 1]}})").find("interpolation.spacing[1]"), std::string::npos);
  EXPECT_NE(settings_error_of(R"({"interpolation": {"spacing": 1, "mask_threshold": 1.5}})").find("mask_threshold"), std::string::npos);
  EXPECT_NE(settings_error_of(R"({"families": ["glcmm"]})").find("glcmm"), std::string::npos);
  EXPECT_NE(settings_error_of(R"({"analysis": "2D", "texture": {"aggregations": ["3D_avg"]}})").find("contradicts"), std::string::npos);
  EXPECT_NE(settings_error_of(R"({"texture": {"glcm_distance": 0}})").find("texture.glcm_distance"), std::string::npos);
  EXPECT_NE(settings_error_of("{not json").find("not valid JSON"), std::string::npos);
  EXPECT_NE(settings_error_of("[1, 2]").find("expected an object"), std::string::npos);
}

TEST(Settings, MissingFileIsFileNotFound) {
  EXPECT_THROW(Settings::from_file("/nonexistent/config.json"), radiomics::FileNotFound);
}

TEST(Settings, ShippedConfigurationsParse) {
  const std::string dir = std::string(RADIOMICS_SOURCE_DIR) + "/ibsi_phantom/configs";
  int count = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;  // IBSI 2 case lists (.csv), folders
    EXPECT_NO_THROW(Settings::from_file(entry.path().string())) << entry.path();
    ++count;
  }
  EXPECT_GE(count, 6 + 30 + 18);  // IBSI 1, IBSI 2 phase 1 and phase 2
}

}  // namespace
