// Intensity-based statistical features (IBSI manual 3.3): the digital phantom against the IBSI
// reference values, and small samples computed by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "features/statistics.hpp"
#include "support/digital_phantom.hpp"
#include "support/reference.hpp"
#include "support/rois.hpp"

namespace radiomics {
namespace {

using test::feature;
using test::row_roi;

TEST(Statistics, DigitalPhantomMatchesIbsiReference) {
  FeatureTable out;
  statistics::compute(test::digital_phantom_roi(), out);
  test::expect_phantom_references(out, "stat_", 18);
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
