// PyRadiomics' resampling grid (imageoperations.resampleImage): the new voxels tile the image
// from its corner, so new voxel k is centred at old voxel coordinate (k + 1/2) * new/old - 1/2,
// and there are ceil(n * old/new) of them. IBSI instead centres the new grid on the old one.
#pragma once
#include "preprocess/interpolate.hpp"

namespace radiomics::pyradiomics {

AxisSampling axis_sampling(int old_size, double old_spacing, double new_spacing);

}  // namespace radiomics::pyradiomics
