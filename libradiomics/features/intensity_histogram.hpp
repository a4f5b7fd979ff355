// Intensity histogram features (IBSI manual 3.4, ZVCW) over the discretised intensity mask.
#pragma once
#include <span>

#include "core/roi.hpp"
#include "radiomics/feature_table.hpp"
#include "radiomics/registry.hpp"

namespace radiomics::intensity_histogram {

std::span<const FeatureInfo> feature_infos();
void compute(const DiscreteRoi& roi, FeatureTable& out);

}  // namespace radiomics::intensity_histogram
