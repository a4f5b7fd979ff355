// The headers of a DICOM series folder, scanned with DCMTK before ITK reads any pixel: which
// series the folder holds, the geometry every slice must agree on, whether each file holds its
// whole pixel data, and the factor that turns PET activity into SUV. ITK then reads the files in
// the order found here (io/read_image.cpp), and its geometry is checked against this one.
#pragma once
#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace radiomics {

/// Relative tolerance of the geometry checks: slice gaps may differ from the series' spacing, and
/// slice origins may leave the line along the slice normal, by this fraction of the spacing
/// (1 %: DS strings carry rounding noise far below this; a missing slice or a gantry tilt is far
/// above it).
inline constexpr double kSliceSpacingTolerance = 0.01;

struct DicomSeries {
  std::string folder;
  std::string series_uid;
  std::string frame_of_reference_uid;  ///< empty when the files carry none
  std::string modality;                ///< (0008,0060): CT, MR, PT, ...
  std::vector<std::string> files;      ///< sorted along the slice normal (increasing position)
  std::size_t rows = 0, columns = 0;
  std::array<double, 2> pixel_spacing{};  ///< (x: between columns, y: between rows), mm
  double slice_spacing = 0;               ///< between slice centres along the normal, mm
  std::array<double, 3> origin{};         ///< Image Position (Patient) of the first slice
  std::array<double, 9> direction{};      ///< columns: row direction, column direction, normal
  /// Multiplies intensities after the rescale slope/intercept: the SUVbw factor for PET in
  /// Bq/ml, 1 otherwise.
  double intensity_factor = 1.0;
};

/// Scans the DICOM files directly inside `folder` (no pixel data read), groups image files by
/// Series Instance UID and returns the one series: the only one there, or `series_uid`. Throws
/// FileReadError when no DICOM image is there, InputError (naming the series, file or attribute)
/// when the folder holds several series and none is chosen, the chosen one is absent, a slice
/// disagrees with the others (size, spacing, orientation), PixelSpacing is not positive, slice
/// positions repeat or are unevenly spaced (a missing slice), slices are sheared (gantry tilt),
/// a file's pixel data is shorter than its header declares, or a PET series cannot be put in SUV
/// (units other than GML/BQML, or a tag the conversion needs is missing).
DicomSeries scan_dicom_series(const std::string& folder, const std::string& series_uid = "");

}  // namespace radiomics
