// Planar contours (RTSTRUCT) rasterised onto an image's voxel grid. Pure geometry: no DICOM
// library here, so the rule is tested on hand-made polygons.
//
// The rule (docs/user_guide.md, "DICOM"): each closed planar contour is assigned to the image
// slice whose plane it lies in (every point within kContourSliceTolerance slice spacings of that
// plane); within a slice, a voxel belongs to the ROI when its centre is inside the polygons by the
// even-odd rule over all contours of the ROI on that slice, so a contour inside another cuts a
// hole, and one inside the hole is filled again. A centre exactly on an edge counts as inside for
// a left or bottom edge and outside for a right or top one (half-open, so two contours sharing an
// edge never both claim a voxel).
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

/// The voxels inside `contours` on `grid` (1 inside, 0 outside, x fastest). Throws InputError,
/// naming `roi_name`, for a contour that is not in the plane of one of the grid's slices (off the
/// image, between slices or oblique to them).
std::vector<std::uint8_t> rasterise_contours(const std::vector<Contour>& contours,
                                             const Geometry& grid, const std::string& roi_name);

}  // namespace radiomics
