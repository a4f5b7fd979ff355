// Grey level run length matrix (GLRLM) features, IBSI manual "Grey level run length based
// features" (TP0I).
//
// Notation of the manual: r_ij is the number of runs of grey level i (1..N_g) with length j
// (1..N_r) along direction m; r_i. and r_.j are the marginal sums, N_s = sum_ij r_ij the number
// of runs, N_v the number of ROI voxels (summed over merged matrices) and p_ij = r_ij / N_s. The
// texture layer (texture/texture.hpp) builds the slabs, directions and aggregations; this file
// only counts one direction. Every feature has the formula of its GLSZM counterpart with r_ij
// in place of s_ij, so the feature rule of one matrix is the GLSZM's.
#include "features/glrlm.hpp"

#include <Eigen/Core>
#include <cstdint>
#include <iterator>

#include "features/glszm.hpp"
#include "texture/texture.hpp"

namespace radiomics::glrlm {

namespace {

// The family's one feature list, in the order of the manual and of the IBSI reference tags,
// row for row the formulas of glszm::features with r_ij in place of s_ij (the manual defines
// the GLSZM features by analogy with these; the percentage's N_v is the matrix's n_voxels,
// summed over merged matrices, as for the zone percentage).
constexpr FeatureInfo kInfos[] = {
    {"rlm_sre", "22OV", "Short runs emphasis", "1/N_s sum_j r_.j / j^2"},
    {"rlm_lre", "W4KF", "Long runs emphasis", "1/N_s sum_j j^2 r_.j"},
    {"rlm_lgre", "V3SW", "Low grey level run emphasis", "1/N_s sum_i r_i. / i^2"},
    {"rlm_hgre", "G3QZ", "High grey level run emphasis", "1/N_s sum_i i^2 r_i."},
    {"rlm_srlge", "HTZT", "Short run low grey level emphasis", "1/N_s sum_ij r_ij / (i^2 j^2)"},
    {"rlm_srhge", "GD3A", "Short run high grey level emphasis", "1/N_s sum_ij i^2 r_ij / j^2"},
    {"rlm_lrlge", "IVPO", "Long run low grey level emphasis", "1/N_s sum_ij j^2 r_ij / i^2"},
    {"rlm_lrhge", "3KUM", "Long run high grey level emphasis", "1/N_s sum_ij i^2 j^2 r_ij"},
    {"rlm_glnu", "R5YN", "Grey level non-uniformity", "1/N_s sum_i r_i.^2"},
    {"rlm_glnu_norm", "OVBL", "Normalised grey level non-uniformity", "1/N_s^2 sum_i r_i.^2"},
    {"rlm_rlnu", "W92Y", "Run length non-uniformity", "1/N_s sum_j r_.j^2"},
    {"rlm_rlnu_norm", "IC23", "Normalised run length non-uniformity", "1/N_s^2 sum_j r_.j^2"},
    {"rlm_r_perc", "9ZK5", "Run percentage", "N_s / N_v"},
    {"rlm_gl_var", "8CE5", "Grey level variance", "sum_ij (i - mu)^2 p_ij"},
    {"rlm_rl_var", "SXLW", "Run length variance", "sum_ij (j - mu)^2 p_ij"},
    {"rlm_rl_entr", "HJ9O", "Run entropy", "-sum_ij p_ij log2 p_ij"},
};
static_assert(std::size(kInfos) == glszm::kFeatureCount);

}  // namespace

/// Runs of one slab along direction m = `direction`. A run starts at an ROI voxel whose
/// predecessor k - m is not an ROI voxel of the slab with the same grey level, and continues
/// along m while the grey level stays the same; voxels outside the intensity mask or the slab
/// end a run. Each voxel is visited once by the scan and once by the walk of its run.
texture::Matrix count_matrix(const DiscreteRoi& roi, texture::Slab slab,
                             texture::Offset direction) {
  const Grid3& grid = roi.grid;
  const auto [mx, my, mz] = direction;
  texture::Matrix out{Eigen::ArrayXXd::Zero(roi.n_levels, 1), 0.0};
  for (int z = slab.z_begin; z < slab.z_end; ++z) {
    for (int y = 0; y < grid.size[1]; ++y) {
      for (int x = 0; x < grid.size[0]; ++x) {
        const std::int32_t g = roi.level[grid.index(x, y, z)];
        if (g <= 0) continue;
        out.n_voxels += 1.0;
        // Inside a run, not its start.
        if (texture::level_in_slab(roi, slab, x - mx, y - my, z - mz) == g) continue;
        int length = 1;
        while (texture::level_in_slab(roi, slab, x + length * mx, y + length * my,
                                      z + length * mz) == g)
          ++length;
        if (length > out.counts.cols()) {
          // N_r grows to the longest run found; the new columns start at zero.
          const Eigen::Index old_cols = out.counts.cols();
          out.counts.conservativeResize(Eigen::NoChange, length);
          out.counts.rightCols(length - old_cols).setZero();
        }
        out.counts(g - 1, length - 1) += 1.0;
      }
    }
  }
  return out;
}

std::span<const FeatureInfo> feature_infos() { return kInfos; }

void compute(const DiscreteRoi& roi, const Settings& settings, FeatureTable& out) {
  const std::vector<Aggregation> aggregations = settings.effective_aggregations();
  texture::compute_family(
      roi, family_info(Family::Glrlm), aggregations,
      [](const DiscreteRoi& r, texture::Slab slab, std::span<const texture::Offset> offsets) {
        return count_matrix(r, slab, offsets.front());
      },
      &glszm::features, out, 1, settings.texture.distance_weighting);
}

}  // namespace radiomics::glrlm
