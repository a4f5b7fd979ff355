// Neighbouring grey level dependence matrix (NGLDM) features, IBSI manual 3.11.
#pragma once
#include <span>

#include "core/roi.hpp"
#include "radiomics/feature_table.hpp"
#include "radiomics/registry.hpp"
#include "radiomics/settings.hpp"
#include "texture/texture.hpp"

namespace radiomics::ngldm {

/// The family's features, in output order, with IBSI identifiers and formulas.
std::span<const FeatureInfo> feature_infos();

/// Appends every feature for every aggregation in settings.effective_aggregations() that
/// applies to this family.
void compute(const DiscreteRoi& roi, const Settings& settings, FeatureTable& out);

/// The features of one matrix, in table order (NaN when it holds no voxel).
void features(const texture::Matrix& matrix, std::span<double> out);

/// The NGLDM of one slab with coarseness `alpha` (N_g x largest dependence k; column k - 1;
/// n_voxels = intensity-mask voxels of the slab). Exposed for the matrix tests.
texture::Matrix count_matrix(const DiscreteRoi& roi, texture::Slab slab,
                             std::span<const texture::Offset> neighbourhood, int alpha,
                             texture::NeighbourSums method = texture::NeighbourSums::kAuto);

}  // namespace radiomics::ngldm
