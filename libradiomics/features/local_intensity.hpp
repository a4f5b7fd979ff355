// Local intensity features (IBSI manual 3.2, 9ST6): local and global intensity peak over a 1 cm^3 sphere.
#pragma once
#include <span>

#include "core/roi.hpp"
#include "radiomics/feature_table.hpp"
#include "radiomics/registry.hpp"

namespace radiomics::local_intensity {

std::span<const FeatureInfo> feature_infos();
void compute(const Roi& roi, FeatureTable& out);

/// Radius in mm of the 1 cm^3 sphere of the peaks, (3 / (4 pi))^(1/3) cm. The pipeline keeps
/// this much image around the ROI when it crops.
double sphere_radius_mm();

}  // namespace radiomics::local_intensity
