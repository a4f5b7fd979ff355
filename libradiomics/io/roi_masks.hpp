// Internal: ROI masks produced one at a time, so that extracting every ROI of a large structure
// set holds one mask in memory, not all of them.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "radiomics/dicom.hpp"

namespace radiomics {

/// What an RTSTRUCT ROI that covers no voxel of the image is: an error for extraction, a row of
/// 0 voxels for a listing.
enum class EmptyRoi { Error, Keep };

/// Calls `visit` with the mask of each selected ROI in selection order (read_roi_masks's rules).
void for_each_roi_mask(const std::string& mask_path, const SeriesImage& image,
                       const std::vector<std::string>& selection, int label,
                       const std::function<void(RoiMask&&)>& visit,
                       EmptyRoi empty = EmptyRoi::Error);

}  // namespace radiomics
