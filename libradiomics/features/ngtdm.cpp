// Neighbourhood grey tone difference matrix (NGTDM) features, IBSI manual "Neighbourhood grey
// tone difference based features" (IPET).
//
// Notation of the manual: for grey level i, n_i is the number of voxels with at least one
// neighbour in the ROI (W_k > 0) and s_i = sum_k |i - Xbar_k| over them, Xbar_k the mean grey
// level of the voxel's neighbours inside the ROI (centre excluded). N_vc = sum_i n_i,
// p_i = n_i / N_vc, N_gp the number of grey levels with p_i > 0. Sums over (i1, i2) run over
// grey levels with p > 0 only. The matrix has two columns, n_i and s_i, so the texture layer's
// element-wise merge is the manual's merge (sum n_i and s_i, then recompute p_i).
#include "features/ngtdm.hpp"

#include "features/feature_list.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>

namespace radiomics::ngtdm {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Coarseness when sum_i p_i s_i = 0 (a uniform ROI): the manual's arbitrary maximum.
constexpr double kMaxCoarseness = 1e6;

/// Everything the features share, restricted to the grey levels present (p_i > 0).
struct Marginals {
  Eigen::ArrayXd i;     ///< grey levels with p_i > 0
  Eigen::ArrayXd p;     ///< p_i
  Eigen::ArrayXd s;     ///< s_i
  double n_vc = 0.0;    ///< N_vc, voxels with a valid neighbourhood
  double n_gp = 0.0;    ///< N_gp
  double sum_ps = 0.0;  ///< sum_i p_i s_i
  double sum_s = 0.0;   ///< sum_i s_i
};

Marginals marginals(const texture::Matrix& m) {
  Marginals g;
  const Eigen::Index n_g = m.counts.rows();
  g.n_vc = m.counts.col(0).sum();
  const auto present = static_cast<Eigen::Index>((m.counts.col(0) > 0.0).count());
  g.i.resize(present);
  g.p.resize(present);
  g.s.resize(present);
  for (Eigen::Index r = 0, k = 0; r < n_g; ++r) {
    if (m.counts(r, 0) <= 0.0) continue;
    g.i(k) = static_cast<double>(r + 1);
    g.p(k) = m.counts(r, 0) / g.n_vc;
    g.s(k) = m.counts(r, 1);
    ++k;
  }
  g.n_gp = static_cast<double>(present);
  g.sum_ps = (g.p * g.s).sum();
  g.sum_s = g.s.sum();
  return g;
}

/// Coarseness, QCDE: F = 1 / sum_i p_i s_i; 10^6 when the sum is 0.
double coarseness(const Marginals& g) { return g.sum_ps > 0.0 ? 1.0 / g.sum_ps : kMaxCoarseness; }

/// Contrast, 65HE: F = [1/(N_gp (N_gp - 1)) sum_i1 sum_i2 p_i1 p_i2 (i1 - i2)^2] [1/N_vc sum_i
/// s_i]; 0 when N_gp = 1.
double contrast(const Marginals& g) {
  if (g.n_gp <= 1.0) return 0.0;
  double spread = 0.0;
  for (Eigen::Index a = 0; a < g.i.size(); ++a)
    spread += (g.p(a) * g.p * (g.i(a) - g.i).square()).sum();
  return spread / (g.n_gp * (g.n_gp - 1.0)) * g.sum_s / g.n_vc;
}

/// Busyness, NQ30: F = sum_i p_i s_i / sum_i1 sum_i2 |i1 p_i1 - i2 p_i2|; 0 when N_gp = 1.
/// Undefined (NaN) when the denominator vanishes with N_gp > 1 (all i p_i equal).
double busyness(const Marginals& g) {
  if (g.n_gp <= 1.0) return 0.0;
  const Eigen::ArrayXd ip = g.i * g.p;
  double denominator = 0.0;
  for (Eigen::Index a = 0; a < ip.size(); ++a) denominator += (ip(a) - ip).abs().sum();
  return denominator > 0.0 ? g.sum_ps / denominator : kNaN;
}

/// Complexity, HDEZ: F = 1/N_vc sum_i1 sum_i2 |i1 - i2| (p_i1 s_i1 + p_i2 s_i2) / (p_i1 + p_i2).
double complexity(const Marginals& g) {
  const Eigen::ArrayXd ps = g.p * g.s;
  double sum = 0.0;
  for (Eigen::Index a = 0; a < g.i.size(); ++a)
    sum += ((g.i(a) - g.i).abs() * (ps(a) + ps) / (g.p(a) + g.p)).sum();
  return sum / g.n_vc;
}

/// Strength, 1X9X: F = sum_i1 sum_i2 (p_i1 + p_i2) (i1 - i2)^2 / sum_i s_i; 0 when sum_i s_i = 0.
double strength(const Marginals& g) {
  if (g.sum_s <= 0.0) return 0.0;
  double sum = 0.0;
  for (Eigen::Index a = 0; a < g.i.size(); ++a)
    sum += ((g.p(a) + g.p) * (g.i(a) - g.i).square()).sum();
  return sum / g.sum_s;
}

using FeatureFunction = double (*)(const Marginals&);

struct Feature {
  FeatureInfo info;
  FeatureFunction fn;
};

// The family's one feature list, in the order of the manual and of the IBSI reference tags.
constexpr Feature kFeatures[] = {
    {{"ngt_coarseness", "QCDE", "Coarseness", "1 / sum_i p_i s_i (10^6 if the sum is 0)"},
     &coarseness},
    {{"ngt_contrast", "65HE", "Contrast",
      "[1/(N_gp (N_gp-1)) sum_i1 sum_i2 p_i1 p_i2 (i1-i2)^2] [1/N_vc sum_i s_i]"},
     &contrast},
    {{"ngt_busyness", "NQ30", "Busyness",
      "sum_i p_i s_i / sum_i1 sum_i2 |i1 p_i1 - i2 p_i2| (p_i1, p_i2 > 0)"},
     &busyness},
    {{"ngt_complexity", "HDEZ", "Complexity",
      "1/N_vc sum_i1 sum_i2 |i1-i2| (p_i1 s_i1 + p_i2 s_i2) / (p_i1 + p_i2) (p_i1, p_i2 > 0)"},
     &complexity},
    {{"ngt_strength", "1X9X", "Strength",
      "sum_i1 sum_i2 (p_i1 + p_i2) (i1-i2)^2 / sum_i s_i (p_i1, p_i2 > 0)"},
     &strength},
};
constexpr std::size_t kFeatureCount = std::size(kFeatures);

constexpr std::array<FeatureInfo, kFeatureCount> kInfos = infos_of(kFeatures);

}  // namespace

