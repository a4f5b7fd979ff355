// DICOM Segmentations (SEG, binary and fractional) read through DCMTK's dcmseg, and placed onto
// an image's voxel grid frame by frame. A fractional segment holds a voxel when its fraction is
// at least one half (kFractionalThreshold) of the Maximum Fractional Value.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "radiomics/image.hpp"

namespace radiomics {

/// Fraction of the Maximum Fractional Value from which a fractional SEG voxel is inside.
inline constexpr double kFractionalThreshold = 0.5;

struct SegSegment {
  int number = 0;     ///< Segment Number (0062,0004)
  std::string label;  ///< Segment Label (0062,0005)
};

struct SegFrame {
  int segment = 0;                   ///< Referenced Segment Number of the frame
  std::array<double, 3> position{};  ///< Image Position (Patient) of its first pixel, mm
  std::vector<std::uint8_t> inside;  ///< rows x columns, 1 where the segment holds the pixel
};

struct Segmentation {
  std::string frame_of_reference_uid;
  std::size_t rows = 0, columns = 0;
  std::array<double, 2> pixel_spacing{};  ///< (x: between columns, y: between rows), mm
  std::array<double, 6> orientation{};    ///< row direction, column direction
  std::vector<SegSegment> segments;
  std::vector<SegFrame> frames;
};

/// Reads a SEG file. Throws FileReadError when DCMTK cannot read it as a segmentation,
/// InputError when a frame lacks its position, segment or the shared geometry.
Segmentation read_segmentation(const std::string& path);

/// The voxels of segment `number` on `grid` (1 inside). Each frame must lie in a slice plane of
/// the grid, with the grid's orientation and pixel spacing, and its first pixel on a voxel centre
/// (within 0.1 voxel); otherwise InputError: resampling a segmentation is not done silently.
std::vector<std::uint8_t> segment_on_grid(const Segmentation& seg, int number, const Geometry& grid,
                                          const std::string& path);

/// (voxels, slices) of segment `number` in the SEG's own frames (distinct frame positions).
std::pair<std::size_t, std::size_t> segment_extent(const Segmentation& seg, int number);

}  // namespace radiomics
