// NGLDM (IBSI manual "Neighbouring grey level dependence based features"): the dependence
// matrices of the digital phantom (manual chapter 6), a hand-computed row with alpha 0 and 1,
// and every ngl_ reference value of the IBSI digital phantom.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "features/ngldm.hpp"
#include "support/digital_phantom.hpp"
#include "support/reference.hpp"
#include "support/rois.hpp"
#include "support/texture_checks.hpp"

namespace radiomics {
namespace {

TEST(Ngldm, DigitalPhantomReferenceValues) {
  FeatureTable out;
  ngldm::compute(test::digital_phantom_levels(), test::non_directional_aggregations(), out);
  EXPECT_EQ(out.size(), 51u);
  test::expect_phantom_references(out, "ngl_", 51);
}

// Manual chapter 6, "Neighbouring grey level dependence matrix (2D)", slices z = 0..3
// (Chebyshev distance 1, coarseness 0), and (3D).
const std::vector<std::vector<test::MatrixEntry>> kPhantom2D = {
    {{1, 2, 3},
     {1, 3, 1},
     {1, 4, 3},
     {1, 5, 2},
     {4, 2, 2},
     {4, 3, 4},
     {4, 4, 2},
     {6, 2, 2},
     {6, 3, 1}},
    {{1, 3, 2}, {1, 4, 6}, {1, 6, 4}, {3, 1, 1}, {4, 2, 4}, {6, 1, 2}},
    {{1, 3, 1}, {1, 4, 5}, {1, 5, 3}, {1, 6, 3}, {1, 7, 2}, {4, 2, 2}, {6, 1, 1}},
    {{1, 3, 1}, {1, 4, 3}, {1, 5, 3}, {1, 6, 4}, {1, 7, 1}, {1, 8, 3}, {4, 2, 2}, {6, 1, 1}},
};
const std::vector<test::MatrixEntry> kPhantom3D = {{1, 5, 2},  {1, 6, 2},  {1, 7, 1},  {1, 8, 6},  {1, 9, 4},
                                       {1, 10, 6}, {1, 11, 5}, {1, 12, 5}, {1, 13, 3}, {1, 14, 2},
                                       {1, 15, 5}, {1, 16, 3}, {1, 17, 3}, {1, 18, 2}, {1, 21, 1},
                                       {3, 1, 1},  {4, 2, 2},  {4, 4, 2},  {4, 5, 6},  {4, 6, 4},
                                       {4, 7, 2},  {6, 2, 1},  {6, 3, 4},  {6, 4, 1},  {6, 5, 1}};

TEST(Ngldm, DigitalPhantomMatrices) {
  const DiscreteRoi roi = test::digital_phantom_levels();
  const std::vector<texture::Offset> in_plane = texture::neighbourhood(false, 1);
  const int slice_voxels[] = {20, 19, 17, 18};  // intensity-mask voxels per slice
  for (int z = 0; z < 4; ++z) {
    const texture::Matrix m = ngldm::count_matrix(roi, {z, z + 1}, in_plane, 0);
    test::expect_matrix(m, kPhantom2D[static_cast<std::size_t>(z)], "slice " + std::to_string(z));
    EXPECT_EQ(m.n_voxels, slice_voxels[z]);
    EXPECT_EQ(m.counts.sum(), slice_voxels[z]);  // N_s = N_v: every voxel is a centre
  }
  const texture::Matrix volume =
      ngldm::count_matrix(roi, {0, 4}, texture::neighbourhood(true, 1), 0);
  test::expect_matrix(volume, kPhantom3D, "3D");
  EXPECT_EQ(volume.n_voxels, 74.0);
}

// One row 1 2 2 _ 2 (_ outside the ROI), neighbours in-plane at Chebyshev distance 1.
// alpha = 0: dependences 1, 2, 2, 1 -> s_11 = 1, s_21 = 1, s_22 = 2 (N_s = N_v = 4).
// alpha = 1: the 1 and the 2 next to it also depend -> s_12 = 1, s_23 = 1, s_22 = 1, s_21 = 1.
DiscreteRoi hand_row() { return test::row_levels({1, 2, 2, 0, 2}, 2); }

TEST(Ngldm, HandRowMatrices) {
  const std::vector<texture::Offset> in_plane = texture::neighbourhood(false, 1);
  const texture::Matrix a0 = ngldm::count_matrix(hand_row(), {0, 1}, in_plane, 0);
  ASSERT_EQ(a0.counts.rows(), 2);
  ASSERT_EQ(a0.counts.cols(), 2);
  EXPECT_EQ(a0.counts(0, 0), 1.0);
  EXPECT_EQ(a0.counts(0, 1), 0.0);
  EXPECT_EQ(a0.counts(1, 0), 1.0);
  EXPECT_EQ(a0.counts(1, 1), 2.0);
  EXPECT_EQ(a0.n_voxels, 4.0);

  const texture::Matrix a1 = ngldm::count_matrix(hand_row(), {0, 1}, in_plane, 1);
  ASSERT_EQ(a1.counts.cols(), 3);
  EXPECT_EQ(a1.counts(0, 1), 1.0);
  EXPECT_EQ(a1.counts(1, 0), 1.0);
  EXPECT_EQ(a1.counts(1, 1), 1.0);
  EXPECT_EQ(a1.counts(1, 2), 1.0);
  EXPECT_EQ(a1.counts.sum(), 4.0);
}

TEST(Ngldm, HandRowFeatures) {
  Settings s;
  s.texture.aggregations = {Aggregation::Slice2D};
  FeatureTable out;
  ngldm::compute(hand_row(), s, out);
  ASSERT_EQ(out.size(), 17u);
  // s_11 = 1, s_21 = 1, s_22 = 2; N_s = 4.
  const struct {
    const char* tag;
    double value;
  } expected[] = {
      {"ngl_lde_2D", (2 + 2.0 / 4) / 4},
      {"ngl_hde_2D", (2 + 2.0 * 4) / 4},
      {"ngl_lgce_2D", (1 + 3.0 / 4) / 4},
      {"ngl_hgce_2D", (1 + 3.0 * 4) / 4},
      {"ngl_ldlge_2D", (1 + 1.0 / 4 + 2.0 / 16) / 4},
      {"ngl_ldhge_2D", (1 + 4 + 2.0 * 4 / 4) / 4},
      {"ngl_hdlge_2D", (1 + 1.0 / 4 + 2.0 * 4 / 4) / 4},
      {"ngl_hdhge_2D", (1 + 4 + 2.0 * 16) / 4},
      {"ngl_glnu_2D", (1 + 9) / 4.0},
      {"ngl_glnu_norm_2D", (1 + 9) / 16.0},
      {"ngl_dcnu_2D", (4 + 4) / 4.0},
      {"ngl_dcnu_norm_2D", (4 + 4) / 16.0},
      {"ngl_dc_perc_2D", 1.0},
      {"ngl_gl_var_2D", 0.1875},  // mu = 7/4
      {"ngl_dc_var_2D", 0.25},    // mu = 3/2
      {"ngl_dc_entr_2D", 1.5},
      {"ngl_dc_energy_2D", 1.0 / 16 + 1.0 / 16 + 1.0 / 4},
  };
  for (const auto& e : expected) EXPECT_NEAR(*out.find(e.tag), e.value, 1e-12) << e.tag;
}

// settings.texture.ngldm_alpha and ngldm_distance reach the counting rule.
TEST(Ngldm, SettingsReachTheCount) {
  Settings s;
  s.texture.aggregations = {Aggregation::Slice2D};
  s.texture.ngldm_alpha = 1;
  FeatureTable alpha1;
  ngldm::compute(hand_row(), s, alpha1);
  // s_12 = s_21 = s_22 = s_23 = 1: mean dependence 2, variance 1/2.
  EXPECT_NEAR(*alpha1.find("ngl_dc_var_2D"), 0.5, 1e-12);

  s.texture.ngldm_alpha = 0;
  s.texture.ngldm_distance = 2;
  FeatureTable distance2;
  ngldm::compute(hand_row(), s, distance2);
  // Dependences 1, 2, 3, 2 (x = 2 now also sees x = 4, and x = 4 sees x = 2).
  EXPECT_NEAR(*distance2.find("ngl_hde_2D"), (1 + 4 + 9 + 4) / 4.0, 1e-12);
}

TEST(Ngldm, ConstantRoi) {
  const DiscreteRoi roi = test::constant_levels(3, 3, 2);
  FeatureTable out;
  ngldm::compute(roi, test::non_directional_aggregations(), out);
  EXPECT_EQ(out.size(), 51u);
  for (const auto& [tag, v] : out.values()) EXPECT_TRUE(std::isfinite(v)) << tag;
  EXPECT_EQ(*out.find("ngl_gl_var_3D"), 0.0);
  EXPECT_EQ(*out.find("ngl_dc_perc_3D"), 1.0);
}

TEST(Ngldm, EmptyRoiIsNaN) {
  const DiscreteRoi roi = test::empty_levels(2, 2, 1);
  FeatureTable out;
  ngldm::compute(roi, test::non_directional_aggregations(), out);
  EXPECT_EQ(out.size(), 51u);
  for (const auto& [tag, v] : out.values()) EXPECT_TRUE(std::isnan(v)) << tag;
}

TEST(Ngldm, FeatureInfos) {
  test::expect_feature_infos(ngldm::feature_infos(), "ngl_", 17);
}

}  // namespace
}  // namespace radiomics
