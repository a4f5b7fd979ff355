// GLSZM (IBSI manual "Grey level size zone based features"): the zone matrices of the digital
// phantom (manual chapter 6), a hand-computed slice, connectedness, and every szm_ reference
// value of the IBSI digital phantom.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <queue>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "features/glszm.hpp"
#include "support/digital_phantom.hpp"
#include "support/reference.hpp"
#include "support/rois.hpp"
#include "support/texture_checks.hpp"

namespace radiomics {
namespace {

TEST(Glszm, DigitalPhantomReferenceValues) {
  FeatureTable out;
  glszm::compute(test::digital_phantom_levels(), test::non_directional_aggregations(), out);
  EXPECT_EQ(out.size(), 48u);
  test::expect_phantom_references(out, "szm_", 48);
}

// Manual chapter 6, "Grey level size zone matrix (2D)", one table per slice z = 0..3.
const std::vector<std::vector<test::MatrixEntry>> kPhantom2D = {
    {{1, 3, 1}, {1, 6, 1}, {4, 2, 1}, {4, 6, 1}, {6, 3, 1}},
    {{1, 4, 1}, {1, 8, 1}, {3, 1, 1}, {4, 2, 2}, {6, 1, 2}},
    {{1, 14, 1}, {4, 2, 1}, {6, 1, 1}},
    {{1, 15, 1}, {4, 2, 1}, {6, 1, 1}},
};
// Manual chapter 6, "Grey level size zone matrix (3D)".
const std::vector<test::MatrixEntry> kPhantom3D = {{1, 50, 1}, {3, 1, 1}, {4, 2, 1}, {4, 14, 1}, {6, 7, 1}};

TEST(Glszm, DigitalPhantomMatrices) {
  const DiscreteRoi roi = test::digital_phantom_levels();
  const std::vector<texture::Offset> in_plane = texture::neighbourhood(false, 1);
  const int slice_voxels[] = {20, 19, 17, 18};  // intensity-mask voxels per slice
  for (int z = 0; z < 4; ++z) {
    const texture::Matrix m = glszm::count_matrix(roi, {z, z + 1}, in_plane);
    test::expect_matrix(m, kPhantom2D[static_cast<std::size_t>(z)], "slice " + std::to_string(z));
    EXPECT_EQ(m.n_voxels, slice_voxels[z]);
  }
  const texture::Matrix volume = glszm::count_matrix(roi, {0, 4}, texture::neighbourhood(true, 1));
  test::expect_matrix(volume, kPhantom3D, "3D");
  EXPECT_EQ(volume.n_voxels, 74.0);
}

// One slice, x to the right, y down (0 = outside the intensity mask), N_g = 3:
//   1 1 2 2
//   1 2 3 2
//   0 2 2 1
// 8-connected zones: grey level 1 of sizes 3 and 1, grey level 2 of size 6 (linked through
// diagonals), grey level 3 of size 1. N_s = 4, N_v = 11.
DiscreteRoi hand_slice() {
  DiscreteRoi roi;
  roi.grid.size = {4, 3, 1};
  roi.n_levels = 3;
  roi.level = {1, 1, 2, 2, 1, 2, 3, 2, 0, 2, 2, 1};
  return roi;
}

TEST(Glszm, HandSliceMatrix) {
  const texture::Matrix m =
      glszm::count_matrix(hand_slice(), {0, 1}, texture::neighbourhood(false, 1));
  ASSERT_EQ(m.counts.rows(), 3);
  ASSERT_EQ(m.counts.cols(), 6);
  EXPECT_EQ(m.counts(0, 0), 1.0);
  EXPECT_EQ(m.counts(0, 2), 1.0);
  EXPECT_EQ(m.counts(1, 5), 1.0);
  EXPECT_EQ(m.counts(2, 0), 1.0);
  EXPECT_EQ(m.counts.sum(), 4.0);
  EXPECT_EQ(m.n_voxels, 11.0);
}

// Linkage follows the neighbourhood given: with 4-connectedness the grey level 2 voxels split
// into two zones of 3.
TEST(Glszm, ZonesFollowTheNeighbourhood) {
  const std::vector<texture::Offset> four = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}};
  const texture::Matrix m = glszm::count_matrix(hand_slice(), {0, 1}, four);
  ASSERT_EQ(m.counts.cols(), 3);
  EXPECT_EQ(m.counts(1, 2), 2.0);
  EXPECT_EQ(m.counts.row(1).sum(), 2.0);
}

