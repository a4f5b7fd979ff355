// Grey level run length matrix (GLRLM) features, IBSI manual "Grey level run length based
// features" (TP0I).
//
// Notation of the manual: r_ij is the number of runs of grey level i (1..N_g) with length j
// (1..N_r) along direction m; r_i. and r_.j are the marginal sums, N_s = sum_ij r_ij the number
// of runs, N_v the number of ROI voxels (summed over merged matrices) and p_ij = r_ij / N_s. The
// texture layer (texture/texture.hpp) builds the slabs, directions and aggregations; this file
// only counts one direction and computes features of one matrix.
#include "features/glrlm.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <limits>

#include "texture/texture.hpp"

namespace radiomics::glrlm {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Everything the features share, computed once per matrix. r is the run length matrix
/// (row i-1 = grey level i, column j-1 = run length j).
struct Marginals {
  Eigen::ArrayXd r_i;  ///< r_i., runs per grey level
  Eigen::ArrayXd r_j;  ///< r_.j, runs per run length
  Eigen::ArrayXd i;    ///< grey levels 1..N_g
  Eigen::ArrayXd j;    ///< run lengths 1..N_r
  double n_s = 0.0;    ///< number of runs N_s
  double n_v = 0.0;    ///< number of voxels N_v
};

Marginals marginals(const texture::Matrix& m) {
  Marginals g;
  g.r_i = m.counts.rowwise().sum();
  g.r_j = m.counts.colwise().sum().transpose();
  g.i = Eigen::ArrayXd::LinSpaced(m.counts.rows(), 1.0, static_cast<double>(m.counts.rows()));
  g.j = Eigen::ArrayXd::LinSpaced(m.counts.cols(), 1.0, static_cast<double>(m.counts.cols()));
  g.n_s = m.counts.sum();
  g.n_v = m.n_voxels;
  return g;
}

/// sum_ij w_i(i) w_j(j) r_ij / N_s, the weighted emphases.
double emphasis(const Eigen::ArrayXXd& r, const Marginals& g, const Eigen::ArrayXd& w_i,
                const Eigen::ArrayXd& w_j) {
  return (w_i.matrix().transpose() * r.matrix() * w_j.matrix()).value() / g.n_s;
}

/// Short runs emphasis, 22OV: F = 1/N_s sum_j r_.j / j^2.
double sre(const Eigen::ArrayXXd&, const Marginals& g) {
  return (g.r_j / g.j.square()).sum() / g.n_s;
}

/// Long runs emphasis, W4KF: F = 1/N_s sum_j j^2 r_.j.
double lre(const Eigen::ArrayXXd&, const Marginals& g) {
  return (g.r_j * g.j.square()).sum() / g.n_s;
}

/// Low grey level run emphasis, V3SW: F = 1/N_s sum_i r_i. / i^2.
double lgre(const Eigen::ArrayXXd&, const Marginals& g) {
  return (g.r_i / g.i.square()).sum() / g.n_s;
}

/// High grey level run emphasis, G3QZ: F = 1/N_s sum_i i^2 r_i..
double hgre(const Eigen::ArrayXXd&, const Marginals& g) {
  return (g.r_i * g.i.square()).sum() / g.n_s;
}

/// Short run low grey level emphasis, HTZT: F = 1/N_s sum_ij r_ij / (i^2 j^2).
double srlge(const Eigen::ArrayXXd& r, const Marginals& g) {
  return emphasis(r, g, g.i.square().inverse(), g.j.square().inverse());
}

/// Short run high grey level emphasis, GD3A: F = 1/N_s sum_ij i^2 r_ij / j^2.
double srhge(const Eigen::ArrayXXd& r, const Marginals& g) {
  return emphasis(r, g, g.i.square(), g.j.square().inverse());
}

/// Long run low grey level emphasis, IVPO: F = 1/N_s sum_ij j^2 r_ij / i^2.
double lrlge(const Eigen::ArrayXXd& r, const Marginals& g) {
  return emphasis(r, g, g.i.square().inverse(), g.j.square());
}

/// Long run high grey level emphasis, 3KUM: F = 1/N_s sum_ij i^2 j^2 r_ij.
double lrhge(const Eigen::ArrayXXd& r, const Marginals& g) {
  return emphasis(r, g, g.i.square(), g.j.square());
}

/// Grey level non-uniformity, R5YN: F = 1/N_s sum_i r_i.^2.
double glnu(const Eigen::ArrayXXd&, const Marginals& g) { return g.r_i.square().sum() / g.n_s; }

/// Normalised grey level non-uniformity, OVBL: F = 1/N_s^2 sum_i r_i.^2.
double glnu_norm(const Eigen::ArrayXXd&, const Marginals& g) {
  return g.r_i.square().sum() / (g.n_s * g.n_s);
}

/// Run length non-uniformity, W92Y: F = 1/N_s sum_j r_.j^2.
double rlnu(const Eigen::ArrayXXd&, const Marginals& g) { return g.r_j.square().sum() / g.n_s; }

/// Normalised run length non-uniformity, IC23: F = 1/N_s^2 sum_j r_.j^2.
double rlnu_norm(const Eigen::ArrayXXd&, const Marginals& g) {
  return g.r_j.square().sum() / (g.n_s * g.n_s);
}

/// Run percentage, 9ZK5: F = N_s / N_v (N_v summed over merged matrices).
double r_perc(const Eigen::ArrayXXd&, const Marginals& g) {
  return g.n_v > 0.0 ? g.n_s / g.n_v : kNaN;
}

/// Variance of x under the marginal distribution counts / N_s: sum (x - mu)^2 counts / N_s.
double marginal_variance(const Eigen::ArrayXd& x, const Eigen::ArrayXd& counts, double n_s) {
  const double mu = (x * counts).sum() / n_s;
  return ((x - mu).square() * counts).sum() / n_s;
}

/// Grey level variance, 8CE5: F = sum_ij (i - mu)^2 p_ij, mu = sum_ij i p_ij.
double gl_var(const Eigen::ArrayXXd&, const Marginals& g) {
  return marginal_variance(g.i, g.r_i, g.n_s);
}

/// Run length variance, SXLW: F = sum_ij (j - mu)^2 p_ij, mu = sum_ij j p_ij.
double rl_var(const Eigen::ArrayXXd&, const Marginals& g) {
  return marginal_variance(g.j, g.r_j, g.n_s);
}

/// Run entropy, HJ9O: F = -sum_ij p_ij log2 p_ij.
double rl_entr(const Eigen::ArrayXXd& r, const Marginals& g) {
  double h = 0.0;
  for (const double count : r.reshaped()) {
    if (count <= 0.0) continue;
    const double p = count / g.n_s;
    h -= p * std::log2(p);
  }
  return h;
}

using FeatureFunction = double (*)(const Eigen::ArrayXXd&, const Marginals&);

struct Feature {
  FeatureInfo info;
  FeatureFunction fn;
};

// The family's one feature list, in the order of the manual and of the IBSI reference tags.
constexpr Feature kFeatures[] = {
    {{"rlm_sre", "22OV", "Short runs emphasis", "1/N_s sum_j r_.j / j^2"}, &sre},
    {{"rlm_lre", "W4KF", "Long runs emphasis", "1/N_s sum_j j^2 r_.j"}, &lre},
    {{"rlm_lgre", "V3SW", "Low grey level run emphasis", "1/N_s sum_i r_i. / i^2"}, &lgre},
    {{"rlm_hgre", "G3QZ", "High grey level run emphasis", "1/N_s sum_i i^2 r_i."}, &hgre},
    {{"rlm_srlge", "HTZT", "Short run low grey level emphasis",
      "1/N_s sum_ij r_ij / (i^2 j^2)"},
     &srlge},
    {{"rlm_srhge", "GD3A", "Short run high grey level emphasis", "1/N_s sum_ij i^2 r_ij / j^2"},
     &srhge},
    {{"rlm_lrlge", "IVPO", "Long run low grey level emphasis", "1/N_s sum_ij j^2 r_ij / i^2"},
     &lrlge},
    {{"rlm_lrhge", "3KUM", "Long run high grey level emphasis", "1/N_s sum_ij i^2 j^2 r_ij"},
     &lrhge},
    {{"rlm_glnu", "R5YN", "Grey level non-uniformity", "1/N_s sum_i r_i.^2"}, &glnu},
    {{"rlm_glnu_norm", "OVBL", "Normalised grey level non-uniformity", "1/N_s^2 sum_i r_i.^2"},
     &glnu_norm},
    {{"rlm_rlnu", "W92Y", "Run length non-uniformity", "1/N_s sum_j r_.j^2"}, &rlnu},
    {{"rlm_rlnu_norm", "IC23", "Normalised run length non-uniformity", "1/N_s^2 sum_j r_.j^2"},
     &rlnu_norm},
    {{"rlm_r_perc", "9ZK5", "Run percentage", "N_s / N_v"}, &r_perc},
    {{"rlm_gl_var", "8CE5", "Grey level variance", "sum_ij (i - mu)^2 p_ij"}, &gl_var},
    {{"rlm_rl_var", "SXLW", "Run length variance", "sum_ij (j - mu)^2 p_ij"}, &rl_var},
    {{"rlm_rl_entr", "HJ9O", "Run entropy", "-sum_ij p_ij log2 p_ij"}, &rl_entr},
};
constexpr std::size_t kFeatureCount = std::size(kFeatures);

constexpr std::array<FeatureInfo, kFeatureCount> kInfos = [] {
  std::array<FeatureInfo, kFeatureCount> infos{};
  for (std::size_t i = 0; i < kFeatureCount; ++i) infos[i] = kFeatures[i].info;
  return infos;
}();


/// Every feature of one matrix; NaN for all of them when it holds no run (empty slab).
void features(const texture::Matrix& matrix, std::span<double> out) {
  if (matrix.counts.size() == 0 || matrix.counts.sum() <= 0.0) {
    std::fill(out.begin(), out.end(), kNaN);
    return;
  }
  const Marginals g = marginals(matrix);
  for (std::size_t i = 0; i < kFeatureCount; ++i) out[i] = kFeatures[i].fn(matrix.counts, g);
}

}  // namespace

