// Morphological features (IBSI manual 3.1, HCUG): mesh, voxel point set, convex hull, PCA axes,
// Moran's I and Geary's C. Uses the morphological mask; intensity-weighted features
// (centre of mass shift, integrated intensity, Moran, Geary) use the intensity mask.
#pragma once
#include <span>

#include "core/roi.hpp"
#include "radiomics/feature_table.hpp"
#include "radiomics/registry.hpp"
#include "radiomics/settings.hpp"

namespace radiomics::morphology {

std::span<const FeatureInfo> feature_infos();
void compute(const Roi& roi, const Settings& settings, FeatureTable& out);

}  // namespace radiomics::morphology
