// Intensity histogram features (IBSI manual 3.4): the digital phantom against the IBSI reference
// values, and small histograms computed by hand (mode ties, gradients, N_g, entropy).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "features/intensity_histogram.hpp"
#include "support/digital_phantom.hpp"
#include "support/reference.hpp"
#include "support/rois.hpp"

namespace radiomics {
namespace {

using test::feature;
using test::row_levels;

FeatureTable compute(const DiscreteRoi& d) {
  FeatureTable out;
  intensity_histogram::compute(d, out);
  return out;
}

TEST(IntensityHistogram, DigitalPhantomMatchesIbsiReference) {
  const FeatureTable out = compute(test::digital_phantom_levels());
  test::expect_phantom_references(out, "ih_", 23);
  EXPECT_TRUE(out.warnings().empty());
}

TEST(IntensityHistogram, OutputFollowsTheFeatureTable) {
  const FeatureTable out = compute(test::digital_phantom_levels());
  const auto infos = intensity_histogram::feature_infos();
  ASSERT_EQ(out.size(), infos.size());
  ASSERT_EQ(infos.size(), 23u);
  for (std::size_t i = 0; i < infos.size(); ++i) {
    EXPECT_EQ(out.values()[i].first, infos[i].tag);
    EXPECT_EQ(infos[i].ibsi_id.size(), 4u) << infos[i].tag;
    EXPECT_FALSE(infos[i].formula.empty()) << infos[i].tag;
  }
}

TEST(IntensityHistogram, ModeTiesGoToTheLevelClosestToTheMean) {
  // n_1 = n_4 = 2, mean 2.4: level 1 is 1.4 away, level 4 is 1.6 away.
  EXPECT_EQ(feature(compute(row_levels({1, 1, 2, 4, 4}, 4)), "ih_mode"), 1.0);
  // mean 2.6: level 4 is closer.
  EXPECT_EQ(feature(compute(row_levels({1, 1, 3, 4, 4}, 4)), "ih_mode"), 4.0);
  // Equidistant (mean 2): the bin left of the mean.
  EXPECT_EQ(feature(compute(row_levels({1, 1, 3, 3}, 3)), "ih_mode"), 1.0);
  // A unique maximum wins regardless of the mean.
  EXPECT_EQ(feature(compute(row_levels({1, 5, 5, 5, 9, 9}, 9)), "ih_mode"), 5.0);
}

TEST(IntensityHistogram, GradientIsOneSidedAtTheEdgesAndCentralInside) {
  // H = {2, 0, 1}: H' = {0 - 2, (1 - 2) / 2, 1 - 0} = {-2, -0.5, 1}.
  const FeatureTable out = compute(row_levels({1, 1, 3}, 3));
  EXPECT_EQ(feature(out, "ih_max_grad"), 1.0);
  EXPECT_EQ(feature(out, "ih_max_grad_g"), 3.0);
  EXPECT_EQ(feature(out, "ih_min_grad"), -2.0);
  EXPECT_EQ(feature(out, "ih_min_grad_g"), 1.0);
}

TEST(IntensityHistogram, HistogramSpansAllNgLevels) {
  // N_g = 5 with levels up to 3 present: H = {2, 0, 1, 0, 0}, H' = {-2, -0.5, 0, -0.5, 0}.
  // The maximum 0 occurs first at level 3; the empty bins 4 and 5 take part.
  const FeatureTable out = compute(row_levels({1, 1, 3}, 5));
  EXPECT_EQ(feature(out, "ih_max_grad"), 0.0);
  EXPECT_EQ(feature(out, "ih_max_grad_g"), 3.0);
  EXPECT_EQ(feature(out, "ih_max"), 3.0);
  // Minimum and range come from the levels present, not from N_g.
  EXPECT_EQ(feature(compute(row_levels({3, 4, 4}, 6)), "ih_min"), 3.0);
  EXPECT_EQ(feature(compute(row_levels({3, 4, 4}, 6)), "ih_range"), 1.0);
}

TEST(IntensityHistogram, HandComputedDistribution) {
  // Levels {1, 2, 2, 3} (0 marks a voxel outside the intensity mask).
  const FeatureTable out = compute(row_levels({1, 0, 2, 2, 3}, 3));
  EXPECT_DOUBLE_EQ(feature(out, "ih_mean"), 2.0);
  EXPECT_DOUBLE_EQ(feature(out, "ih_var"), 0.5);
  EXPECT_DOUBLE_EQ(feature(out, "ih_skew"), 0.0);
  EXPECT_DOUBLE_EQ(feature(out, "ih_kurt"), 0.5 / 0.25 - 3.0);
  EXPECT_DOUBLE_EQ(feature(out, "ih_median"), 2.0);
  EXPECT_DOUBLE_EQ(feature(out, "ih_p10"), 1.3);
  EXPECT_DOUBLE_EQ(feature(out, "ih_p90"), 2.7);
  EXPECT_DOUBLE_EQ(feature(out, "ih_iqr"), 0.5);
  EXPECT_DOUBLE_EQ(feature(out, "ih_mad"), 0.5);
  EXPECT_DOUBLE_EQ(feature(out, "ih_rmad"), 0.0);  // X_10-90 = {2, 2}
  EXPECT_DOUBLE_EQ(feature(out, "ih_medad"), 0.5);
  EXPECT_DOUBLE_EQ(feature(out, "ih_cov"), std::sqrt(0.5) / 2.0);
  EXPECT_DOUBLE_EQ(feature(out, "ih_qcod"), 0.5 / 4.0);
  EXPECT_DOUBLE_EQ(feature(out, "ih_entropy"), 1.5);  // p = {1/4, 1/2, 1/4}
  EXPECT_DOUBLE_EQ(feature(out, "ih_uniformity"), 0.375);
  EXPECT_DOUBLE_EQ(feature(out, "ih_mode"), 2.0);
}

TEST(IntensityHistogram, SingleLevel) {
  const FeatureTable out = compute(row_levels({1, 1, 1}, 1));
  EXPECT_EQ(feature(out, "ih_var"), 0.0);
  EXPECT_EQ(feature(out, "ih_skew"), 0.0);  // the manual's convention for zero variance
  EXPECT_EQ(feature(out, "ih_kurt"), 0.0);
  EXPECT_EQ(feature(out, "ih_entropy"), 0.0);
  EXPECT_EQ(feature(out, "ih_uniformity"), 1.0);
  EXPECT_EQ(feature(out, "ih_max_grad"), 0.0);
  EXPECT_EQ(feature(out, "ih_max_grad_g"), 1.0);
  for (const auto& [tag, value] : out.values()) EXPECT_FALSE(std::isnan(value)) << tag;
}

TEST(IntensityHistogram, EmptyIntensityMaskGivesNaN) {
  const FeatureTable out = compute(row_levels({0, 0}, 0));
  ASSERT_EQ(out.size(), 23u);
  for (const auto& [tag, value] : out.values()) EXPECT_TRUE(std::isnan(value)) << tag;
  EXPECT_FALSE(out.warnings().empty());
}

}  // namespace
}  // namespace radiomics
