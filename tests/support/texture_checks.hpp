// Fixtures and checks shared by the texture family tests (GLCM, GLRLM, GLSZM, GLDZM, NGTDM,
// NGLDM).
#pragma once
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cstddef>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "radiomics/registry.hpp"
#include "radiomics/settings.hpp"
#include "texture/texture.hpp"

namespace radiomics::test {

/// Every aggregation of the directional families (GLCM, GLRLM).
inline Settings all_directional_aggregations() {
  Settings s;
  s.texture.aggregations = {Aggregation::Avg2D, Aggregation::Comb2D, Aggregation::Avg2_5D,
                            Aggregation::Comb2_5D, Aggregation::Avg3D, Aggregation::Comb3D};
  return s;
}

/// Every aggregation of the families without directions (GLSZM, GLDZM, NGTDM, NGLDM).
inline Settings non_directional_aggregations() {
  Settings s;
  s.texture.aggregations = {Aggregation::Slice2D, Aggregation::Merged2_5D, Aggregation::Volume3D};
  return s;
}

/// One entry of a sparse grey level x length matrix as the manual prints it.
struct MatrixEntry {
  int i, j, n;  ///< grey level, column (zone size, distance, dependence), count
};

/// Checks `actual` against a sparse table of the digital phantom (N_g = 6): every listed entry
/// equal, every other entry zero, the number of columns the largest listed j.
inline void expect_matrix(const texture::Matrix& actual, const std::vector<MatrixEntry>& entries,
                          const std::string& what) {
  SCOPED_TRACE(what);
  int n_j = 0;
  for (const MatrixEntry& e : entries) n_j = std::max(n_j, e.j);
  ASSERT_EQ(actual.counts.rows(), 6);
  ASSERT_EQ(actual.counts.cols(), n_j);
  Eigen::ArrayXXd dense = Eigen::ArrayXXd::Zero(6, n_j);
  for (const MatrixEntry& e : entries) dense(e.i - 1, e.j - 1) = e.n;
  for (Eigen::Index i = 0; i < dense.rows(); ++i)
    for (Eigen::Index j = 0; j < dense.cols(); ++j)
      EXPECT_EQ(actual.counts(i, j), dense(i, j)) << "entry (" << i + 1 << ", " << j + 1 << ")";
}

/// A family's feature table: `count` features, distinct tags with the family's `prefix`, 4-char
/// IBSI identifiers, a name and a formula each.
inline void expect_feature_infos(std::span<const FeatureInfo> infos, std::string_view prefix,
                                 std::size_t count) {
  ASSERT_EQ(infos.size(), count);
  std::set<std::string_view> tags;
  for (const FeatureInfo& f : infos) {
    EXPECT_EQ(f.tag.substr(0, prefix.size()), prefix);
    EXPECT_EQ(f.ibsi_id.size(), 4u) << f.tag;
    EXPECT_FALSE(f.name.empty());
    EXPECT_FALSE(f.formula.empty());
    tags.insert(f.tag);
  }
  EXPECT_EQ(tags.size(), count);
}

}  // namespace radiomics::test
