// The IBSI image-processing chain (manual chapter 2), in the manual's order:
//   checks -> label selection -> intensity rounding (CT) -> interpolation of image and mask
//   -> re-segmentation (intensity mask only) -> cropping -> filters (IBSI 2: each filter runs
//   over the whole processed image, and its response map is cropped like the image).
// Every stage returns new data; the IBSI diagnostic values of each stage are recorded on the way.
#include "preprocess/prepare_roi.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/labels.hpp"
#include "core/parallel.hpp"
#include "features/local_intensity.hpp"
#include "filters/filters.hpp"
#include "preprocess/interpolate.hpp"
#include "preprocess/resegment.hpp"
#include "pyradiomics/grid.hpp"
#include "preprocess/resource_limits.hpp"
#include "radiomics/errors.hpp"
#include "radiomics/extractor.hpp"  // labels_present

namespace radiomics {
namespace {

/// Relative tolerance on spacing and origin, absolute on direction cosines: headers written by
/// different tools round these differently.
constexpr double kGeometryTolerance = 1e-4;

/// A volume of intensities and its masks on one grid (whole image, not yet cropped).
struct Stage {
  Grid3 grid;
  std::vector<double> intensity;
  std::vector<std::uint8_t> morph_mask;
  std::vector<std::uint8_t> int_mask;
};

std::string format_triple(const double* v, std::size_t n) {
  std::ostringstream out;
  out.precision(8);
  out << "(";
  for (std::size_t i = 0; i < n; ++i) out << (i ? ", " : "") << v[i];
  out << ")";
  return out.str();
}

bool nearly_equal(double a, double b, double scale) {
  return std::abs(a - b) <= kGeometryTolerance * scale;
}

/// Bounding box [lo, hi] (inclusive) of a mask; empty when lo > hi.
struct Box {
  std::array<int, 3> lo{0, 0, 0};
  std::array<int, 3> hi{-1, -1, -1};
  bool empty() const { return lo[0] > hi[0]; }
  int extent(std::size_t axis) const { return empty() ? 0 : hi[axis] - lo[axis] + 1; }
};

Box bounding_box(const Grid3& grid, const std::vector<std::uint8_t>& mask) {
  Box box;
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

std::size_t count(const std::vector<std::uint8_t>& mask) {
  return static_cast<std::size_t>(std::count_if(mask.begin(), mask.end(), [](std::uint8_t m) { return m != 0; }));
}

struct Summary {
  double mean = std::numeric_limits<double>::quiet_NaN();
  double min = std::numeric_limits<double>::quiet_NaN();
  double max = std::numeric_limits<double>::quiet_NaN();
};

/// Running sum, minimum and maximum, combined in a fixed order.
struct Accumulator {
  double sum = 0.0;
  std::size_t n = 0;
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    sum += v;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    ++n;
  }
  void add(const Accumulator& other) {
    sum += other.sum;
    lo = std::min(lo, other.lo);
    hi = std::max(hi, other.hi);
    n += other.n;
  }
  Summary summary() const {
    Summary s;
    if (n == 0) return s;
    s.mean = sum / static_cast<double>(n);
    s.min = lo;
    s.max = hi;
    return s;
  }
};

/// Mean, minimum and maximum of the intensities in `mask` (all voxels when mask is null).
Summary summarise(const std::vector<double>& intensity, const std::vector<std::uint8_t>* mask) {
  Accumulator acc;
  for (std::size_t i = 0; i < intensity.size(); ++i)
    if (!mask || (*mask)[i]) acc.add(intensity[i]);
  return acc.summary();
}

constexpr const char* kAxisNames[3] = {"x", "y", "z"};

/// IBSI image diagnostics of one stage: img_dim_*, vox_dim_*, mean/min/max_int of the whole
/// image (`grid`: its size and spacing; `s`: its summary).
void add_image_diagnostics(FeatureTable& table, const Grid3& grid, const Summary& s, const std::string& suffix) {
  for (std::size_t a = 0; a < 3; ++a)
    table.add(std::string("img_dim_") + kAxisNames[a] + suffix, grid.size[a]);
  for (std::size_t a = 0; a < 3; ++a)
    table.add(std::string("vox_dim_") + kAxisNames[a] + suffix, grid.spacing[a]);
  table.add("mean_int" + suffix, s.mean);
  table.add("min_int" + suffix, s.min);
  table.add("max_int" + suffix, s.max);
}

/// IBSI ROI diagnostics of one stage: grid, bounding boxes, voxel counts, intensity mask summary.
/// The stage holds a block of the whole image's grid around the ROI (the masks are 0 beyond it);
/// `whole_size` is the size of that whole grid.
void add_roi_diagnostics(FeatureTable& table, const Stage& stage, const std::array<int, 3>& whole_size,
                         const std::string& suffix) {
  const Box int_box = bounding_box(stage.grid, stage.int_mask);
  const Box morph_box = bounding_box(stage.grid, stage.morph_mask);
  for (std::size_t a = 0; a < 3; ++a)
    table.add(std::string("int_mask_dim_") + kAxisNames[a] + suffix, whole_size[a]);
  for (std::size_t a = 0; a < 3; ++a)
    table.add(std::string("int_mask_bb_dim_") + kAxisNames[a] + suffix, int_box.extent(a));
  for (std::size_t a = 0; a < 3; ++a)
    table.add(std::string("morph_mask_bb_dim_") + kAxisNames[a] + suffix, morph_box.extent(a));
  table.add("int_mask_vox_count" + suffix, static_cast<double>(count(stage.int_mask)));
  table.add("morph_mask_vox_count" + suffix, static_cast<double>(count(stage.morph_mask)));
  const Summary s = summarise(stage.intensity, &stage.int_mask);
  table.add("int_mask_mean_int" + suffix, s.mean);
  table.add("int_mask_min_int" + suffix, s.min);
  table.add("int_mask_max_int" + suffix, s.max);
}

/// Rounds to the nearest integer, halves to even (np.round, as MIRP does for CT).
void round_intensities(std::vector<double>& intensity) {
  for (double& v : intensity) v = std::nearbyint(v);
}

/// Throws when a ROI voxel has a NaN or infinite intensity (they would poison every feature).
void check_finite_in_roi(const Stage& stage, const char* when) {
  std::size_t bad = 0;
  for (std::size_t i = 0; i < stage.intensity.size(); ++i)
    if (stage.morph_mask[i] && !std::isfinite(stage.intensity[i])) ++bad;
  if (bad > 0)
    throw InputError("the image has " + std::to_string(bad) +
                     " non-finite (NaN or infinite) intensities inside the ROI" + when);
}

/// A block of the image grid: voxels lo..hi (inclusive) along each axis.
struct Region {
  std::array<int, 3> lo{0, 0, 0};
  std::array<int, 3> hi{-1, -1, -1};
  int size(std::size_t a) const { return hi[a] - lo[a] + 1; }
};

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

/// Bounding box of `label` in the mask, in one pass over the labels; when the label is absent,
/// the error lists the labels that are present.
template <class MaskView>
Region label_box(const MaskView& mask, const std::array<int, 3>& size, int label) {
  Region box;
  box.lo = size;
  std::size_t i = 0;
  for (int z = 0; z < size[2]; ++z)
    for (int y = 0; y < size[1]; ++y)
      for (int x = 0; x < size[0]; ++x, ++i)
        if (mask[i] == label) {
          box.lo = {std::min(box.lo[0], x), std::min(box.lo[1], y), std::min(box.lo[2], z)};
          box.hi = {std::max(box.hi[0], x), std::max(box.hi[1], y), std::max(box.hi[2], z)};
        }
  if (box.hi[0] >= 0) return box;
  throw_absent_label(label, labels_present(mask));
}

/// The final spacing along each axis: the interpolation's, or the image's where nothing is
/// interpolated (no interpolation, or an axis that keeps its spacing: z in a slice-wise
/// analysis; in PyRadiomics mode also an axis of spacing 0 or one voxel of ROI).
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

/// How far (in input voxels) an interpolated sample depends on the input: 2 voxels for nearest
/// and linear, 14 for the cubic B-spline, whose prefilter's influence decays as 0.268^k (a block
/// cut 14 voxels from a sample changes it by about 1e-8 of the intensities' scale).
double interpolation_reach(InterpolationMethod method) { return method == InterpolationMethod::Cubic ? 14.0 : 2.0; }

/// The same, far enough for the cubic B-spline that a block's samples equal the whole image's to
/// the last bit (0.268^40 = 1e-23): the tiles of the diagnostics use it, where the extra margin
/// costs little; the ROI's block keeps interpolation_reach (a coarse PET upsampled would
/// otherwise interpolate most of the image).
double exact_interpolation_reach(InterpolationMethod method) {
  return method == InterpolationMethod::Cubic ? 40.0 : 2.0;
}

/// The image block that later stages need: the ROI's bounding box plus room for the local
/// intensity sphere (in the final spacing), for the filters' kernels, and for the interpolation
/// (interpolation_reach). Cropping here makes the cost follow the ROI, not the image: the block's grid is a
/// block of the whole image's grid with the same samples, and a filter reads no further than its
/// reach, so the ROI gets the values of whole-image processing (tested). The whole image is kept
/// for the Fourier-domain filters (Gabor, Simoncelli) and periodic boundaries, which read the
/// whole image (the diagnostics of the whole interpolated image are streamed instead, see
/// interpolated_image_summary);
/// where the block meets the image border, a zero, nearest or mirror boundary condition acts
/// there as on the whole image.
Region working_region(const Region& roi_box, const std::array<int, 3>& size, const Settings& settings,
                      const Geometry& g, const std::array<bool, 3>& keep) {
  Region r;
  const std::optional<std::array<int, 3>> reach = filters_reach(settings, g, keep);
  for (std::size_t a = 0; a < 3; ++a) {
    if (!reach) {
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

/// The ROI of `label` within `region`, with the (rounded) intensities of that block.
template <class ImageV, class MaskView>
Stage select_roi(const ImageV& image, const MaskView& mask, const Settings& settings,
                 const Region& region) {
  const Geometry& g = image.geometry;
  Stage stage;
  for (std::size_t a = 0; a < 3; ++a) {
    stage.grid.size[a] = region.size(a);
    stage.grid.spacing[a] = g.spacing[a];
  }
  const std::size_t n = stage.grid.count();
  stage.morph_mask.resize(n);
  stage.intensity.resize(n);
  std::size_t dst = 0;
  for (int z = region.lo[2]; z <= region.hi[2]; ++z)
    for (int y = region.lo[1]; y <= region.hi[1]; ++y) {
      std::size_t src = g.index(static_cast<std::size_t>(region.lo[0]), static_cast<std::size_t>(y),
                                static_cast<std::size_t>(z));
      for (int x = region.lo[0]; x <= region.hi[0]; ++x, ++src, ++dst) {
        stage.morph_mask[dst] = mask[src] == settings.label ? 1 : 0;
        stage.intensity[dst] = static_cast<double>(image[src]);
      }
    }
  stage.int_mask = stage.morph_mask;
  check_finite_in_roi(stage, "");
  if (settings.rounds_intensities()) round_intensities(stage.intensity);
  return stage;
}

/// The samples of the IBSI grid of the whole image (size `n` along the axis) that fall inside
/// `region`, away from its cut edges by the kernel's reach; expressed in the region's voxel
/// coordinates. Equals the whole-image grid when the region is the whole axis.
AxisSampling region_sampling(const AxisSampling& whole, int lo, int hi, int n, double reach) {
  // A side that is the image's own edge keeps every sample (the edge rule applies there).
  int k0 = 0;
  int k1 = whole.size - 1;
  if (lo > 0) k0 = std::max(k0, static_cast<int>(std::ceil((lo + reach - whole.first) / whole.step)));
  if (hi < n - 1) k1 = std::min(k1, static_cast<int>(std::floor((hi - reach - whole.first) / whole.step)));
  return AxisSampling{std::max(0, k1 - k0 + 1), whole.first, whole.step, k0, static_cast<double>(lo)};
}

/// The sampling of the whole image's axis `a` by the interpolation: the IBSI grid (PyRadiomics'
/// in its mode), or the identity for an axis that keeps its spacing.
AxisSampling whole_axis_sampling(const Settings& settings, int size, double spacing, std::size_t a, bool keep) {
  if (keep) return AxisSampling{size, 0.0, 1.0};
  const double new_spacing = settings.interpolation.spacing[a];
  return settings.compatibility == Compatibility::PyRadiomics ? pyradiomics::axis_sampling(size, spacing, new_spacing)
                                                              : ibsi_axis_sampling(size, spacing, new_spacing);
}


/// Mean, minimum and maximum of the whole image as the chain reads it (CT intensities rounded).
template <class ImageV>
Summary image_summary(const ImageV& image, const Settings& settings) {
  Accumulator acc;
  const std::size_t n = image.geometry.voxel_count();
  const bool round = settings.rounds_intensities();
  for (std::size_t i = 0; i < n; ++i) {
    const auto v = static_cast<double>(image[i]);
    acc.add(round ? std::nearbyint(v) : v);
  }
  return acc.summary();
}

/// Mean, minimum and maximum of the whole image interpolated as interpolate_stage interpolates,
/// without ever holding it (the IBSI `*_interp_img` diagnostics): the image is interpolated in
/// tiles of columns (every slice of an x-y block), each read with a margin of the interpolation's
/// reach, so that every sample gets the value of whole-image interpolation (the property the ROI
/// block relies on, tested) while a few tiles of a few million voxels are held at a time. The CT
/// phantom at 0.3 mm (261 million voxels) took 4.7 GB in one piece. `whole_size` receives the
/// interpolated grid's size.
template <class ImageV>
Summary interpolated_image_summary(const ImageV& image, const Settings& settings, const std::array<bool, 3>& keep,
                                   std::array<int, 3>& whole_size) {
  const Geometry& g = image.geometry;
  const std::array<int, 3> size = image_size(g);
  std::array<AxisSampling, 3> whole;
  for (std::size_t a = 0; a < 3; ++a) {
    whole[a] = whole_axis_sampling(settings, size[a], g.spacing[a], a, keep[a]);
    whole_size[a] = whole[a].size;
  }
  const auto margin = static_cast<int>(exact_interpolation_reach(settings.interpolation.method)) + 1;
  constexpr double kTileVoxels = 4e6;
  const int side = std::max(8, static_cast<int>(std::sqrt(kTileVoxels / std::max(1, whole[2].size))));
  // The tiles' sample ranges along x and y; an axis that keeps its spacing is not cut.
  const auto ranges = [&](std::size_t a) {
    std::vector<std::array<int, 2>> r;
    const int step = keep[a] ? whole[a].size : side;
    for (int k = 0; k < whole[a].size; k += step) r.push_back({k, std::min(whole[a].size, k + step)});
    return r;
  };
  const auto xs = ranges(0), ys = ranges(1);
  std::vector<Accumulator> tiles(xs.size() * ys.size());
  std::vector<std::function<void()>> tasks;
  const bool round = settings.rounds_intensities();
  for (std::size_t ty = 0; ty < ys.size(); ++ty)
    for (std::size_t tx = 0; tx < xs.size(); ++tx)
      tasks.push_back([&, tx, ty] {
        std::array<AxisSampling, 3> axes{whole[0], whole[1], whole[2]};
        std::array<int, 3> lo{0, 0, 0}, hi{size[0] - 1, size[1] - 1, size[2] - 1};
        const std::array<std::array<int, 2>, 2> k{xs[tx], ys[ty]};
        for (std::size_t a = 0; a < 2; ++a) {
          if (keep[a]) continue;
          const AxisSampling& w = whole[a];
          lo[a] = std::max(0, static_cast<int>(std::floor(w.first + k[a][0] * w.step)) - margin);
          hi[a] = std::min(size[a] - 1, static_cast<int>(std::ceil(w.first + (k[a][1] - 1) * w.step)) + margin);
          axes[a] = AxisSampling{k[a][1] - k[a][0], w.first, w.step, k[a][0], static_cast<double>(lo[a])};
        }
        const std::array<int, 3> block{hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, size[2]};
        std::vector<double> values;
        values.reserve(static_cast<std::size_t>(block[0]) * static_cast<std::size_t>(block[1]) *
                       static_cast<std::size_t>(block[2]));
        for (int z = 0; z < size[2]; ++z)
          for (int y = lo[1]; y <= hi[1]; ++y)
            for (int x = lo[0]; x <= hi[0]; ++x) {
              const auto v = static_cast<double>(
                  image[g.index(static_cast<std::size_t>(x), static_cast<std::size_t>(y), static_cast<std::size_t>(z))]);
              values.push_back(round ? std::nearbyint(v) : v);
            }
        std::vector<double> out =
            resample(values, block, axes, settings.interpolation.method, Outside::kNearestEdge);
        if (round) round_intensities(out);
        Accumulator& acc = tiles[ty * xs.size() + tx];
        for (double v : out) acc.add(v);
      });
  run_tasks(tasks, thread_count(settings.threads));
  Accumulator total;
  for (const Accumulator& t : tiles) total.add(t);
  return total.summary();
}

/// Interpolation of image and mask onto the IBSI grid (manual: "Interpolation" and "Mask
/// interpolation"). Slice-wise analyses interpolate in-plane only and keep the slices. The grid
/// is the one of the whole image, restricted to the block held by `in`.
Stage interpolate_stage(const Stage& in, const Region& region, const std::array<int, 3>& image_size,
                        const Settings& settings, const std::array<bool, 3>& keep) {
  const InterpolationSettings& s = settings.interpolation;
  const bool pyradiomics = settings.compatibility == Compatibility::PyRadiomics;
  const double reach = interpolation_reach(s.method);
  std::array<AxisSampling, 3> axes;
  Stage out;
  for (std::size_t a = 0; a < 3; ++a) {
    const double new_spacing = keep[a] ? in.grid.spacing[a] : s.spacing[a];
    const AxisSampling whole = whole_axis_sampling(settings, image_size[a], in.grid.spacing[a], a, keep[a]);
    axes[a] = keep[a] ? AxisSampling{in.grid.size[a], 0.0, 1.0}
                      : region_sampling(whole, region.lo[a], region.hi[a], image_size[a], reach);
    out.grid.size[a] = axes[a].size;
    out.grid.spacing[a] = new_spacing;
  }
  if (out.grid.count() == 0)
    throw InputError("the ROI is empty after interpolation (the new grid has no voxel near the ROI)");

  out.intensity = resample(in.intensity, in.grid.size, axes, s.method, Outside::kNearestEdge);
  if (settings.rounds_intensities()) round_intensities(out.intensity);

  // The mask is interpolated linearly (PyRadiomics mode: nearest neighbour, as PyRadiomics
  // resamples it); rounding to 6 decimals keeps values such as 0.49999999999 (floating-point
  // noise of exactly half a voxel) on the intended side.
  const std::vector<double> mask_in(in.morph_mask.begin(), in.morph_mask.end());
  const std::vector<double> fraction =
      resample(mask_in, in.grid.size, axes, pyradiomics ? InterpolationMethod::Nearest : InterpolationMethod::Linear,
               Outside::kZero);
  const double threshold = pyradiomics ? 0.5 : s.mask_threshold;
  out.morph_mask.resize(fraction.size());
  for (std::size_t i = 0; i < fraction.size(); ++i)
    out.morph_mask[i] = static_cast<std::uint8_t>(std::round(fraction[i] * 1e6) / 1e6 >= threshold);
  out.int_mask = out.morph_mask;

  if (count(out.morph_mask) == 0)
    throw InputError("the ROI is empty after interpolation (no voxel reaches the mask threshold " +
                     std::to_string(s.mask_threshold) + ")");
  check_finite_in_roi(out, " after interpolation (non-finite values next to the ROI)");
  return out;
}

/// Re-segmentation: the intensity mask, i.e. the ROI voxels in the range (and within the
/// outlier bounds). The morphological mask is not changed.
std::vector<std::uint8_t> resegmented_mask(const Stage& stage, const ResegmentationSettings& settings) {
  const IntensityRange range = resegmentation_range(stage.intensity, stage.morph_mask, settings);
  std::vector<std::uint8_t> int_mask = resegment(stage.intensity, stage.morph_mask, range);
  if (count(int_mask) == 0) {
    std::ostringstream msg;
    msg << "the ROI is empty after re-segmentation: no ROI voxel lies in [" << range.lower << ", "
        << range.upper << "]";
    throw InputError(msg.str());
  }
  return int_mask;
}

/// The crop: the bounding box of the morphological mask plus the local-intensity margin
/// ceil(r / spacing) + 1 voxels per axis, clipped to the image.
Region crop_region(const Stage& stage) {
  const Box box = bounding_box(stage.grid, stage.morph_mask);
  Region r;
  for (std::size_t a = 0; a < 3; ++a) {
    const int margin = static_cast<int>(std::ceil(local_intensity::sphere_radius_mm() / stage.grid.spacing[a])) + 1;
    r.lo[a] = std::max(0, box.lo[a] - margin);
    r.hi[a] = std::min(stage.grid.size[a] - 1, box.hi[a] + margin);
  }
  return r;
}

/// The values of `region` of a grid, as a block of its own (x fastest).
template <class T>
std::vector<T> crop_values(const std::vector<T>& values, const Grid3& grid, const Region& region) {
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(region.size(0)) * static_cast<std::size_t>(region.size(1)) *
              static_cast<std::size_t>(region.size(2)));
  for (int z = region.lo[2]; z <= region.hi[2]; ++z)
    for (int y = region.lo[1]; y <= region.hi[1]; ++y) {
      const auto row = values.begin() + static_cast<std::ptrdiff_t>(grid.index(region.lo[0], y, z));
      out.insert(out.end(), row, row + region.size(0));
    }
  return out;
}

/// The ROI: the crop of intensities and masks. When the crop is the whole grid (a ROI filling
/// the image) and `may_move`, the arrays are moved, not copied, and `stage` is left empty.
Roi crop(Stage& stage, const Region& region, bool may_move) {
  Roi roi;
  for (std::size_t a = 0; a < 3; ++a) {
    roi.grid.size[a] = region.size(a);
    roi.grid.spacing[a] = stage.grid.spacing[a];
  }
  const std::size_t n = roi.grid.count();
  if (may_move && n == stage.grid.count()) {
    // A ROI filling the grid: move the arrays instead of copying them.
    roi.intensity = std::move(stage.intensity);
    roi.morph_mask = std::move(stage.morph_mask);
    roi.int_mask = std::move(stage.int_mask);
    return roi;
  }
  roi.intensity = crop_values(stage.intensity, stage.grid, region);
  roi.morph_mask = crop_values(stage.morph_mask, stage.grid, region);
  roi.int_mask = crop_values(stage.int_mask, stage.grid, region);
  return roi;
}

/// The ROI of a response map: the image's ROI (crop, masks) with the map's values. The
/// re-segmentation range refers to the image's intensities, so it does not bound the map's.
Roi response_map_roi(const Roi& image_roi, const std::vector<float>& map, const Grid3& grid,
                     const Region& region) {
  Roi roi;
  roi.grid = image_roi.grid;
  const std::vector<float> values = crop_values(map, grid, region);
  roi.intensity.assign(values.begin(), values.end());
  roi.morph_mask = image_roi.morph_mask;
  roi.int_mask = image_roi.int_mask;
  return roi;
}

/// IBSI 2 filters: each configured filter over the whole processed image (after interpolation
/// and re-segmentation, which act on the original intensities), its response map cropped at
/// once to the ROI of the image (so that only one whole-image map is held at a time).
std::vector<Roi> filter_stage(const Stage& stage, const FilteringSettings& settings,
                              const Roi& image_roi, const Region& crop_box) {
  std::vector<Roi> maps;
  if (settings.filters.empty()) return maps;
  const filters::FilterImage image{
      stage.grid, std::vector<float>(stage.intensity.begin(), stage.intensity.end())};
  for (std::size_t i = 0; i < settings.filters.size(); ++i) {
    const filters::FilterImage map = filters::apply_filter(
        image, settings.filters[i], "filtering.filters[" + std::to_string(i) + "]");
    maps.push_back(response_map_roi(image_roi, map.values, stage.grid, crop_box));
  }
  return maps;
}

}  // namespace

void check_same_geometry(const Geometry& image, const Geometry& mask) {
  if (image.size != mask.size) {
    const double a[3] = {static_cast<double>(image.size[0]), static_cast<double>(image.size[1]),
                         static_cast<double>(image.size[2])};
    const double b[3] = {static_cast<double>(mask.size[0]), static_cast<double>(mask.size[1]),
                         static_cast<double>(mask.size[2])};
    throw InputError("image and mask differ in size: image " + format_triple(a, 3) + " vs mask " +
                     format_triple(b, 3));
  }
  for (std::size_t a = 0; a < 3; ++a) {
    const double scale = std::max({1.0, std::abs(image.spacing[a]), std::abs(mask.spacing[a])});
    if (!nearly_equal(image.spacing[a], mask.spacing[a], scale))
      throw InputError("image and mask differ in spacing: image " + format_triple(image.spacing.data(), 3) +
                       " mm vs mask " + format_triple(mask.spacing.data(), 3) + " mm");
  }
  for (std::size_t a = 0; a < 3; ++a) {
    // Origins are compared relative to their magnitude, but never more finely than 1e-4 voxel.
    const double scale = std::max({image.spacing[a], std::abs(image.origin[a]), std::abs(mask.origin[a])});
    if (!nearly_equal(image.origin[a], mask.origin[a], scale))
      throw InputError("image and mask differ in origin: image " + format_triple(image.origin.data(), 3) +
                       " mm vs mask " + format_triple(mask.origin.data(), 3) + " mm");
  }
  for (std::size_t i = 0; i < 9; ++i)
    if (!nearly_equal(image.direction[i], mask.direction[i], 1.0))
      throw InputError("image and mask differ in direction: image " +
                       format_triple(image.direction.data(), 9) + " vs mask " +
                       format_triple(mask.direction.data(), 9));
}

template <class ImageV, class MaskView>
PreparedRois prepare_rois(const ImageV& image, const MaskView& mask, const Settings& settings,
                          FeatureTable* diagnostics, const std::function<void()>& release_inputs) {
  check_same_geometry(image.geometry, mask.geometry);
  FeatureTable* diag = settings.diagnostics ? diagnostics : nullptr;

  if (image.data == nullptr || mask.data == nullptr) throw InputError("image or mask has no voxel data");
  check_spacing(image.geometry.spacing, "the image's");
  const std::array<int, 3> size = image_size(image.geometry);
  const Region roi_box = label_box(mask, size, settings.label);
  // Axes that keep their spacing: z in a slice-wise analysis; in PyRadiomics mode, an axis with
  // spacing 0 or one along which the ROI is a single voxel (PyRadiomics' resampleImage).
  std::array<bool, 3> keep{false, false, settings.slice_wise};
  if (settings.compatibility == Compatibility::PyRadiomics)
    for (std::size_t a = 0; a < 3; ++a)
      keep[a] = settings.interpolation.spacing[a] == 0.0 || roi_box.size(a) == 1;
  const Region region = working_region(roi_box, size, settings, image.geometry, keep);
  check_resources({{region.size(0), region.size(1), region.size(2)}, image.geometry.spacing,
                   {roi_box.size(0), roi_box.size(1), roi_box.size(2)}, keep, size}, settings);
  Stage initial = select_roi(image, mask, settings, region);
  // The grid the later stages are a block of: the whole interpolated image (diagnostics). The
  // image diagnostics describe the whole image, so they are taken before the inputs go.
  std::array<int, 3> whole_size = size;
  Summary initial_summary, interpolated_summary;
  if (diag) {
    initial_summary = image_summary(image, settings);
    interpolated_summary = settings.interpolation.enabled
                               ? interpolated_image_summary(image, settings, keep, whole_size)
                               : initial_summary;
  }
  // Everything later reads the ROI's block only: the caller may free the whole image and mask
  // now, before interpolation allocates its arrays.
  if (release_inputs) release_inputs();
  std::optional<Stage> interpolated;
  if (settings.interpolation.enabled) interpolated = interpolate_stage(initial, region, size, settings, keep);
  // Without interpolation the later stages work on the initial data (no copy of the image).
  Stage& current = interpolated ? *interpolated : initial;

  if (diag) {
    // IBSI order of the reference files: image stages, then ROI stages; the stages hold only the
    // ROI's block (the masks are 0 beyond).
    add_image_diagnostics(*diag, Grid3{size, initial.grid.spacing}, initial_summary, "_init_img");
    add_image_diagnostics(*diag, Grid3{whole_size, current.grid.spacing}, interpolated_summary, "_interp_img");
    add_roi_diagnostics(*diag, initial, size, "_init_roi");
    add_roi_diagnostics(*diag, current, whole_size, "_interp_roi");
  }
  current.int_mask = resegmented_mask(current, settings.resegmentation);
  if (diag) add_roi_diagnostics(*diag, current, whole_size, "_reseg_roi");

  const Region crop_box = crop_region(current);
  // The filters read the whole stage after the crop: its arrays may be moved only without them.
  PreparedRois out{crop(current, crop_box, settings.filtering.filters.empty()), {}};
  // The configured range (not the outlier bounds) is what fixed bin size and the IVH refer to.
  const IntensityRange range = configured_range(settings.resegmentation);
  out.image.reseg_lower = range.lower;
  out.image.reseg_upper = range.upper;
  out.response_maps = filter_stage(current, settings.filtering, out.image, crop_box);
  return out;
}

// The stored types run_files reads (core/stored_volumes.hpp) and the public API's.
#define RADIOMICS_PREPARE_ROIS(ImageV, MaskView)                                                 \
  template PreparedRois prepare_rois(const ImageV&, const MaskView&, const Settings&, FeatureTable*, \
                                     const std::function<void()>&);
RADIOMICS_PREPARE_ROIS(ImageView, LabelMapView)
RADIOMICS_PREPARE_ROIS(ImageView, ByteLabelMapView)
RADIOMICS_PREPARE_ROIS(ShortImageView, LabelMapView)
RADIOMICS_PREPARE_ROIS(ShortImageView, ByteLabelMapView)
RADIOMICS_PREPARE_ROIS(UShortImageView, LabelMapView)
RADIOMICS_PREPARE_ROIS(UShortImageView, ByteLabelMapView)
#undef RADIOMICS_PREPARE_ROIS

Roi prepare_roi(const ImageView& image, const LabelMapView& mask, const Settings& settings,
                FeatureTable* diagnostics) {
  Settings without_filters = settings;
  without_filters.filtering.filters.clear();
  return prepare_rois(image, mask, without_filters, diagnostics).image;
}

}  // namespace radiomics
