// Grey level size zone matrix (GLSZM) features, IBSI manual 3.8.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/roi.hpp"
#include "radiomics/feature_table.hpp"
#include "radiomics/registry.hpp"
#include "radiomics/settings.hpp"
#include "texture/texture.hpp"

namespace radiomics::glszm {

/// The family's features, in output order, with IBSI identifiers and formulas.
std::span<const FeatureInfo> feature_infos();

/// Appends every feature for every aggregation in settings.effective_aggregations() that
/// applies to this family.
void compute(const DiscreteRoi& roi, const Settings& settings, FeatureTable& out);

/// The zones of one slab (IBSI 9SAK): groups of linked voxels of equal grey level inside the
/// intensity mask and the slab, a voxel being linked to each of its `neighbourhood` offsets
/// (8-connectedness in 2D, 26 in 3D). Shared with the GLDZM, whose zones are the same.
struct Zones {
  /// Zone of each voxel of the slab, at slab-local index x + nx * (y + ny * (z - z_begin));
  /// -1 outside the intensity mask.
  std::vector<std::int32_t> zone_of;
  std::vector<std::int32_t> level;  ///< grey level of each zone
  std::vector<std::int32_t> size;   ///< number of voxels of each zone
};
Zones find_zones(const DiscreteRoi& roi, texture::Slab slab,
                 std::span<const texture::Offset> neighbourhood);

/// Number of features of the family.
inline constexpr std::size_t kFeatureCount = 16;

/// The features of one zone matrix, in table order (NaN when it holds no zone). The GLRLM, the
/// GLDZM and the first 16 NGLDM features have the same formulas over their own grey level x
/// length matrices (the manual derives them from one another), so they reuse this rule.
void features(const texture::Matrix& matrix, std::span<double> out);

/// The size zone matrix of one slab (N_g x largest zone; n_voxels = intensity-mask voxels of
/// the slab). Exposed for the matrix tests.
texture::Matrix count_matrix(const DiscreteRoi& roi, texture::Slab slab,
                             std::span<const texture::Offset> neighbourhood);

}  // namespace radiomics::glszm
