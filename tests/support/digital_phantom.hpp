// The IBSI 1 digital phantom (ibsi_phantom/digital_phantom/image.nii.gz and mask.nii.gz,
// CC BY 4.0, IBSI), written out so that unit tests of single stages need no file I/O.
// 5 x 4 x 4 voxels of 2 mm, x fastest; 74 voxels in the ROI; intensities 1..6 inside (9 outside).
#pragma once
#include <array>
#include <cstdint>

#include "core/roi.hpp"

namespace radiomics::test {

inline constexpr std::array<int, 80> kPhantomIntensity{1, 4, 4, 1, 1, 1, 4, 6, 1, 1, 4, 1, 6, 4, 1, 4, 4, 6, 4, 1, 1, 4, 4, 1, 1, 1, 1, 6, 1, 1, 1, 1, 3, 1, 1, 4, 4, 6, 1, 1, 1, 4, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 9, 1, 1, 1, 1, 6, 1, 1, 1, 4, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 6, 1, 1};
inline constexpr std::array<int, 80> kPhantomMask{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

/// The phantom as a processed Roi (no interpolation, no re-segmentation, not cropped).
inline Roi digital_phantom_roi() {
  Roi roi;
  roi.grid.size = {5, 4, 4};
  roi.grid.spacing = {2.0, 2.0, 2.0};
  for (std::size_t i = 0; i < kPhantomIntensity.size(); ++i) {
    roi.intensity.push_back(kPhantomIntensity[i]);
    roi.morph_mask.push_back(static_cast<std::uint8_t>(kPhantomMask[i]));
    roi.int_mask.push_back(static_cast<std::uint8_t>(kPhantomMask[i]));
  }
  return roi;
}

/// The phantom without discretisation: grey level = intensity, N_g = 6.
inline DiscreteRoi digital_phantom_levels() {
  DiscreteRoi d;
  d.grid.size = {5, 4, 4};
  d.grid.spacing = {2.0, 2.0, 2.0};
  d.n_levels = 6;
  for (std::size_t i = 0; i < kPhantomIntensity.size(); ++i)
    d.level.push_back(kPhantomMask[i] ? kPhantomIntensity[i] : 0);
  return d;
}

}  // namespace radiomics::test
