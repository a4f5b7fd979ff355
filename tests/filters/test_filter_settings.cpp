// The "filtering" section of a configuration: every filter parses with its defaults, column
// prefixes follow the documented scheme (docs/filters.md), canonical JSON round-trips, and every
// bad value is a SettingsError naming its key.
#include <gtest/gtest.h>

#include <variant>

#include "radiomics/radiomics.hpp"
#include "support/errors.hpp"

namespace {

using radiomics::test::settings_error_of;

using namespace radiomics;

/// Settings with one filter given as a JSON object.
Settings with_filter(const std::string& filter, const std::string& analysis = "3D") {
  return Settings::from_json_text(R"({"analysis": ")" + analysis +
                                  R"(", "filtering": {"filters": [)" + filter + "]}}");
}

std::string filter_error(const std::string& filter, const std::string& analysis = "3D") {
  return settings_error_of(R"({"analysis": ")" + analysis + R"(", "filtering": {"filters": [)" + filter +
                  "]}}");
}

TEST(FilterSettings, DefaultsWithoutAFilteringSection) {
  const Settings s = Settings::from_json_text("{}");
  EXPECT_TRUE(s.filtering.filters.empty());
  EXPECT_TRUE(s.filtering.original_image);
  ASSERT_EQ(s.filtering.families.size(), 1u);
  EXPECT_EQ(s.filtering.families[0], Family::Statistics);
  EXPECT_EQ(s.filtering.discretisation.method, DiscretisationMethod::FixedBinNumber);
  EXPECT_EQ(s.filtering.discretisation.bin_count, 32);
}

TEST(FilterSettings, EveryFilterParsesWithItsDefaults) {
  const FilterSettings log = with_filter(R"({"type": "log", "sigma": 1.5})").filtering.filters[0];
  EXPECT_TRUE(log.volumetric);
  EXPECT_EQ(log.boundary, Boundary::Mirror);
  EXPECT_DOUBLE_EQ(std::get<LogFilter>(log.kind).sigma_mm, 1.5);
  EXPECT_DOUBLE_EQ(std::get<LogFilter>(log.kind).truncate, 4.0);
  // The analysis decides the default dimensions.
  EXPECT_FALSE(
      with_filter(R"({"type": "mean", "support": 5})", "2D").filtering.filters[0].volumetric);

  const FilterSettings laws = with_filter(R"({"type": "laws", "kernel": "L5E5E5", "energy": true,
                                              "rotation_invariant": true})")
                                  .filtering.filters[0];
  EXPECT_EQ(std::get<LawsFilter>(laws.kind).delta, 7);
  EXPECT_EQ(laws.pooling, Pooling::Max);  // Laws pool by maximum unless told otherwise

  const FilterSettings gabor =
      with_filter(R"({"type": "gabor", "sigma": 5, "gamma": 1.5, "lambda": 2,
                                               "theta_step": 22.5, "boundary": "zero"})")
          .filtering.filters[0];
  EXPECT_EQ(gabor.boundary, Boundary::Zero);
  EXPECT_DOUBLE_EQ(*std::get<GaborFilter>(gabor.kind).theta_step_deg, 22.5);
  EXPECT_EQ(gabor.pooling, Pooling::Mean);

  const FilterSettings wav = with_filter(R"({"type": "wavelet", "wavelet": "coif1", "band": "HHL",
                                             "level": 2, "boundary": "periodic"})")
                                 .filtering.filters[0];
  EXPECT_EQ(std::get<WaveletFilter>(wav.kind).level, 2);
  EXPECT_EQ(wav.boundary, Boundary::Periodic);
  EXPECT_EQ(
      std::get<SimoncelliFilter>(with_filter(R"({"type": "simoncelli"})").filtering.filters[0].kind)
          .level,
      1);
}

