// Discretisation of the intensity mask (IBSI manual 2.7): fixed bin number, fixed bin size,
// or none (intensities used as grey levels; they must be integers >= 1).
#pragma once
#include "core/roi.hpp"
#include "radiomics/settings.hpp"

namespace radiomics {

DiscreteRoi discretise(const Roi& roi, const DiscretisationSettings& settings);

}  // namespace radiomics
