// Intensity-volume histogram features (IBSI manual 3.5, P88C). The IVH has its own
// discretisation (settings.ivh_discretisation) and uses the re-segmentation range, when set,
// as the intensity range.
#pragma once
#include <span>

#include "core/roi.hpp"
#include "radiomics/feature_table.hpp"
#include "radiomics/registry.hpp"
#include "radiomics/settings.hpp"

namespace radiomics::intensity_volume_histogram {

std::span<const FeatureInfo> feature_infos();
void compute(const Roi& roi, const Settings& settings, FeatureTable& out);

}  // namespace radiomics::intensity_volume_histogram