/// Runs of one slab along direction m = `direction`. A run starts at an ROI voxel whose
/// predecessor k - m is not an ROI voxel of the slab with the same grey level, and continues
/// along m while the grey level stays the same; voxels outside the intensity mask or the slab
/// end a run. Each voxel is visited once by the scan and once by the walk of its run.
texture::Matrix count_matrix(const DiscreteRoi& roi, texture::Slab slab,
                             texture::Offset direction) {
  const Grid3& grid = roi.grid;
  const auto [mx, my, mz] = direction;
  const auto level_at = [&](int x, int y, int z) -> std::int32_t {
    if (!grid.contains(x, y, z) || z < slab.z_begin || z >= slab.z_end) return 0;
    return roi.level[grid.index(x, y, z)];
  };
  texture::Matrix out{Eigen::ArrayXXd::Zero(roi.n_levels, 1), 0.0};
  for (int z = slab.z_begin; z < slab.z_end; ++z) {
    for (int y = 0; y < grid.size[1]; ++y) {
      for (int x = 0; x < grid.size[0]; ++x) {
        const std::int32_t g = roi.level[grid.index(x, y, z)];
        if (g <= 0) continue;
        out.n_voxels += 1.0;
        if (level_at(x - mx, y - my, z - mz) == g) continue;  // inside a run, not its start
        int length = 1;
        while (level_at(x + length * mx, y + length * my, z + length * mz) == g) ++length;
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
      &features, out, 1, settings.texture.distance_weighting);
}

}  // namespace radiomics::glrlm
