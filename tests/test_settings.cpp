// Settings from JSON: every key parses, canonical JSON round-trips, and every kind of bad
// configuration is a SettingsError naming the key.
#include <gtest/gtest.h>

#include <filesystem>

#include "radiomics/radiomics.hpp"

namespace {

using radiomics::Settings;
using radiomics::SettingsError;

std::string error_of(const std::string& json) {
  try {
    Settings::from_json_text(json);
  } catch (const SettingsError& e) {
    return e.what();
  }
  return "no error";
}

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

TEST(Settings, BadConfigurationsNameTheKey) {
  EXPECT_NE(error_of(R"({"colour": 1})").find("'colour'"), std::string::npos);
  EXPECT_NE(error_of(R"({"texture": {"glcm_dist": 1}})").find("texture.glcm_dist"), std::string::npos);
  EXPECT_NE(error_of(R"({"label": "one"})").find("'label'"), std::string::npos);
  EXPECT_NE(error_of(R"({"discretisation": {"method": "fixed_bin_size", "bin_width": -5}})")
                .find("discretisation.bin_width"), std::string::npos);
  EXPECT_NE(error_of(R"({"discretisation": {"method": "fixed_bin_number", "bin_count": 0}})")
                .find("discretisation.bin_count"), std::string::npos);
  EXPECT_NE(error_of(R"({"discretisation": {"method": "fixed_bin_size"}})").find("bin_width"), std::string::npos);
  EXPECT_NE(error_of(R"({"discretisation": {"method": "equal"}})").find("discretisation.method"), std::string::npos);
  EXPECT_NE(error_of(R"({"resegmentation": {"range": [400, -500]}})").find("resegmentation.range"), std::string::npos);
  EXPECT_NE(error_of(R"({"interpolation": {"spacing": [1, 0, 1]}})").find("interpolation.spacing[1]"), std::string::npos);
  EXPECT_NE(error_of(R"({"interpolation": {"spacing": 1, "mask_threshold": 1.5}})").find("mask_threshold"), std::string::npos);
  EXPECT_NE(error_of(R"({"families": ["glcmm"]})").find("glcmm"), std::string::npos);
  EXPECT_NE(error_of(R"({"analysis": "2D", "texture": {"aggregations": ["3D_avg"]}})").find("contradicts"), std::string::npos);
  EXPECT_NE(error_of(R"({"texture": {"glcm_distance": 0}})").find("texture.glcm_distance"), std::string::npos);
  EXPECT_NE(error_of("{not json").find("not valid JSON"), std::string::npos);
  EXPECT_NE(error_of("[1, 2]").find("expected an object"), std::string::npos);
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
