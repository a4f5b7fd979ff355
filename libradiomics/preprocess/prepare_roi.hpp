// The image-processing chain in IBSI order (manual chapter 2): checks, label selection,
// interpolation, mask interpolation, re-segmentation, cropping. Produces the Roi the families
// work on; optionally records the IBSI diagnostic values of every stage.
#pragma once
#include "core/roi.hpp"
#include "radiomics/feature_table.hpp"
#include "radiomics/image.hpp"
#include "radiomics/settings.hpp"

namespace radiomics {

/// Runs the chain. Throws InputError for mismatched geometry, a missing label, an empty ROI or
/// non-finite intensities in the ROI. Diagnostics are added to `diagnostics` when non-null.
Roi prepare_roi(const ImageView& image, const LabelMapView& mask, const Settings& settings,
                FeatureTable* diagnostics);

/// Checks that image and mask share size, spacing, origin and direction (small tolerance);
/// the message names what differs.
void check_same_geometry(const Geometry& image, const Geometry& mask);

}  // namespace radiomics
