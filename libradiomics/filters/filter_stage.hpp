// The filter stage of the chain (IBSI 2): each configured filter runs over the processed image
// block (after interpolation and re-segmentation, which act on the original intensities; the
// whole image when a filter reads all of it), and its response map is cropped like the image's
// ROI. The ROIs of several labels that share the block share each map: it is computed once and
// cropped for each, so that only one map of the block is held at a time.
#pragma once
#include <vector>

#include "core/roi.hpp"
#include "preprocess/regions.hpp"
#include "preprocess/stages.hpp"
#include "radiomics/settings.hpp"

namespace radiomics {

/// The response maps' ROIs: result[k][f] is filter f's map over the crop `crops[k]` of the block,
/// with the masks of the image ROI `image_rois[k]` (the re-segmentation range refers to the
/// image's intensities, so it does not bound a map's values). `threads` as Settings::threads.
std::vector<std::vector<Roi>> filter_stage(const ImageBlock& block, const FilteringSettings& settings,
                                           const std::vector<const Roi*>& image_rois,
                                           const std::vector<Region>& crops, int threads);

}  // namespace radiomics
