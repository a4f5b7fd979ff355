// Grey level distance zone matrix (GLDZM) features, IBSI manual 3.9.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "core/roi.hpp"
#include "radiomics/feature_table.hpp"
#include "radiomics/registry.hpp"
#include "radiomics/settings.hpp"
#include "texture/texture.hpp"

namespace radiomics::gldzm {

/// The family's features, in output order, with IBSI identifiers and formulas.
std::span<const FeatureInfo> feature_infos();

/// Appends every feature for every aggregation in settings.effective_aggregations() that
/// applies to this family.
void compute(const DiscreteRoi& roi, const Settings& settings, FeatureTable& out);

/// Distance to the ROI edge of each voxel of one slab (slab-local index, 0 outside the ROI):
/// 1 + the number of face steps (4-connected in 2D, 6 in 3D: the offsets of `neighbourhood` one
/// grid step long) to the nearest voxel outside the morphological mask, the grid or the slab.
std::vector<std::int32_t> distance_map(const DiscreteRoi& roi, texture::Slab slab,
                                       std::span<const texture::Offset> neighbourhood);

/// The distance zone matrix of one slab (N_g x largest zone distance; n_voxels =
/// intensity-mask voxels of the slab). Exposed for the matrix tests.
texture::Matrix count_matrix(const DiscreteRoi& roi, texture::Slab slab,
                             std::span<const texture::Offset> neighbourhood);

}  // namespace radiomics::gldzm
