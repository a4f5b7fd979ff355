// Planar contours (RTSTRUCT) rasterised onto an image's voxel grid. Pure geometry: no DICOM
// library here, so the rule is tested on hand-made polygons.
//
// The rule (docs/user_guide.md, "DICOM"): each closed planar contour is assigned to the image
// slice whose plane it lies in (every point within kContourSliceTolerance slice spacings of that
// plane); within a slice, a voxel belongs to the ROI when its centre is inside the polygons by the
// even-odd rule over all contours of the ROI on that slice, so a contour inside another cuts a
// hole, and one inside the hole is filled again. A centre exactly on an edge counts as inside for
// a left or bottom edge and outside for a right or top one (half-open, so two contours sharing an
// edge never both claim a voxel). Only the image's voxel centres are tested, so the parts of a
// contour outside the image in-plane are clipped: an ROI drawn beyond the field of view (a body
// contour, a CT contour on a smaller PET field) keeps its voxels inside the image, and the
// points outside are counted for a warning.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "radiomics/image.hpp"

namespace radiomics {

/// How far (in slice spacings) a contour point may lie from the centre plane of its slice.
/// Contours are drawn on the image's slices, so their z agrees with a slice position up to the
/// rounding of the stored decimal strings; anything further off is a contour of another grid.
inline constexpr double kContourSliceTolerance = 0.1;

/// One closed planar contour: points in patient coordinates (mm, LPS, as DICOM stores them).
struct Contour {
  std::vector<std::array<double, 3>> points;
};

/// Patient coordinates (mm) -> continuous voxel index (x, y, z) on `grid`, voxel centres at
/// integers.
std::array<double, 3> patient_to_index(const std::array<double, 3>& point, const Geometry& grid);

/// An ROI's contours on an image grid.
struct RasterisedContours {
  std::vector<std::uint8_t> inside;  ///< 1 inside, 0 outside, x fastest
  std::size_t points = 0;            ///< points of the contours with an area (3 or more points)
  /// Of those, the points outside the image in-plane (beyond the outer voxels' edges): the ROI
  /// was clipped to the image when this is not 0.
  std::size_t points_outside = 0;
};

/// The voxels inside `contours` on `grid`. Throws InputError, naming `roi_name`, for a contour
/// that is not in the plane of one of the grid's slices (beyond the first or last slice, between
/// slices or oblique to them); contours reaching outside the image in-plane are clipped.
RasterisedContours rasterise_contours(const std::vector<Contour>& contours, const Geometry& grid,
                                      const std::string& roi_name);

}  // namespace radiomics
