// Where the chain works on the image grid (see regions.hpp).
#include "preprocess/regions.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <optional>
#include <string>

#include "features/local_intensity.hpp"
#include "filters/filters.hpp"
#include "pyradiomics/grid.hpp"
#include "radiomics/errors.hpp"

namespace radiomics {
namespace {

/// The final spacing along each axis: the interpolation's, or the image's where nothing is
/// interpolated (no interpolation, or an axis that keeps its spacing).
std::array<double, 3> final_spacing(const Settings& settings, const Geometry& g, const std::array<bool, 3>& keep) {
  std::array<double, 3> spacing{};
  for (std::size_t a = 0; a < 3; ++a) {
    const bool interpolated = settings.interpolation.enabled && !keep[a];
    spacing[a] = interpolated ? settings.interpolation.spacing[a] : g.spacing[a];
  }
  return spacing;
}

/// The reach of the configured filters in the final grid's voxels (the largest per axis), or
/// nullopt when a filter reads the whole image: a Fourier-domain filter, or a periodic boundary
/// (a kernel crossing one border reads the far side of the image).
std::optional<std::array<int, 3>> filters_reach(const Settings& settings, const Geometry& g,
                                                const std::array<bool, 3>& keep) {
  std::array<int, 3> reach{0, 0, 0};
  for (const FilterSettings& f : settings.filtering.filters) {
    const auto r = filters::filter_reach(f, final_spacing(settings, g, keep));
    if (!r || f.boundary == Boundary::Periodic) return std::nullopt;
    for (std::size_t a = 0; a < 3; ++a) reach[a] = std::max(reach[a], (*r)[a]);
  }
  return reach;
}

}  // namespace

std::array<int, 3> image_size(const Geometry& g) {
  std::array<int, 3> size{};
  for (std::size_t a = 0; a < 3; ++a) {
    if (g.size[a] == 0 || g.size[a] > static_cast<std::size_t>(std::numeric_limits<int>::max() / 2))
      throw InputError("the image has an invalid size along " + std::string(kAxisNames[a]) + ": " +
                       std::to_string(g.size[a]));
    size[a] = static_cast<int>(g.size[a]);
  }
  return size;
}

Region bounding_box(const Grid3& grid, const std::vector<std::uint8_t>& mask) {
  Region box;
  box.lo = grid.size;
  const auto nx = static_cast<std::ptrdiff_t>(grid.size[0]);
  // Row by row: the first and last voxel of a row bound x; any voxel in the row bounds y and z.
  for (int z = 0; z < grid.size[2]; ++z)
    for (int y = 0; y < grid.size[1]; ++y) {
      const auto row = mask.begin() + static_cast<std::ptrdiff_t>(grid.index(0, y, z));
      const auto first = std::find_if(row, row + nx, [](std::uint8_t m) { return m != 0; });
      if (first == row + nx) continue;
      const auto last = std::find_if(std::make_reverse_iterator(row + nx), std::make_reverse_iterator(row),
                                     [](std::uint8_t m) { return m != 0; });
      box.lo[0] = std::min(box.lo[0], static_cast<int>(first - row));
      box.hi[0] = std::max(box.hi[0], static_cast<int>(last.base() - row) - 1);
      box.lo[1] = std::min(box.lo[1], y);
      box.hi[1] = std::max(box.hi[1], y);
      box.lo[2] = std::min(box.lo[2], z);
      box.hi[2] = std::max(box.hi[2], z);
    }
  return box;
}

std::size_t count_inside(const std::vector<std::uint8_t>& mask) {
  return static_cast<std::size_t>(std::count_if(mask.begin(), mask.end(), [](std::uint8_t m) { return m != 0; }));
}

std::array<bool, 3> axes_keeping_spacing(const Settings& settings, const Region& roi_box) {
  std::array<bool, 3> keep{false, false, settings.slice_wise};
  if (settings.compatibility == Compatibility::PyRadiomics)
    for (std::size_t a = 0; a < 3; ++a) keep[a] = settings.interpolation.spacing[a] == 0.0 || roi_box.size(a) == 1;
  return keep;
}

double interpolation_reach(InterpolationMethod method) { return method == InterpolationMethod::Cubic ? 14.0 : 2.0; }

double exact_interpolation_reach(InterpolationMethod method) {
  return method == InterpolationMethod::Cubic ? 40.0 : 2.0;
}

Region working_region(const Region& roi_box, const std::array<int, 3>& size, const Settings& settings,
                      const Geometry& g, const std::array<bool, 3>& keep, bool whole_image) {
  Region r;
  const std::optional<std::array<int, 3>> reach = filters_reach(settings, g, keep);
  for (std::size_t a = 0; a < 3; ++a) {
    if (!reach || whole_image) {
      r.lo[a] = 0;
      r.hi[a] = size[a] - 1;
      continue;
    }
    const bool interpolated = settings.interpolation.enabled && !keep[a];
    const double axis_spacing = final_spacing(settings, g, keep)[a];
    const double reach_mm = local_intensity::sphere_radius_mm() + (2.0 + (*reach)[a]) * axis_spacing;
    int margin = static_cast<int>(std::ceil(reach_mm / g.spacing[a])) + 1;
    if (interpolated) margin += static_cast<int>(interpolation_reach(settings.interpolation.method));
    r.lo[a] = std::max(0, roi_box.lo[a] - margin);
    r.hi[a] = std::min(size[a] - 1, roi_box.hi[a] + margin);
  }
  return r;
}

Region crop_region(const Grid3& grid, const std::vector<std::uint8_t>& morph_mask) {
  const Region box = bounding_box(grid, morph_mask);
  Region r;
  for (std::size_t a = 0; a < 3; ++a) {
    const int margin = static_cast<int>(std::ceil(local_intensity::sphere_radius_mm() / grid.spacing[a])) + 1;
    r.lo[a] = std::max(0, box.lo[a] - margin);
    r.hi[a] = std::min(grid.size[a] - 1, box.hi[a] + margin);
  }
  return r;
}

AxisSampling whole_axis_sampling(const Settings& settings, int size, double spacing, std::size_t a, bool keep) {
  if (keep) return AxisSampling{size, 0.0, 1.0};
  const double new_spacing = settings.interpolation.spacing[a];
  return settings.compatibility == Compatibility::PyRadiomics ? pyradiomics::axis_sampling(size, spacing, new_spacing)
                                                              : ibsi_axis_sampling(size, spacing, new_spacing);
}

AxisSampling region_sampling(const AxisSampling& whole, int lo, int hi, int n, double reach) {
  // A side that is the image's own edge keeps every sample (the edge rule applies there).
  int k0 = 0;
  int k1 = whole.size - 1;
  if (lo > 0) k0 = std::max(k0, static_cast<int>(std::ceil((lo + reach - whole.first) / whole.step)));
  if (hi < n - 1) k1 = std::min(k1, static_cast<int>(std::floor((hi - reach - whole.first) / whole.step)));
  return AxisSampling{std::max(0, k1 - k0 + 1), whole.first, whole.step, k0, static_cast<double>(lo)};
}

}  // namespace radiomics
