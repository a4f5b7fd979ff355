// Grey level run length matrix (GLRLM) features, IBSI manual 3.7.
#pragma once
#include <span>

#include "core/roi.hpp"
#include "radiomics/feature_table.hpp"
#include "radiomics/registry.hpp"
#include "radiomics/settings.hpp"
#include "texture/texture.hpp"

namespace radiomics::glrlm {

/// The family's features, in output order, with IBSI identifiers and formulas.
std::span<const FeatureInfo> feature_infos();

/// Appends every feature for every aggregation in settings.effective_aggregations() that
/// applies to this family.
void compute(const DiscreteRoi& roi, const Settings& settings, FeatureTable& out);

/// The run length matrix of one slab along `direction` (N_g x longest run; n_voxels = ROI
/// voxels of the slab). Exposed for the matrix tests.
texture::Matrix count_matrix(const DiscreteRoi& roi, texture::Slab slab, texture::Offset direction);

}  // namespace radiomics::glrlm
