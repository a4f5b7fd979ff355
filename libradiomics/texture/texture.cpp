// The shared texture layer: offsets, slabs, merging and feature aggregation for every texture
// family (IBSI manual, "Aggregating features" of each texture family, and "Distance weighting",
// 6CK8).
//
// Every aggregation is described by the same three facts: is it a 3D (one slab, the whole
// volume) or a 2D analysis (one slab per z-slice), are features computed per slice or after
// merging the slices, and are they computed per direction or after merging the directions. A
// non-directional family has a single "direction", its whole neighbourhood. So one code path
// serves all nine aggregations, 2D and 3D alike.
#include "texture/texture.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <utility>

namespace radiomics::texture {

Eigen::ArrayXd column_values_of(const Matrix& m) {
  if (!m.column_values.empty()) return Eigen::Map<const Eigen::ArrayXd>(m.column_values.data(), m.counts.cols());
  return Eigen::ArrayXd::LinSpaced(m.counts.cols(), 1.0, static_cast<double>(m.counts.cols()));
}

void merge_into(Matrix& a, const Matrix& b) {
  if (!a.column_values.empty() || !b.column_values.empty()) {
    // Columns by value: the union of both sets of values, each matrix's columns placed there.
    const Eigen::ArrayXd va = column_values_of(a), vb = column_values_of(b);
    std::vector<double> values(va.begin(), va.end());
    values.insert(values.end(), vb.begin(), vb.end());
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    const auto column = [&](double v) {
      return static_cast<Eigen::Index>(std::lower_bound(values.begin(), values.end(), v) - values.begin());
    };
    Eigen::ArrayXXd merged =
        Eigen::ArrayXXd::Zero(std::max(a.counts.rows(), b.counts.rows()), static_cast<Eigen::Index>(values.size()));
    for (Eigen::Index c = 0; c < a.counts.cols(); ++c) merged.col(column(va(c))).head(a.counts.rows()) += a.counts.col(c);
    for (Eigen::Index c = 0; c < b.counts.cols(); ++c) merged.col(column(vb(c))).head(b.counts.rows()) += b.counts.col(c);
    a.counts = std::move(merged);
    a.column_values = std::move(values);
    a.n_voxels += b.n_voxels;
    return;
  }
  const Eigen::Index rows = std::max(a.counts.rows(), b.counts.rows());
  const Eigen::Index cols = std::max(a.counts.cols(), b.counts.cols());
  if (a.counts.rows() != rows || a.counts.cols() != cols) {
    Eigen::ArrayXXd grown = Eigen::ArrayXXd::Zero(rows, cols);
    grown.topLeftCorner(a.counts.rows(), a.counts.cols()) = a.counts;
    a.counts = std::move(grown);
  }
  a.counts.topLeftCorner(b.counts.rows(), b.counts.cols()) += b.counts;
  a.n_voxels += b.n_voxels;
}

namespace {

/// Every offset with components in [-distance, distance] (dz = 0 in 2D), the centre excluded.
std::vector<Offset> cube(bool three_d, int distance) {
  std::vector<Offset> offsets;
  const int dz_max = three_d ? distance : 0;
  for (int dz = -dz_max; dz <= dz_max; ++dz)
    for (int dy = -distance; dy <= distance; ++dy)
      for (int dx = -distance; dx <= distance; ++dx)
        if (dx != 0 || dy != 0 || dz != 0) offsets.push_back({dx, dy, dz});
  return offsets;
}

/// Of each +/- pair keep the one whose first non-zero component (z, then y, then x) is positive.
bool lexicographically_positive(const Offset& o) {
  if (o[2] != 0) return o[2] > 0;
  if (o[1] != 0) return o[1] > 0;
  return o[0] > 0;
}

}  // namespace

std::vector<Offset> directions(bool three_d) {
  std::vector<Offset> all = cube(three_d, 1);
  std::vector<Offset> half;
  std::copy_if(all.begin(), all.end(), std::back_inserter(half), lexicographically_positive);
  return half;
}

std::vector<Offset> neighbourhood(bool three_d, int distance) { return cube(three_d, distance); }

std::optional<Cube> cube_of(std::span<const Offset> neighbourhood) {
  Cube cube{0, false};
  for (const Offset& o : neighbourhood) {
    cube.distance = std::max({cube.distance, std::abs(o[0]), std::abs(o[1]), std::abs(o[2])});
    cube.three_d = cube.three_d || o[2] != 0;
  }
  if (cube.distance == 0) return std::nullopt;
  const std::size_t side = 2 * static_cast<std::size_t>(cube.distance) + 1;
  const std::size_t full = (cube.three_d ? side * side * side : side * side) - 1;
  // Offsets within the cube, distinct and not the centre: then the count tells whether all are
  // there. A bitmap over the cube checks distinctness in one pass (distance 100: 8 million).
  if (neighbourhood.size() != full) return std::nullopt;
  const auto d = static_cast<std::size_t>(cube.distance);
  std::vector<bool> seen(cube.three_d ? side * side * side : side * side, false);
  for (const Offset& o : neighbourhood) {
    if (o == Offset{0, 0, 0}) return std::nullopt;
    const std::size_t k = static_cast<std::size_t>(o[0] + cube.distance) +
                          side * (static_cast<std::size_t>(o[1] + cube.distance) +
                                  side * (cube.three_d ? static_cast<std::size_t>(o[2]) + d : 0));
    if (seen[k]) return std::nullopt;
    seen[k] = true;
  }
  return cube;
}

bool box_sums_pay_off(const DiscreteRoi& roi, Slab slab, std::size_t neighbours, std::size_t passes) {
  const std::size_t plane = static_cast<std::size_t>(roi.grid.size[0]) * static_cast<std::size_t>(roi.grid.size[1]);
  std::size_t in_roi = 0;
  for (int z = slab.z_begin; z < slab.z_end; ++z) {
    const auto first = roi.level.begin() + static_cast<std::ptrdiff_t>(plane * static_cast<std::size_t>(z));
    in_roi += static_cast<std::size_t>(std::count_if(first, first + static_cast<std::ptrdiff_t>(plane),
                                                     [](std::int32_t g) { return g > 0; }));
  }
  const std::size_t slab_voxels = plane * static_cast<std::size_t>(slab.z_end - slab.z_begin);
  // A box pass touches each slab voxel about a dozen times (two planes' sums, x and y windows);
  // a neighbour visit costs about as much as one touch.
  return static_cast<double>(in_roi) * static_cast<double>(neighbours) >
         12.0 * static_cast<double>(passes) * static_cast<double>(slab_voxels);
}

double offset_norm(const Offset& o, DistanceWeighting norm) {
  const double x = std::abs(o[0]), y = std::abs(o[1]), z = std::abs(o[2]);
  // An exhaustive switch over the norms (no default), so a new norm is a compile warning.
  switch (norm) {
    case DistanceWeighting::Manhattan: return x + y + z;
    case DistanceWeighting::Euclidean: return std::sqrt(x * x + y * y + z * z);
    case DistanceWeighting::Chebyshev: return std::max({x, y, z});
    case DistanceWeighting::None: break;
  }
  return 1.0;
}

namespace {

/// How an aggregation groups the matrices of (slab, direction) before computing features.
struct Plan {
  bool three_d;        ///< one slab (whole volume) instead of one slab per slice
  bool per_slice;      ///< features per slice (2D) instead of after merging slices (2.5D)
  bool per_direction;  ///< features per direction instead of after merging directions
};

/// The plan of an aggregation for a family, or nothing when it does not apply to the family.
std::optional<Plan> plan_of(Aggregation a, bool directional) {
  if (directional) {
    switch (a) {
      case Aggregation::Avg2D: return Plan{false, true, true};      // BTW3
      case Aggregation::Comb2D: return Plan{false, true, false};    // SUJT
      case Aggregation::Avg2_5D: return Plan{false, false, true};   // JJUI
      case Aggregation::Comb2_5D: return Plan{false, false, false}; // ZW7Z
      case Aggregation::Avg3D: return Plan{true, false, true};      // ITBB
      case Aggregation::Comb3D: return Plan{true, false, false};    // IAZD
      default: return std::nullopt;
    }
  }
  switch (a) {
    case Aggregation::Slice2D: return Plan{false, true, false};     // 8QNN
    case Aggregation::Merged2_5D: return Plan{false, false, false}; // 62GR
    case Aggregation::Volume3D: return Plan{true, false, false};    // KOBO
    default: return std::nullopt;
  }
}

}  // namespace

bool applies(Aggregation a, bool directional) { return plan_of(a, directional).has_value(); }

namespace {

/// The slabs of an analysis: every z-slice holding ROI voxels (empty slices carry no texture
/// and would only add undefined values), or the whole volume in 3D.
std::vector<Slab> slabs(const DiscreteRoi& roi, bool three_d) {
  const int nz = roi.grid.size[2];
  if (three_d) return {Slab{0, nz}};
  const std::ptrdiff_t per_slice =
      static_cast<std::ptrdiff_t>(roi.grid.size[0]) * static_cast<std::ptrdiff_t>(roi.grid.size[1]);
  std::vector<Slab> out;
  for (int z = 0; z < nz; ++z) {
    const auto first = roi.level.begin() + per_slice * z;
    if (std::any_of(first, first + per_slice, [](std::int32_t g) { return g > 0; }))
      out.push_back(Slab{z, z + 1});
  }
  return out;
}

/// The matrices of one analysis (2D or 3D): matrices[s][d] for slab s and direction d. A
/// non-directional family has one "direction", its whole neighbourhood.
struct Matrices {
  std::vector<std::vector<Matrix>> by_slab;
  std::vector<double> weight;  ///< distance weight of each direction, applied when merging them
};

Matrices count_all(const DiscreteRoi& roi, bool three_d, bool directional, const CountFn& count,
                   int neighbourhood_distance, DistanceWeighting weighting) {
  std::vector<std::vector<Offset>> offset_sets;
  if (directional) {
    for (const Offset& d : directions(three_d)) offset_sets.push_back({d});
  } else {
    offset_sets.push_back(neighbourhood(three_d, neighbourhood_distance));
  }
  Matrices m;
  for (const auto& set : offset_sets)
    // Weighting by the length of the unit direction: a GLCM distance delta scales every
    // direction alike, which leaves normalised features unchanged.
    m.weight.push_back(directional ? 1.0 / offset_norm(set.front(), weighting) : 1.0);
  for (const Slab& slab : slabs(roi, three_d)) {
    std::vector<Matrix> row;
    for (const auto& set : offset_sets) row.push_back(count(roi, slab, set));
    m.by_slab.push_back(std::move(row));
  }
  return m;
}

/// Groups and merges the matrices as the plan says. Merging across directions applies the
/// distance weights (IBSI: weighting only has an effect when matrices are merged); the voxel
/// counts n_voxels are not weighted.
std::vector<Matrix> group(const Matrices& m, const Plan& plan) {
  std::map<std::pair<std::size_t, std::size_t>, Matrix> groups;
  for (std::size_t s = 0; s < m.by_slab.size(); ++s) {
    for (std::size_t d = 0; d < m.by_slab[s].size(); ++d) {
      const auto key = std::make_pair(plan.per_slice ? s : 0, plan.per_direction ? d : 0);
      Matrix contribution = m.by_slab[s][d];
      if (!plan.per_direction && m.weight[d] != 1.0) contribution.counts *= m.weight[d];
      merge_into(groups[key], contribution);
    }
  }
  std::vector<Matrix> out;
  for (auto& [key, matrix] : groups) out.push_back(std::move(matrix));
  return out;
}

/// Arithmetic mean of each feature over the matrices, ignoring matrices where the feature is
/// undefined (NaN: e.g. an empty matrix, or the correlation of a constant slab). The feature is
/// NaN only when no matrix defines it. This is the averaging of MIRP (numpy.nanmean).
std::vector<double> average_features(const std::vector<Matrix>& matrices, std::size_t n_features,
                                     const FeatureFn& features) {
  std::vector<double> sum(n_features, 0.0);
  std::vector<int> n(n_features, 0);
  std::vector<double> values(n_features);
  for (const Matrix& matrix : matrices) {
    std::fill(values.begin(), values.end(), std::numeric_limits<double>::quiet_NaN());
    features(matrix, values);
    for (std::size_t i = 0; i < n_features; ++i) {
      if (std::isnan(values[i])) continue;
      sum[i] += values[i];
      ++n[i];
    }
  }
  for (std::size_t i = 0; i < n_features; ++i)
    sum[i] = n[i] > 0 ? sum[i] / n[i] : std::numeric_limits<double>::quiet_NaN();
  return sum;
}

}  // namespace

void compute_family(const DiscreteRoi& roi, const FamilyInfo& family,
                    std::span<const Aggregation> aggregations, const CountFn& count,
                    const FeatureFn& features, FeatureTable& out, int neighbourhood_distance,
                    DistanceWeighting weighting) {
  // The matrices of the 2D and of the 3D analysis are each counted once and shared by every
  // aggregation that uses them.
  std::array<std::optional<Matrices>, 2> per_analysis;
  for (Aggregation a : aggregations) {
    const std::optional<Plan> plan = plan_of(a, family.directional);
    if (!plan) continue;
    std::optional<Matrices>& m = per_analysis[plan->three_d ? 1 : 0];
    if (!m)
      m = count_all(roi, plan->three_d, family.directional, count, neighbourhood_distance,
                    weighting);
    const std::vector<double> values =
        average_features(group(*m, *plan), family.features.size(), features);
    const std::string suffix = aggregation_suffix(a);
    for (std::size_t i = 0; i < family.features.size(); ++i)
      out.add(std::string(family.features[i].tag) + suffix, values[i]);
  }
}

std::vector<double> aggregate(const DiscreteRoi& roi, bool directional, Aggregation aggregation,
                              const CountFn& count, const FeatureFn& features,
                              std::size_t n_features, int neighbourhood_distance,
                              DistanceWeighting weighting) {
  const std::optional<Plan> plan = plan_of(aggregation, directional);
  if (!plan) return std::vector<double>(n_features, std::numeric_limits<double>::quiet_NaN());
  const Matrices m = count_all(roi, plan->three_d, directional, count, neighbourhood_distance, weighting);
  return average_features(group(m, *plan), n_features, features);
}

}  // namespace radiomics::texture
