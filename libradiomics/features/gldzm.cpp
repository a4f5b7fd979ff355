// Grey level distance zone matrix (GLDZM) features, IBSI manual "Grey level distance zone based
// features" (VMDZ).
//
// Notation of the manual: d_ij is the number of zones of grey level i (1..N_g) whose distance
// to the ROI edge is j (1..N_d); N_s = sum_ij d_ij, N_v the number of intensity-mask voxels
// (summed over merged matrices), p_ij = d_ij / N_s. The zones are those of the GLSZM; the
// distance map comes from the morphological mask (the GLDZM is the one family that uses both
// masks). Every feature has the formula of its GLSZM counterpart with d_ij in place of s_ij, so
// the feature rule is the GLSZM's.
#include "features/gldzm.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <limits>

#include "features/glszm.hpp"

namespace radiomics::gldzm {

namespace {

// The family's one feature list, in the order of the manual and of the IBSI reference tags,
// row for row the formulas of glszm::features.
constexpr FeatureInfo kInfos[] = {
    {"dzm_sde", "0GBI", "Small distance emphasis", "1/N_s sum_j d_.j / j^2"},
    {"dzm_lde", "MB4I", "Large distance emphasis", "1/N_s sum_j j^2 d_.j"},
    {"dzm_lgze", "S1RA", "Low grey level zone emphasis", "1/N_s sum_i d_i. / i^2"},
    {"dzm_hgze", "K26C", "High grey level zone emphasis", "1/N_s sum_i i^2 d_i."},
    {"dzm_sdlge", "RUVG", "Small distance low grey level emphasis",
     "1/N_s sum_ij d_ij / (i^2 j^2)"},
    {"dzm_sdhge", "DKNJ", "Small distance high grey level emphasis", "1/N_s sum_ij i^2 d_ij / j^2"},
    {"dzm_ldlge", "A7WM", "Large distance low grey level emphasis", "1/N_s sum_ij j^2 d_ij / i^2"},
    {"dzm_ldhge", "KLTH", "Large distance high grey level emphasis", "1/N_s sum_ij i^2 j^2 d_ij"},
    {"dzm_glnu", "VFT7", "Grey level non-uniformity", "1/N_s sum_i d_i.^2"},
    {"dzm_glnu_norm", "7HP3", "Normalised grey level non-uniformity", "1/N_s^2 sum_i d_i.^2"},
    {"dzm_zdnu", "V294", "Zone distance non-uniformity", "1/N_s sum_j d_.j^2"},
    {"dzm_zdnu_norm", "IATH", "Normalised zone distance non-uniformity", "1/N_s^2 sum_j d_.j^2"},
    {"dzm_z_perc", "VIWW", "Zone percentage", "N_s / N_v"},
    {"dzm_gl_var", "QK93", "Grey level variance", "sum_ij (i - mu)^2 p_ij, mu = sum_ij i p_ij"},
    {"dzm_zd_var", "7WT1", "Zone distance variance", "sum_ij (j - mu)^2 p_ij, mu = sum_ij j p_ij"},
    {"dzm_zd_entr", "GBDU", "Zone distance entropy", "-sum_ij p_ij log2 p_ij"},
};
static_assert(std::size(kInfos) == glszm::kFeatureCount);

}  // namespace

/// The manual's iterative erosion (6- or 4-connected structure element, every surviving voxel
/// gains 1) equals 1 + the city-block distance from a ROI voxel to the nearest voxel outside it
/// (the nearest outside voxel is reached by a monotone path whose other voxels are all inside).
/// Voxels beyond the grid or the slab count as outside: in 2D the slices above and below are not
/// part of the analysis. Two raster passes (forward with the face neighbours before a voxel,
/// backward with those after it) give the exact city-block distance transform in O(voxels), with
/// no queue: the map is the only array of the slab's size.
std::vector<std::int32_t> distance_map(const DiscreteRoi& roi, texture::Slab slab,
                                       std::span<const texture::Offset> neighbourhood) {
  std::vector<texture::Offset> faces;
  std::copy_if(neighbourhood.begin(), neighbourhood.end(), std::back_inserter(faces),
               [](const texture::Offset& o) {
                 return std::abs(o[0]) + std::abs(o[1]) + std::abs(o[2]) == 1;
               });

  const int nx = roi.grid.size[0], ny = roi.grid.size[1], nz = std::max(slab.z_end - slab.z_begin, 0);
  const std::size_t per_slice = static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny);
  const std::size_t n = per_slice * static_cast<std::size_t>(nz);
  const std::size_t base = per_slice * static_cast<std::size_t>(slab.z_begin);
  // The morphological mask; the intensity mask is added so that every zone voxel has a
  // distance even if a caller passed an intensity mask that is not a subset of it.
  const auto in_roi = [&](std::size_t k) {
    return roi.level[base + k] > 0 || (!roi.morph_mask.empty() && roi.morph_mask[base + k] != 0);
  };
  constexpr std::int32_t kFar = std::numeric_limits<std::int32_t>::max() - 1;
  std::vector<std::int32_t> distance(n);
  for (std::size_t k = 0; k < n; ++k) distance[k] = in_roi(k) ? kFar : 0;

