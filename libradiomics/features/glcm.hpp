// Grey level co-occurrence matrix (GLCM) features, IBSI manual 3.6.
#pragma once
#include <span>

#include "core/roi.hpp"
#include "radiomics/feature_table.hpp"
#include "radiomics/registry.hpp"
#include "radiomics/settings.hpp"
#include "texture/texture.hpp"

namespace radiomics::glcm {

/// The family's features, in output order, with IBSI identifiers and formulas.
std::span<const FeatureInfo> feature_infos();

/// Appends every feature for every aggregation in settings.effective_aggregations() that
/// applies to this family.
void compute(const DiscreteRoi& roi, const Settings& settings, FeatureTable& out);

/// The features of one co-occurrence matrix, in table order (NaN when it holds no pair).
void features(const texture::Matrix& matrix, std::span<double> out);

/// The co-occurrence matrix M of one slab along `direction` scaled to Chebyshev distance
/// `distance` (N_g x N_g; symmetric: M_m+ + M_m-). Exposed for the matrix tests.
texture::Matrix count_matrix(const DiscreteRoi& roi, texture::Slab slab, texture::Offset direction,
                             int distance, bool symmetric);

}  // namespace radiomics::glcm
