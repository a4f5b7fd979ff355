// The working data of the pipeline after the image-processing stages: the ROI cropped to its
// bounding box (plus a margin that local-intensity features need), with separate morphological
// and intensity masks (IBSI manual, "ROI morphological and intensity masks").
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace radiomics {

/// Dimensions and spacing of a cropped grid; voxel (x, y, z) at x + nx * (y + ny * z).
struct Grid3 {
  std::array<int, 3> size{0, 0, 0};
  std::array<double, 3> spacing{1.0, 1.0, 1.0};  ///< mm

  std::size_t count() const {
    return static_cast<std::size_t>(size[0]) * static_cast<std::size_t>(size[1]) *
           static_cast<std::size_t>(size[2]);
  }
  std::size_t index(int x, int y, int z) const {
    return static_cast<std::size_t>(x) +
           static_cast<std::size_t>(size[0]) *
               (static_cast<std::size_t>(y) + static_cast<std::size_t>(size[1]) * static_cast<std::size_t>(z));
  }
  bool contains(int x, int y, int z) const {
    return x >= 0 && y >= 0 && z >= 0 && x < size[0] && y < size[1] && z < size[2];
  }
};

/// The processed ROI: interpolated, re-segmented, cropped. Every vector has grid.count() items.
struct Roi {
  Grid3 grid;
  std::vector<double> intensity;        ///< processed intensities, also outside the masks
  std::vector<std::uint8_t> morph_mask; ///< morphological mask (1 = in ROI)
  std::vector<std::uint8_t> int_mask;   ///< intensity mask (after re-segmentation)
  /// Re-segmentation range in effect (for fixed-bin-size lower bound and the IVH range).
  double reseg_lower = -1.0 / 0.0;
  double reseg_upper = 1.0 / 0.0;
};

/// Intensities of the voxels in a mask, in voxel order.
std::vector<double> masked_values(const Roi& roi, const std::vector<std::uint8_t>& mask);

/// A discretised ROI: one integer grey level per voxel of the intensity mask.
struct DiscreteRoi {
  Grid3 grid;
  /// Grey level of each voxel: 1..n_levels inside the intensity mask, 0 outside.
  std::vector<std::int32_t> level;
  /// Number of grey levels N_g of the discretisation (fixed bin number: the bin count; fixed
  /// bin size: bins up to the highest one present; none: the highest intensity).
  int n_levels = 0;
  /// Morphological mask (1 = in ROI), which the GLDZM distance map needs (IBSI manual, GLDZM
  /// "Morphological and intensity masks"). Empty: the intensity mask (level > 0) stands in.
  std::vector<std::uint8_t> morph_mask;
};

}  // namespace radiomics
