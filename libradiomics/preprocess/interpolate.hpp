// Image interpolation (IBSI manual, "Interpolation"): resampling a volume onto a new grid with
// aligned grid centres, by nearest neighbour, linear or cubic B-spline interpolation. The
// interpolators are separable: a volume is resampled one axis at a time, which equals the
// tensor-product (trilinear, tricubic) interpolation and costs a few passes over the data.
#pragma once
#include <array>
#include <vector>

#include "radiomics/settings.hpp"

namespace radiomics {

/// Where the samples of a new grid lie along one axis, in voxel coordinates of the old grid:
/// sample j is at first + (j + index_offset) * step - shift. A block cut out of a larger grid
/// (index_offset samples skipped, old voxels from `shift` on) thus gets bit-identical positions,
/// and so bit-identical values, to the whole grid: subtracting the integer shift is exact.
struct AxisSampling {
  int size = 0;
  double first = 0.0;
  double step = 1.0;
  int index_offset = 0;
  double shift = 0.0;

  double position(int j) const { return first + (j + index_offset) * step - shift; }
  bool is_identity(int old_size) const {
    return size == old_size && first == 0.0 && step == 1.0 && index_offset == 0 && shift == 0.0;
  }
};

/// The IBSI grid along one axis ("align grid centres"): ceil(n * old / new) samples spaced
/// new / old apart, centred on the old grid, so the first one is at
/// 0.5 * (n - 1) - 0.5 * (n_new - 1) * new / old.
AxisSampling ibsi_axis_sampling(int old_size, double old_spacing, double new_spacing);

/// Value taken by samples outside the old grid.
enum class Outside {
  kNearestEdge,  ///< the nearest edge value (scipy mode "nearest"): images
  kZero,         ///< zero beyond the first and last voxel centres: masks
};

/// Resamples `values` (size[0] x size[1] x size[2], x fastest) at the positions `axes`.
/// Cubic is a cubic B-spline with the interpolating prefilter, as scipy.ndimage.map_coordinates
/// with order=3, mode="nearest" (edge-padded by 12 voxels before prefiltering); `outside` applies
/// to nearest and linear interpolation, cubic always continues the edge values.
std::vector<double> resample(const std::vector<double>& values, const std::array<int, 3>& size,
                             const std::array<AxisSampling, 3>& axes, InterpolationMethod method,
                             Outside outside);

}  // namespace radiomics