TEST(FilterSettings, ColumnPrefixesFollowTheDocumentedScheme) {
  const auto prefix = [](const std::string& filter, const std::string& analysis = "3D") {
    return with_filter(filter, analysis).filtering.filters[0].prefix;
  };
  EXPECT_EQ(prefix(R"({"type": "mean", "support": 5})"), "mean_m5");
  EXPECT_EQ(prefix(R"({"type": "log", "sigma": 1.5})"), "log_s1.5");
  EXPECT_EQ(prefix(R"({"type": "log", "sigma": 2.0})"), "log_s2");
  EXPECT_EQ(
      prefix(R"({"type": "laws", "kernel": "L5E5E5", "energy": true, "rotation_invariant": true})"),
      "laws_L5E5E5_e7_ri_max");
  EXPECT_EQ(prefix(R"({"type": "laws", "kernel": "L5E5"})", "2D"), "laws_L5E5");
  EXPECT_EQ(
      prefix(R"({"type": "gabor", "sigma": 5, "gamma": 1.5, "lambda": 2, "theta_step": 22.5})",
             "2D"),
      "gabor_s5_g1.5_l2_t0_ts22.5_mean");
  EXPECT_EQ(prefix(R"({"type": "gabor", "sigma": 5, "gamma": 1.5, "lambda": 2, "theta_step": 22.5,
                       "rotation_invariant": true})"),
            "gabor_s5_g1.5_l2_t0_ts22.5_ri_mean");
  EXPECT_EQ(prefix(R"({"type": "wavelet", "wavelet": "db3", "band": "LLH"})"), "wav_db3_l1_LLH");
  EXPECT_EQ(
      prefix(
          R"({"type": "wavelet", "wavelet": "db3", "band": "HHH", "level": 2, "rotation_invariant": true})"),
      "wav_db3_l2_HHH_ri_mean");
  EXPECT_EQ(prefix(R"({"type": "simoncelli", "level": 2})"), "simoncelli_l2");
  // A filter whose dimensions differ from the analysis says so.
  EXPECT_EQ(prefix(R"({"type": "log", "sigma": 1.5, "dimensions": "2D"})"), "log_s1.5_2D");
  EXPECT_EQ(prefix(R"({"type": "log", "sigma": 1.5, "dimensions": "3D"})", "2D"), "log_s1.5_3D");
  EXPECT_EQ(prefix(R"({"type": "log", "sigma": 1.5, "prefix": "my_log"})"), "my_log");
}

TEST(FilterSettings, CanonicalJsonRoundTripsAndChangesTheDigest) {
  const Settings s = Settings::from_json_text(R"({"filtering": {"original_image": false,
      "families": ["statistics", "glcm"], "discretisation": {"method": "fixed_bin_number", "bin_count": 16},
      "filters": [{"type": "laws", "kernel": "E3W5R5", "energy": true, "delta": 3, "rotation_invariant": true},
                  {"type": "gabor", "sigma": 10, "gamma": 0.5, "lambda": 4, "theta": 60},
                  {"type": "wavelet", "wavelet": "haar", "band": "HHH", "level": 2, "rotation_invariant": true,
                   "pooling": "max", "boundary": "nearest"},
                  {"type": "simoncelli", "level": 3, "dimensions": "3D"}]}})");
  const Settings again = Settings::from_json_text(s.to_json_text());
  EXPECT_EQ(again.to_json_text(), s.to_json_text());
  EXPECT_EQ(again.digest(), s.digest());
  ASSERT_EQ(again.filtering.filters.size(), 4u);
  EXPECT_FALSE(again.filtering.original_image);
  EXPECT_EQ(again.filtering.discretisation.bin_count, 16);
  EXPECT_EQ(again.filtering.filters[2].pooling, Pooling::Max);
  EXPECT_NE(Settings::from_json_text(
                R"({"filtering": {"filters": [{"type": "simoncelli", "level": 2}]}})")
                .digest(),
            Settings::from_json_text(
                R"({"filtering": {"filters": [{"type": "simoncelli", "level": 3}]}})")
                .digest());
  // The response maps' settings: the filtering section's families and discretisation.
  const Settings maps = s.for_response_maps();
  EXPECT_TRUE(maps.family_enabled(Family::Glcm));
  EXPECT_FALSE(maps.family_enabled(Family::Morphology));
  EXPECT_EQ(maps.discretisation.bin_count, 16);
}

