// DICOM the way clinics store it: an image series folder (one series chosen by UID when the
// folder holds several), and masks stored as RTSTRUCT contours or SEG segments, selected by ROI
// name or number and rasterised onto the image's grid. docs/user_guide.md, "DICOM", gives the
// rules (contour rasterisation, fractional SEG threshold, SUV conversion, geometry checks).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "radiomics/extractor.hpp"
#include "radiomics/feature_table.hpp"
#include "radiomics/image.hpp"

namespace radiomics {

/// An image with the DICOM identifiers a structure set or segmentation is checked against
/// (empty for NIfTI, NRRD and MetaImage files).
struct SeriesImage {
  Image image;
  std::string series_uid;
  std::string frame_of_reference_uid;
  std::string modality;
};

/// Like read_image; for a DICOM folder holding several series, `series_uid` chooses one (an
/// error lists them otherwise). Throws InputError when `series_uid` is given for a file.
SeriesImage read_image_series(const std::string& path, const std::string& series_uid = "");

/// One region of interest of a mask: an RTSTRUCT ROI, a SEG segment, or a label of a label map.
struct RoiInfo {
  int number = 0;          ///< ROI Number, Segment Number, or the label value
  std::string name;        ///< ROI Name, Segment Label; the label value for label maps
  std::size_t slices = 0;  ///< slices the ROI covers (contour planes, SEG frames)
  std::optional<std::size_t>
      voxels;  ///< voxels on the image grid; unknown for an RTSTRUCT without image
};

/// The binary mask of one ROI on the image's grid: `label` inside, 0 outside.
struct RoiMask {
  int number = 0;
  std::string name;
  LabelMap mask;
  /// What the row of this ROI must say (an RTSTRUCT ROI clipped to the image); extract_rois
  /// puts them in the row's warnings.
  std::vector<std::string> warnings;
};

/// True when `path` is a DICOM RT Structure Set or Segmentation file (a mask with named ROIs).
bool is_roi_file(const std::string& path);

/// The ROIs of an RTSTRUCT or SEG file, or the labels of a label map, in file order (labels
/// ascending). An RTSTRUCT's voxel counts need the image it was drawn on (`image_path`).
std::vector<RoiInfo> list_rois(const std::string& mask_path, const std::string& image_path = "",
                               const std::string& series_uid = "");

/// Splits a command-line ROI list "A,B" into {"A", "B"} (spaces around names are kept out).
std::vector<std::string> parse_roi_list(const std::string& text);

/// The masks of the ROIs in `selection` (names, numbers as text, or the single word "all"), in
/// selection order, each with voxels set to `label`. An empty selection picks the only ROI of the
/// file (an error lists them when there are several). RTSTRUCT contours reaching outside the image
/// in-plane are clipped to it, with a warning in the RoiMask. Throws InputError when a name is
/// absent (listing the names present), an RTSTRUCT's frame of reference differs from the image's,
/// a contour is off the image's slices, an RTSTRUCT ROI covers no voxel of the image, or a SEG's
/// grid does not match the image's.
std::vector<RoiMask> read_roi_masks(const std::string& mask_path, const SeriesImage& image,
                                    const std::vector<std::string>& selection, int label = 1);

/// Extraction of several ROIs of one RTSTRUCT/SEG: the image is read once, each ROI runs through
/// `extractor.run`, and each row starts with `roi` (name) and `roi_number`, then the provenance
/// columns of Extractor::run_files. A label-map mask gives one row, as run_files does (only
/// `series_uid` differs). Each row equals the row of a run with that ROI alone.
std::vector<FeatureTable> extract_rois(const Extractor& extractor, const std::string& image_path,
                                       const std::string& mask_path,
                                       const std::vector<std::string>& selection,
                                       const std::string& series_uid = "");

}  // namespace radiomics
