// Internal: ROI masks produced one at a time, so that extracting every ROI of a large structure
// set holds one mask in memory, not all of them.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "radiomics/dicom.hpp"

namespace radiomics {

/// Calls `visit` with the mask of each selected ROI in selection order (read_roi_masks's rules).
void for_each_roi_mask(const std::string& mask_path, const SeriesImage& image,
                       const std::vector<std::string>& selection, int label,
                       const std::function<void(RoiMask&&)>& visit);

}  // namespace radiomics
