// GLCM and GLRLM matrices of the IBSI digital phantom against the manual's chapter 6 ("Digital
// phantom texture matrices"): every 2D matrix (4 directions x 4 slices), the per-slice merged 2D
// matrices, the 13 3D matrices and the merged 3D matrix, for both families. Chebyshev distance 1,
// symmetric GLCM, no discretisation (N_g = 6). The manual lists sparse (i, j, n) triples: i the
// grey level, j the second grey level (GLCM) or the run length (GLRLM), n the count; entries
// not listed are zero. Directions are in this library's (x, y, z) voxel coordinates; the manual's
// labels of a direction and its opposite are the same matrix for both families.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "features/glcm.hpp"
#include "features/glrlm.hpp"
#include "support/digital_phantom.hpp"
#include "texture/texture.hpp"

namespace radiomics {
namespace {

struct Entry {
  int i, j, n;
};

struct Expected {
  texture::Offset direction;  ///< unused for merged matrices
  int slice;                  ///< z of a 2D matrix (0-based); -1 for 3D
  std::vector<Entry> entries;
};

// Grey level co-occurrence matrix (2D): chapter 6, tables at lines 24-449.
const std::vector<Expected> kCm2D = {
    {{0, 1, 0}, 0, {{1, 1, 10}, {1, 4, 4}, {4, 1, 4}, {4, 4, 6}, {4, 6, 1}, {6, 4, 1}, {6, 6, 4}}},
    {{0, 1, 0}, 1, {{1, 1, 16}, {1, 4, 2}, {3, 6, 2}, {4, 1, 2}, {4, 6, 1}, {6, 3, 2}, {6, 4, 1}}},
    {{0, 1, 0}, 2, {{1, 1, 18}, {1, 4, 2}, {4, 1, 2}}},
    {{0, 1, 0}, 3, {{1, 1, 20}, {1, 4, 2}, {1, 6, 1}, {4, 1, 2}, {6, 1, 1}}},
    {{-1, 1, 0}, 0, {{1, 1, 2}, {1, 4, 4}, {1, 6, 3}, {4, 1, 4}, {4, 4, 4}, {4, 6, 2}, {6, 1, 3}, {6, 4, 2}}},
    {{-1, 1, 0}, 1, {{1, 1, 6}, {1, 3, 1}, {1, 4, 3}, {1, 6, 3}, {3, 1, 1}, {3, 4, 1}, {4, 1, 3}, {4, 3, 1}, {6, 1, 3}}},
    {{-1, 1, 0}, 2, {{1, 1, 10}, {1, 4, 2}, {1, 6, 1}, {4, 1, 2}, {6, 1, 1}}},
    {{-1, 1, 0}, 3, {{1, 1, 14}, {1, 4, 2}, {1, 6, 1}, {4, 1, 2}, {6, 1, 1}}},
    {{1, 0, 0}, 0, {{1, 1, 4}, {1, 4, 6}, {1, 6, 2}, {4, 1, 6}, {4, 4, 4}, {4, 6, 4}, {6, 1, 2}, {6, 4, 4}}},
    {{1, 0, 0}, 1, {{1, 1, 10}, {1, 3, 2}, {1, 4, 2}, {1, 6, 3}, {3, 1, 2}, {4, 1, 2}, {4, 4, 4}, {4, 6, 1}, {6, 1, 3}, {6, 4, 1}}},
    {{1, 0, 0}, 2, {{1, 1, 16}, {1, 4, 1}, {1, 6, 2}, {4, 1, 1}, {4, 4, 2}, {6, 1, 2}}},
    {{1, 0, 0}, 3, {{1, 1, 20}, {1, 4, 1}, {1, 6, 2}, {4, 1, 1}, {4, 4, 2}, {6, 1, 2}}},
    {{1, 1, 0}, 0, {{1, 1, 6}, {1, 4, 3}, {1, 6, 1}, {4, 1, 3}, {4, 4, 2}, {4, 6, 4}, {6, 1, 1}, {6, 4, 4}}},
    {{1, 1, 0}, 1, {{1, 1, 10}, {1, 3, 2}, {1, 4, 1}, {1, 6, 2}, {3, 1, 2}, {4, 1, 1}, {4, 6, 1}, {6, 1, 2}, {6, 4, 1}}},
    {{1, 1, 0}, 2, {{1, 1, 12}, {1, 4, 2}, {1, 6, 1}, {4, 1, 2}, {6, 1, 1}}},
    {{1, 1, 0}, 3, {{1, 1, 16}, {1, 4, 2}, {1, 6, 1}, {4, 1, 2}, {6, 1, 1}}},
};
// Grey level co-occurrence matrix (2D, merged): chapter 6, tables at lines 483-580.
const std::vector<Expected> kCm2DMerged = {
    {{0, 0, 0}, 0, {{1, 1, 22}, {1, 4, 17}, {1, 6, 6}, {4, 1, 17}, {4, 4, 16}, {4, 6, 11}, {6, 1, 6}, {6, 4, 11}, {6, 6, 4}}},
    {{0, 0, 0}, 1, {{1, 1, 42}, {1, 3, 5}, {1, 4, 8}, {1, 6, 8}, {3, 1, 5}, {3, 4, 1}, {3, 6, 2}, {4, 1, 8}, {4, 3, 1}, {4, 4, 4}, {4, 6, 3}, {6, 1, 8}, {6, 3, 2}, {6, 4, 3}}},
    {{0, 0, 0}, 2, {{1, 1, 56}, {1, 4, 7}, {1, 6, 4}, {4, 1, 7}, {4, 4, 2}, {6, 1, 4}}},
    {{0, 0, 0}, 3, {{1, 1, 70}, {1, 4, 7}, {1, 6, 5}, {4, 1, 7}, {4, 4, 2}, {6, 1, 5}}},
};
// Grey level co-occurrence matrix (3D): chapter 6, tables at lines 615-1037.
const std::vector<Expected> kCm3D = {
    {{0, 0, 1}, -1, {{1, 1, 66}, {1, 4, 5}, {1, 6, 1}, {3, 6, 1}, {4, 1, 5}, {4, 4, 16}, {6, 1, 1}, {6, 3, 1}, {6, 6, 8}}},
    {{0, -1, 1}, -1, {{1, 1, 42}, {1, 3, 1}, {1, 4, 9}, {1, 6, 1}, {3, 1, 1}, {3, 6, 1}, {4, 1, 9}, {4, 4, 2}, {4, 6, 2}, {6, 1, 1}, {6, 3, 1}, {6, 4, 2}, {6, 6, 2}}},
    {{0, 1, 0}, -1, {{1, 1, 64}, {1, 4, 10}, {1, 6, 1}, {3, 6, 2}, {4, 1, 10}, {4, 4, 6}, {4, 6, 2}, {6, 1, 1}, {6, 3, 2}, {6, 4, 2}, {6, 6, 4}}},
    {{0, 1, 1}, -1, {{1, 1, 52}, {1, 4, 8}, {3, 6, 2}, {4, 1, 8}, {4, 4, 2}, {4, 6, 1}, {6, 3, 2}, {6, 4, 1}, {6, 6, 2}}},
    {{-1, 1, 1}, -1, {{1, 1, 30}, {1, 3, 2}, {1, 4, 7}, {1, 6, 5}, {3, 1, 2}, {4, 1, 7}, {4, 6, 2}, {6, 1, 5}, {6, 4, 2}}},
    {{-1, 1, 0}, -1, {{1, 1, 32}, {1, 3, 1}, {1, 4, 11}, {1, 6, 8}, {3, 1, 1}, {3, 4, 1}, {4, 1, 11}, {4, 3, 1}, {4, 4, 4}, {4, 6, 2}, {6, 1, 8}, {6, 4, 2}}},
    {{1, -1, 1}, -1, {{1, 1, 20}, {1, 3, 1}, {1, 4, 10}, {1, 6, 6}, {3, 1, 1}, {3, 4, 1}, {4, 1, 10}, {4, 3, 1}, {4, 4, 2}, {6, 1, 6}}},
    {{-1, 0, 1}, -1, {{1, 1, 38}, {1, 3, 1}, {1, 4, 7}, {1, 6, 8}, {3, 1, 1}, {3, 4, 1}, {4, 1, 7}, {4, 3, 1}, {4, 4, 8}, {4, 6, 2}, {6, 1, 8}, {6, 4, 2}}},
    {{1, 0, 0}, -1, {{1, 1, 50}, {1, 3, 2}, {1, 4, 10}, {1, 6, 9}, {3, 1, 2}, {4, 1, 10}, {4, 4, 12}, {4, 6, 5}, {6, 1, 9}, {6, 4, 5}}},
    {{1, 0, 1}, -1, {{1, 1, 34}, {1, 3, 2}, {1, 4, 8}, {1, 6, 7}, {3, 1, 2}, {4, 1, 8}, {4, 4, 8}, {4, 6, 3}, {6, 1, 7}, {6, 4, 3}}},
    {{-1, -1, 1}, -1, {{1, 1, 32}, {1, 3, 1}, {1, 4, 6}, {1, 6, 4}, {3, 1, 1}, {3, 4, 1}, {4, 1, 6}, {4, 3, 1}, {4, 6, 3}, {6, 1, 4}, {6, 4, 3}}},
    {{1, 1, 0}, -1, {{1, 1, 44}, {1, 3, 2}, {1, 4, 8}, {1, 6, 5}, {3, 1, 2}, {4, 1, 8}, {4, 4, 2}, {4, 6, 5}, {6, 1, 5}, {6, 4, 5}}},
    {{1, 1, 1}, -1, {{1, 1, 32}, {1, 3, 1}, {1, 4, 6}, {1, 6, 6}, {3, 1, 1}, {3, 4, 1}, {4, 1, 6}, {4, 3, 1}, {4, 4, 2}, {4, 6, 1}, {6, 1, 6}, {6, 4, 1}}},
};
// Grey level co-occurrence matrix (3D, merged): chapter 6, tables at lines 1085-1085.
const std::vector<Expected> kCm3DMerged = {
    {{0, 0, 0}, -1, {{1, 1, 536}, {1, 3, 14}, {1, 4, 105}, {1, 6, 61}, {3, 1, 14}, {3, 4, 5}, {3, 6, 6}, {4, 1, 105}, {4, 3, 5}, {4, 4, 64}, {4, 6, 28}, {6, 1, 61}, {6, 3, 6}, {6, 4, 28}, {6, 6, 16}}},
};
// Grey level run length matrix (2D): chapter 6, tables at lines 1139-1514.
const std::vector<Expected> kRlm2D = {
    {{0, 1, 0}, 0, {{1, 1, 1}, {1, 2, 2}, {1, 4, 1}, {4, 1, 2}, {4, 2, 3}, {6, 3, 1}}},
    {{0, 1, 0}, 1, {{1, 2, 2}, {1, 4, 2}, {3, 1, 1}, {4, 1, 4}, {6, 1, 2}}},
    {{0, 1, 0}, 2, {{1, 1, 1}, {1, 3, 3}, {1, 4, 1}, {4, 1, 2}, {6, 1, 1}}},
    {{0, 1, 0}, 3, {{1, 2, 1}, {1, 3, 3}, {1, 4, 1}, {4, 1, 2}, {6, 1, 1}}},
    {{-1, 1, 0}, 0, {{1, 1, 7}, {1, 2, 1}, {4, 1, 5}, {4, 3, 1}, {6, 1, 3}}},
    {{-1, 1, 0}, 1, {{1, 1, 6}, {1, 2, 3}, {3, 1, 1}, {4, 1, 4}, {6, 1, 2}}},
    {{-1, 1, 0}, 2, {{1, 1, 5}, {1, 2, 3}, {1, 3, 1}, {4, 1, 2}, {6, 1, 1}}},
    {{-1, 1, 0}, 3, {{1, 1, 3}, {1, 2, 3}, {1, 3, 2}, {4, 1, 2}, {6, 1, 1}}},
    {{1, 0, 0}, 0, {{1, 1, 5}, {1, 2, 2}, {4, 1, 4}, {4, 2, 2}, {6, 1, 3}}},
    {{1, 0, 0}, 1, {{1, 1, 2}, {1, 2, 5}, {3, 1, 1}, {4, 2, 2}, {6, 1, 2}}},
    {{1, 0, 0}, 2, {{1, 1, 1}, {1, 2, 4}, {1, 5, 1}, {4, 2, 1}, {6, 1, 1}}},
    {{1, 0, 0}, 3, {{1, 1, 1}, {1, 2, 2}, {1, 5, 2}, {4, 2, 1}, {6, 1, 1}}},
    {{1, 1, 0}, 0, {{1, 1, 3}, {1, 2, 3}, {4, 1, 6}, {4, 2, 1}, {6, 1, 3}}},
    {{1, 1, 0}, 1, {{1, 1, 2}, {1, 2, 5}, {3, 1, 1}, {4, 1, 4}, {6, 1, 2}}},
    {{1, 1, 0}, 2, {{1, 1, 3}, {1, 2, 4}, {1, 3, 1}, {4, 1, 2}, {6, 1, 1}}},
    {{1, 1, 0}, 3, {{1, 1, 2}, {1, 2, 3}, {1, 3, 1}, {1, 4, 1}, {4, 1, 2}, {6, 1, 1}}},
};
// Grey level run length matrix (2D, merged): chapter 6, tables at lines 1550-1635.
const std::vector<Expected> kRlm2DMerged = {
    {{0, 0, 0}, 0, {{1, 1, 16}, {1, 2, 8}, {1, 4, 1}, {4, 1, 17}, {4, 2, 6}, {4, 3, 1}, {6, 1, 9}, {6, 3, 1}}},
    {{0, 0, 0}, 1, {{1, 1, 10}, {1, 2, 15}, {1, 4, 2}, {3, 1, 4}, {4, 1, 12}, {4, 2, 2}, {6, 1, 8}}},
    {{0, 0, 0}, 2, {{1, 1, 10}, {1, 2, 11}, {1, 3, 5}, {1, 4, 1}, {1, 5, 1}, {4, 1, 6}, {4, 2, 1}, {6, 1, 4}}},
    {{0, 0, 0}, 3, {{1, 1, 6}, {1, 2, 9}, {1, 3, 6}, {1, 4, 2}, {1, 5, 2}, {4, 1, 6}, {4, 2, 1}, {6, 1, 4}}},
};
// Grey level run length matrix (3D): chapter 6, tables at lines 1674-2030.
const std::vector<Expected> kRlm3D = {
    {{0, 0, 1}, -1, {{1, 1, 1}, {1, 2, 6}, {1, 3, 3}, {1, 4, 7}, {3, 1, 1}, {4, 1, 4}, {4, 2, 2}, {4, 4, 2}, {6, 1, 1}, {6, 2, 1}, {6, 4, 1}}},
    {{0, -1, 1}, -1, {{1, 1, 11}, {1, 2, 15}, {1, 3, 3}, {3, 1, 1}, {4, 1, 14}, {4, 2, 1}, {6, 1, 5}, {6, 2, 1}}},
    {{0, 1, 0}, -1, {{1, 1, 2}, {1, 2, 5}, {1, 3, 6}, {1, 4, 5}, {3, 1, 1}, {4, 1, 10}, {4, 2, 3}, {6, 1, 4}, {6, 3, 1}}},
    {{0, 1, 1}, -1, {{1, 1, 10}, {1, 2, 5}, {1, 3, 6}, {1, 4, 3}, {3, 1, 1}, {4, 1, 14}, {4, 2, 1}, {6, 1, 5}, {6, 2, 1}}},
    {{-1, 1, 1}, -1, {{1, 1, 22}, {1, 2, 11}, {1, 3, 2}, {3, 1, 1}, {4, 1, 16}, {6, 1, 7}}},
    {{-1, 1, 0}, -1, {{1, 1, 21}, {1, 2, 10}, {1, 3, 3}, {3, 1, 1}, {4, 1, 13}, {4, 3, 1}, {6, 1, 7}}},
    {{1, -1, 1}, -1, {{1, 1, 30}, {1, 2, 10}, {3, 1, 1}, {4, 1, 14}, {4, 2, 1}, {6, 1, 7}}},
    {{-1, 0, 1}, -1, {{1, 1, 16}, {1, 2, 12}, {1, 3, 2}, {1, 4, 1}, {3, 1, 1}, {4, 1, 8}, {4, 2, 4}, {6, 1, 7}}},
    {{1, 0, 0}, -1, {{1, 1, 9}, {1, 2, 13}, {1, 5, 3}, {3, 1, 1}, {4, 1, 4}, {4, 2, 6}, {6, 1, 7}}},
    {{1, 0, 1}, -1, {{1, 1, 19}, {1, 2, 12}, {1, 3, 1}, {1, 4, 1}, {3, 1, 1}, {4, 1, 8}, {4, 2, 4}, {6, 1, 7}}},
    {{-1, -1, 1}, -1, {{1, 1, 20}, {1, 2, 12}, {1, 3, 2}, {3, 1, 1}, {4, 1, 16}, {6, 1, 7}}},
    {{1, 1, 0}, -1, {{1, 1, 10}, {1, 2, 15}, {1, 3, 2}, {1, 4, 1}, {3, 1, 1}, {4, 1, 14}, {4, 2, 1}, {6, 1, 7}}},
    {{1, 1, 1}, -1, {{1, 1, 19}, {1, 2, 14}, {1, 3, 1}, {3, 1, 1}, {4, 1, 14}, {4, 2, 1}, {6, 1, 7}}},
};
// Grey level run length matrix (3D, merged): chapter 6, tables at lines 2068-2068.
const std::vector<Expected> kRlm3DMerged = {
    {{0, 0, 0}, -1, {{1, 1, 190}, {1, 2, 140}, {1, 3, 31}, {1, 4, 18}, {1, 5, 3}, {3, 1, 13}, {4, 1, 149}, {4, 2, 24}, {4, 3, 1}, {4, 4, 2}, {6, 1, 78}, {6, 2, 3}, {6, 3, 1}, {6, 4, 1}}},
};

/// Checks `actual` against the sparse table: every listed entry equal, every other entry zero.
void expect_matrix(const texture::Matrix& actual, const Expected& expected,
                   const std::string& what) {
  SCOPED_TRACE(what);
  Eigen::ArrayXXd dense = Eigen::ArrayXXd::Zero(actual.counts.rows(), actual.counts.cols());
  for (const Entry& e : expected.entries) {
    ASSERT_LE(e.i, actual.counts.rows());
    ASSERT_LE(e.j, actual.counts.cols());
    dense(e.i - 1, e.j - 1) = e.n;
  }
  for (Eigen::Index i = 0; i < dense.rows(); ++i)
    for (Eigen::Index j = 0; j < dense.cols(); ++j)
      EXPECT_EQ(actual.counts(i, j), dense(i, j)) << "entry (" << i + 1 << ", " << j + 1 << ")";
}

std::string label(const texture::Offset& d, int slice) {
  return "direction (" + std::to_string(d[0]) + "," + std::to_string(d[1]) + "," +
         std::to_string(d[2]) + ") slice " + std::to_string(slice);
}

texture::Matrix glcm_of(const DiscreteRoi& roi, texture::Slab slab, texture::Offset d) {
  return glcm::count_matrix(roi, slab, d, 1, true);
}
texture::Matrix glrlm_of(const DiscreteRoi& roi, texture::Slab slab, texture::Offset d) {
  return glrlm::count_matrix(roi, slab, d);
}

using CountOne = texture::Matrix (*)(const DiscreteRoi&, texture::Slab, texture::Offset);

void check_2d(CountOne count, const std::vector<Expected>& tables) {
  const DiscreteRoi roi = test::digital_phantom_levels();
  ASSERT_EQ(tables.size(), 16u);
  for (const Expected& e : tables)
    expect_matrix(count(roi, {e.slice, e.slice + 1}, e.direction), e, label(e.direction, e.slice));
}

void check_2d_merged(CountOne count, const std::vector<Expected>& tables) {
  const DiscreteRoi roi = test::digital_phantom_levels();
  ASSERT_EQ(tables.size(), 4u);
  for (const Expected& e : tables) {
    texture::Matrix merged;
    for (const texture::Offset& d : texture::directions(false))
      texture::merge_into(merged, count(roi, {e.slice, e.slice + 1}, d));
    expect_matrix(merged, e, "merged slice " + std::to_string(e.slice));
  }
}

void check_3d(CountOne count, const std::vector<Expected>& tables) {
  const DiscreteRoi roi = test::digital_phantom_levels();
  ASSERT_EQ(tables.size(), 13u);
  for (const Expected& e : tables)
    expect_matrix(count(roi, {0, 4}, e.direction), e, label(e.direction, -1));
}

void check_3d_merged(CountOne count, const std::vector<Expected>& tables) {
  const DiscreteRoi roi = test::digital_phantom_levels();
  ASSERT_EQ(tables.size(), 1u);
  texture::Matrix merged;
  for (const texture::Offset& d : texture::directions(true))
    texture::merge_into(merged, count(roi, {0, 4}, d));
  expect_matrix(merged, tables.front(), "merged 3D");
}

TEST(PhantomMatrices, Glcm2D) { check_2d(&glcm_of, kCm2D); }
TEST(PhantomMatrices, Glcm2DMerged) { check_2d_merged(&glcm_of, kCm2DMerged); }
TEST(PhantomMatrices, Glcm3D) { check_3d(&glcm_of, kCm3D); }
TEST(PhantomMatrices, Glcm3DMerged) { check_3d_merged(&glcm_of, kCm3DMerged); }
TEST(PhantomMatrices, Glrlm2D) { check_2d(&glrlm_of, kRlm2D); }
TEST(PhantomMatrices, Glrlm2DMerged) { check_2d_merged(&glrlm_of, kRlm2DMerged); }
TEST(PhantomMatrices, Glrlm3D) { check_3d(&glrlm_of, kRlm3D); }
TEST(PhantomMatrices, Glrlm3DMerged) { check_3d_merged(&glrlm_of, kRlm3DMerged); }

// The tables cover every direction of the generator exactly once.
TEST(PhantomMatrices, TablesCoverEveryDirection) {
  for (const auto* tables : {&kCm3D, &kRlm3D}) {
    std::vector<texture::Offset> listed;
    for (const Expected& e : *tables) listed.push_back(e.direction);
    std::vector<texture::Offset> generated = texture::directions(true);
    std::sort(listed.begin(), listed.end());
    std::sort(generated.begin(), generated.end());
    EXPECT_EQ(listed, generated);
  }
}

// A run length matrix counts each ROI voxel in exactly one run: sum_ij j r_ij = N_v, and N_v is
// the number of ROI voxels of the slab (74 in the phantom).
TEST(PhantomMatrices, GlrlmRunsCoverTheRoi) {
  const DiscreteRoi roi = test::digital_phantom_levels();
  for (const texture::Offset& d : texture::directions(true)) {
    const texture::Matrix m = glrlm::count_matrix(roi, {0, 4}, d);
    const Eigen::ArrayXd run_length =
        Eigen::ArrayXd::LinSpaced(m.counts.cols(), 1.0, static_cast<double>(m.counts.cols()));
    EXPECT_EQ((m.counts.colwise().sum().transpose() * run_length).sum(), 74.0);
    EXPECT_EQ(m.n_voxels, 74.0);
  }
}

}  // namespace
}  // namespace radiomics
