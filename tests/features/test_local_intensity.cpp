// Local intensity features (IBSI manual 3.2): the digital phantom against the IBSI reference
// values, and spheres whose voxel count is known by hand.
#include <gtest/gtest.h>

#include <array>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "features/local_intensity.hpp"
#include "radiomics/errors.hpp"
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

namespace radiomics {
namespace {

/// The peaks by the definition, one centre at a time: every grid voxel within r of the centre,
/// summed run by run as prefix-sum differences in the order (dz, dy) (the order the library
/// promises its plane-wise sums keep, so the numbers agree bit for bit).
std::array<double, 2> peaks_one_centre_at_a_time(const Roi& roi) {
  const Grid3& g = roi.grid;
  const double r = local_intensity::sphere_radius_mm();
  const int nx = g.size[0];
  std::vector<double> prefix(g.count() / static_cast<std::size_t>(nx) * (nx + 1), 0.0);
  for (std::size_t row = 0; row < g.count() / static_cast<std::size_t>(nx); ++row)
    for (int x = 0; x < nx; ++x) prefix[row * (nx + 1) + x + 1] = prefix[row * (nx + 1) + x] + roi.intensity[row * nx + x];
  double top = -1e300, local = NAN, global = NAN;
  for (std::size_t i = 0; i < roi.int_mask.size(); ++i)
    if (roi.int_mask[i]) top = std::max(top, roi.intensity[i]);
  const auto ext = [&](double s) { return static_cast<int>(std::floor(r / s)); };
  for (int z = 0; z < g.size[2]; ++z)
    for (int y = 0; y < g.size[1]; ++y)
      for (int x = 0; x < nx; ++x) {
        if (!roi.int_mask[g.index(x, y, z)]) continue;
        double sum = 0, count = 0;
        for (int dz = -ext(g.spacing[2]); dz <= ext(g.spacing[2]); ++dz)
          for (int dy = -ext(g.spacing[1]); dy <= ext(g.spacing[1]); ++dy) {
            const double d2 = (dy * g.spacing[1]) * (dy * g.spacing[1]) + (dz * g.spacing[2]) * (dz * g.spacing[2]);
            if (d2 > r * r || !g.contains(0, y + dy, z + dz)) continue;
            int hx = 0;
            while (((hx + 1) * g.spacing[0]) * ((hx + 1) * g.spacing[0]) + d2 <= r * r) ++hx;
            const int x0 = std::max(0, x - hx), x1 = std::min(nx - 1, x + hx);
            const std::size_t row = static_cast<std::size_t>(y + dy) + static_cast<std::size_t>(g.size[1]) * (z + dz);
            sum += prefix[row * (nx + 1) + x1 + 1] - prefix[row * (nx + 1) + x0];
            count += x1 - x0 + 1;
          }
        const double mean = sum / count;
        global = std::isnan(global) ? mean : std::max(global, mean);
        if (roi.intensity[g.index(x, y, z)] == top) local = std::isnan(local) ? mean : std::max(local, mean);
      }
  return {local, global};
}

TEST(LocalIntensity, PlaneWiseSumsEqualTheDefinitionBitForBit) {
  std::uint32_t state = 7;
  const auto next = [&] { return (state = state * 1664525u + 1013904223u) >> 8; };
  const std::array<std::array<double, 3>, 4> spacings{{{1, 1, 1}, {0.7, 0.9, 2.5}, {2, 2, 2}, {0.45, 0.45, 1.2}}};
  for (const auto& spacing : spacings) {
    Roi roi = zero_roi({17, 13, 9}, spacing);
    for (std::size_t i = 0; i < roi.intensity.size(); ++i) {
      roi.intensity[i] = static_cast<double>(next() % 1000) / 7.0 - 40.0;
      roi.int_mask[i] = roi.morph_mask[i] = next() % 3 == 0;
    }
    SCOPED_TRACE(spacing[0]);
    const FeatureTable t = compute(roi);
    const auto want = peaks_one_centre_at_a_time(roi);
    EXPECT_EQ(feature(t, "loc_peak_loc"), want[0]);
    EXPECT_EQ(feature(t, "loc_peak_glob"), want[1]);
  }
}

TEST(LocalIntensity, FineSpacingWithinTheGridIsQuick) {
  // Was: over 120 s at 1 um (the sphere spans 6200 voxels each way; this grid 40).
  Roi roi = zero_roi({40, 40, 40}, {0.001, 0.001, 0.001});
  for (std::size_t i = 0; i < roi.intensity.size(); ++i) roi.intensity[i] = static_cast<double>(i % 17);
  for (int z = 10; z < 30; ++z)
    for (int y = 10; y < 30; ++y)
      for (int x = 10; x < 30; ++x) set(roi, x, y, z, 5.0, true);
  const FeatureTable t = compute(roi);
  // The sphere covers the whole grid from every centre: both peaks are the grid's mean.
  double sum = 0;
  for (double v : roi.intensity) sum += v;
  EXPECT_NEAR(feature(t, "loc_peak_glob"), sum / static_cast<double>(roi.intensity.size()), 1e-12);
}

TEST(LocalIntensity, SphereOfTooManyVoxelRowsIsRefusedNamingTheSpacing) {
  Roi roi = zero_roi({400, 400, 400}, {0.01, 0.01, 0.01});
  for (int z = 0; z < 400; ++z)
    for (int y = 0; y < 400; ++y) set(roi, 200, y, z, 1.0, true);  // 160000 centres x ~126000 rows
  try {
    compute(roi);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("coarser spacing"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace radiomics
