// The shared texture layer: direction and neighbourhood generators, merging, and the nine
// aggregations of compute_family, checked with a fake family whose matrices and features are
// simple enough to aggregate by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "texture/texture.hpp"

namespace radiomics {
namespace {

using texture::Matrix;
using texture::Offset;
using texture::Slab;

Offset negated(const Offset& o) { return {-o[0], -o[1], -o[2]}; }

TEST(Directions, TwoDimensionalAreTheManualsFour) {
  const std::vector<Offset> d = texture::directions(false);
  // IBSI manual, GLCM: (1,0,0), (1,1,0), (0,1,0) and (-1,1,0).
  const std::set<Offset> expected{{1, 0, 0}, {1, 1, 0}, {0, 1, 0}, {-1, 1, 0}};
  EXPECT_EQ(std::set<Offset>(d.begin(), d.end()), expected);
  EXPECT_EQ(d.size(), 4u);
}

TEST(Directions, ThreeDimensionalAreThirteenUniqueAxes) {
  const std::vector<Offset> d = texture::directions(true);
  ASSERT_EQ(d.size(), 13u);
  const std::set<Offset> unique(d.begin(), d.end());
  EXPECT_EQ(unique.size(), 13u);
  // The manual's list, each up to sign.
  const std::vector<Offset> manual{{0, 0, 1},  {0, 1, 0},  {1, 0, 0},   {0, 1, 1},  {0, 1, -1},
                                   {1, 0, 1},  {1, 0, -1}, {1, 1, 0},   {1, -1, 0}, {1, 1, 1},
                                   {1, 1, -1}, {1, -1, 1}, {1, -1, -1}};
  for (const Offset& m : manual)
    EXPECT_TRUE(unique.count(m) + unique.count(negated(m)) == 1)
        << m[0] << "," << m[1] << "," << m[2];
  for (const Offset& o : d) {
    EXPECT_EQ(unique.count(negated(o)), 0u);  // one of each +/- pair
    for (int c : o) EXPECT_LE(std::abs(c), 1);
  }
}

TEST(Neighbourhood, SizesAndSymmetry) {
  EXPECT_EQ(texture::neighbourhood(false, 1).size(), 8u);
  EXPECT_EQ(texture::neighbourhood(true, 1).size(), 26u);
  EXPECT_EQ(texture::neighbourhood(false, 2).size(), 24u);
  EXPECT_EQ(texture::neighbourhood(true, 2).size(), 124u);
  const std::vector<Offset> n = texture::neighbourhood(true, 1);
  const std::set<Offset> set(n.begin(), n.end());
  EXPECT_EQ(set.count({0, 0, 0}), 0u);
  for (const Offset& o : n) EXPECT_EQ(set.count(negated(o)), 1u);
  for (const Offset& o : texture::neighbourhood(false, 2)) EXPECT_EQ(o[2], 0);
}

TEST(Merge, SumsElementwiseAndGrows) {
  Matrix a{Eigen::ArrayXXd::Constant(2, 1, 1.0), 3.0};
  Matrix b{Eigen::ArrayXXd::Constant(1, 3, 2.0), 4.0};
  texture::merge_into(a, b);
  ASSERT_EQ(a.counts.rows(), 2);
  ASSERT_EQ(a.counts.cols(), 3);
  EXPECT_EQ(a.counts(0, 0), 3.0);
  EXPECT_EQ(a.counts(0, 2), 2.0);
  EXPECT_EQ(a.counts(1, 0), 1.0);
  EXPECT_EQ(a.counts(1, 2), 0.0);
  EXPECT_EQ(a.n_voxels, 7.0);

  Matrix empty;
  texture::merge_into(empty, b);
  EXPECT_TRUE((empty.counts == b.counts).all());
  EXPECT_EQ(empty.n_voxels, 4.0);
}

TEST(OffsetNorm, Norms) {
  const Offset o{1, -1, 1};
  EXPECT_DOUBLE_EQ(texture::offset_norm(o, DistanceWeighting::Manhattan), 3.0);
  EXPECT_DOUBLE_EQ(texture::offset_norm(o, DistanceWeighting::Euclidean), std::sqrt(3.0));
  EXPECT_DOUBLE_EQ(texture::offset_norm(o, DistanceWeighting::Chebyshev), 1.0);
  EXPECT_DOUBLE_EQ(texture::offset_norm(o, DistanceWeighting::None), 1.0);
}

// A 2 x 2 x 3 ROI: slice 0 holds 1 voxel, slice 1 none (skipped), slice 2 holds 3 voxels.
DiscreteRoi small_roi() {
  DiscreteRoi roi;
  roi.grid.size = {2, 2, 3};
  roi.n_levels = 1;
  roi.level = {1, 0, 0, 0, /**/ 0, 0, 0, 0, /**/ 1, 1, 0, 1};
  return roi;
}

int voxels_in(const DiscreteRoi& roi, Slab slab) {
  int n = 0;
  for (int z = slab.z_begin; z < slab.z_end; ++z)
    for (int y = 0; y < roi.grid.size[1]; ++y)
      for (int x = 0; x < roi.grid.size[0]; ++x) n += roi.level[roi.grid.index(x, y, z)] > 0;
  return n;
}

// Fake directional count: a 1 x 1 matrix holding (ROI voxels of the slab) x (1 + |m|_1), so
// that direction and slab are visible in the result.
Matrix directional_count(const DiscreteRoi& roi, Slab slab, std::span<const Offset> offsets) {
  EXPECT_EQ(offsets.size(), 1u);
  const Offset& m = offsets.front();
  const double v = voxels_in(roi, slab);
  const double factor = 1 + std::abs(m[0]) + std::abs(m[1]) + std::abs(m[2]);
  return {Eigen::ArrayXXd::Constant(1, 1, v * factor), v};
}

// Fake neighbourhood count: (ROI voxels of the slab) x (size of the neighbourhood).
Matrix neighbourhood_count(const DiscreteRoi& roi, Slab slab, std::span<const Offset> offsets) {
  const double v = voxels_in(roi, slab);
  return {Eigen::ArrayXXd::Constant(1, 1, v * static_cast<double>(offsets.size())), v};
}

// Features: the count, n_voxels, and the count where n_voxels >= 2 (else undefined).
void fake_features(const Matrix& m, std::span<double> out) {
  out[0] = m.counts(0, 0);
  out[1] = m.n_voxels;
  out[2] = m.n_voxels >= 2 ? m.counts(0, 0) : std::numeric_limits<double>::quiet_NaN();
}

constexpr FeatureInfo kFakeFeatures[] = {
    {"tx_count", "XXXX", "count", "c"},
    {"tx_voxels", "XXXX", "voxels", "n_v"},
    {"tx_partial", "XXXX", "defined for n_v >= 2", "c"},
};

FamilyInfo fake_family(bool directional) {
  return {Family::Glcm, "fake", "tx_", "XXXX", "Fake", kFakeFeatures, true, directional};
}

const std::vector<Aggregation> kAll{Aggregation::Avg2D,   Aggregation::Comb2D,
                                    Aggregation::Avg2_5D, Aggregation::Comb2_5D,
                                    Aggregation::Avg3D,   Aggregation::Comb3D,
                                    Aggregation::Slice2D, Aggregation::Merged2_5D,
                                    Aggregation::Volume3D};

double value(const FeatureTable& t, const std::string& tag) {
  const std::optional<double> v = t.find(tag);
  EXPECT_TRUE(v.has_value()) << tag;
  return v.value_or(-1.0);
}

// 2D direction factors 1 + |m|_1: 2, 3, 2, 3 (sum 10). 3D: three axes (2), six face
// diagonals (3), four space diagonals (4): sum 40. Slices hold 1 and 3 voxels (4 in all).
TEST(ComputeFamily, DirectionalAggregationsByHand) {
  FeatureTable t;
  texture::compute_family(small_roi(), fake_family(true), kAll, &directional_count,
                          &fake_features, t);
  ASSERT_EQ(t.size(), 6u * 3u);  // the three non-directional aggregations are skipped
  EXPECT_EQ(t.values().front().first, "tx_count_2D_avg");
  EXPECT_EQ(t.values().back().first, "tx_partial_3D_comb");
  // Empty slice 1 is skipped: 8 matrices, not 12.
  EXPECT_DOUBLE_EQ(value(t, "tx_count_2D_avg"), (1 + 3) * 10.0 / 8.0);
  EXPECT_DOUBLE_EQ(value(t, "tx_count_2D_comb"), (10.0 + 30.0) / 2.0);
  EXPECT_DOUBLE_EQ(value(t, "tx_count_2_5D_avg"), 4.0 * 10.0 / 4.0);
  EXPECT_DOUBLE_EQ(value(t, "tx_count_2_5D_comb"), 40.0);
  EXPECT_DOUBLE_EQ(value(t, "tx_count_3D_avg"), 4.0 * 40.0 / 13.0);
  EXPECT_DOUBLE_EQ(value(t, "tx_count_3D_comb"), 160.0);
  // n_voxels is summed over merged matrices.
  EXPECT_DOUBLE_EQ(value(t, "tx_voxels_2D_comb"), (4.0 + 12.0) / 2.0);
  EXPECT_DOUBLE_EQ(value(t, "tx_voxels_2_5D_comb"), 16.0);
  EXPECT_DOUBLE_EQ(value(t, "tx_voxels_3D_comb"), 52.0);
  // Undefined values are left out of the mean: per slice and direction only slice 2 defines
  // tx_partial; merging slice 0's four directions gives n_voxels = 4, which defines it.
  EXPECT_DOUBLE_EQ(value(t, "tx_partial_2D_avg"), 3.0 * 10.0 / 4.0);
  EXPECT_DOUBLE_EQ(value(t, "tx_partial_2D_comb"), (10.0 + 30.0) / 2.0);
}

TEST(ComputeFamily, NonDirectionalAggregationsByHand) {
  FeatureTable t;
  texture::compute_family(small_roi(), fake_family(false), kAll, &neighbourhood_count,
                          &fake_features, t);
  ASSERT_EQ(t.size(), 3u * 3u);
  EXPECT_EQ(t.values().front().first, "tx_count_2D");
  EXPECT_DOUBLE_EQ(value(t, "tx_count_2D"), (8.0 + 24.0) / 2.0);
  EXPECT_DOUBLE_EQ(value(t, "tx_count_2_5D"), 32.0);
  EXPECT_DOUBLE_EQ(value(t, "tx_count_3D"), 26.0 * 4.0);
  EXPECT_DOUBLE_EQ(value(t, "tx_voxels_2_5D"), 4.0);

  FeatureTable t2;
  texture::compute_family(small_roi(), fake_family(false), kAll, &neighbourhood_count,
                          &fake_features, t2, 2);
  EXPECT_DOUBLE_EQ(value(t2, "tx_count_2_5D"), 24.0 * 4.0);
}

TEST(ComputeFamily, AllUndefinedGivesNaN) {
  DiscreteRoi roi = small_roi();
  roi.level = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};  // one voxel: tx_partial never defined
  FeatureTable t;
  texture::compute_family(roi, fake_family(true), kAll, &directional_count, &fake_features, t);
  EXPECT_TRUE(std::isnan(value(t, "tx_partial_2D_avg")));
  EXPECT_TRUE(std::isnan(value(t, "tx_partial_3D_avg")));
  EXPECT_DOUBLE_EQ(value(t, "tx_count_3D_comb"), 40.0);
}

TEST(ComputeFamily, EmptyRoiGivesNaNNotACrash) {
  DiscreteRoi roi = small_roi();
  std::fill(roi.level.begin(), roi.level.end(), 0);
  FeatureTable t;
  texture::compute_family(roi, fake_family(true), kAll, &directional_count, &fake_features, t);
  EXPECT_EQ(t.size(), 18u);
  EXPECT_TRUE(std::isnan(value(t, "tx_count_2D_avg")));
}

// Distance weighting (6CK8) multiplies each directional matrix by 1 / ||m|| when directions are
// merged; per-direction aggregations and n_voxels are unchanged.
TEST(ComputeFamily, DistanceWeighting) {
  const std::vector<Aggregation> aggs{Aggregation::Avg3D, Aggregation::Comb3D,
                                      Aggregation::Comb2_5D};
  FeatureTable t;
  texture::compute_family(small_roi(), fake_family(true), aggs, &directional_count,
                          &fake_features, t, 1, DistanceWeighting::Euclidean);
  // 3D: axes 2 / 1, face diagonals 3 / sqrt(2), space diagonals 4 / sqrt(3), times 4 voxels.
  const double weighted_3d = 4.0 * (3 * 2.0 + 6 * 3.0 / std::sqrt(2.0) + 4 * 4.0 / std::sqrt(3.0));
  EXPECT_NEAR(value(t, "tx_count_3D_comb"), weighted_3d, 1e-12);
  EXPECT_DOUBLE_EQ(value(t, "tx_count_3D_avg"), 4.0 * 40.0 / 13.0);
  EXPECT_DOUBLE_EQ(value(t, "tx_voxels_3D_comb"), 52.0);
  EXPECT_NEAR(value(t, "tx_count_2_5D_comb"), 4.0 * (2 * 2.0 + 2 * 3.0 / std::sqrt(2.0)), 1e-12);

  // Chebyshev weighting of distance-1 directions changes nothing (IBSI manual).
  FeatureTable c;
  texture::compute_family(small_roi(), fake_family(true), aggs, &directional_count,
                          &fake_features, c, 1, DistanceWeighting::Chebyshev);
  EXPECT_DOUBLE_EQ(value(c, "tx_count_3D_comb"), 160.0);
}

}  // namespace
}  // namespace radiomics

