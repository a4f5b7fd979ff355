// The IBSI image-processing chain (manual chapter 2), in the manual's order:
//   checks -> label selection -> intensity rounding (CT) -> interpolation of image and mask
//   -> re-segmentation (intensity mask only) -> cropping -> filters (IBSI 2: each filter runs
//   over the whole processed image, and its response map is cropped like the image).
// The chain works on the block of the image each ROI needs (preprocess/regions.hpp); labels that
// need the same block share its intensities, their interpolation and the filters' maps.
#include "preprocess/prepare_roi.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

#include "core/stored_volumes.hpp"
#include "filters/filter_stage.hpp"
#include "preprocess/diagnostics.hpp"
#include "preprocess/regions.hpp"
#include "preprocess/resegment.hpp"
#include "preprocess/resource_limits.hpp"
#include "preprocess/stages.hpp"
#include "radiomics/errors.hpp"

namespace radiomics {
namespace {

/// Relative tolerance on spacing and origin, absolute on direction cosines: headers written by
/// different tools round these differently.
constexpr double kGeometryTolerance = 1e-4;

/// The prepared ROIs of a block's labels are held until each filter's map has been cropped for
/// all of them; past this many bytes (or the block's own size, when larger) the maps are computed
/// for the labels so far, and again for the rest.
constexpr double kLabelBatchBytes = 512e6;

std::string format_triple(const double* v, std::size_t n) {
  std::ostringstream out;
  out.precision(8);
  out << "(";
  for (std::size_t i = 0; i < n; ++i) out << (i ? ", " : "") << v[i];
  out << ")";
  return out.str();
}

bool nearly_equal(double a, double b, double scale) { return std::abs(a - b) <= kGeometryTolerance * scale; }

/// Where the chain works for one label: the axes that keep their spacing and the image block.
struct LabelPlan {
  std::array<bool, 3> keep{};
  Region region;
};

/// The whole image's diagnostics for one choice of kept axes (the interpolated grid depends on it).
struct ImageDiagnostics {
  std::array<bool, 3> keep{};
  Summary interpolated;
  std::array<int, 3> whole_size{};
};

/// The lowest intensity and whether all are integers, over every 8th row of each slice (whole
/// rows, so that the border of the field of view is seen): a hint of the image's units at an
/// eighth of a pass over it.
template <class ImageV>
PreparedRois::ImageHints sample_image_hints(const ImageV& image, const std::array<int, 3>& size) {
  PreparedRois::ImageHints hints;
  double lowest = std::numeric_limits<double>::infinity();
  const Geometry& g = image.geometry;
  for (int z = 0; z < size[2]; ++z)
    for (int y = 0; y < size[1]; y += 8) {
      std::size_t i = g.index(0, static_cast<std::size_t>(y), static_cast<std::size_t>(z));
      for (int x = 0; x < size[0]; ++x, ++i) {
        const auto v = static_cast<double>(image[i]);
        if (!std::isfinite(v)) continue;
        lowest = std::min(lowest, v);
        hints.integers = hints.integers && v == std::round(v);
      }
    }
  if (std::isfinite(lowest)) hints.lowest = lowest;
  return hints;
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
      throw InputError("image and mask differ in direction: image " + format_triple(image.direction.data(), 9) +
                       " vs mask " + format_triple(mask.direction.data(), 9));
}

template <class ImageV, class MaskView>
void prepare_label_rois(const ImageV& image, const MaskView& mask, const Settings& settings,
                        const std::vector<int>& labels, const std::vector<FeatureTable*>& diagnostics,
                        const std::function<void(std::size_t, PreparedRois&&)>& consume,
                        const std::function<void()>& release_inputs, ChainOptions options) {
  // Checks, and where each label's ROI lies.
  check_same_geometry(image.geometry, mask.geometry);
  if (image.data == nullptr || mask.data == nullptr) throw InputError("image or mask has no voxel data");
  check_spacing(image.geometry.spacing, "the image's");
  const std::array<int, 3> size = image_size(image.geometry);
  const std::vector<Region> boxes = label_boxes(mask, size, labels);
  std::vector<LabelPlan> plans;
  for (const Region& box : boxes) {
    LabelPlan plan;
    plan.keep = axes_keeping_spacing(settings, box);
    plan.region = working_region(box, size, settings, image.geometry, plan.keep, options.whole_image);
    check_resources({{plan.region.size(0), plan.region.size(1), plan.region.size(2)}, image.geometry.spacing,
                     {box.size(0), box.size(1), box.size(2)}, plan.keep, size},
                    settings);
    plans.push_back(plan);
  }
  // Labels that need the same block share it; blocks in the order of their first label.
  std::vector<std::vector<std::size_t>> groups;
  for (std::size_t k = 0; k < plans.size(); ++k) {
    const auto same = [&](const std::vector<std::size_t>& g) {
      return plans[g[0]].region == plans[k].region && plans[g[0]].keep == plans[k].keep;
    };
    const auto it = std::find_if(groups.begin(), groups.end(), same);
    if (it == groups.end()) groups.push_back({k});
    else it->push_back(k);
  }

  // The whole image's diagnostics, taken before the inputs may go.
  const auto diagnostics_of = [&](std::size_t k) { return settings.diagnostics ? diagnostics[k] : nullptr; };
  Summary initial_summary;
  std::vector<ImageDiagnostics> image_diagnostics;
  for (std::size_t k = 0; k < labels.size(); ++k) {
    if (!diagnostics_of(k)) continue;
    if (image_diagnostics.empty()) initial_summary = image_summary(image, settings);
    const auto same_keep = [&](const ImageDiagnostics& d) { return d.keep == plans[k].keep; };
    if (std::any_of(image_diagnostics.begin(), image_diagnostics.end(), same_keep)) continue;
    ImageDiagnostics d{plans[k].keep, initial_summary, size};
    if (settings.interpolation.enabled)
      d.interpolated = interpolated_image_summary(image, settings, d.keep, d.whole_size);
    image_diagnostics.push_back(d);
  }
  const auto whole_diagnostics = [&](const std::array<bool, 3>& keep) -> const ImageDiagnostics& {
    return *std::find_if(image_diagnostics.begin(), image_diagnostics.end(),
                         [&](const ImageDiagnostics& d) { return d.keep == keep; });
  };

  // Only the generic modality's hint that an image looks like CT reads them.
  const PreparedRois::ImageHints hints =
      settings.modality == "generic" ? sample_image_hints(image, size) : PreparedRois::ImageHints{};
  // The configured range (not the outlier bounds) is what fixed bin size and the IVH refer to.
  const IntensityRange range = configured_range(settings.resegmentation);
  const bool filtered = !settings.filtering.filters.empty();
  bool released = false;
  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    const std::vector<std::size_t>& group = groups[gi];
    const LabelPlan& plan = plans[group.front()];
    const bool last_group = gi + 1 == groups.size();
    const auto select = [&](std::size_t k) {
      LabelMasks m = select_label(mask, plan.region, labels[k]);
      // The image and mask are read for the last time: the caller may free them.
      if (last_group && k == group.back() && release_inputs && !released) {
        released = true;
        release_inputs();
      }
      return m;
    };

    // Selection and interpolation of the block's intensities, shared by its labels. A lone label's
    // masks are selected first so that the inputs go before interpolation allocates.
    ImageBlock initial = select_intensities(image, plan.region, settings);
    std::optional<LabelMasks> lone_masks;
    if (group.size() == 1) lone_masks = select(group.front());
    std::optional<InterpolationGrid> to;
    ImageBlock interpolated;
    if (settings.interpolation.enabled) {
      to = interpolation_grid(initial.grid, plan.region, size, settings, plan.keep);
      interpolated = interpolate_intensities(initial, *to, settings);
    }
    ImageBlock& current = to ? interpolated : initial;

    std::vector<std::size_t> batch;
    std::vector<Roi> batch_rois;
    std::vector<Region> batch_crops;
    double batch_bytes = 0.0;
    const double batch_budget = std::max(kLabelBatchBytes, 8.0 * static_cast<double>(current.intensity.size()));
    const auto flush = [&] {
      std::vector<const Roi*> rois;
      for (const Roi& r : batch_rois) rois.push_back(&r);
      std::vector<std::vector<Roi>> maps = filter_stage(current, settings.filtering, rois, batch_crops, settings.threads);
      for (std::size_t i = 0; i < batch.size(); ++i)
        consume(batch[i], PreparedRois{std::move(batch_rois[i]), std::move(maps[i]), hints});
      batch.clear();
      batch_rois.clear();
      batch_crops.clear();
      batch_bytes = 0.0;
    };

    for (std::size_t k : group) {
      LabelMasks masks = lone_masks ? std::move(*lone_masks) : select(k);
      check_finite_in_roi(initial, masks, "");
      FeatureTable* diag = diagnostics_of(k);
      if (diag) {
        // IBSI order of the reference files: image stages, then ROI stages; the blocks hold only
        // the ROI's surroundings (the masks are 0 beyond).
        const ImageDiagnostics& whole = whole_diagnostics(plan.keep);
        add_image_diagnostics(*diag, Grid3{size, initial.grid.spacing}, initial_summary, "_init_img");
        add_image_diagnostics(*diag, Grid3{whole.whole_size, current.grid.spacing}, whole.interpolated, "_interp_img");
        add_roi_diagnostics(*diag, initial, masks, size, "_init_roi");
      }
      if (to) {
        masks = interpolate_masks(masks, initial.grid, *to, settings);
        check_finite_in_roi(current, masks, " after interpolation (non-finite values next to the ROI)");
      }
      const std::array<int, 3> whole_size = diag ? whole_diagnostics(plan.keep).whole_size : size;
      if (diag) add_roi_diagnostics(*diag, current, masks, whole_size, "_interp_roi");
      resegment_masks(current, masks, settings.resegmentation);
      if (diag) add_roi_diagnostics(*diag, current, masks, whole_size, "_reseg_roi");

      const Region crop_box = crop_region(current.grid, masks.morph_mask);
      // A lone label without filters may take the block's arrays (a ROI filling the image).
      Roi roi = crop(current, masks, crop_box, group.size() == 1 && !filtered);
      roi.reseg_lower = range.lower;
      roi.reseg_upper = range.upper;
      if (!filtered) {
        consume(k, PreparedRois{std::move(roi), {}, hints});
        continue;
      }
      batch_bytes += 10.0 * static_cast<double>(roi.grid.count()) *
                     (1.0 + static_cast<double>(settings.filtering.filters.size()));
      batch.push_back(k);
      batch_rois.push_back(std::move(roi));
      batch_crops.push_back(crop_box);
      if (batch_bytes >= batch_budget || k == group.back()) flush();
    }
  }
}

PreparedRois prepare_rois(const ImageView& image, const LabelMapView& mask, const Settings& settings,
                          FeatureTable* diagnostics, ChainOptions options) {
  PreparedRois out;
  prepare_label_rois(
      image, mask, settings, {settings.label}, {diagnostics},
      [&](std::size_t, PreparedRois&& rois) { out = std::move(rois); }, {}, options);
  return out;
}

// The stored types run_files reads (core/stored_volumes.hpp) and the public API's.
#define RADIOMICS_PREPARE_ROIS(ImageV, MaskView)                                                            \
  template void prepare_label_rois(const ImageV&, const MaskView&, const Settings&, const std::vector<int>&, \
                                   const std::vector<FeatureTable*>&,                                        \
                                   const std::function<void(std::size_t, PreparedRois&&)>&,                  \
                                   const std::function<void()>&, ChainOptions);
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