TEST(FilterSettings, BadValuesNameTheirKey) {
  const auto names = [](const std::string& error, const std::string& key) {
    return error.find("'" + key + "'") != std::string::npos;
  };
  const std::string f0 = "filtering.filters[0].";
  EXPECT_TRUE(names(filter_error(R"({"type": "sobel"})"), f0 + "type"));
  EXPECT_TRUE(names(filter_error(R"({"sigma": 1})"), f0 + "type"));
  EXPECT_TRUE(names(filter_error(R"({"type": "log"})"), f0 + "sigma"));
  EXPECT_TRUE(names(filter_error(R"({"type": "log", "sigma": 0})"), f0 + "sigma"));
  EXPECT_TRUE(names(filter_error(R"({"type": "log", "sigma": -1.5})"), f0 + "sigma"));
  EXPECT_TRUE(names(filter_error(R"({"type": "log", "sigma": 1, "support": 3})"), f0 + "support"));
  EXPECT_TRUE(names(filter_error(R"({"type": "mean", "support": 4})"), f0 + "support"));
  EXPECT_TRUE(names(filter_error(R"({"type": "mean", "support": 3, "boundary": "reflect"})"),
                    f0 + "boundary"));
  EXPECT_TRUE(names(filter_error(R"({"type": "mean", "support": 3, "dimensions": "4D"})"),
                    f0 + "dimensions"));
  EXPECT_TRUE(names(filter_error(R"({"type": "laws", "kernel": "L5X5E5"})"), f0 + "kernel"));
  EXPECT_TRUE(names(filter_error(R"({"type": "laws", "kernel": "L5E5"})"),
                    f0 + "kernel"));  // 2 kernels, 3D
  EXPECT_TRUE(
      names(filter_error(R"({"type": "laws", "kernel": "L5E5", "delta": 3})", "2D"), f0 + "delta"));
  EXPECT_TRUE(names(filter_error(R"({"type": "laws", "kernel": "L5E5E5", "pooling": "max"})"),
                    f0 + "pooling"));
  EXPECT_TRUE(names(filter_error(R"({"type": "laws", "kernel": "L5E5E5", "rotation_invariant": true,
                                     "pooling": "median"})"),
                    f0 + "pooling"));
  EXPECT_TRUE(names(filter_error(R"({"type": "wavelet", "wavelet": "db7", "band": "LLH"})"),
                    f0 + "wavelet"));
  EXPECT_TRUE(
      names(filter_error(R"({"type": "wavelet", "wavelet": "db3", "band": "LXH"})"), f0 + "band"));
  EXPECT_TRUE(
      names(filter_error(R"({"type": "wavelet", "wavelet": "db3", "band": "LH"})"), f0 + "band"));
  EXPECT_TRUE(
      names(filter_error(R"({"type": "wavelet", "wavelet": "db3", "band": "LLH", "level": 0})"),
            f0 + "level"));
  EXPECT_TRUE(names(filter_error(R"({"type": "gabor", "sigma": 5, "gamma": 0, "lambda": 2})"),
                    f0 + "gamma"));
  EXPECT_TRUE(names(
      filter_error(
          R"({"type": "gabor", "sigma": 5, "gamma": 1, "lambda": 2, "rotation_invariant": true})",
          "2D"),
      f0 + "rotation_invariant"));
  EXPECT_TRUE(names(filter_error(R"({"type": "simoncelli", "level": 9})"), f0 + "level"));
  EXPECT_TRUE(
      names(filter_error(R"({"type": "log", "sigma": 1, "prefix": "a b"})"), f0 + "prefix"));
  EXPECT_TRUE(names(filter_error(R"({"type": "log", "sigma": 1.5}, {"type": "log", "sigma": 1.5})"),
                    "filtering.filters[1]"));
  EXPECT_TRUE(names(settings_error_of(R"({"filtering": {"filters": {}}})"), "filtering.filters"));
  EXPECT_TRUE(
      names(settings_error_of(R"({"filtering": {"families": ["morphology"]}})"), "filtering.families"));
  EXPECT_TRUE(names(settings_error_of(R"({"filtering": {"families": []}})"), "filtering.families"));
  EXPECT_TRUE(
      names(settings_error_of(R"({"filtering": {"original_image": false}})"), "filtering.original_image"));
  EXPECT_TRUE(names(settings_error_of(R"({"filtering": {"filter": []}})"), "filtering.filter"));
}

}  // namespace
