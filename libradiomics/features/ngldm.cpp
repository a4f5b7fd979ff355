// Neighbouring grey level dependence matrix (NGLDM) features, IBSI manual "Neighbouring grey
// level dependence based features" (REK0).
//
// Notation of the manual: s_ij is the number of voxels of grey level i (1..N_g) with dependence
// j (1..N_n), j_k = 1 + the number of neighbours k + m in the ROI with |X(k) - X(k + m)| <= alpha;
// N_s = sum_ij s_ij (= N_v, every intensity-mask voxel is a centre), p_ij = s_ij / N_s. The
// first 16 features have the formulas of the GLSZM features with dependence j in place of zone
// size (the manual derives both from the GLRLM), so they use the GLSZM's feature rule; the
// 17th, dependence count energy, is this family's own.
#include "features/ngldm.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cstdlib>
#include <limits>
#include <optional>
#include <type_traits>
#include <vector>

#include "features/glszm.hpp"

namespace radiomics::ngldm {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Dependence count energy, CAS9: F = sum_ij p_ij^2.
double dc_energy(const Eigen::ArrayXXd& s) {
  const double n_s = s.sum();
  return (s / n_s).square().sum();
}

// The family's one feature list, in the order of the manual and of the IBSI reference tags;
// the first glszm::kFeatureCount rows are the formulas of glszm::features.
constexpr FeatureInfo kInfos[] = {
    {"ngl_lde", "SODN", "Low dependence emphasis", "1/N_s sum_j s_.j / j^2"},
    {"ngl_hde", "IMOQ", "High dependence emphasis", "1/N_s sum_j j^2 s_.j"},
    {"ngl_lgce", "TL9H", "Low grey level count emphasis", "1/N_s sum_i s_i. / i^2"},
    {"ngl_hgce", "OAE7", "High grey level count emphasis", "1/N_s sum_i i^2 s_i."},
    {"ngl_ldlge", "EQ3F", "Low dependence low grey level emphasis",
     "1/N_s sum_ij s_ij / (i^2 j^2)"},
    {"ngl_ldhge", "JA6D", "Low dependence high grey level emphasis", "1/N_s sum_ij i^2 s_ij / j^2"},
    {"ngl_hdlge", "NBZI", "High dependence low grey level emphasis", "1/N_s sum_ij j^2 s_ij / i^2"},
    {"ngl_hdhge", "9QMG", "High dependence high grey level emphasis", "1/N_s sum_ij i^2 j^2 s_ij"},
    {"ngl_glnu", "FP8K", "Grey level non-uniformity", "1/N_s sum_i s_i.^2"},
    {"ngl_glnu_norm", "5SPA", "Normalised grey level non-uniformity", "1/N_s^2 sum_i s_i.^2"},
    {"ngl_dcnu", "Z87G", "Dependence count non-uniformity", "1/N_s sum_j s_.j^2"},
    {"ngl_dcnu_norm", "OKJI", "Normalised dependence count non-uniformity", "1/N_s^2 sum_j s_.j^2"},
    {"ngl_dc_perc", "6XV8", "Dependence count percentage", "N_s / N_v"},
    {"ngl_gl_var", "1PFV", "Grey level variance", "sum_ij (i - mu)^2 p_ij, mu = sum_ij i p_ij"},
    {"ngl_dc_var", "DNX2", "Dependence count variance",
     "sum_ij (j - mu)^2 p_ij, mu = sum_ij j p_ij"},
    {"ngl_dc_entr", "FCBV", "Dependence count entropy", "-sum_ij p_ij log2 p_ij"},
    {"ngl_dc_energy", "CAS9", "Dependence count energy", "sum_ij p_ij^2"},
};
constexpr std::size_t kFeatureCount = std::size(kInfos);
static_assert(kFeatureCount == glszm::kFeatureCount + 1);

}  // namespace

/// Every feature of one matrix; NaN for all of them when it holds no voxel.
void features(const texture::Matrix& matrix, std::span<double> out) {
  glszm::features(matrix, out.first(glszm::kFeatureCount));
  out[kFeatureCount - 1] =
      matrix.counts.size() > 0 && matrix.counts.sum() > 0.0 ? dc_energy(matrix.counts) : kNaN;
}

