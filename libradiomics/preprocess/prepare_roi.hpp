// The image-processing chain in IBSI order (manual chapter 2), as a list of stages: checks, label
// selection, interpolation of image and mask, re-segmentation, cropping, IBSI 2 filters (over the
// whole processed image, each response map cropped like the image). Produces the Roi the families
// work on (one for the image, one per filter's response map); optionally records the IBSI
// diagnostic values of every stage. The stages are in preprocess/stages.hpp, the blocks they work
// on in preprocess/regions.hpp, the diagnostics in preprocess/diagnostics.hpp and the filters in
// filters/filter_stage.hpp.
#pragma once
#include <cstddef>
#include <functional>
#include <limits>
#include <vector>

#include "core/roi.hpp"
#include "radiomics/feature_table.hpp"
#include "radiomics/image.hpp"
#include "radiomics/settings.hpp"

namespace radiomics {

/// The ROIs of one extraction: the image's, and one per configured filter (same crop and masks,
/// the response map's values), in the order of settings.filtering.filters.
struct PreparedRois {
  Roi image;
  std::vector<Roi> response_maps;
  /// What a sample of the whole image says about its units, for the warnings (a tumour's ROI
  /// alone rarely shows that a scan is CT in HU; the air around the body does).
  struct ImageHints {
    double lowest = std::numeric_limits<double>::quiet_NaN();  ///< lowest intensity sampled
    bool integers = true;                                      ///< every sampled intensity an integer
  } image_hints;
};

/// How the chain runs, beyond the settings.
struct ChainOptions {
  /// Process the whole image even where a block around the ROI gives the same values: the tests'
  /// reference for the block's values.
  bool whole_image = false;
};

/// Runs the chain, filters included, for each of `labels` of the mask (settings.label is not
/// read), sharing between labels what does not depend on the label: the mask is scanned once for
/// every label's box; labels whose ROIs need the same block of the image (always so when a filter
/// reads the whole image) share its selection, its interpolation and each filter's response map;
/// the whole image's diagnostics are summarised once. `consume(k, rois)` receives label k's ROIs
/// as soon as they are ready (labels of one block together, blocks in the order of their first
/// label), so that the caller can compute and free them; `diagnostics[k]` (may be null) gets label
/// k's diagnostic values when the settings ask for them. `release_inputs`, when given, runs as soon
/// as the image and mask are no longer read, before the last block is interpolated. Throws
/// InputError as prepare_roi does, and when the image cannot take a filter. The views may hold the
/// types the files store (images: float, int16, uint16 — only the blocks become floating point;
/// masks: int32, uint8); those are instantiated in prepare_roi.cpp.
template <class ImageV, class MaskView>
void prepare_label_rois(const ImageV& image, const MaskView& mask, const Settings& settings,
                        const std::vector<int>& labels, const std::vector<FeatureTable*>& diagnostics,
                        const std::function<void(std::size_t, PreparedRois&&)>& consume,
                        const std::function<void()>& release_inputs = {}, ChainOptions options = {});

/// The chain for settings.label (prepare_label_rois with that one label).
PreparedRois prepare_rois(const ImageView& image, const LabelMapView& mask, const Settings& settings,
                          FeatureTable* diagnostics, ChainOptions options = {});

/// Runs the chain without the filters. Throws InputError for mismatched geometry, a missing label,
/// an empty ROI or non-finite intensities in the ROI. Diagnostics are added to `diagnostics` when
/// non-null.
Roi prepare_roi(const ImageView& image, const LabelMapView& mask, const Settings& settings,
                FeatureTable* diagnostics);

/// Checks that image and mask share size, spacing, origin and direction (small tolerance);
/// the message names what differs.
void check_same_geometry(const Geometry& image, const Geometry& mask);

}  // namespace radiomics