#include "features/ngldm.hpp"
#include "features/ngtdm.hpp"

namespace radiomics {
namespace {

/// A random discretised ROI: grey levels 1..n_levels on about half the voxels.
DiscreteRoi random_levels(std::array<int, 3> size, int n_levels, std::uint32_t seed) {
  DiscreteRoi roi;
  roi.grid.size = size;
  roi.n_levels = n_levels;
  roi.level.resize(roi.grid.count());
  for (auto& g : roi.level) {
    seed = seed * 1664525u + 1013904223u;
    g = (seed >> 16) % 2 ? static_cast<std::int32_t>(1 + (seed >> 20) % static_cast<std::uint32_t>(n_levels)) : 0;
  }
  return roi;
}

// Neighbourhood families at large distances (issue 10: NGTDM distance 100 ran > 90 s) sum
// over their neighbours with sliding boxes; the matrices must equal the neighbour-by-neighbour
// ones exactly, in 2D and 3D, at the grid's and the slab's edges, for every alpha.
TEST(NeighbourSums, BoxesEqualVisitingEveryNeighbour) {
  using texture::NeighbourSums;
  const DiscreteRoi roi = random_levels({9, 7, 6}, 5, 11);
  EXPECT_FALSE(texture::cube_of(texture::directions(true)).has_value());
  for (const bool three_d : {false, true})
    for (const int distance : {1, 2, 4}) {
      const std::vector<Offset> cube = texture::neighbourhood(three_d, distance);
      ASSERT_TRUE(texture::cube_of(cube).has_value());
      EXPECT_EQ(texture::cube_of(cube)->distance, distance);
      for (const Slab slab : {Slab{0, 6}, Slab{2, 3}, Slab{1, 5}}) {
        SCOPED_TRACE(std::to_string(distance) + (three_d ? " 3D" : " 2D") + " slab " + std::to_string(slab.z_begin));
        const Matrix a = ngtdm::count_matrix(roi, slab, cube, NeighbourSums::kVisit);
        const Matrix b = ngtdm::count_matrix(roi, slab, cube, NeighbourSums::kBoxes);
        EXPECT_TRUE((a.counts == b.counts).all()) << a.counts << "\nvs\n" << b.counts;
        EXPECT_EQ(a.n_voxels, b.n_voxels);
        for (const int alpha : {0, 1, 3}) {
          const Matrix c = ngldm::count_matrix(roi, slab, cube, alpha, NeighbourSums::kVisit);
          const Matrix d = ngldm::count_matrix(roi, slab, cube, alpha, NeighbourSums::kBoxes);
          ASSERT_EQ(c.counts.rows(), d.counts.rows());
          ASSERT_EQ(c.counts.cols(), d.counts.cols());
          EXPECT_TRUE((c.counts == d.counts).all()) << "alpha " << alpha;
          EXPECT_EQ(c.n_voxels, d.n_voxels);
        }
      }
    }
}

TEST(NeighbourSums, LargeDistanceIsLinear) {
  // Distance 100 on a 60^3 ROI: 8 million neighbours per voxel by visiting; boxes take a moment.
  const DiscreteRoi roi = random_levels({60, 60, 60}, 8, 5);
  const std::vector<Offset> cube = texture::neighbourhood(true, 100);
  const Matrix m = ngtdm::count_matrix(roi, {0, 60}, cube);
  EXPECT_GT(m.counts.col(0).sum(), 0.0);
  const Matrix n = ngldm::count_matrix(roi, {0, 60}, cube, 0);
  EXPECT_EQ(n.counts.sum(), n.n_voxels);
}

}  // namespace
}  // namespace radiomics

