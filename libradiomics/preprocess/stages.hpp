// The stages of the IBSI image-processing chain (manual chapter 2) over a block of the image:
// selecting the block and a label's masks, rounding CT intensities, interpolating intensities and
// masks onto the IBSI grid, re-segmenting, cropping. The intensities of a block do not depend on
// the label, so several labels share them (ImageBlock); each label has its masks (LabelMasks).
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "core/roi.hpp"
#include "preprocess/interpolate.hpp"
#include "preprocess/regions.hpp"
#include "radiomics/settings.hpp"

namespace radiomics {

/// Intensities of a block of the image (or of its interpolation), on the block's grid.
struct ImageBlock {
  Grid3 grid;
  std::vector<double> intensity;
};

/// A label's morphological and intensity masks on the grid of an ImageBlock.
struct LabelMasks {
  std::vector<std::uint8_t> morph_mask;
  std::vector<std::uint8_t> int_mask;
};

/// Rounds to the nearest integer, halves to even (np.round, as MIRP does for CT).
void round_intensities(std::vector<double>& intensity);

/// The intensities of `region` (rounded when the settings round, as for CT).
template <class ImageV>
ImageBlock select_intensities(const ImageV& image, const Region& region, const Settings& settings);

/// The masks of `label` within `region` (before any interpolation both masks are the label's voxels).
template <class MaskView>
LabelMasks select_label(const MaskView& mask, const Region& region, int label);

/// Throws when a ROI voxel has a NaN or infinite intensity (they would poison every feature).
void check_finite_in_roi(const ImageBlock& block, const LabelMasks& masks, const char* when);

/// Where the interpolation samples the block `region` of an image of `image_size` voxels whose
/// grid is `in`: the whole image's IBSI grid restricted to the block, and the new block's grid.
struct InterpolationGrid {
  std::array<AxisSampling, 3> axes;
  Grid3 grid;
};
InterpolationGrid interpolation_grid(const Grid3& in, const Region& region, const std::array<int, 3>& image_size,
                                     const Settings& settings, const std::array<bool, 3>& keep);

/// Interpolation of the intensities (manual: "Interpolation"); CT intensities rounded again.
ImageBlock interpolate_intensities(const ImageBlock& in, const InterpolationGrid& to, const Settings& settings);

/// Interpolation of a label's mask (manual: "Mask interpolation"): linear (PyRadiomics mode:
/// nearest) and the partial-volume threshold; both masks equal afterwards. Throws when no voxel
/// reaches the threshold.
LabelMasks interpolate_masks(const LabelMasks& in, const Grid3& in_grid, const InterpolationGrid& to,
                             const Settings& settings);

/// Re-segmentation (manual: "Re-segmentation"): the intensity mask becomes the ROI voxels in the
/// range (and within the outlier bounds); the morphological mask is not changed. Throws when no
/// voxel is left.
void resegment_masks(const ImageBlock& block, LabelMasks& masks, const ResegmentationSettings& settings);

/// The ROI: `region` of the block's intensities and masks. When the region is the whole grid (a
/// ROI filling the image) and `may_move`, the arrays are moved, not copied, and left empty.
Roi crop(ImageBlock& block, LabelMasks& masks, const Region& region, bool may_move);

}  // namespace radiomics
