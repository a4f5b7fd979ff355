// The image-processing chain in IBSI order (manual chapter 2): checks, label selection,
// interpolation, mask interpolation, re-segmentation, cropping, IBSI 2 filters (over the whole
// image, each response map cropped like the image). Produces the Roi
// the families work on (one for the image, one per filter's response map); optionally records
// the IBSI diagnostic values of every stage.
#pragma once
#include <functional>
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
};

/// Runs the chain, filters included. Throws InputError as prepare_roi does, and when the image
/// cannot take a filter. `release_inputs`, when given, runs as soon as the image and mask are no
/// longer read (the ROI's block is cut out), before interpolation allocates. The views may hold
/// the types the files store (images: float, int16, uint16 — only the ROI's block becomes
/// floating point; masks: int32, uint8); those are instantiated in prepare_roi.cpp.
template <class ImageV, class MaskView>
PreparedRois prepare_rois(const ImageV& image, const MaskView& mask, const Settings& settings,
                          FeatureTable* diagnostics, const std::function<void()>& release_inputs = {});

/// Runs the chain without the filters. Throws InputError for mismatched geometry, a missing label,
/// an empty ROI or non-finite intensities in the ROI. Diagnostics are added to `diagnostics` when
/// non-null.
Roi prepare_roi(const ImageView& image, const LabelMapView& mask, const Settings& settings,
                FeatureTable* diagnostics);

/// Checks that image and mask share size, spacing, origin and direction (small tolerance);
/// the message names what differs.
void check_same_geometry(const Geometry& image, const Geometry& mask);

}  // namespace radiomics
