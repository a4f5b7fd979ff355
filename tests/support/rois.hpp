// Small hand-made ROIs and feature look-ups shared by the feature and preprocessing tests.
#pragma once
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/roi.hpp"
#include "radiomics/feature_table.hpp"

namespace radiomics::test {

/// A 1-row Roi holding `values`, all in both masks.
inline Roi row_roi(const std::vector<double>& values) {
  Roi roi;
  roi.grid.size = {static_cast<int>(values.size()), 1, 1};
  roi.intensity = values;
  roi.morph_mask.assign(values.size(), 1);
  roi.int_mask.assign(values.size(), 1);
  return roi;
}

/// A 1-row DiscreteRoi with the given grey levels (0 = outside the intensity mask).
inline DiscreteRoi row_levels(const std::vector<std::int32_t>& level, int n_levels) {
  DiscreteRoi d;
  d.grid.size = {static_cast<int>(level.size()), 1, 1};
  d.level = level;
  d.n_levels = n_levels;
  return d;
}

/// An nx x ny x nz DiscreteRoi of grey level 1 everywhere (N_g = 1).
inline DiscreteRoi constant_levels(int nx, int ny, int nz) {
  DiscreteRoi roi;
  roi.grid.size = {nx, ny, nz};
  roi.n_levels = 1;
  roi.level.assign(roi.grid.count(), 1);
  return roi;
}

/// An nx x ny x nz DiscreteRoi without any voxel in the intensity mask.
inline DiscreteRoi empty_levels(int nx, int ny, int nz) {
  DiscreteRoi roi;
  roi.grid.size = {nx, ny, nz};
  roi.level.assign(roi.grid.count(), 0);
  return roi;
}

/// The value of `tag` in `t`; a failed expectation (and NaN) when it is missing.
inline double feature(const FeatureTable& t, const std::string& tag) {
  const auto v = t.find(tag);
  EXPECT_TRUE(v.has_value()) << tag;
  return v.value_or(std::nan(""));
}

}  // namespace radiomics::test