TEST(Glszm, HandSliceFeatures) {
  Settings s;
  s.texture.aggregations = {Aggregation::Slice2D};
  FeatureTable out;
  glszm::compute(hand_slice(), s, out);
  ASSERT_EQ(out.size(), 16u);
  // s_11 = s_13 = s_26 = s_31 = 1.
  const struct {
    const char* tag;
    double value;
  } expected[] = {
      {"szm_sze_2D", (2 + 1.0 / 9 + 1.0 / 36) / 4},
      {"szm_lze_2D", (2 + 9 + 36) / 4.0},
      {"szm_lgze_2D", (2 + 1.0 / 4 + 1.0 / 9) / 4},
      {"szm_hgze_2D", (2 + 4 + 9) / 4.0},
      {"szm_szlge_2D", (1 + 1.0 / 9 + 1.0 / (4 * 36) + 1.0 / 9) / 4},
      {"szm_szhge_2D", (1 + 1.0 / 9 + 4.0 / 36 + 9) / 4},
      {"szm_lzlge_2D", (1 + 9 + 36.0 / 4 + 1.0 / 9) / 4},
      {"szm_lzhge_2D", (1 + 9 + 4 * 36 + 9) / 4.0},
      {"szm_glnu_2D", 6 / 4.0},
      {"szm_glnu_norm_2D", 6 / 16.0},
      {"szm_zsnu_2D", 6 / 4.0},
      {"szm_zsnu_norm_2D", 6 / 16.0},
      {"szm_z_perc_2D", 4 / 11.0},
      {"szm_gl_var_2D", 0.6875},  // mu = 7/4
      {"szm_zs_var_2D", 4.1875},  // mu = 11/4
      {"szm_zs_entr_2D", 2.0},
  };
  for (const auto& e : expected) EXPECT_NEAR(*out.find(e.tag), e.value, 1e-12) << e.tag;
}

// Two slices 2 x 1: z = 0 holds grey levels (1, 2), z = 1 holds (2, 1). In 3D, 26-connectedness
// links the diagonal pairs into two zones of 2; per slice every voxel is a zone of its own.
// Merging (2.5D) sums zone counts and N_v.
TEST(Glszm, AggregationsOfTwoSlices) {
  DiscreteRoi roi;
  roi.grid.size = {2, 1, 2};
  roi.n_levels = 2;
  roi.level = {1, 2, 2, 1};
  FeatureTable out;
  glszm::compute(roi, test::non_directional_aggregations(), out);
  EXPECT_DOUBLE_EQ(*out.find("szm_z_perc_2D"), 1.0);
  EXPECT_DOUBLE_EQ(*out.find("szm_z_perc_2_5D"), 1.0);
  EXPECT_DOUBLE_EQ(*out.find("szm_z_perc_3D"), 0.5);
  EXPECT_DOUBLE_EQ(*out.find("szm_lze_3D"), 4.0);
  EXPECT_DOUBLE_EQ(*out.find("szm_glnu_2_5D"), (4.0 + 4.0) / 4.0);
}

// A constant ROI is one zone; nothing is infinite. Variances are 0, entropy 0.
TEST(Glszm, ConstantRoi) {
  const DiscreteRoi roi = test::constant_levels(3, 3, 2);
  FeatureTable out;
  glszm::compute(roi, test::non_directional_aggregations(), out);
  EXPECT_EQ(out.size(), 48u);
  for (const auto& [tag, v] : out.values()) EXPECT_TRUE(std::isfinite(v)) << tag;
  EXPECT_EQ(*out.find("szm_zs_var_3D"), 0.0);
  EXPECT_EQ(*out.find("szm_zs_entr_3D"), 0.0);
  EXPECT_DOUBLE_EQ(*out.find("szm_lze_3D"), 18.0 * 18.0);
}

