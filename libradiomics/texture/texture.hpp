// The shared texture layer (IBSI manual, "Aggregating features" of every texture family).
//
// A family supplies only a counting rule, "count this slab with these neighbour offsets into a
// matrix", and a feature rule, "compute the feature vector of one matrix". This layer owns the
// offsets (4 directions in 2D, 13 in 3D, from one generator), the slabs (one per slice, or the
// whole volume), merging (element-wise sums, the IBSI definition of a merged matrix) and
// averaging feature values. A 2D slice is simply a slab of depth one.
#pragma once
#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/roi.hpp"
#include "radiomics/feature_table.hpp"
#include "radiomics/registry.hpp"
#include "radiomics/settings.hpp"

namespace radiomics::texture {

using Offset = std::array<int, 3>;  ///< (dx, dy, dz)

/// z-range [z_begin, z_end) of a slab: one slice in 2D, the whole grid in 3D.
struct Slab {
  int z_begin = 0;
  int z_end = 0;
};

/// A texture matrix. Rows are grey levels 1..N_g (row r is grey level r + 1); the meaning
/// of columns is the family's (GLCM: second grey level; GLRLM: run length - 1; NGTDM:
/// {n_i, s_i}; ...). Merging two matrices is an element-wise sum after padding to the larger
/// shape, so every family merges the same way.
struct Matrix {
  Eigen::ArrayXXd counts;
  double n_voxels = 0.0;  ///< voxels counted into this matrix (merged: summed)
  /// Sparse columns: column c stands for the value column_values[c] (ascending), e.g. a zone
  /// size; the columns of values absent are left out. Empty: column c is the value c + 1. A
  /// GLSZM of a 300^3 ROI of one grey level has one zone of 27 million voxels: as a dense matrix
  /// that is 27 million columns per grey level.
  std::vector<double> column_values = {};
};

/// The value of each column of m (its column_values, or 1..cols).
Eigen::ArrayXd column_values_of(const Matrix& m);

/// Adds b into a, growing a to the larger shape (sparse columns are merged by value).
void merge_into(Matrix& a, const Matrix& b);

/// Grey level of voxel (x, y, z), or 0 (outside the intensity mask) when the voxel lies beyond
/// the grid or the slab: the neighbour look-up of every counting rule, so that in 2D nothing
/// reaches across slices.
inline std::int32_t level_in_slab(const DiscreteRoi& roi, Slab slab, int x, int y, int z) {
  if (!roi.grid.contains(x, y, z) || z < slab.z_begin || z >= slab.z_end) return 0;
  return roi.level[roi.grid.index(x, y, z)];
}

/// The unique directions of a Chebyshev distance-1 neighbourhood, one of each +/- pair:
/// 4 in 2D (dz = 0), 13 in 3D. Generated, not listed.
std::vector<Offset> directions(bool three_d);
/// Every neighbour within Chebyshev distance `distance` (both signs): 8/26 for distance 1.
std::vector<Offset> neighbourhood(bool three_d, int distance);
/// Length of an offset under a grid distance norm (IBSI MPUJ); 1 for DistanceWeighting::None.
double offset_norm(const Offset& o, DistanceWeighting norm);

/// Calls fn(x, y, z, g) for every voxel of `slab` in the intensity mask (grey level g > 0), in
/// raster order: the one voxel loop that the counting rules share.
template <class Fn>
void for_each_roi_voxel(const DiscreteRoi& roi, Slab slab, Fn&& fn) {
  const Grid3& grid = roi.grid;
  for (int z = slab.z_begin; z < slab.z_end; ++z)
    for (int y = 0; y < grid.size[1]; ++y)
      for (int x = 0; x < grid.size[0]; ++x) {
        const std::int32_t g = roi.level[grid.index(x, y, z)];
        if (g > 0) fn(x, y, z, g);
      }
}

/// The Chebyshev distance and dimensionality of a neighbourhood that is a whole cube (3D) or
/// square (2D, dz = 0) around the centre, as neighbourhood() makes it; nothing otherwise.
struct Cube {
  int distance = 1;
  bool three_d = true;
};
std::optional<Cube> cube_of(std::span<const Offset> neighbourhood);

/// Two sums over a box of voxels: what a neighbourhood family needs of its neighbours.
struct BoxSum {
  std::int64_t sum = 0;
  std::int64_t count = 0;
  BoxSum& operator+=(const BoxSum& o) {
    sum += o.sum;
    count += o.count;
    return *this;
  }
  BoxSum& operator-=(const BoxSum& o) {
    sum -= o.sum;
    count -= o.count;
    return *this;
  }
};

/// Calls fn(x, y, z, g, box) for every voxel of `slab` in the intensity mask (grey level g > 0),
/// in raster order, with box the sum of value(level) over the voxels of the grid and the slab
/// within Chebyshev distance `cube.distance` of it, itself included (dz = 0 in 2D). The boxes are
/// sliding sums (along x and y within a plane, then a window of planes moving along z), so the
/// cost is linear in the slab whatever the distance, and the memory a few planes: the
/// neighbourhood families' alternative to visiting (2 delta + 1)^3 - 1 neighbours per voxel.
/// Sums are exact integers.
template <class Value, class Fn>
void for_each_roi_voxel_with_box(const DiscreteRoi& roi, Slab slab, Cube cube, Value value, Fn&& fn);

/// How a neighbourhood family sums over a voxel's neighbours: visiting each (cheap for small
/// neighbourhoods), sliding box sums (linear whatever the distance; whole cubes only), or the
/// cheaper of the two. Both give the same matrix, bit for bit (tested).
enum class NeighbourSums { kAuto, kVisit, kBoxes };

/// Whether box sums beat visiting each neighbour, for `passes` box sums over the slab against
/// `neighbours` visits per intensity-mask voxel of the slab.
bool box_sums_pay_off(const DiscreteRoi& roi, Slab slab, std::size_t neighbours, std::size_t passes);

/// Whether an aggregation applies to a family: the six directional ones to GLCM and GLRLM, the
/// three others to the zone and neighbourhood families.
bool applies(Aggregation a, bool directional);

/// Counting rule of a family: one matrix for the voxels of `slab`, using `offsets`
/// (a directional family gets one direction at a time; a zone or neighbourhood family gets
/// its whole neighbourhood).
using CountFn = std::function<Matrix(const DiscreteRoi&, Slab, std::span<const Offset>)>;
/// Feature rule of a family: fills out[i] for the family's i-th feature (registry order).
using FeatureFn = std::function<void(const Matrix&, std::span<double> out)>;

/// Computes a texture family for every requested aggregation that fits the family
/// (directional or not), appending `<tag><suffix>` values to the table in registry order.
/// `neighbourhood_distance` is the Chebyshev distance of non-directional families' neighbourhoods
/// (zone families use 1: 8- / 26-connectivity).
/// Output order: aggregation by aggregation (in the order given), features in registry order.
/// A feature value is the arithmetic mean over the matrices of the aggregation, ignoring
/// matrices where it is NaN (undefined); NaN when no matrix defines it.
/// `weighting` (IBSI 6CK8, directional families only): when directional matrices are merged,
/// each is multiplied by 1 / ||direction|| under that norm first; None changes nothing.
void compute_family(const DiscreteRoi& roi, const FamilyInfo& family,
                    std::span<const Aggregation> aggregations, const CountFn& count,
                    const FeatureFn& features, FeatureTable& out, int neighbourhood_distance = 1,
                    DistanceWeighting weighting = DistanceWeighting::None);

/// The feature vector (`n_features` values) of one aggregation of a family: the same matrices,
/// grouping and NaN-ignoring average as compute_family, without naming the values. For callers
/// with their own feature lists (PyRadiomics mode). NaN values when the aggregation does not
/// apply to a family that is (not) `directional`.
std::vector<double> aggregate(const DiscreteRoi& roi, bool directional, Aggregation aggregation,
                              const CountFn& count, const FeatureFn& features,
                              std::size_t n_features, int neighbourhood_distance = 1,
                              DistanceWeighting weighting = DistanceWeighting::None);
// --- Implementation of for_each_roi_voxel_with_box. ---

namespace detail {

/// Sliding sums over one plane: out(x, y) = sum of value(level) over |dx|, |dy| <= d, clipped.
template <class Value>
void plane_box(const DiscreteRoi& roi, int z, int d, Value& value, std::vector<BoxSum>& out,
               std::vector<BoxSum>& line) {
  const int nx = roi.grid.size[0];
  const int ny = roi.grid.size[1];
  const auto at = [nx](int x, int y) { return static_cast<std::size_t>(x) + static_cast<std::size_t>(nx) * static_cast<std::size_t>(y); };
  for (int y = 0; y < ny; ++y) {
    // Prefix sums along the row, then windows [x - d, x + d] clipped to the row.
    line[0] = BoxSum{};
    for (int x = 0; x < nx; ++x) {
      line[static_cast<std::size_t>(x) + 1] = line[static_cast<std::size_t>(x)];
      line[static_cast<std::size_t>(x) + 1] += value(roi.level[roi.grid.index(x, y, z)]);
    }
    for (int x = 0; x < nx; ++x) {
      BoxSum w = line[static_cast<std::size_t>(std::min(nx, x + d + 1))];
      w -= line[static_cast<std::size_t>(std::max(0, x - d))];
      out[at(x, y)] = w;
    }
  }
  for (int x = 0; x < nx; ++x) {
    line[0] = BoxSum{};
    for (int y = 0; y < ny; ++y) {
      line[static_cast<std::size_t>(y) + 1] = line[static_cast<std::size_t>(y)];
      line[static_cast<std::size_t>(y) + 1] += out[at(x, y)];
    }
    for (int y = 0; y < ny; ++y) {
      BoxSum w = line[static_cast<std::size_t>(std::min(ny, y + d + 1))];
      w -= line[static_cast<std::size_t>(std::max(0, y - d))];
      out[at(x, y)] = w;
    }
  }
}

}  // namespace detail

template <class Value, class Fn>
void for_each_roi_voxel_with_box(const DiscreteRoi& roi, Slab slab, Cube cube, Value value, Fn&& fn) {
  const Grid3& grid = roi.grid;
  const std::size_t plane_size = static_cast<std::size_t>(grid.size[0]) * static_cast<std::size_t>(grid.size[1]);
  const int d = cube.distance;
  const int dz = cube.three_d ? d : 0;
  std::vector<BoxSum> window(plane_size), plane(plane_size);
  std::vector<BoxSum> line(static_cast<std::size_t>(std::max(grid.size[0], grid.size[1])) + 1);
  const auto add_plane = [&](int z, bool subtract) {
    detail::plane_box(roi, z, d, value, plane, line);
    for (std::size_t i = 0; i < plane_size; ++i) {
      if (subtract) window[i] -= plane[i];
      else window[i] += plane[i];
    }
  };
  // The window holds the planes [z - dz, z + dz] within the slab.
  for (int z = slab.z_begin; z < std::min(slab.z_end, slab.z_begin + dz); ++z) add_plane(z, false);
  for (int z = slab.z_begin; z < slab.z_end; ++z) {
    if (z + dz < slab.z_end) add_plane(z + dz, false);
    if (z - dz - 1 >= slab.z_begin) add_plane(z - dz - 1, true);
    for (int y = 0; y < grid.size[1]; ++y)
      for (int x = 0; x < grid.size[0]; ++x) {
        const std::int32_t g = roi.level[grid.index(x, y, z)];
        if (g > 0) fn(x, y, z, g, window[static_cast<std::size_t>(x) + static_cast<std::size_t>(grid.size[0]) * static_cast<std::size_t>(y)]);
      }
  }
}

}  // namespace radiomics::texture
