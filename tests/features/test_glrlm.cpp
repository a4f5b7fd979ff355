// GLRLM features (IBSI manual "Grey level run length based features"): a hand-computed
// 3 x 3 slice, edge cases, and every rlm_ reference value of the IBSI digital phantom.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "features/glrlm.hpp"
#include "support/digital_phantom.hpp"
#include "support/reference.hpp"
#include "support/rois.hpp"
#include "support/texture_checks.hpp"

namespace radiomics {
namespace {

TEST(Glrlm, DigitalPhantomReferenceValues) {
  FeatureTable out;
  glrlm::compute(test::digital_phantom_levels(), test::all_directional_aggregations(), out);
  EXPECT_EQ(out.size(), 96u);
  test::expect_phantom_references(out, "rlm_", 96);
}


// A one-row slab, grey levels 1 2 2 1 1 1 (N_g = 2, N_v = 6). Along x (direction (1,0,0)) the
// runs are [1], [2 2], [1 1 1]: r_11 = r_22 = r_13 = 1, N_s = 3. Along every other direction
// each voxel is a run of its own: r_11 = 4, r_21 = 2, N_s = 6.
DiscreteRoi one_row() { return test::row_levels({1, 2, 2, 1, 1, 1}, 2); }

struct HandValue {
  const char* tag;
  double along_x;  ///< features of the (1,0,0) matrix
  double across;   ///< features of any other direction's matrix
};

const double kLog2Of3 = std::log2(3.0);

// Worked out by hand from the run counts above.
const HandValue kOneRow[] = {
    {"rlm_sre", (1 + 1.0 / 4 + 1.0 / 9) / 3, 1.0},
    {"rlm_lre", (1 + 4 + 9) / 3.0, 1.0},
    {"rlm_lgre", (2 + 1.0 / 4) / 3, (4 + 2.0 / 4) / 6},
    {"rlm_hgre", (2 + 4) / 3.0, (4 + 2 * 4) / 6.0},
    {"rlm_srlge", (1 + 1.0 / 16 + 1.0 / 9) / 3, (4 + 2.0 / 4) / 6},
    {"rlm_srhge", (1 + 4.0 / 4 + 1.0 / 9) / 3, (4 + 2 * 4) / 6.0},
    {"rlm_lrlge", (1 + 4.0 / 4 + 9) / 3, (4 + 2.0 / 4) / 6},
    {"rlm_lrhge", (1 + 16 + 9) / 3.0, (4 + 2 * 4) / 6.0},
    {"rlm_glnu", (4 + 1) / 3.0, (16 + 4) / 6.0},
    {"rlm_glnu_norm", (4 + 1) / 9.0, (16 + 4) / 36.0},
    {"rlm_rlnu", (1 + 1 + 1) / 3.0, 36 / 6.0},
    {"rlm_rlnu_norm", (1 + 1 + 1) / 9.0, 1.0},
    {"rlm_r_perc", 3 / 6.0, 6 / 6.0},
    {"rlm_gl_var", 2.0 / 9, 2.0 / 9},  // mu = 4/3 both ways
    {"rlm_rl_var", 2.0 / 3, 0.0},      // mu = 2 along x
    {"rlm_rl_entr", kLog2Of3, kLog2Of3 - 2.0 / 3},
};

// Averaging aggregations mean the directional features: 4 directions in 2D (one along x),
// 13 in 3D (one along x).
TEST(Glrlm, OneRowAveragedByHand) {
  FeatureTable out;
  glrlm::compute(one_row(), test::all_directional_aggregations(), out);
  for (const HandValue& h : kOneRow) {
    const std::string tag(h.tag);
    EXPECT_NEAR(*out.find(tag + "_2D_avg"), (h.along_x + 3 * h.across) / 4, 1e-12) << tag;
    EXPECT_NEAR(*out.find(tag + "_2_5D_avg"), (h.along_x + 3 * h.across) / 4, 1e-12) << tag;
    EXPECT_NEAR(*out.find(tag + "_3D_avg"), (h.along_x + 12 * h.across) / 13, 1e-12) << tag;
  }
}

// Merging sums the run counts and N_v: in 2D r_11 = 13, r_13 = 1, r_21 = 6, r_22 = 1,
// N_s = 21, N_v = 24.
TEST(Glrlm, OneRowMergedByHand) {
  FeatureTable out;
  glrlm::compute(one_row(), test::all_directional_aggregations(), out);
  EXPECT_NEAR(*out.find("rlm_r_perc_2D_comb"), 21.0 / 24.0, 1e-12);
  EXPECT_NEAR(*out.find("rlm_sre_2D_comb"), (19 + 1.0 / 4 + 1.0 / 9) / 21, 1e-12);
  EXPECT_NEAR(*out.find("rlm_glnu_2D_comb"), (14.0 * 14 + 7 * 7) / 21, 1e-12);
  EXPECT_NEAR(*out.find("rlm_rlnu_2_5D_comb"), (19.0 * 19 + 1 + 1) / 21, 1e-12);
  // 3D: 12 directions of single-voxel runs: N_s = 3 + 72 = 75, N_v = 78.
  EXPECT_NEAR(*out.find("rlm_r_perc_3D_comb"), 75.0 / 78.0, 1e-12);
}

// Runs end at voxels outside the intensity mask and at the slab's edges.
TEST(Glrlm, RunsEndAtMaskAndSlab) {
  const DiscreteRoi roi = test::row_levels({1, 1, 0, 1, 1, 1}, 1);
  const texture::Matrix m = glrlm::count_matrix(roi, {0, 1}, {1, 0, 0});
  ASSERT_EQ(m.counts.cols(), 3);  // N_r = longest run
  EXPECT_EQ(m.counts(0, 0), 0.0);
  EXPECT_EQ(m.counts(0, 1), 1.0);
  EXPECT_EQ(m.counts(0, 2), 1.0);
  EXPECT_EQ(m.n_voxels, 5.0);

  const DiscreteRoi column = test::constant_levels(1, 1, 4);
  const texture::Matrix inner = glrlm::count_matrix(column, {1, 3}, {0, 0, 1});
  ASSERT_EQ(inner.counts.cols(), 2);
  EXPECT_EQ(inner.counts(0, 1), 1.0);
  EXPECT_EQ(inner.n_voxels, 2.0);
  const texture::Matrix whole = glrlm::count_matrix(column, {0, 4}, {0, 0, 1});
  ASSERT_EQ(whole.counts.cols(), 4);
  EXPECT_EQ(whole.counts.sum(), 1.0);
}

TEST(Glrlm, ConstantRoiHasNoInf) {
  const DiscreteRoi roi = test::constant_levels(3, 3, 2);
  FeatureTable out;
  glrlm::compute(roi, test::all_directional_aggregations(), out);
  EXPECT_EQ(out.size(), 96u);
  for (const auto& [tag, v] : out.values()) EXPECT_TRUE(std::isfinite(v)) << tag;
  EXPECT_EQ(*out.find("rlm_gl_var_3D_comb"), 0.0);
}

TEST(Glrlm, FeatureInfos) {
  test::expect_feature_infos(glrlm::feature_infos(), "rlm_", 16);
}

}  // namespace
}  // namespace radiomics
