// The IBSI diagnostic values of the chain's stages (reference files' `*_init_img`,
// `*_interp_img`, `*_init_roi`, `*_interp_roi`, `*_reseg_roi` tags): the whole image's size,
// spacing and intensity summary before and after interpolation, and each ROI stage's grid,
// bounding boxes, voxel counts and intensity summary.
#pragma once
#include <array>
#include <limits>
#include <string>

#include "preprocess/stages.hpp"
#include "radiomics/feature_table.hpp"
#include "radiomics/settings.hpp"

namespace radiomics {

/// Mean, minimum and maximum of intensities.
struct Summary {
  double mean = std::numeric_limits<double>::quiet_NaN();
  double min = std::numeric_limits<double>::quiet_NaN();
  double max = std::numeric_limits<double>::quiet_NaN();
};

/// img_dim_*, vox_dim_*, mean/min/max_int of a whole image (`grid`: its size and spacing).
void add_image_diagnostics(FeatureTable& table, const Grid3& grid, const Summary& s, const std::string& suffix);

/// The ROI diagnostics of one stage. The block holds part of a whole grid of `whole_size` voxels
/// around the ROI (the masks are 0 beyond it).
void add_roi_diagnostics(FeatureTable& table, const ImageBlock& block, const LabelMasks& masks,
                         const std::array<int, 3>& whole_size, const std::string& suffix);

/// Mean, minimum and maximum of the whole image as the chain reads it (CT intensities rounded).
template <class ImageV>
Summary image_summary(const ImageV& image, const Settings& settings);

/// Mean, minimum and maximum of the whole image interpolated as the chain interpolates, without
/// ever holding it: the image is interpolated in tiles of columns (every slice of an x-y block),
/// each read with a margin of exact_interpolation_reach, so that every sample gets the value of
/// whole-image interpolation while a few tiles of a few million voxels are held at a time (the
/// CT phantom at 0.3 mm, 261 million voxels, took 4.7 GB in one piece). `whole_size` receives the
/// interpolated grid's size.
template <class ImageV>
Summary interpolated_image_summary(const ImageV& image, const Settings& settings, const std::array<bool, 3>& keep,
                                   std::array<int, 3>& whole_size);

}  // namespace radiomics
