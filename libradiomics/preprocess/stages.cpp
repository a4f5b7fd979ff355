// The stages of the IBSI image-processing chain over a block of the image (see stages.hpp).
#include "preprocess/stages.hpp"

#include <cmath>
#include <sstream>
#include <string>

#include "core/stored_volumes.hpp"
#include "preprocess/resegment.hpp"
#include "radiomics/errors.hpp"

namespace radiomics {

void round_intensities(std::vector<double>& intensity) {
  for (double& v : intensity) v = std::nearbyint(v);
}

namespace {

/// Calls f(source index in the whole grid, index in the block) for every voxel of `region`, in
/// the block's order (x fastest).
template <class F>
void for_each_in_region(const Geometry& g, const Region& region, F&& f) {
  std::size_t dst = 0;
  for (int z = region.lo[2]; z <= region.hi[2]; ++z)
    for (int y = region.lo[1]; y <= region.hi[1]; ++y) {
      std::size_t src = g.index(static_cast<std::size_t>(region.lo[0]), static_cast<std::size_t>(y),
                                static_cast<std::size_t>(z));
      for (int x = region.lo[0]; x <= region.hi[0]; ++x, ++src, ++dst) f(src, dst);
    }
}

}  // namespace

template <class ImageV>
ImageBlock select_intensities(const ImageV& image, const Region& region, const Settings& settings) {
  ImageBlock block;
  for (std::size_t a = 0; a < 3; ++a) {
    block.grid.size[a] = region.size(a);
    block.grid.spacing[a] = image.geometry.spacing[a];
  }
  block.intensity.resize(block.grid.count());
  for_each_in_region(image.geometry, region,
                     [&](std::size_t src, std::size_t dst) { block.intensity[dst] = static_cast<double>(image[src]); });
  // Rounding keeps NaN and infinities, so the finite check of each label may come after it.
  if (settings.rounds_intensities()) round_intensities(block.intensity);
  return block;
}

template <class MaskView>
LabelMasks select_label(const MaskView& mask, const Region& region, int label) {
  LabelMasks masks;
  masks.morph_mask.resize(region.count());
  for_each_in_region(mask.geometry, region, [&](std::size_t src, std::size_t dst) {
    masks.morph_mask[dst] = static_cast<int>(mask[src]) == label ? 1 : 0;
  });
  masks.int_mask = masks.morph_mask;
  return masks;
}

void check_finite_in_roi(const ImageBlock& block, const LabelMasks& masks, const char* when) {
  std::size_t bad = 0;
  for (std::size_t i = 0; i < block.intensity.size(); ++i)
    if (masks.morph_mask[i] && !std::isfinite(block.intensity[i])) ++bad;
  if (bad > 0)
    throw InputError("the image has " + std::to_string(bad) +
                     " non-finite (NaN or infinite) intensities inside the ROI" + when);
}

InterpolationGrid interpolation_grid(const Grid3& in, const Region& region, const std::array<int, 3>& image_size,
                                     const Settings& settings, const std::array<bool, 3>& keep) {
  const InterpolationSettings& s = settings.interpolation;
  const double reach = interpolation_reach(s.method);
  InterpolationGrid out;
  for (std::size_t a = 0; a < 3; ++a) {
    const double new_spacing = keep[a] ? in.spacing[a] : s.spacing[a];
    const AxisSampling whole = whole_axis_sampling(settings, image_size[a], in.spacing[a], a, keep[a]);
    out.axes[a] = keep[a] ? AxisSampling{in.size[a], 0.0, 1.0}
                          : region_sampling(whole, region.lo[a], region.hi[a], image_size[a], reach);
    out.grid.size[a] = out.axes[a].size;
    out.grid.spacing[a] = new_spacing;
  }
  if (out.grid.count() == 0)
    throw InputError("the ROI is empty after interpolation (the new grid has no voxel near the ROI)");
  return out;
}

ImageBlock interpolate_intensities(const ImageBlock& in, const InterpolationGrid& to, const Settings& settings) {
  ImageBlock out{to.grid, resample(in.intensity, in.grid.size, to.axes, settings.interpolation.method,
                                   Outside::kNearestEdge)};
  if (settings.rounds_intensities()) round_intensities(out.intensity);
  return out;
}

LabelMasks interpolate_masks(const LabelMasks& in, const Grid3& in_grid, const InterpolationGrid& to,
                             const Settings& settings) {
  const InterpolationSettings& s = settings.interpolation;
  const bool pyradiomics = settings.compatibility == Compatibility::PyRadiomics;
  // Linear (PyRadiomics mode: nearest neighbour, as PyRadiomics resamples the mask); rounding to
  // 6 decimals keeps values such as 0.49999999999 (floating-point noise of exactly half a voxel)
  // on the intended side.
  const std::vector<double> mask_in(in.morph_mask.begin(), in.morph_mask.end());
  const std::vector<double> fraction =
      resample(mask_in, in_grid.size, to.axes, pyradiomics ? InterpolationMethod::Nearest : InterpolationMethod::Linear,
               Outside::kZero);
  const double threshold = pyradiomics ? 0.5 : s.mask_threshold;
  LabelMasks out;
  out.morph_mask.resize(fraction.size());
  for (std::size_t i = 0; i < fraction.size(); ++i)
    out.morph_mask[i] = static_cast<std::uint8_t>(std::round(fraction[i] * 1e6) / 1e6 >= threshold);
  out.int_mask = out.morph_mask;
  if (count_inside(out.morph_mask) == 0)
    throw InputError("the ROI is empty after interpolation (no voxel reaches the mask threshold " +
                     std::to_string(s.mask_threshold) + ")");
  return out;
}

void resegment_masks(const ImageBlock& block, LabelMasks& masks, const ResegmentationSettings& settings) {
  const IntensityRange range = resegmentation_range(block.intensity, masks.morph_mask, settings);
  masks.int_mask = resegment(block.intensity, masks.morph_mask, range);
  if (count_inside(masks.int_mask) == 0) {
    std::ostringstream msg;
    msg << "the ROI is empty after re-segmentation: no ROI voxel lies in [" << range.lower << ", " << range.upper
        << "]";
    throw InputError(msg.str());
  }
}

Roi crop(ImageBlock& block, LabelMasks& masks, const Region& region, bool may_move) {
  Roi roi;
  for (std::size_t a = 0; a < 3; ++a) {
    roi.grid.size[a] = region.size(a);
    roi.grid.spacing[a] = block.grid.spacing[a];
  }
  if (may_move && roi.grid.count() == block.grid.count()) {
    roi.intensity = std::move(block.intensity);
    roi.morph_mask = std::move(masks.morph_mask);
    roi.int_mask = std::move(masks.int_mask);
    return roi;
  }
  roi.intensity = crop_values(block.intensity, block.grid, region);
  roi.morph_mask = crop_values(masks.morph_mask, block.grid, region);
  roi.int_mask = crop_values(masks.int_mask, block.grid, region);
  return roi;
}

// The stored types run_files reads (core/stored_volumes.hpp) and the public API's.
template ImageBlock select_intensities(const ImageView&, const Region&, const Settings&);
template ImageBlock select_intensities(const ShortImageView&, const Region&, const Settings&);
template ImageBlock select_intensities(const UShortImageView&, const Region&, const Settings&);
template LabelMasks select_label(const LabelMapView&, const Region&, int);
template LabelMasks select_label(const ByteLabelMapView&, const Region&, int);

}  // namespace radiomics
