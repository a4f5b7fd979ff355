// GLCM features (IBSI manual "Grey level co-occurrence based features"): a hand-computed
// 3 x 3 slice, edge cases, and every cm_ reference value of the IBSI digital phantom.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "features/glcm.hpp"
#include "support/digital_phantom.hpp"

namespace radiomics {
namespace {

struct Reference {
  std::string tag;
  double value;
  double tolerance;
};

/// The rows of ibsi_phantom/reference/digital_phantom.csv whose tag starts with `prefix`.
std::vector<Reference> phantom_references(const std::string& prefix) {
  std::ifstream in(std::string(RADIOMICS_SOURCE_DIR) +
                   "/ibsi_phantom/reference/digital_phantom.csv");
  std::vector<Reference> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    std::string tag, value, tolerance;
    std::getline(fields, tag, ',');
    std::getline(fields, value, ',');
    std::getline(fields, tolerance, ',');
    if (tag.rfind(prefix, 0) == 0) rows.push_back({tag, std::stod(value), std::stod(tolerance)});
  }
  return rows;
}

/// IBSI pass rule: within tolerance, or within tolerance after rounding to 3 significant digits.
bool passes(double value, const Reference& ref) {
  if (std::abs(value - ref.value) <= ref.tolerance) return true;
  if (value == 0.0 || !std::isfinite(value)) return false;
  const double scale = std::pow(10.0, 2 - std::floor(std::log10(std::abs(value))));
  const double rounded = std::round(value * scale) / scale;
  return std::abs(rounded - ref.value) <= ref.tolerance + 1e-9 * std::abs(ref.value);
}

Settings all_directional_aggregations() {
  Settings s;
  s.texture.aggregations = {Aggregation::Avg2D, Aggregation::Comb2D, Aggregation::Avg2_5D,
                            Aggregation::Comb2_5D, Aggregation::Avg3D, Aggregation::Comb3D};
  return s;
}

TEST(Glcm, DigitalPhantomReferenceValues) {
  const std::vector<Reference> refs = phantom_references("cm_");
  ASSERT_EQ(refs.size(), 150u);
  FeatureTable out;
  glcm::compute(test::digital_phantom_levels(), all_directional_aggregations(), out);
  EXPECT_EQ(out.size(), 150u);
  int passed = 0;
  for (const Reference& ref : refs) {
    const std::optional<double> value = out.find(ref.tag);
    ASSERT_TRUE(value.has_value()) << ref.tag;
    EXPECT_TRUE(passes(*value, ref)) << ref.tag << ": " << *value << " vs " << ref.value;
    passed += passes(*value, ref) ? 1 : 0;
  }
  EXPECT_EQ(passed, 150);
}


// A one-row slab, grey levels 1 2 2 1 1 3 (N_g = 3). Only direction (1,0,0) has pairs: (1,2),
// (2,2), (2,1), (1,1), (1,3); counted both ways M = [[2,2,1],[2,2,0],[1,0,0]], sum 10. So
// p_i. = (.5, .4, .1), mu = 1.6, p_{i-j} = (.4, .4, .2), p_{i+j} = (k=2: .2, 3: .4, 4: .4).
DiscreteRoi one_row() {
  DiscreteRoi roi;
  roi.grid.size = {6, 1, 1};
  roi.n_levels = 3;
  roi.level = {1, 2, 2, 1, 1, 3};
  return roi;
}

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
  Settings settings = all_directional_aggregations();
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
  DiscreteRoi roi;
  roi.grid.size = {3, 3, 2};
  roi.n_levels = 1;
  roi.level.assign(18, 1);
  FeatureTable out;
  glcm::compute(roi, all_directional_aggregations(), out);
  EXPECT_EQ(out.size(), 150u);
  for (const auto& [tag, v] : out.values()) EXPECT_FALSE(std::isinf(v)) << tag;
  EXPECT_EQ(*out.find("cm_joint_max_3D_comb"), 1.0);
  EXPECT_EQ(*out.find("cm_joint_var_3D_comb"), 0.0);
  EXPECT_TRUE(std::isnan(*out.find("cm_corr_3D_comb")));
  EXPECT_TRUE(std::isnan(*out.find("cm_info_corr1_2D_avg")));
  EXPECT_EQ(*out.find("cm_info_corr2_3D_avg"), 0.0);
}

TEST(Glcm, FeatureInfos) {
  const auto infos = glcm::feature_infos();
  ASSERT_EQ(infos.size(), 25u);
  std::set<std::string_view> tags;
  for (const FeatureInfo& f : infos) {
    EXPECT_EQ(f.tag.substr(0, 3), "cm_");
    EXPECT_EQ(f.ibsi_id.size(), 4u) << f.tag;
    EXPECT_FALSE(f.name.empty());
    EXPECT_FALSE(f.formula.empty());
    tags.insert(f.tag);
  }
  EXPECT_EQ(tags.size(), 25u);
}

}  // namespace
}  // namespace radiomics