  // One pass over the voxels in `order` (+1 forward, -1 backward) with the face neighbours that
  // precede a voxel in that order; a neighbour beyond the grid or slab is outside (distance 0).
  const auto pass = [&](int direction) {
    std::vector<texture::Offset> earlier;
    for (const texture::Offset& o : faces) {
      const int along = o[2] != 0 ? o[2] : (o[1] != 0 ? o[1] : o[0]);
      if (along == -direction) earlier.push_back(o);
    }
    for (std::size_t step = 0; step < n; ++step) {
      const std::size_t k = direction > 0 ? step : n - 1 - step;
      if (distance[k] == 0) continue;
      const int x = static_cast<int>(k % static_cast<std::size_t>(nx));
      const int y = static_cast<int>((k / static_cast<std::size_t>(nx)) % static_cast<std::size_t>(ny));
      const int z = static_cast<int>(k / per_slice);
      std::int32_t best = distance[k];
      for (const texture::Offset& o : earlier) {
        const int xn = x + o[0], yn = y + o[1], zn = z + o[2];
        const std::int32_t d =
            xn < 0 || yn < 0 || zn < 0 || xn >= nx || yn >= ny || zn >= nz
                ? 0
                : distance[static_cast<std::size_t>(xn) +
                           static_cast<std::size_t>(nx) * (static_cast<std::size_t>(yn) +
                                                           static_cast<std::size_t>(ny) * static_cast<std::size_t>(zn))];
        best = std::min(best, d + 1);
      }
      distance[k] = best;
    }
  };
  pass(+1);
  pass(-1);
  return distance;
}

texture::Matrix count_matrix(const DiscreteRoi& roi, texture::Slab slab,
                             std::span<const texture::Offset> neighbourhood) {
  const glszm::Zones zones = glszm::find_zones(roi, slab, neighbourhood);
  const std::vector<std::int32_t> distance = distance_map(roi, slab, neighbourhood);
  // Distance of a zone: the minimum over its voxels.
  std::vector<std::int32_t> zone_distance(zones.level.size(),
                                          std::numeric_limits<std::int32_t>::max());
  for (std::size_t k = 0; k < zones.zone_of.size(); ++k) {
    const std::int32_t z = zones.zone_of[k];
    if (z >= 0)
      zone_distance[static_cast<std::size_t>(z)] =
          std::min(zone_distance[static_cast<std::size_t>(z)], distance[k]);
  }
  // N_d = the largest zone distance; rows stay N_g so that slabs line up when merged.
  const std::int32_t n_d =
      zone_distance.empty() ? 1 : *std::max_element(zone_distance.begin(), zone_distance.end());
  const std::int32_t n_g =
      std::max(roi.n_levels,
               zones.level.empty() ? 1 : *std::max_element(zones.level.begin(), zones.level.end()));
  texture::Matrix m{Eigen::ArrayXXd::Zero(n_g, n_d), 0.0};
  for (std::size_t z = 0; z < zones.level.size(); ++z) {
    m.counts(zones.level[z] - 1, zone_distance[z] - 1) += 1.0;
    m.n_voxels += zones.size[z];  // N_v: intensity-mask voxels, as for the zone percentage
  }
  return m;
}

std::span<const FeatureInfo> feature_infos() { return kInfos; }

void compute(const DiscreteRoi& roi, const Settings& settings, FeatureTable& out) {
  const std::vector<Aggregation> aggregations = settings.effective_aggregations();
  // Zones use 8- / 26-connectedness (Chebyshev distance 1); the distance map its face
  // neighbours (4- / 6-connectedness, the manual's default Manhattan norm).
  texture::compute_family(roi, family_info(Family::Gldzm), aggregations, &count_matrix,
                          &glszm::features, out, 1);
}

}  // namespace radiomics::gldzm
