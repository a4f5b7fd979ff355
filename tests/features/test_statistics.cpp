// Intensity-based statistical features (IBSI manual 3.3): the digital phantom against the IBSI
// reference values, and small samples computed by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "features/statistics.hpp"
#include "support/digital_phantom.hpp"

namespace radiomics {
namespace {

struct Reference {
  std::string tag;
  double value = 0.0;
  double tolerance = 0.0;
};

/// The reference rows of the digital phantom whose tag starts with `prefix`.
std::vector<Reference> phantom_references(const std::string& prefix) {
  std::ifstream in(std::string(RADIOMICS_SOURCE_DIR) + "/ibsi_phantom/reference/digital_phantom.csv");
  std::vector<Reference> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    Reference r;
    std::string value, tolerance;
    std::getline(fields, r.tag, ',');
    std::getline(fields, value, ',');
    std::getline(fields, tolerance, ',');
    if (r.tag.rfind(prefix, 0) == 0) rows.push_back({r.tag, std::stod(value), std::stod(tolerance)});
  }
  return rows;
}

/// IBSI rule: pass when the value, or the value rounded to 3 significant digits, is within tolerance.
bool within_tolerance(double value, const Reference& r) {
  if (std::abs(value - r.value) <= r.tolerance) return true;
  if (value == 0.0 || !std::isfinite(value)) return false;
  const int digits = 3 - static_cast<int>(std::floor(std::log10(std::abs(value)))) - 1;
  const double scale = std::pow(10.0, std::abs(digits));
  const double rounded = digits >= 0 ? std::round(value * scale) / scale : std::round(value / scale) * scale;
  return std::abs(rounded - r.value) <= r.tolerance;
}

/// A 1-row Roi holding `values`, all in both masks.
Roi row_roi(const std::vector<double>& values) {
  Roi roi;
  roi.grid.size = {static_cast<int>(values.size()), 1, 1};
  roi.intensity = values;
  roi.morph_mask.assign(values.size(), 1);
  roi.int_mask.assign(values.size(), 1);
  return roi;
}

double feature(const FeatureTable& t, const std::string& tag) {
  const auto v = t.find(tag);
  EXPECT_TRUE(v.has_value()) << tag;
  return v.value_or(std::nan(""));
}

TEST(Statistics, DigitalPhantomMatchesIbsiReference) {
  FeatureTable out;
  statistics::compute(test::digital_phantom_roi(), out);
  const auto refs = phantom_references("stat_");
  ASSERT_EQ(refs.size(), 18u);
  for (const Reference& r : refs) {
    const auto v = out.find(r.tag);
    ASSERT_TRUE(v.has_value()) << r.tag;
    EXPECT_TRUE(within_tolerance(*v, r)) << r.tag << ": " << *v << " vs " << r.value << " +- " << r.tolerance;
  }
  EXPECT_TRUE(out.warnings().empty());
}

TEST(Statistics, OutputFollowsTheFeatureTable) {
  FeatureTable out;
  statistics::compute(test::digital_phantom_roi(), out);
  const auto infos = statistics::feature_infos();
  ASSERT_EQ(out.size(), infos.size());
  for (std::size_t i = 0; i < infos.size(); ++i) {
    EXPECT_EQ(out.values()[i].first, infos[i].tag);
    EXPECT_EQ(infos[i].ibsi_id.size(), 4u) << infos[i].tag;
    EXPECT_FALSE(infos[i].formula.empty()) << infos[i].tag;
  }
}

TEST(Statistics, HandComputedSample) {
  // X = {1, 2, 3, 4}: mu = 2.5, m2 = 1.25, m3 = 0, m4 = (2 * 1.5^4 + 2 * 0.5^4) / 4 = 2.5625.
  FeatureTable out;
  statistics::compute(row_roi({4, 1, 3, 2}), out);
  EXPECT_DOUBLE_EQ(feature(out, "stat_mean"), 2.5);
  EXPECT_DOUBLE_EQ(feature(out, "stat_var"), 1.25);
  EXPECT_NEAR(feature(out, "stat_skew"), 0.0, 1e-15);
  EXPECT_DOUBLE_EQ(feature(out, "stat_kurt"), 2.5625 / (1.25 * 1.25) - 3.0);
  EXPECT_DOUBLE_EQ(feature(out, "stat_median"), 2.5);
  EXPECT_DOUBLE_EQ(feature(out, "stat_min"), 1.0);
  // Linear interpolation between closest ranks at q/100 * (N_v - 1): P10 at 0.3, P90 at 2.7.
  EXPECT_DOUBLE_EQ(feature(out, "stat_p10"), 1.3);
  EXPECT_DOUBLE_EQ(feature(out, "stat_p90"), 3.7);
  EXPECT_DOUBLE_EQ(feature(out, "stat_max"), 4.0);
  EXPECT_DOUBLE_EQ(feature(out, "stat_iqr"), 3.25 - 1.75);
  EXPECT_DOUBLE_EQ(feature(out, "stat_range"), 3.0);
  EXPECT_DOUBLE_EQ(feature(out, "stat_mad"), 1.0);
  EXPECT_DOUBLE_EQ(feature(out, "stat_rmad"), 0.5);  // X_10-90 = {2, 3}
  EXPECT_DOUBLE_EQ(feature(out, "stat_medad"), 1.0);
  EXPECT_DOUBLE_EQ(feature(out, "stat_cov"), std::sqrt(1.25) / 2.5);
  EXPECT_DOUBLE_EQ(feature(out, "stat_qcod"), 1.5 / 5.0);
  EXPECT_DOUBLE_EQ(feature(out, "stat_energy"), 30.0);
  EXPECT_DOUBLE_EQ(feature(out, "stat_rms"), std::sqrt(7.5));
}

TEST(Statistics, SkewedSample) {
  // X = {0, 0, 0, 4}: mu = 1, m2 = 3, m3 = (3 * -1 + 27) / 4 = 6, m4 = (3 + 81) / 4 = 21.
  FeatureTable out;
  statistics::compute(row_roi({0, 0, 0, 4}), out);
  EXPECT_DOUBLE_EQ(feature(out, "stat_skew"), 6.0 / std::pow(3.0, 1.5));
  EXPECT_DOUBLE_EQ(feature(out, "stat_kurt"), 21.0 / 9.0 - 3.0);
  EXPECT_DOUBLE_EQ(feature(out, "stat_medad"), 1.0);
  EXPECT_DOUBLE_EQ(feature(out, "stat_p90"), 2.8);
}

TEST(Statistics, ConstantRoiFollowsTheManual) {
  // The manual defines skewness and kurtosis as 0 when the variance is 0.
  FeatureTable out;
  statistics::compute(row_roi({7, 7, 7}), out);
  EXPECT_EQ(feature(out, "stat_var"), 0.0);
  EXPECT_EQ(feature(out, "stat_skew"), 0.0);
  EXPECT_EQ(feature(out, "stat_kurt"), 0.0);
  EXPECT_EQ(feature(out, "stat_cov"), 0.0);
  EXPECT_EQ(feature(out, "stat_qcod"), 0.0);
  EXPECT_EQ(feature(out, "stat_rmad"), 0.0);
  EXPECT_TRUE(out.warnings().empty());
}

TEST(Statistics, DivisionByZeroIsNaNWithAWarning) {
  // mu = 0 and P75 + P25 = 0: coefficient of variation and quartile coefficient are undefined.
  FeatureTable out;
  statistics::compute(row_roi({-1, 0, 0, 0, 1}), out);
  EXPECT_TRUE(std::isnan(feature(out, "stat_cov")));
  EXPECT_TRUE(std::isnan(feature(out, "stat_qcod")));
  EXPECT_EQ(out.warnings().size(), 2u);
  for (const auto& [tag, value] : out.values())
    if (tag != "stat_cov" && tag != "stat_qcod") {
      EXPECT_FALSE(std::isnan(value)) << tag;
    }
}

TEST(Statistics, OnlyTheIntensityMaskCounts) {
  Roi roi = row_roi({1, 2, 100});
  roi.int_mask[2] = 0;  // re-segmented away, still in the morphological mask
  FeatureTable out;
  statistics::compute(roi, out);
  EXPECT_DOUBLE_EQ(feature(out, "stat_max"), 2.0);
  EXPECT_DOUBLE_EQ(feature(out, "stat_mean"), 1.5);
}

TEST(Statistics, EmptyIntensityMaskGivesNaN) {
  Roi roi = row_roi({1, 2});
  roi.int_mask.assign(2, 0);
  FeatureTable out;
  statistics::compute(roi, out);
  ASSERT_EQ(out.size(), 18u);
  for (const auto& [tag, value] : out.values()) EXPECT_TRUE(std::isnan(value)) << tag;
  EXPECT_FALSE(out.warnings().empty());
}

}  // namespace
}  // namespace radiomics