/// Every intensity-mask voxel of the slab is a centre (the IBSI variant: incomplete
/// neighbourhoods are kept); neighbours outside the intensity mask, the grid or the slab add
/// nothing to the dependence.
texture::Matrix count_matrix(const DiscreteRoi& roi, texture::Slab slab,
                             std::span<const texture::Offset> neighbourhood, int alpha,
                             texture::NeighbourSums method) {
  // N_n is at most 1 + the neighbourhood size (8 million at distance 100), but the matrix only
  // needs the largest dependence found: columns grow as dependences appear, then are trimmed.
  Eigen::Index n_n = 1;
  const auto fit = [](auto& counts, std::int32_t g, Eigen::Index j) {
    using Array = std::decay_t<decltype(counts)>;
    if (g > counts.rows() || j > counts.cols())
      counts.conservativeResizeLike(Array::Zero(std::max<Eigen::Index>(g, counts.rows()),
                                                std::max<Eigen::Index>(j, 2 * counts.cols())));
  };
  const std::optional<texture::Cube> cube = texture::cube_of(neighbourhood);
  // Grey levels present in the slab: box sums take one pass per level.
  std::vector<std::int32_t> levels;
  if (cube && method != texture::NeighbourSums::kVisit) {
    std::vector<bool> seen(static_cast<std::size_t>(std::max(roi.n_levels, 1)) + 1, false);
    texture::for_each_roi_voxel(roi, slab, [&](int, int, int, std::int32_t g) {
      if (static_cast<std::size_t>(g) >= seen.size()) seen.resize(static_cast<std::size_t>(g) + 1, false);
      if (!seen[static_cast<std::size_t>(g)]) levels.push_back(g);
      seen[static_cast<std::size_t>(g)] = true;
    });
  }
  const bool boxes = cube && (method == texture::NeighbourSums::kBoxes ||
                              (method == texture::NeighbourSums::kAuto &&
                               texture::box_sums_pay_off(roi, slab, neighbourhood.size(), levels.size())));
  if (boxes) {
    // Counts are integers, so the order of counting (level by level) does not change the matrix.
    Eigen::ArrayXXi s = Eigen::ArrayXXi::Zero(std::max(roi.n_levels, 1), 1);
    double n_voxels = 0.0;
    for (const std::int32_t level : levels) {
      // The box counts the voxels whose grey level lies within alpha of this level: for a
      // centre of this level that is its dependence j, itself included.
      texture::for_each_roi_voxel_with_box(
          roi, slab, *cube,
          [level, alpha](std::int32_t g) {
            return texture::BoxSum{0, g > 0 && std::abs(g - level) <= alpha ? 1 : 0};
          },
          [&](int, int, int, std::int32_t g, const texture::BoxSum& box) {
            if (g != level) return;
            n_voxels += 1.0;
            const auto j = static_cast<Eigen::Index>(box.count);
            fit(s, g, j);
            s(g - 1, j - 1) += 1;
            n_n = std::max(n_n, j);
          });
    }
    texture::Matrix m{s.leftCols(n_n).cast<double>(), n_voxels};
    return m;
  }
  texture::Matrix m{Eigen::ArrayXXd::Zero(std::max(roi.n_levels, 1), 1), 0.0};
  texture::for_each_roi_voxel(roi, slab, [&](int x, int y, int z, std::int32_t g) {
    m.n_voxels += 1.0;
    Eigen::Index j = 1;  // the centre depends on itself
    for (const texture::Offset& o : neighbourhood) {
      const std::int32_t neighbour = texture::level_in_slab(roi, slab, x + o[0], y + o[1], z + o[2]);
      if (neighbour > 0 && std::abs(neighbour - g) <= alpha) ++j;
    }
    fit(m.counts, g, j);
    m.counts(g - 1, j - 1) += 1.0;
    n_n = std::max(n_n, j);
  });
  m.counts.conservativeResize(Eigen::NoChange, n_n);
  return m;
}

std::span<const FeatureInfo> feature_infos() { return kInfos; }

void compute(const DiscreteRoi& roi, const Settings& settings, FeatureTable& out) {
  const std::vector<Aggregation> aggregations = settings.effective_aggregations();
  const int alpha = settings.texture.ngldm_alpha;
  texture::compute_family(
      roi, family_info(Family::Ngldm), aggregations,
      [alpha](const DiscreteRoi& r, texture::Slab slab, std::span<const texture::Offset> offsets) {
        return count_matrix(r, slab, offsets, alpha);
      },
      &features, out, settings.texture.ngldm_distance);
}

}  // namespace radiomics::ngldm