/// Every feature of one matrix; NaN for all of them when no voxel has a neighbour in the ROI.
void features(const texture::Matrix& matrix, std::span<double> out) {
  if (matrix.counts.cols() < 2 || matrix.counts.col(0).sum() <= 0.0) {
    std::fill(out.begin(), out.end(), kNaN);
    return;
  }
  const Marginals g = marginals(matrix);
  for (std::size_t i = 0; i < kFeatureCount; ++i) out[i] = kFeatures[i].fn(g);
}

/// The IBSI variant of the NGTDM: the neighbourhood need not be complete; it is the voxels of
/// `neighbourhood` that lie in the intensity mask and the slab (in 2D, averages never reach
/// across slices). A voxel without such a neighbour (W_k = 0) is left out of n_i and s_i.
texture::Matrix count_matrix(const DiscreteRoi& roi, texture::Slab slab,
                             std::span<const texture::Offset> neighbourhood, texture::NeighbourSums method) {
  texture::Matrix m{Eigen::ArrayXXd::Zero(std::max(roi.n_levels, 1), 2), 0.0};
  // One voxel's contribution, from the sum of its neighbours' grey levels and their number W_k.
  const auto count = [&m](std::int32_t g, double sum, int w) {
    m.n_voxels += 1.0;
    if (w == 0) return;
    if (g > m.counts.rows()) m.counts.conservativeResizeLike(Eigen::ArrayXXd::Zero(g, 2));
    m.counts(g - 1, 0) += 1.0;
    m.counts(g - 1, 1) += std::abs(g - sum / w);
  };
  const std::optional<texture::Cube> cube = texture::cube_of(neighbourhood);
  const bool boxes = cube && (method == texture::NeighbourSums::kBoxes ||
                              (method == texture::NeighbourSums::kAuto &&
                               texture::box_sums_pay_off(roi, slab, neighbourhood.size(), 1)));
  if (boxes) {
    // Box sums hold the centre too: its level and itself are taken out. The sums are exact
    // integers, so the neighbour sum is the same double as the visiting loop's.
    texture::for_each_roi_voxel_with_box(
        roi, slab, *cube,
        [](std::int32_t level) { return texture::BoxSum{level > 0 ? level : 0, level > 0 ? 1 : 0}; },
        [&](int, int, int, std::int32_t g, const texture::BoxSum& box) {
          count(g, static_cast<double>(box.sum - g), static_cast<int>(box.count - 1));
        });
    return m;
  }
  texture::for_each_roi_voxel(roi, slab, [&](int x, int y, int z, std::int32_t g) {
    double sum = 0.0;
    int w = 0;  // W_k
    for (const texture::Offset& o : neighbourhood) {
      const std::int32_t neighbour = texture::level_in_slab(roi, slab, x + o[0], y + o[1], z + o[2]);
      if (neighbour <= 0) continue;
      sum += neighbour;
      ++w;
    }
    count(g, sum, w);
  });
  return m;
}

std::span<const FeatureInfo> feature_infos() { return kInfos; }

void compute(const DiscreteRoi& roi, const Settings& settings, FeatureTable& out) {
  const std::vector<Aggregation> aggregations = settings.effective_aggregations();
  texture::compute_family(
      roi, family_info(Family::Ngtdm), aggregations,
      [](const DiscreteRoi& r, texture::Slab slab, std::span<const texture::Offset> neighbourhood) {
        return count_matrix(r, slab, neighbourhood);
      },
      &features, out, settings.texture.ngtdm_distance);
}

}  // namespace radiomics::ngtdm
