#include "rois_command.hpp"

#include <iostream>

#include "radiomics/dicom.hpp"

namespace radiomics::cli {

int list_rois(const std::string& mask_path, const std::string& image_path,
              const std::string& series_uid) {
  const std::vector<RoiInfo> rois = radiomics::list_rois(mask_path, image_path, series_uid);
  std::cout << "number\tname\tslices\tvoxels\n";
  for (const RoiInfo& roi : rois)
    std::cout << roi.number << "\t" << roi.name << "\t" << roi.slices << "\t"
              << (roi.voxels ? std::to_string(*roi.voxels) : std::string("? (give --image)"))
              << "\n";
  return 0;
}

}  // namespace radiomics::cli
