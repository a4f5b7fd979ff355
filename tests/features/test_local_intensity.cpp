// Local intensity features (IBSI manual 3.2): the digital phantom against the IBSI reference
// values, and spheres whose voxel count is known by hand.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "features/local_intensity.hpp"
#include "support/digital_phantom.hpp"
#include "support/reference.hpp"
#include "support/rois.hpp"

namespace radiomics {
namespace {

using test::feature;

/// A grid of zeros with the given spacing; no voxel in the masks.
Roi zero_roi(std::array<int, 3> size, std::array<double, 3> spacing) {
  Roi roi;
  roi.grid.size = size;
  roi.grid.spacing = spacing;
  roi.intensity.assign(roi.grid.count(), 0.0);
  roi.morph_mask.assign(roi.grid.count(), 0);
  roi.int_mask.assign(roi.grid.count(), 0);
  return roi;
}

void set(Roi& roi, int x, int y, int z, double value, bool in_mask) {
  const std::size_t i = roi.grid.index(x, y, z);
  roi.intensity[i] = value;
  roi.int_mask[i] = roi.morph_mask[i] = in_mask ? 1 : 0;
}

FeatureTable compute(const Roi& roi) {
  FeatureTable out;
  local_intensity::compute(roi, out);
  return out;
}

TEST(LocalIntensity, DigitalPhantomMatchesIbsiReference) {
  const FeatureTable out = compute(test::digital_phantom_roi());
  test::expect_phantom_references(out, "loc_", 2);
  const auto infos = local_intensity::feature_infos();
  ASSERT_EQ(out.size(), infos.size());
  for (std::size_t i = 0; i < infos.size(); ++i) EXPECT_EQ(out.values()[i].first, infos[i].tag);
}

TEST(LocalIntensity, IsotropicSphereOf4mmVoxels) {
  // r = 6.2035 mm, 4 mm voxels: offsets with 16 (dx^2 + dy^2 + dz^2) <= r^2 = 38.48, i.e. squared
  // length 0, 1 or 2: 1 + 6 + 12 = 19 voxels. A centre of 19 among zeros gives a mean of 1.
  Roi roi = zero_roi({7, 7, 7}, {4.0, 4.0, 4.0});
  set(roi, 3, 3, 3, 19.0, true);
  const FeatureTable out = compute(roi);
  EXPECT_DOUBLE_EQ(feature(out, "loc_peak_loc"), 1.0);
  EXPECT_DOUBLE_EQ(feature(out, "loc_peak_glob"), 1.0);
}

TEST(LocalIntensity, AnisotropicSphere) {
  // Spacing 2 x 2 x 5 mm. In-plane (dz = 0): dx^2 + dy^2 <= 9.62 -> 29 voxels (the disc of
  // squared radius 9). dz = +-1: 4 (dx^2 + dy^2) <= 38.48 - 25 -> dx^2 + dy^2 <= 3.37 -> 9 voxels each.
  // |dz| = 2 is 10 mm away. N_s = 29 + 2 * 9 = 47.
  Roi roi = zero_roi({9, 9, 5}, {2.0, 2.0, 5.0});
  set(roi, 4, 4, 2, 47.0, true);
  EXPECT_DOUBLE_EQ(feature(compute(roi), "loc_peak_loc"), 1.0);
}

TEST(LocalIntensity, NeighboursOutsideTheRoiCount) {
  // The sphere takes every grid voxel, in the ROI or not: 18 neighbours of 2 and a centre of 1.
  Roi roi = zero_roi({3, 3, 3}, {4.0, 4.0, 4.0});
  for (double& v : roi.intensity) v = 2.0;
  set(roi, 1, 1, 1, 1.0, true);
  EXPECT_DOUBLE_EQ(feature(compute(roi), "loc_peak_loc"), (1.0 + 18 * 2.0) / 19.0);
}

TEST(LocalIntensity, SphereIsClippedAtTheGridEdge) {
  // Corner voxel of a 2 x 2 x 2 grid of 4 mm: in-grid offsets (0 or +1 on each axis) with
  // squared length <= 2: 1 + 3 + 3 = 7 voxels; the far corner (length^2 3) is out of range.
  Roi roi = zero_roi({2, 2, 2}, {4.0, 4.0, 4.0});
  set(roi, 0, 0, 0, 7.0, true);
  set(roi, 1, 1, 1, 100.0, false);
  EXPECT_DOUBLE_EQ(feature(compute(roi), "loc_peak_loc"), 1.0);
}

TEST(LocalIntensity, LocalPeakTakesTheHighestAmongTiedMaxima) {
  // Two voxels of maximum intensity 10; the second has a bright (non-ROI) neighbour.
  Roi roi = zero_roi({12, 3, 3}, {4.0, 4.0, 4.0});
  set(roi, 2, 1, 1, 10.0, true);
  set(roi, 9, 1, 1, 10.0, true);
  set(roi, 10, 1, 1, 9.0, false);
  const FeatureTable out = compute(roi);
  EXPECT_DOUBLE_EQ(feature(out, "loc_peak_loc"), 19.0 / 19.0);
}

TEST(LocalIntensity, GlobalPeakCanExceedTheLocalPeak) {
  // The maximum voxel (10) sits among zeros; a block of 5s elsewhere has a higher sphere mean.
  Roi roi = zero_roi({14, 5, 5}, {4.0, 4.0, 4.0});
  set(roi, 1, 2, 2, 10.0, true);
  for (int z = 0; z < 5; ++z)
    for (int y = 0; y < 5; ++y)
      for (int x = 7; x < 14; ++x) set(roi, x, y, z, 5.0, x == 10 && y == 2 && z == 2);
  const FeatureTable out = compute(roi);
  EXPECT_DOUBLE_EQ(feature(out, "loc_peak_loc"), 10.0 / 19.0);
  EXPECT_DOUBLE_EQ(feature(out, "loc_peak_glob"), 5.0);
}

TEST(LocalIntensity, EmptyIntensityMaskGivesNaN) {
  const FeatureTable out = compute(zero_roi({2, 2, 2}, {1.0, 1.0, 1.0}));
  EXPECT_TRUE(std::isnan(feature(out, "loc_peak_loc")));
  EXPECT_TRUE(std::isnan(feature(out, "loc_peak_glob")));
  EXPECT_FALSE(out.warnings().empty());
}

}  // namespace
}  // namespace radiomics
