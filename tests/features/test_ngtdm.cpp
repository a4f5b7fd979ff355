// NGTDM (IBSI manual "Neighbourhood grey tone difference based features"): the matrices of the
// digital phantom (manual chapter 6), a hand-computed row, the conventions for uniform ROIs,
// and every ngt_ reference value of the IBSI digital phantom.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "features/ngtdm.hpp"
#include "support/digital_phantom.hpp"
#include "support/reference.hpp"
#include "support/rois.hpp"
#include "support/texture_checks.hpp"

namespace radiomics {
namespace {

TEST(Ngtdm, DigitalPhantomReferenceValues) {
  FeatureTable out;
  ngtdm::compute(test::digital_phantom_levels(), test::non_directional_aggregations(), out);
  EXPECT_EQ(out.size(), 15u);
  test::expect_phantom_references(out, "ngt_", 15);
}

struct Row {
  int i;     ///< grey level
  double s;  ///< s_i
  int n;     ///< n_i
};

/// Checks `actual` against the manual's listed rows (levels not listed have n_i = s_i = 0).
/// The manual prints s_i to 6 decimals.
void expect_matrix(const texture::Matrix& actual, const std::vector<Row>& rows,
                   const std::string& what) {
  SCOPED_TRACE(what);
  ASSERT_EQ(actual.counts.rows(), 6);
  ASSERT_EQ(actual.counts.cols(), 2);
  Eigen::ArrayXXd dense = Eigen::ArrayXXd::Zero(6, 2);
  for (const Row& r : rows) {
    dense(r.i - 1, 0) = r.n;
    dense(r.i - 1, 1) = r.s;
  }
  for (Eigen::Index i = 0; i < 6; ++i) {
    EXPECT_EQ(actual.counts(i, 0), dense(i, 0)) << "n_" << i + 1;
    EXPECT_NEAR(actual.counts(i, 1), dense(i, 1), 5e-7) << "s_" << i + 1;
  }
}

// Manual chapter 6, "Neighbourhood grey tone difference matrix (2D)", slices z = 0..3, and (3D).
const std::vector<std::vector<Row>> kPhantom2D = {
    {{1, 14.575, 9}, {4, 5.775, 8}, {6, 7.325, 3}},
    {{1, 11.928571, 12}, {3, 0.375, 1}, {4, 4.8, 4}, {6, 8.0, 2}},
    {{1, 7.985714, 14}, {4, 4.65, 2}, {6, 5.0, 1}},
    {{1, 7.582143, 15}, {4, 4.65, 2}, {6, 5.0, 1}},
};
const std::vector<Row> kPhantom3D = {
    {1, 39.946954, 50}, {3, 0.2, 1}, {4, 20.825401, 16}, {6, 24.127005, 7}};

TEST(Ngtdm, DigitalPhantomMatrices) {
  const DiscreteRoi roi = test::digital_phantom_levels();
  const std::vector<texture::Offset> in_plane = texture::neighbourhood(false, 1);
  for (int z = 0; z < 4; ++z)
    expect_matrix(ngtdm::count_matrix(roi, {z, z + 1}, in_plane),
                  kPhantom2D[static_cast<std::size_t>(z)], "slice " + std::to_string(z));
  expect_matrix(ngtdm::count_matrix(roi, {0, 4}, texture::neighbourhood(true, 1)), kPhantom3D,
                "3D");
}

// Merging for 2.5D sums n_i and s_i over the slices (the manual's merge).
TEST(Ngtdm, MergedPhantomMatrix) {
  const DiscreteRoi roi = test::digital_phantom_levels();
  texture::Matrix merged;
  for (int z = 0; z < 4; ++z)
    texture::merge_into(merged,
                        ngtdm::count_matrix(roi, {z, z + 1}, texture::neighbourhood(false, 1)));
  EXPECT_EQ(merged.counts(0, 0), 9.0 + 12 + 14 + 15);
  EXPECT_NEAR(merged.counts(3, 1), 5.775 + 4.8 + 4.65 + 4.65, 1e-6);
  EXPECT_EQ(merged.n_voxels, 74.0);
}

// One row 1 2 3 _ 2 (_ outside the ROI). The last voxel has no neighbour in the ROI and is left
// out. Neighbour means: 2 for the ends, 2 for the middle: n = (1, 1, 1), s = (1, 0, 1),
// N_vc = 3, p_i = 1/3, N_gp = 3.
DiscreteRoi hand_row() { return test::row_levels({1, 2, 3, 0, 2}, 3); }

TEST(Ngtdm, HandRowMatrix) {
  const texture::Matrix m =
      ngtdm::count_matrix(hand_row(), {0, 1}, texture::neighbourhood(false, 1));
  ASSERT_EQ(m.counts.rows(), 3);
  EXPECT_EQ(m.counts(0, 0), 1.0);
  EXPECT_EQ(m.counts(1, 0), 1.0);
  EXPECT_EQ(m.counts(2, 0), 1.0);
  EXPECT_EQ(m.counts(0, 1), 1.0);
  EXPECT_EQ(m.counts(1, 1), 0.0);
  EXPECT_EQ(m.counts(2, 1), 1.0);
  EXPECT_EQ(m.n_voxels, 4.0);
}

TEST(Ngtdm, HandRowFeatures) {
  Settings s;
  s.texture.aggregations = {Aggregation::Slice2D};
  FeatureTable out;
  ngtdm::compute(hand_row(), s, out);
  ASSERT_EQ(out.size(), 5u);
  // sum p s = 2/3. Contrast: sum over ordered pairs of p p (i1-i2)^2 = 12/9, over
  // N_gp (N_gp-1) = 6, times sum s / N_vc = 2/3. Busyness: sum over ordered pairs of
  // |i1 p1 - i2 p2| = 8/3. Complexity: the ordered pairs (1,2), (1,3), (2,3) give 1/2, 2, 1/2,
  // both orders 6, over N_vc = 3.
  EXPECT_NEAR(*out.find("ngt_coarseness_2D"), 1.5, 1e-12);
  EXPECT_NEAR(*out.find("ngt_contrast_2D"), 4.0 / 27.0, 1e-12);
  EXPECT_NEAR(*out.find("ngt_busyness_2D"), 0.25, 1e-12);
  EXPECT_NEAR(*out.find("ngt_complexity_2D"), 2.0, 1e-12);
  // sum_pairs (p1 + p2)(i1 - i2)^2 = 2/3 (1 + 4 + 1) x 2 = 8, over sum s = 2.
  EXPECT_NEAR(*out.find("ngt_strength_2D"), 4.0, 1e-12);
}

// A uniform ROI: sum p s = 0 gives the manual's maximum coarseness 10^6; N_gp = 1 gives
// contrast and busyness 0; sum s = 0 gives strength 0. Nothing is infinite.
TEST(Ngtdm, UniformRoi) {
  const DiscreteRoi roi = test::constant_levels(3, 3, 2);
  FeatureTable out;
  ngtdm::compute(roi, test::non_directional_aggregations(), out);
  EXPECT_EQ(out.size(), 15u);
  for (const auto& [tag, v] : out.values()) EXPECT_TRUE(std::isfinite(v)) << tag;
  EXPECT_EQ(*out.find("ngt_coarseness_3D"), 1e6);
  EXPECT_EQ(*out.find("ngt_contrast_3D"), 0.0);
  EXPECT_EQ(*out.find("ngt_busyness_3D"), 0.0);
  EXPECT_EQ(*out.find("ngt_complexity_3D"), 0.0);
  EXPECT_EQ(*out.find("ngt_strength_3D"), 0.0);
}

// Busyness is undefined when the grey levels present have equal i p_i (here 1 x 2/3 = 2 x 1/3):
// its denominator vanishes. NaN, never inf.
TEST(Ngtdm, BusynessWithVanishingDenominatorIsNaN) {
  const DiscreteRoi roi = test::row_levels({1, 1, 2}, 2);
  Settings s;
  s.texture.aggregations = {Aggregation::Slice2D};
  FeatureTable out;
  ngtdm::compute(roi, s, out);
  EXPECT_TRUE(std::isnan(*out.find("ngt_busyness_2D")));
  EXPECT_TRUE(std::isfinite(*out.find("ngt_complexity_2D")));
}

// Isolated voxels only (no voxel has a neighbour in the ROI) and an empty ROI: NaN.
TEST(Ngtdm, NoValidNeighbourhoodIsNaN) {
  const DiscreteRoi roi = test::row_levels({1, 0, 2}, 2);
  FeatureTable out;
  ngtdm::compute(roi, test::non_directional_aggregations(), out);
  EXPECT_EQ(out.size(), 15u);
  for (const auto& [tag, v] : out.values()) EXPECT_TRUE(std::isnan(v)) << tag;
}

// Larger neighbourhoods (settings.texture.ngtdm_distance): with distance 2 the row's first
// voxel also sees the third: mean (2 + 3) / 2.
TEST(Ngtdm, NeighbourhoodDistance) {
  const texture::Matrix m =
      ngtdm::count_matrix(hand_row(), {0, 1}, texture::neighbourhood(false, 2));
  EXPECT_DOUBLE_EQ(m.counts(0, 1), 1.5);
  EXPECT_EQ(m.counts(1, 0), 2.0);  // the last voxel now sees the third
}

TEST(Ngtdm, FeatureInfos) {
  test::expect_feature_infos(ngtdm::feature_infos(), "ngt_", 5);
}

}  // namespace
}  // namespace radiomics