#include "features/glszm.hpp"

namespace radiomics {
namespace {

/// The dense form of a matrix with sparse columns: column v - 1 for value v.
Matrix dense(const Matrix& m) {
  const Eigen::ArrayXd values = texture::column_values_of(m);
  const auto cols = static_cast<Eigen::Index>(values.size() ? values.maxCoeff() : 0);
  Matrix d{Eigen::ArrayXXd::Zero(m.counts.rows(), cols), m.n_voxels};
  for (Eigen::Index c = 0; c < m.counts.cols(); ++c) d.counts.col(static_cast<Eigen::Index>(values(c)) - 1) = m.counts.col(c);
  return d;
}

// Regression (issue 10): a ROI of one grey level filling a large grid is one zone as large as
// the ROI; its GLSZM had a column for every zone size up to that (27 million for 300^3, times
// the grey levels). Large matrices keep only the zone sizes that occur; the features and
// merges are those of the dense matrix.
TEST(SparseColumns, LargeZonesKeepOnlyTheSizesThatOccur) {
  DiscreteRoi roi = random_levels({120, 100, 100}, 3, 9);
  for (int z = 0; z < 100; ++z)
    for (int y = 0; y < 100; ++y)
      for (int x = 0; x < 100; ++x) roi.level[roi.grid.index(x, y, z)] = 2;  // one zone of 1e6 voxels
  const std::vector<Offset> cube = texture::neighbourhood(true, 1);
  const Matrix sparse = glszm::count_matrix(roi, {0, 100}, cube);
  ASSERT_FALSE(sparse.column_values.empty());
  EXPECT_LT(sparse.counts.cols(), 1000);
  EXPECT_GE(sparse.column_values.back(), 1e6);  // the big zone, with neighbours of its level
  std::vector<double> a(glszm::kFeatureCount), b(glszm::kFeatureCount);
  glszm::features(sparse, a);
  glszm::features(dense(sparse), b);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-12 * std::max(1.0, std::abs(b[i]))) << i;
  // Merging by value equals merging the dense forms.
  Matrix other{Eigen::ArrayXXd::Constant(4, 2, 1.0), 8.0, {3.0, 1e6 + 5}};
  Matrix merged = sparse;
  texture::merge_into(merged, other);
  Matrix merged_dense = dense(sparse);
  texture::merge_into(merged_dense, dense(other));
  EXPECT_TRUE((dense(merged).counts == merged_dense.counts).all());
  EXPECT_EQ(merged.n_voxels, merged_dense.n_voxels);
}

}  // namespace
}  // namespace radiomics
