// `radiomics rois`: the ROIs of an RTSTRUCT/SEG, or the labels of a label map.
#pragma once
#include <string>

namespace radiomics::cli {

/// Prints a tab-separated table (number, name, slices, voxels) of the ROIs in `mask_path`.
/// An RTSTRUCT's voxel counts need the image it was drawn on; without one the column says so.
int list_rois(const std::string& mask_path, const std::string& image_path,
              const std::string& series_uid);

}  // namespace radiomics::cli
