// GLDZM (IBSI manual "Grey level distance zone based features"): the distance map, the
// distance zone matrices of the digital phantom (manual chapter 6), the use of the
// morphological mask, a hand-computed slice, and every dzm_ reference value of the IBSI digital
// phantom.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "features/gldzm.hpp"
#include "support/digital_phantom.hpp"
#include "support/reference.hpp"
#include "support/rois.hpp"
#include "support/texture_checks.hpp"

namespace radiomics {
namespace {

TEST(Gldzm, DigitalPhantomReferenceValues) {
  FeatureTable out;
  gldzm::compute(test::digital_phantom_levels(), test::non_directional_aggregations(), out);
  EXPECT_EQ(out.size(), 48u);
  test::expect_phantom_references(out, "dzm_", 48);
}

// Manual chapter 6, "Grey level distance zone matrix (2D)", one table per slice z = 0..3.
const std::vector<std::vector<test::MatrixEntry>> kPhantom2D = {
    {{1, 1, 2}, {4, 1, 2}, {6, 1, 1}},
    {{1, 1, 2}, {3, 2, 1}, {4, 1, 2}, {6, 1, 1}, {6, 2, 1}},
    {{1, 1, 1}, {4, 1, 1}, {6, 1, 1}},
    {{1, 1, 1}, {4, 1, 1}, {6, 1, 1}},
};
// Manual chapter 6, "Grey level distance zone matrix (3D)".
const std::vector<test::MatrixEntry> kPhantom3D = {{1, 1, 1}, {3, 1, 1}, {4, 1, 2}, {6, 1, 1}};

TEST(Gldzm, DigitalPhantomMatrices) {
  const DiscreteRoi roi = test::digital_phantom_levels();
  const std::vector<texture::Offset> in_plane = texture::neighbourhood(false, 1);
  const int slice_voxels[] = {20, 19, 17, 18};  // intensity-mask voxels per slice
  for (int z = 0; z < 4; ++z) {
    const texture::Matrix m = gldzm::count_matrix(roi, {z, z + 1}, in_plane);
    test::expect_matrix(m, kPhantom2D[static_cast<std::size_t>(z)], "slice " + std::to_string(z));
    EXPECT_EQ(m.n_voxels, slice_voxels[z]);
  }
  const texture::Matrix volume = gldzm::count_matrix(roi, {0, 4}, texture::neighbourhood(true, 1));
  test::expect_matrix(volume, kPhantom3D, "3D");
  EXPECT_EQ(volume.n_voxels, 74.0);
}

// Distances to the edge under 4-connectedness: rings 1, 2, 3 of a 5 x 5 slice.
TEST(Gldzm, DistanceMapOfASquare) {
  const std::vector<std::int32_t> d =
      gldzm::distance_map(test::constant_levels(5, 5, 1), {0, 1}, texture::neighbourhood(false, 1));
  const std::vector<std::int32_t> expected = {1, 1, 1, 1, 1,  //
                                              1, 2, 2, 2, 1,  //
                                              1, 2, 3, 2, 1,  //
                                              1, 2, 2, 2, 1,  //
                                              1, 1, 1, 1, 1};
  EXPECT_EQ(d, expected);
}

// The distance is the Manhattan one (erosion by the 4-connected cross), not the Chebyshev one:
// in a 3 x 3 slice without its corner (0, 0), the centre is 2 face steps from the outside
// although its diagonal neighbour is outside.
TEST(Gldzm, DistanceMapIsManhattan) {
  DiscreteRoi roi = test::constant_levels(3, 3, 1);
  roi.level[0] = 0;
  const std::vector<std::int32_t> d =
      gldzm::distance_map(roi, {0, 1}, texture::neighbourhood(false, 1));
  EXPECT_EQ(d[0], 0);
  EXPECT_EQ(d[4], 2);
  EXPECT_EQ(d[1], 1);
}

// In 3D the slices above and below count (6-connectedness): the centre of a 3 x 3 x 3 cube is at
// distance 2, the centre of a 5 x 5 x 5 cube at 3. Per slice (2D), the grid's top and bottom
// are not edges: each slice of the 3-cube has its centre at distance 2.
TEST(Gldzm, DistanceMap3DAndPerSlice) {
  const std::vector<std::int32_t> d3 =
      gldzm::distance_map(test::constant_levels(3, 3, 3), {0, 3}, texture::neighbourhood(true, 1));
  EXPECT_EQ(d3[13], 2);
  EXPECT_EQ(d3[4], 1);  // centre of the bottom face
  const std::vector<std::int32_t> d5 =
      gldzm::distance_map(test::constant_levels(5, 5, 5), {0, 5}, texture::neighbourhood(true, 1));
  EXPECT_EQ(d5[62], 3);
  EXPECT_EQ(*std::max_element(d5.begin(), d5.end()), 3);
  for (int z = 0; z < 3; ++z) {
    const std::vector<std::int32_t> d2 =
        gldzm::distance_map(test::constant_levels(3, 3, 3), {z, z + 1}, texture::neighbourhood(false, 1));
    ASSERT_EQ(d2.size(), 9u);
    EXPECT_EQ(d2[4], 2) << "slice " << z;
  }
}

/// The manual's own procedure: erode the ROI mask with the 4- (2D) or 6-connected (3D)
/// structure element until it is empty, adding 1 to every voxel still in the mask each time.
/// Voxels beyond the grid or the slab are outside.
std::vector<std::int32_t> eroded_distances(const std::vector<std::uint8_t>& mask, const Grid3& g,
                                           texture::Slab slab, bool three_d) {
  const int nx = g.size[0], ny = g.size[1], nz = slab.z_end - slab.z_begin;
  const std::size_t base = static_cast<std::size_t>(nx * ny * slab.z_begin);
  std::vector<std::uint8_t> current(
      mask.begin() + static_cast<std::ptrdiff_t>(base),
      mask.begin() + static_cast<std::ptrdiff_t>(base) + nx * ny * nz);
  std::vector<std::int32_t> distance(current.size(), 0);
  const auto at = [&](const std::vector<std::uint8_t>& m, int x, int y, int z) {
    return x >= 0 && y >= 0 && z >= 0 && x < nx && y < ny && z < nz &&
           m[static_cast<std::size_t>(x + nx * (y + ny * z))];
  };
  while (std::any_of(current.begin(), current.end(), [](std::uint8_t v) { return v != 0; })) {
    std::vector<std::uint8_t> next(current.size(), 0);
    for (int z = 0; z < nz; ++z)
      for (int y = 0; y < ny; ++y)
        for (int x = 0; x < nx; ++x) {
          if (!at(current, x, y, z)) continue;
          ++distance[static_cast<std::size_t>(x + nx * (y + ny * z))];
          bool inner = at(current, x - 1, y, z) && at(current, x + 1, y, z) &&
                       at(current, x, y - 1, z) && at(current, x, y + 1, z);
          if (three_d) inner = inner && at(current, x, y, z - 1) && at(current, x, y, z + 1);
          next[static_cast<std::size_t>(x + nx * (y + ny * z))] = inner ? 1 : 0;
        }
    current = std::move(next);
  }
  return distance;
}

// Random blobby masks: the breadth-first distance map equals the manual's iterative erosion,
// per slice and in 3D.
TEST(Gldzm, DistanceMapEqualsIterativeErosion) {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 20; ++trial) {
    DiscreteRoi roi;
    roi.grid.size = {11, 9, 7};
    roi.n_levels = 1;
    std::vector<std::uint8_t> mask;
    for (std::size_t k = 0; k < roi.grid.count(); ++k) {
      mask.push_back(rng() % 6 != 0 ? 1 : 0);  // mostly inside, scattered holes
      roi.level.push_back(mask.back());
    }
    for (const bool three_d : {false, true}) {
      const texture::Slab slab = three_d ? texture::Slab{0, 7} : texture::Slab{3, 4};
      EXPECT_EQ(gldzm::distance_map(roi, slab, texture::neighbourhood(three_d, 1)),
                eroded_distances(mask, roi.grid, slab, three_d))
          << "trial " << trial << (three_d ? " 3D" : " 2D");
    }
  }
}

// The distance map comes from the morphological mask, the zones from the intensity mask: a
// 3 x 3 intensity mask inside a 5 x 5 morphological mask is one zone at distance 2; without
// the morphological mask (the intensity mask stands in) it is at distance 1.
TEST(Gldzm, DistanceUsesTheMorphologicalMask) {
  DiscreteRoi roi;
  roi.grid.size = {5, 5, 1};
  roi.n_levels = 1;
  roi.level.assign(25, 0);
  for (int y = 1; y <= 3; ++y)
    for (int x = 1; x <= 3; ++x) roi.level[roi.grid.index(x, y, 0)] = 1;
  const std::vector<texture::Offset> in_plane = texture::neighbourhood(false, 1);

  const texture::Matrix without = gldzm::count_matrix(roi, {0, 1}, in_plane);
  ASSERT_EQ(without.counts.cols(), 1);
  EXPECT_EQ(without.counts(0, 0), 1.0);

  roi.morph_mask.assign(25, 1);
  const texture::Matrix with = gldzm::count_matrix(roi, {0, 1}, in_plane);
  ASSERT_EQ(with.counts.cols(), 2);
  EXPECT_EQ(with.counts(0, 0), 0.0);
  EXPECT_EQ(with.counts(0, 1), 1.0);
  EXPECT_EQ(with.n_voxels, 9.0);  // N_v counts the intensity mask
}

// A 5 x 5 slice of grey level 1 with a grey level 2 centre: zones (1, d = 1) and (2, d = 3);
// N_s = 2, N_v = 25.
TEST(Gldzm, HandSliceFeatures) {
  DiscreteRoi roi = test::constant_levels(5, 5, 1);
  roi.n_levels = 2;
  roi.level[12] = 2;
  Settings s;
  s.texture.aggregations = {Aggregation::Slice2D};
  FeatureTable out;
  gldzm::compute(roi, s, out);
  ASSERT_EQ(out.size(), 16u);
  const struct {
    const char* tag;
    double value;
  } expected[] = {
      {"dzm_sde_2D", (1 + 1.0 / 9) / 2},
      {"dzm_lde_2D", (1 + 9) / 2.0},
      {"dzm_lgze_2D", (1 + 1.0 / 4) / 2},
      {"dzm_hgze_2D", (1 + 4) / 2.0},
      {"dzm_sdlge_2D", (1 + 1.0 / 36) / 2},
      {"dzm_sdhge_2D", (1 + 4.0 / 9) / 2},
      {"dzm_ldlge_2D", (1 + 9.0 / 4) / 2},
      {"dzm_ldhge_2D", (1 + 36) / 2.0},
      {"dzm_glnu_2D", 1.0},
      {"dzm_glnu_norm_2D", 0.5},
      {"dzm_zdnu_2D", 1.0},
      {"dzm_zdnu_norm_2D", 0.5},
      {"dzm_z_perc_2D", 2 / 25.0},
      {"dzm_gl_var_2D", 0.25},
      {"dzm_zd_var_2D", 1.0},
      {"dzm_zd_entr_2D", 1.0},
  };
  for (const auto& e : expected) EXPECT_NEAR(*out.find(e.tag), e.value, 1e-12) << e.tag;
}

// A constant ROI: one zone at distance 1; nothing is infinite.
TEST(Gldzm, ConstantRoi) {
  FeatureTable out;
  gldzm::compute(test::constant_levels(3, 3, 2), test::non_directional_aggregations(), out);
  EXPECT_EQ(out.size(), 48u);
  for (const auto& [tag, v] : out.values()) EXPECT_TRUE(std::isfinite(v)) << tag;
  EXPECT_EQ(*out.find("dzm_zd_var_3D"), 0.0);
  EXPECT_DOUBLE_EQ(*out.find("dzm_z_perc_3D"), 1.0 / 18.0);
}

TEST(Gldzm, EmptyRoiIsNaN) {
  const DiscreteRoi roi = test::empty_levels(2, 2, 1);
  FeatureTable out;
  gldzm::compute(roi, test::non_directional_aggregations(), out);
  EXPECT_EQ(out.size(), 48u);
  for (const auto& [tag, v] : out.values()) EXPECT_TRUE(std::isnan(v)) << tag;
}

TEST(Gldzm, FeatureInfos) {
  test::expect_feature_infos(gldzm::feature_infos(), "dzm_", 16);
}

}  // namespace
}  // namespace radiomics
