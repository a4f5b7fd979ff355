// GLCM features (IBSI manual "Grey level co-occurrence based features"): a hand-computed
// 3 x 3 slice, edge cases, and every cm_ reference value of the IBSI digital phantom.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "features/glcm.hpp"
#include "support/digital_phantom.hpp"
#include "support/reference.hpp"
#include "support/rois.hpp"
#include "support/texture_checks.hpp"

namespace radiomics {
namespace {

TEST(Glcm, DigitalPhantomReferenceValues) {
  FeatureTable out;
  glcm::compute(test::digital_phantom_levels(), test::all_directional_aggregations(), out);
  EXPECT_EQ(out.size(), 150u);
  test::expect_phantom_references(out, "cm_", 150);
}


// A one-row slab, grey levels 1 2 2 1 1 3 (N_g = 3). Only direction (1,0,0) has pairs: (1,2),
// (2,2), (2,1), (1,1), (1,3); counted both ways M = [[2,2,1],[2,2,0],[1,0,0]], sum 10. So
// p_i. = (.5, .4, .1), mu = 1.6, p_{i-j} = (.4, .4, .2), p_{i+j} = (k=2: .2, 3: .4, 4: .4).
DiscreteRoi one_row() { return test::row_levels({1, 2, 2, 1, 1, 3}, 3); }

struct HandValue {
  const char* tag;
  double value;
};

// Worked out by hand from M above (log2 .2 = -2.321928, log2 .1 = -3.321928).
constexpr HandValue kOneRow[] = {
    {"cm_joint_max", 0.2},
    {"cm_joint_avg", 1.6},
    {"cm_joint_var", 0.36 * 0.5 + 0.16 * 0.4 + 1.96 * 0.1},  // 0.44
    {"cm_joint_entr", 2.5219280948873624},                      // -(4 .2 log2 .2 + 2 .1 log2 .1)
    {"cm_diff_avg", 0.8},
    {"cm_diff_var", 0.4 * 0.64 + 0.4 * 0.04 + 0.2 * 1.44},  // 0.56
    {"cm_diff_entr", 1.5219280948873621},                    // H(.4, .4, .2)
    {"cm_sum_avg", 3.2},
    {"cm_sum_var", 0.2 * 1.44 + 0.4 * 0.04 + 0.4 * 0.64},  // 0.56
    {"cm_sum_entr", 1.5219280948873621},                  // H(.2, .4, .4)
    {"cm_energy", 0.18},
    {"cm_contrast", 1.2},
    {"cm_dissimilarity", 0.8},
    {"cm_inv_diff", 0.4 + 0.4 / 2 + 0.2 / 3},
    {"cm_inv_diff_norm", 0.4 + 0.4 / (1 + 1.0 / 3) + 0.2 / (1 + 2.0 / 3)},  // 0.82
    {"cm_inv_diff_mom", 0.4 + 0.4 / 2 + 0.2 / 5},                           // 0.64
    {"cm_inv_diff_mom_norm", 0.4 + 0.4 / (1 + 1.0 / 9) + 0.2 / (1 + 4.0 / 9)},
    {"cm_inv_var", 0.4 + 0.2 / 4},
    {"cm_corr", (2.4 - 1.6 * 1.6) / 0.44},
    {"cm_auto_corr", 2.4},
    {"cm_clust_tend", 0.56},
    {"cm_clust_shade", -1.728 * 0.2 - 0.008 * 0.4 + 0.512 * 0.4},     // -0.144
    {"cm_clust_prom", 2.0736 * 0.2 + 0.0016 * 0.4 + 0.4096 * 0.4},    // 0.5792
    {"cm_info_corr1", -0.2 / 1.3609640474436812},  // (HXY - HXY_1) / HX, HXY_1 = 2.721928
    {"cm_info_corr2", 0.5741776327621617},
};

// The other directions of the row have no pairs (empty matrices, undefined features), so every
// aggregation gives the features of the (1,0,0) matrix: averaging skips the empty matrices,
// merging adds zeros.
TEST(Glcm, OneRowByHand) {
  Settings settings = test::all_directional_aggregations();
  FeatureTable out;
  glcm::compute(one_row(), settings, out);
  for (const char* suffix :
       {"_2D_avg", "_2D_comb", "_2_5D_avg", "_2_5D_comb", "_3D_avg", "_3D_comb"}) {
    for (const HandValue& h : kOneRow) {
      const std::string tag = std::string(h.tag) + suffix;
      const std::optional<double> v = out.find(tag);
      ASSERT_TRUE(v.has_value()) << tag;
      EXPECT_NEAR(*v, h.value, 1e-12) << tag;
    }
  }
}

TEST(Glcm, CountAsymmetricDistanceAndMask) {
  DiscreteRoi roi = one_row();
  const texture::Matrix forward = glcm::count_matrix(roi, {0, 1}, {1, 0, 0}, 1, false);
  Eigen::ArrayXXd expected(3, 3);
  expected << 1, 1, 1,  //
      1, 1, 0,          //
      0, 0, 0;
  EXPECT_TRUE((forward.counts == expected).all()) << forward.counts;
  EXPECT_EQ(forward.n_voxels, 6.0);

  // Distance 2: pairs (1,2), (2,1), (2,1), (1,3), counted both ways.
  const texture::Matrix far = glcm::count_matrix(roi, {0, 1}, {1, 0, 0}, 2, true);
  expected << 0, 3, 1,  //
      3, 0, 0,          //
      1, 0, 0;
  EXPECT_TRUE((far.counts == expected).all()) << far.counts;

  // A voxel outside the intensity mask takes part in no pair.
  roi.level[2] = 0;
  const texture::Matrix holed = glcm::count_matrix(roi, {0, 1}, {1, 0, 0}, 1, true);
  EXPECT_EQ(holed.counts.sum(), 6.0);  // (1,2), (1,1), (1,3), both ways
  EXPECT_EQ(holed.n_voxels, 5.0);
}

TEST(Glcm, ConstantRoiIsNaNNeverInf) {
  const DiscreteRoi roi = test::constant_levels(3, 3, 2);
  FeatureTable out;
  glcm::compute(roi, test::all_directional_aggregations(), out);
  EXPECT_EQ(out.size(), 150u);
  for (const auto& [tag, v] : out.values()) EXPECT_FALSE(std::isinf(v)) << tag;
  EXPECT_EQ(*out.find("cm_joint_max_3D_comb"), 1.0);
  EXPECT_EQ(*out.find("cm_joint_var_3D_comb"), 0.0);
  EXPECT_TRUE(std::isnan(*out.find("cm_corr_3D_comb")));
  EXPECT_TRUE(std::isnan(*out.find("cm_info_corr1_2D_avg")));
  EXPECT_EQ(*out.find("cm_info_corr2_3D_avg"), 0.0);
}

TEST(Glcm, FeatureInfos) {
  test::expect_feature_infos(glcm::feature_infos(), "cm_", 25);
}

}  // namespace
}  // namespace radiomics
