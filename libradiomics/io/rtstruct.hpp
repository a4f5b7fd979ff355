// DICOM RT Structure Sets (RTSTRUCT) read through DCMTK's dcmrt: the ROIs (number, name, frame
// of reference) and their closed planar contours in patient coordinates. Rasterising them onto an
// image grid is io/contours.hpp.
#pragma once
#include <string>
#include <vector>

#include "io/contours.hpp"

namespace radiomics {

struct StructureSetRoi {
  int number = 0;                      ///< ROI Number (3006,0022)
  std::string name;                    ///< ROI Name (3006,0026)
  std::string frame_of_reference_uid;  ///< Referenced Frame of Reference UID (3006,0024)
  std::vector<Contour> contours;       ///< CLOSED_PLANAR contours only
  std::size_t other_contours = 0;      ///< POINT / OPEN_* contours: no area, not rasterised
};

/// Reads every ROI of the structure set at `path`. Throws FileReadError when the file is not an
/// RTSTRUCT DCMTK can read, InputError for malformed contour data (point counts that disagree,
/// non-numeric coordinates), naming the ROI.
std::vector<StructureSetRoi> read_structure_set(const std::string& path);

}  // namespace radiomics