/// (grey level, size) of every zone, found by a plain breadth-first flood fill over the whole
/// neighbourhood: an independent oracle for the union-find labelling.
std::vector<std::pair<int, int>> naive_zones(const DiscreteRoi& roi, texture::Slab slab,
                                             const std::vector<texture::Offset>& neighbourhood) {
  const Grid3& g = roi.grid;
  std::vector<char> seen(g.count(), 0);
  std::vector<std::pair<int, int>> zones;
  for (int z = slab.z_begin; z < slab.z_end; ++z)
    for (int y = 0; y < g.size[1]; ++y)
      for (int x = 0; x < g.size[0]; ++x) {
        const int level = roi.level[g.index(x, y, z)];
        if (level <= 0 || seen[g.index(x, y, z)]) continue;
        int size = 0;
        std::queue<std::array<int, 3>> todo;
        todo.push({x, y, z});
        seen[g.index(x, y, z)] = 1;
        while (!todo.empty()) {
          const auto [cx, cy, cz] = todo.front();
          todo.pop();
          ++size;
          for (const texture::Offset& o : neighbourhood) {
            const int nx = cx + o[0], ny = cy + o[1], nz = cz + o[2];
            if (!g.contains(nx, ny, nz) || nz < slab.z_begin || nz >= slab.z_end) continue;
            if (seen[g.index(nx, ny, nz)] || roi.level[g.index(nx, ny, nz)] != level) continue;
            seen[g.index(nx, ny, nz)] = 1;
            todo.push({nx, ny, nz});
          }
        }
        zones.emplace_back(level, size);
      }
  std::sort(zones.begin(), zones.end());
  return zones;
}

// Random volumes with holes in the mask: the zones match the oracle in 2D and 3D, and every
// voxel of a zone carries its zone's grey level.
TEST(Glszm, ZonesMatchAFloodFill) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 20; ++trial) {
    DiscreteRoi roi;
    roi.grid.size = {9, 7, 5};
    roi.n_levels = 3;
    for (std::size_t k = 0; k < roi.grid.count(); ++k)
      roi.level.push_back(static_cast<std::int32_t>(rng() % 4));  // 0 = outside the mask
    for (const bool three_d : {false, true}) {
      const std::vector<texture::Offset> nb = texture::neighbourhood(three_d, 1);
      const texture::Slab slab = three_d ? texture::Slab{0, 5} : texture::Slab{2, 3};
      const glszm::Zones zones = glszm::find_zones(roi, slab, nb);
      std::vector<std::pair<int, int>> found;
      for (std::size_t z = 0; z < zones.level.size(); ++z)
        found.emplace_back(zones.level[z], zones.size[z]);
      std::sort(found.begin(), found.end());
      EXPECT_EQ(found, naive_zones(roi, slab, nb))
          << "trial " << trial << (three_d ? " 3D" : " 2D");
      const std::size_t offset = static_cast<std::size_t>(slab.z_begin) * 63;
      for (std::size_t k = 0; k < zones.zone_of.size(); ++k) {
        if (zones.zone_of[k] < 0) {
          EXPECT_EQ(roi.level[offset + k], 0);
        } else {
          EXPECT_EQ(zones.level[static_cast<std::size_t>(zones.zone_of[k])], roi.level[offset + k]);
        }
      }
    }
  }
}

// A very large zone is labelled without recursion.
TEST(Glszm, LargeZone) {
  const DiscreteRoi roi = test::constant_levels(64, 64, 64);
  const glszm::Zones zones = glszm::find_zones(roi, {0, 64}, texture::neighbourhood(true, 1));
  ASSERT_EQ(zones.size.size(), 1u);
  EXPECT_EQ(zones.size.front(), 64 * 64 * 64);
}

// An empty ROI gives NaN, not a crash.
TEST(Glszm, EmptyRoiIsNaN) {
  const DiscreteRoi roi = test::empty_levels(2, 2, 1);
  FeatureTable out;
  glszm::compute(roi, test::non_directional_aggregations(), out);
  EXPECT_EQ(out.size(), 48u);
  for (const auto& [tag, v] : out.values()) EXPECT_TRUE(std::isnan(v)) << tag;
}

TEST(Glszm, FeatureInfos) {
  test::expect_feature_infos(glszm::feature_infos(), "szm_", glszm::kFeatureCount);
}

}  // namespace
}  // namespace radiomics
