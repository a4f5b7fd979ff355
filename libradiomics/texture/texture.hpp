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
};

/// Adds b into a, growing a to the larger shape.
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

}  // namespace radiomics::texture
