// Intensity-volume histogram features (IBSI manual 3.5): the digital phantom against the IBSI
// reference values, and small IVHs computed by hand for each IVH discretisation.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "features/intensity_volume_histogram.hpp"
#include "support/digital_phantom.hpp"
#include "support/reference.hpp"
#include "support/rois.hpp"

namespace radiomics {
namespace {

using test::feature;
using test::row_roi;

/// No IVH discretisation (the intensities themselves), as the digital phantom's reference uses.
DiscretisationSettings no_discretisation() {
  DiscretisationSettings s;
  s.method = DiscretisationMethod::None;
  return s;
}

FeatureTable compute(const Roi& roi, const DiscretisationSettings& ivh = no_discretisation()) {
  Settings settings;
  settings.ivh_discretisation = ivh;
  FeatureTable out;
  intensity_volume_histogram::compute(roi, settings, out);
  return out;
}

TEST(IntensityVolumeHistogram, DigitalPhantomMatchesIbsiReference) {
  // Digital phantom: no IVH discretisation, G = [1, 6] (no re-segmentation range).
  const FeatureTable out = compute(test::digital_phantom_roi());
  test::expect_phantom_references(out, "ivh_", 6);
  EXPECT_TRUE(out.warnings().empty());
}

TEST(IntensityVolumeHistogram, OutputFollowsTheFeatureTable) {
  const FeatureTable out = compute(test::digital_phantom_roi());
  const auto infos = intensity_volume_histogram::feature_infos();
  ASSERT_EQ(out.size(), infos.size());
  for (std::size_t i = 0; i < infos.size(); ++i) {
    EXPECT_EQ(out.values()[i].first, infos[i].tag);
    EXPECT_EQ(infos[i].ibsi_id.size(), 4u) << infos[i].tag;
  }
}

TEST(IntensityVolumeHistogram, NoDiscretisationUsesTheResegmentationRange) {
  // X = {2, 4, 6, 8}, G = [0, 10], w_d = 1: gamma_i = i / 10, nu_i = #{X >= i} / 4.
  Roi roi = row_roi({2, 4, 6, 8});
  roi.reseg_lower = 0.0;
  roi.reseg_upper = 10.0;
  const FeatureTable out = compute(roi);
  EXPECT_DOUBLE_EQ(feature(out, "ivh_v10"), 1.0);   // i = 1: nu = 1
  EXPECT_DOUBLE_EQ(feature(out, "ivh_v90"), 0.0);   // i = 9, 10: nu = 0
  EXPECT_DOUBLE_EQ(feature(out, "ivh_i10"), 9.0);   // first i with nu_i <= 0.1
  EXPECT_DOUBLE_EQ(feature(out, "ivh_i90"), 3.0);   // nu_3 = 0.75
  EXPECT_DOUBLE_EQ(feature(out, "ivh_diff_v10_v90"), 1.0);
  EXPECT_DOUBLE_EQ(feature(out, "ivh_diff_i10_i90"), 6.0);
}

TEST(IntensityVolumeHistogram, HalfOpenRangeTakesTheRoiMaximum) {
  // G = [0, max(X)] = [0, 8]: V90 looks at i >= 7.2, i.e. i = 8 with nu = 0.25.
  Roi roi = row_roi({2, 4, 6, 8});
  roi.reseg_lower = 0.0;
  const FeatureTable out = compute(roi);
  EXPECT_DOUBLE_EQ(feature(out, "ivh_v90"), 0.25);
  // No evaluated intensity has nu <= 0.1 (nu_8 = 0.25): the next intensity, 9, holds no voxel.
  EXPECT_DOUBLE_EQ(feature(out, "ivh_i10"), 9.0);
}

TEST(IntensityVolumeHistogram, FixedBinSizeUsesBinCentres) {
  // Re-segmentation range [0, 4], w_b = 1: levels {1, 2, 2, 4}, centres {0.5, 1.5, 1.5, 3.5}.
  // G = [0.5, 3.5]; evaluated centres 0.5 .. 4.5 (bin 5 would hold X = 4).
  // gamma = {0, 1/3, 2/3, 1, 4/3}, nu = {1, 0.75, 0.25, 0.25, 0}.
  Roi roi = row_roi({0.2, 1.5, 1.7, 3.9});
  roi.reseg_lower = 0.0;
  roi.reseg_upper = 4.0;
  DiscretisationSettings fbs;
  fbs.method = DiscretisationMethod::FixedBinSize;
  fbs.bin_width = 1.0;
  const FeatureTable out = compute(roi, fbs);
  EXPECT_DOUBLE_EQ(feature(out, "ivh_v10"), 0.75);
  EXPECT_DOUBLE_EQ(feature(out, "ivh_v90"), 0.25);
  EXPECT_DOUBLE_EQ(feature(out, "ivh_i10"), 4.5);
  EXPECT_DOUBLE_EQ(feature(out, "ivh_i90"), 1.5);
  EXPECT_DOUBLE_EQ(feature(out, "ivh_diff_i10_i90"), 3.0);
}

TEST(IntensityVolumeHistogram, FixedBinNumberUsesBinNumbers) {
  // X = 0..9, N_g = 5: levels {1,1,2,2,3,3,4,4,5,5}; G = [1, 5], gamma = (i - 1) / 4,
  // nu = {1, 0.8, 0.6, 0.4, 0.2}.
  Roi roi = row_roi({0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  roi.reseg_lower = -100.0;  // ignored: arbitrary units, the ROI range decides
  DiscretisationSettings fbn;
  fbn.method = DiscretisationMethod::FixedBinNumber;
  fbn.bin_count = 5;
  const FeatureTable out = compute(roi, fbn);
  EXPECT_DOUBLE_EQ(feature(out, "ivh_v10"), 0.8);
  EXPECT_DOUBLE_EQ(feature(out, "ivh_v90"), 0.2);
  EXPECT_DOUBLE_EQ(feature(out, "ivh_i10"), 6.0);  // nu_5 = 0.2 > 0.1: the next level
  EXPECT_DOUBLE_EQ(feature(out, "ivh_i90"), 2.0);
  EXPECT_DOUBLE_EQ(feature(out, "ivh_diff_v10_v90"), 0.6);
}

TEST(IntensityVolumeHistogram, ConstantRoiHasNoIntensityFractions) {
  const FeatureTable out = compute(row_roi({3, 3, 3}));
  EXPECT_TRUE(std::isnan(feature(out, "ivh_v10")));
  EXPECT_TRUE(std::isnan(feature(out, "ivh_diff_v10_v90")));
  EXPECT_DOUBLE_EQ(feature(out, "ivh_i10"), 4.0);
  EXPECT_FALSE(out.warnings().empty());
}

TEST(IntensityVolumeHistogram, EmptyIntensityMaskGivesNaN) {
  Roi roi = row_roi({1, 2});
  roi.int_mask.assign(2, 0);
  const FeatureTable out = compute(roi);
  ASSERT_EQ(out.size(), 6u);
  for (const auto& [tag, value] : out.values()) EXPECT_TRUE(std::isnan(value)) << tag;
}

}  // namespace
}  // namespace radiomics
