// Neighbourhood grey tone difference matrix (NGTDM) features, IBSI manual 3.10.
#pragma once
#include <span>

#include "core/roi.hpp"
#include "radiomics/feature_table.hpp"
#include "radiomics/registry.hpp"
#include "radiomics/settings.hpp"
#include "texture/texture.hpp"

namespace radiomics::ngtdm {

/// The family's features, in output order, with IBSI identifiers and formulas.
std::span<const FeatureInfo> feature_infos();

/// Appends every feature for every aggregation in settings.effective_aggregations() that
/// applies to this family.
void compute(const DiscreteRoi& roi, const Settings& settings, FeatureTable& out);

/// The features of one matrix, in table order (NaN when no voxel has a neighbour in the ROI).
void features(const texture::Matrix& matrix, std::span<double> out);

/// The NGTDM of one slab: N_g x 2, column 0 n_i (voxels of grey level i with at least one
/// neighbour in the ROI), column 1 s_i; n_voxels = intensity-mask voxels of the slab. Exposed
/// for the matrix tests.
texture::Matrix count_matrix(const DiscreteRoi& roi, texture::Slab slab,
                             std::span<const texture::Offset> neighbourhood,
                             texture::NeighbourSums method = texture::NeighbourSums::kAuto);

}  // namespace radiomics::ngtdm
