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
/// gains 1) equals the city-block distance to the nearest non-ROI voxel, so one breadth-first
/// pass from the edge voxels (distance 1) gives the map in O(voxels). Voxels beyond the grid or
/// the slab count as outside: in 2D the slices above and below are not part of the analysis.
std::vector<std::int32_t> distance_map(const DiscreteRoi& roi, texture::Slab slab,
                                       std::span<const texture::Offset> neighbourhood) {
  std::vector<texture::Offset> faces;
  std::copy_if(neighbourhood.begin(), neighbourhood.end(), std::back_inserter(faces),
               [](const texture::Offset& o) {
                 return std::abs(o[0]) + std::abs(o[1]) + std::abs(o[2]) == 1;
               });

  const int nx = roi.grid.size[0], ny = roi.grid.size[1], nz = slab.z_end - slab.z_begin;
  const std::size_t per_slice = static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny);
  const std::size_t n = per_slice * static_cast<std::size_t>(std::max(nz, 0));
  const std::size_t base = per_slice * static_cast<std::size_t>(slab.z_begin);
  // The morphological mask; the intensity mask is added so that every zone voxel has a
  // distance even if a caller passed an intensity mask that is not a subset of it.
  std::vector<std::uint8_t> in_roi(n);
  for (std::size_t k = 0; k < n; ++k)
    in_roi[k] =
        roi.level[base + k] > 0 || (!roi.morph_mask.empty() && roi.morph_mask[base + k] != 0);

  const auto neighbour = [&](std::size_t k, const texture::Offset& o) -> std::ptrdiff_t {
    const int x = static_cast<int>(k % static_cast<std::size_t>(nx)) + o[0];
    const int y =
        static_cast<int>((k / static_cast<std::size_t>(nx)) % static_cast<std::size_t>(ny)) + o[1];
    const int z = static_cast<int>(k / per_slice) + o[2];
    if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) return -1;
    return static_cast<std::ptrdiff_t>(x) +
           static_cast<std::ptrdiff_t>(nx) * (y + static_cast<std::ptrdiff_t>(ny) * z);
  };

  std::vector<std::int32_t> distance(n, 0);
  // FIFO: distances are reached in increasing order. 32-bit indices: zone labelling refuses
  // slabs beyond 2^31 voxels, and the queue can hold every ROI voxel.
  std::vector<std::uint32_t> queue;
  for (std::size_t k = 0; k < n; ++k) {
    if (!in_roi[k]) continue;
    const bool on_edge = std::any_of(faces.begin(), faces.end(), [&](const texture::Offset& o) {
      const std::ptrdiff_t kn = neighbour(k, o);
      return kn < 0 || !in_roi[static_cast<std::size_t>(kn)];
    });
    if (on_edge) {
      distance[k] = 1;
      queue.push_back(static_cast<std::uint32_t>(k));
    }
  }
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const std::size_t k = queue[head];
    for (const texture::Offset& o : faces) {
      const std::ptrdiff_t kn = neighbour(k, o);
      if (kn < 0) continue;
      const auto u = static_cast<std::size_t>(kn);
      if (in_roi[u] && distance[u] == 0) {
        distance[u] = distance[k] + 1;
        queue.push_back(static_cast<std::uint32_t>(u));
      }
    }
  }
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
