// Grey level co-occurrence matrix (GLCM) features, IBSI manual "Grey level co-occurrence based
// features" (LFYI).
//
// Notation of the manual: M is the N_g x N_g co-occurrence matrix of one direction m (row i,
// column j, grey levels 1..N_g), P = M / sum(M) with elements p_ij, row and column marginals
// p_i. and p_.j, diagonal probabilities p_{i-j,k} (k = |i-j| = 0..N_g-1) and cross-diagonal
// probabilities p_{i+j,k} (k = i+j = 2..2N_g). The texture layer (texture/texture.hpp) builds the
// slabs, directions and aggregations; this file only counts one direction and computes features
// of one matrix.
#include "features/glcm.hpp"

#include "features/feature_list.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <limits>

#include "texture/texture.hpp"

namespace radiomics::glcm {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Everything the features share, computed once per matrix. Indices are 0-based: p(i-1, j-1)
/// is p_ij, p_i[i-1] is p_i., p_diff[k] is p_{i-j,k} and p_sum[k] is p_{i+j,k} (entries 0 and 1
/// of p_sum are always zero, so that k keeps the manual's meaning).
struct Marginals {
  int n_g = 0;
  Eigen::ArrayXd p_i, p_j, p_diff, p_sum;
  double mu_i = 0.0, mu_j = 0.0;        ///< means of the row and column marginals
  double sigma_i = 0.0, sigma_j = 0.0;  ///< standard deviations of the marginals
  double hxy = 0.0;                     ///< joint entropy HXY
};

/// -sum x log2 x over the positive entries (0 log 0 = 0).
double entropy(const Eigen::ArrayXd& x) {
  double h = 0.0;
  for (Eigen::Index k = 0; k < x.size(); ++k)
    if (x[k] > 0.0) h -= x[k] * std::log2(x[k]);
  return h;
}

Marginals marginals(const Eigen::ArrayXXd& p) {
  Marginals m;
  m.n_g = static_cast<int>(p.rows());
  m.p_i = p.rowwise().sum();
  m.p_j = p.colwise().sum().transpose();
  m.p_diff = Eigen::ArrayXd::Zero(m.n_g);
  m.p_sum = Eigen::ArrayXd::Zero(2 * m.n_g + 1);
  for (int i = 1; i <= m.n_g; ++i) {
    for (int j = 1; j <= m.n_g; ++j) {
      m.p_diff[std::abs(i - j)] += p(i - 1, j - 1);
      m.p_sum[i + j] += p(i - 1, j - 1);
    }
  }
  const Eigen::ArrayXd level = Eigen::ArrayXd::LinSpaced(m.n_g, 1.0, m.n_g);
  m.mu_i = (level * m.p_i).sum();
  m.mu_j = (level * m.p_j).sum();
  m.sigma_i = std::sqrt(((level - m.mu_i).square() * m.p_i).sum());
  m.sigma_j = std::sqrt(((level - m.mu_j).square() * m.p_j).sum());
  m.hxy = entropy(p.reshaped());
  return m;
}

/// sum_ij w(i, j) p_ij over the matrix, with 1-based grey levels i and j.
template <typename Weight>
double weighted_sum(const Eigen::ArrayXXd& p, Weight w) {
  double s = 0.0;
  for (Eigen::Index j = 0; j < p.cols(); ++j)
    for (Eigen::Index i = 0; i < p.rows(); ++i)
      if (p(i, j) != 0.0) s += w(static_cast<double>(i + 1), static_cast<double>(j + 1)) * p(i, j);
  return s;
}

/// sum_k w(k) p_{i-j,k}.
template <typename Weight>
double diff_sum(const Marginals& m, Weight w) {
  double s = 0.0;
  for (Eigen::Index k = 0; k < m.p_diff.size(); ++k) s += w(static_cast<double>(k)) * m.p_diff[k];
  return s;
}

/// sum_k w(k) p_{i+j,k}.
template <typename Weight>
double sum_sum(const Marginals& m, Weight w) {
  double s = 0.0;
  for (Eigen::Index k = 2; k < m.p_sum.size(); ++k) s += w(static_cast<double>(k)) * m.p_sum[k];
  return s;
}

/// Joint maximum, GYBY: F = max(p_ij).
double joint_max(const Eigen::ArrayXXd& p, const Marginals&) { return p.maxCoeff(); }

/// Joint average, 60VM: F = sum_ij i p_ij (= mu_i.).
double joint_avg(const Eigen::ArrayXXd&, const Marginals& m) { return m.mu_i; }

/// Joint variance, UR99: F = sum_ij (i - mu)^2 p_ij, mu the joint average.
double joint_var(const Eigen::ArrayXXd&, const Marginals& m) { return m.sigma_i * m.sigma_i; }

/// Joint entropy, TU9B: F = -sum_ij p_ij log2 p_ij.
double joint_entr(const Eigen::ArrayXXd&, const Marginals& m) { return m.hxy; }

/// Difference average, TF7R: F = sum_k k p_{i-j,k}.
double diff_avg(const Eigen::ArrayXXd&, const Marginals& m) {
  return diff_sum(m, [](double k) { return k; });
}

/// Difference variance, D3YU: F = sum_k (k - mu)^2 p_{i-j,k}, mu the difference average.
double diff_var(const Eigen::ArrayXXd& p, const Marginals& m) {
  const double mu = diff_avg(p, m);
  return diff_sum(m, [mu](double k) { return (k - mu) * (k - mu); });
}

/// Difference entropy, NTRS: F = -sum_k p_{i-j,k} log2 p_{i-j,k}.
double diff_entr(const Eigen::ArrayXXd&, const Marginals& m) { return entropy(m.p_diff); }

/// Sum average, ZGXS: F = sum_k k p_{i+j,k}.
double sum_avg(const Eigen::ArrayXXd&, const Marginals& m) {
  return sum_sum(m, [](double k) { return k; });
}

/// Sum variance, OEEB: F = sum_k (k - mu)^2 p_{i+j,k}, mu the sum average.
double sum_var(const Eigen::ArrayXXd& p, const Marginals& m) {
  const double mu = sum_avg(p, m);
  return sum_sum(m, [mu](double k) { return (k - mu) * (k - mu); });
}

/// Sum entropy, P6QZ: F = -sum_k p_{i+j,k} log2 p_{i+j,k}.
double sum_entr(const Eigen::ArrayXXd&, const Marginals& m) { return entropy(m.p_sum); }

/// Angular second moment (energy), 8ZQL: F = sum_ij p_ij^2.
double energy(const Eigen::ArrayXXd& p, const Marginals&) { return p.square().sum(); }

/// Contrast, ACUI: F = sum_ij (i - j)^2 p_ij.
double contrast(const Eigen::ArrayXXd&, const Marginals& m) {
  return diff_sum(m, [](double k) { return k * k; });
}

/// Dissimilarity, 8S9J: F = sum_ij |i - j| p_ij (= difference average).
double dissimilarity(const Eigen::ArrayXXd& p, const Marginals& m) { return diff_avg(p, m); }

/// Inverse difference, IB1Z: F = sum_k p_{i-j,k} / (1 + k).
double inv_diff(const Eigen::ArrayXXd&, const Marginals& m) {
  return diff_sum(m, [](double k) { return 1.0 / (1.0 + k); });
}

/// Normalised inverse difference, NDRX: F = sum_k p_{i-j,k} / (1 + k / N_g).
double inv_diff_norm(const Eigen::ArrayXXd&, const Marginals& m) {
  const double n_g = m.n_g;
  return diff_sum(m, [n_g](double k) { return 1.0 / (1.0 + k / n_g); });
}

/// Inverse difference moment, WF0Z: F = sum_k p_{i-j,k} / (1 + k^2).
double inv_diff_mom(const Eigen::ArrayXXd&, const Marginals& m) {
  return diff_sum(m, [](double k) { return 1.0 / (1.0 + k * k); });
}

/// Normalised inverse difference moment, 1QCO: F = sum_k p_{i-j,k} / (1 + (k / N_g)^2).
double inv_diff_mom_norm(const Eigen::ArrayXXd&, const Marginals& m) {
  const double n_g = m.n_g;
  return diff_sum(m, [n_g](double k) { return 1.0 / (1.0 + (k / n_g) * (k / n_g)); });
}

/// Inverse variance, E8JP: F = sum_{k>=1} p_{i-j,k} / k^2 (the diagonal k = 0 is left out).
double inv_var(const Eigen::ArrayXXd&, const Marginals& m) {
  return diff_sum(m, [](double k) { return k > 0.0 ? 1.0 / (k * k) : 0.0; });
}

/// Correlation, NI2N: F = (sum_ij i j p_ij - mu_i. mu_.j) / (sigma_i. sigma_.j).
/// Undefined (NaN) when a marginal has no spread, e.g. a constant slab.
double corr(const Eigen::ArrayXXd& p, const Marginals& m) {
  const double denominator = m.sigma_i * m.sigma_j;
  if (denominator <= 0.0) return kNaN;
  const double mu_i = m.mu_i, mu_j = m.mu_j;
  return weighted_sum(p, [mu_i, mu_j](double i, double j) { return (i - mu_i) * (j - mu_j); }) /
         denominator;
}

/// Autocorrelation, QWB0: F = sum_ij i j p_ij.
double auto_corr(const Eigen::ArrayXXd& p, const Marginals&) {
  return weighted_sum(p, [](double i, double j) { return i * j; });
}

/// sum_ij (i + j - mu_i. - mu_.j)^power p_ij, the cluster features.
double cluster_moment(const Eigen::ArrayXXd& p, const Marginals& m, int power) {
  const double mu = m.mu_i + m.mu_j;
  return weighted_sum(p, [mu, power](double i, double j) { return std::pow(i + j - mu, power); });
}

/// Cluster tendency, DG8W: F = sum_ij (i + j - mu_i. - mu_.j)^2 p_ij.
double clust_tend(const Eigen::ArrayXXd& p, const Marginals& m) { return cluster_moment(p, m, 2); }

/// Cluster shade, 7NFM: F = sum_ij (i + j - mu_i. - mu_.j)^3 p_ij.
double clust_shade(const Eigen::ArrayXXd& p, const Marginals& m) { return cluster_moment(p, m, 3); }

/// Cluster prominence, AE86: F = sum_ij (i + j - mu_i. - mu_.j)^4 p_ij.
double clust_prom(const Eigen::ArrayXXd& p, const Marginals& m) { return cluster_moment(p, m, 4); }

/// Information correlation 1, R8DG: F = (HXY - HXY_1) / HX, with
/// HXY_1 = -sum_ij p_ij log2(p_i. p_.j). For an asymmetric matrix HX is max(HX, HY) (Haralick).
/// Undefined (NaN) when HX = 0: a single grey level.
double info_corr1(const Eigen::ArrayXXd& p, const Marginals& m) {
  const double hx = std::max(entropy(m.p_i), entropy(m.p_j));
  if (hx <= 0.0) return kNaN;
  double hxy_1 = 0.0;
  for (Eigen::Index j = 0; j < p.cols(); ++j)
    for (Eigen::Index i = 0; i < p.rows(); ++i)
      if (p(i, j) > 0.0) hxy_1 -= p(i, j) * std::log2(m.p_i[i] * m.p_j[j]);
  return (m.hxy - hxy_1) / hx;
}

/// Information correlation 2, JN9H: F = sqrt(1 - exp(-2 (HXY_2 - HXY))), with
/// HXY_2 = -sum_ij p_i. p_.j log2(p_i. p_.j). HXY_2 >= HXY in exact arithmetic; the difference
/// is clamped at 0 so that rounding cannot make the root negative.
double info_corr2(const Eigen::ArrayXXd&, const Marginals& m) {
  double hxy_2 = 0.0;
  for (Eigen::Index j = 0; j < m.p_j.size(); ++j)
    for (Eigen::Index i = 0; i < m.p_i.size(); ++i) {
      const double q = m.p_i[i] * m.p_j[j];
      if (q > 0.0) hxy_2 -= q * std::log2(q);
    }
  return std::sqrt(1.0 - std::exp(-2.0 * std::max(0.0, hxy_2 - m.hxy)));
}

using FeatureFunction = double (*)(const Eigen::ArrayXXd&, const Marginals&);

struct Feature {
  FeatureInfo info;
  FeatureFunction fn;
};

// The family's one feature list, in the order of the manual and of the IBSI reference tags.
constexpr Feature kFeatures[] = {
    {{"cm_joint_max", "GYBY", "Joint maximum", "max(p_ij)"}, &joint_max},
    {{"cm_joint_avg", "60VM", "Joint average", "sum_ij i p_ij"}, &joint_avg},
    {{"cm_joint_var", "UR99", "Joint variance", "sum_ij (i - mu)^2 p_ij"}, &joint_var},
    {{"cm_joint_entr", "TU9B", "Joint entropy", "-sum_ij p_ij log2 p_ij"}, &joint_entr},
    {{"cm_diff_avg", "TF7R", "Difference average", "sum_k k p_{i-j,k}"}, &diff_avg},
    {{"cm_diff_var", "D3YU", "Difference variance", "sum_k (k - mu)^2 p_{i-j,k}"}, &diff_var},
    {{"cm_diff_entr", "NTRS", "Difference entropy", "-sum_k p_{i-j,k} log2 p_{i-j,k}"},
     &diff_entr},
    {{"cm_sum_avg", "ZGXS", "Sum average", "sum_k k p_{i+j,k}"}, &sum_avg},
    {{"cm_sum_var", "OEEB", "Sum variance", "sum_k (k - mu)^2 p_{i+j,k}"}, &sum_var},
    {{"cm_sum_entr", "P6QZ", "Sum entropy", "-sum_k p_{i+j,k} log2 p_{i+j,k}"}, &sum_entr},
    {{"cm_energy", "8ZQL", "Angular second moment", "sum_ij p_ij^2"}, &energy},
    {{"cm_contrast", "ACUI", "Contrast", "sum_ij (i - j)^2 p_ij"}, &contrast},
    {{"cm_dissimilarity", "8S9J", "Dissimilarity", "sum_ij |i - j| p_ij"}, &dissimilarity},
    {{"cm_inv_diff", "IB1Z", "Inverse difference", "sum_k p_{i-j,k} / (1 + k)"}, &inv_diff},
    {{"cm_inv_diff_norm", "NDRX", "Normalised inverse difference",
      "sum_k p_{i-j,k} / (1 + k / N_g)"},
     &inv_diff_norm},
    {{"cm_inv_diff_mom", "WF0Z", "Inverse difference moment", "sum_k p_{i-j,k} / (1 + k^2)"},
     &inv_diff_mom},
    {{"cm_inv_diff_mom_norm", "1QCO", "Normalised inverse difference moment",
      "sum_k p_{i-j,k} / (1 + (k / N_g)^2)"},
     &inv_diff_mom_norm},
    {{"cm_inv_var", "E8JP", "Inverse variance", "sum_{k>=1} p_{i-j,k} / k^2"}, &inv_var},
    {{"cm_corr", "NI2N", "Correlation",
      "(sum_ij i j p_ij - mu_i. mu_.j) / (sigma_i. sigma_.j)"},
     &corr},
    {{"cm_auto_corr", "QWB0", "Autocorrelation", "sum_ij i j p_ij"}, &auto_corr},
    {{"cm_clust_tend", "DG8W", "Cluster tendency", "sum_ij (i + j - mu_i. - mu_.j)^2 p_ij"},
     &clust_tend},
    {{"cm_clust_shade", "7NFM", "Cluster shade", "sum_ij (i + j - mu_i. - mu_.j)^3 p_ij"},
     &clust_shade},
    {{"cm_clust_prom", "AE86", "Cluster prominence", "sum_ij (i + j - mu_i. - mu_.j)^4 p_ij"},
     &clust_prom},
    {{"cm_info_corr1", "R8DG", "Information correlation 1", "(HXY - HXY_1) / HX"}, &info_corr1},
    {{"cm_info_corr2", "JN9H", "Information correlation 2",
      "sqrt(1 - exp(-2 (HXY_2 - HXY)))"},
     &info_corr2},
};
constexpr std::size_t kFeatureCount = std::size(kFeatures);

constexpr std::array<FeatureInfo, kFeatureCount> kInfos = infos_of(kFeatures);

}  // namespace

/// Every feature of one matrix; NaN for all of them when the matrix is empty (no pair of ROI
/// voxels along the direction, e.g. a one-voxel slice).
void features(const texture::Matrix& matrix, std::span<double> out) {
  const double total = matrix.counts.sum();
  if (matrix.counts.size() == 0 || total <= 0.0) {
    std::fill(out.begin(), out.end(), kNaN);
    return;
  }
  const Eigen::ArrayXXd p = matrix.counts / total;
  const Marginals m = marginals(p);
  for (std::size_t i = 0; i < kFeatureCount; ++i) out[i] = kFeatures[i].fn(p, m);
}

/// Co-occurrences of one slab along direction m = `direction` scaled to Chebyshev distance
/// delta = `distance`: M(g(k), g(k + delta m)) += 1 for every ROI voxel k whose neighbour is an
/// ROI voxel of the same slab, and, when symmetric, also M(g(k + delta m), g(k)) (the manual's
/// M_m+ + M_m-).
texture::Matrix count_matrix(const DiscreteRoi& roi, texture::Slab slab, texture::Offset direction,
                             int distance, bool symmetric) {
  const int n_g = roi.n_levels;
  texture::Matrix m{Eigen::ArrayXXd::Zero(n_g, n_g), 0.0};
  const int dx = distance * direction[0];
  const int dy = distance * direction[1];
  const int dz = distance * direction[2];
  texture::for_each_roi_voxel(roi, slab, [&](int x, int y, int z, std::int32_t g) {
    m.n_voxels += 1.0;
    const std::int32_t h = texture::level_in_slab(roi, slab, x + dx, y + dy, z + dz);
    if (h <= 0) return;
    m.counts(g - 1, h - 1) += 1.0;
    if (symmetric) m.counts(h - 1, g - 1) += 1.0;
  });
  return m;
}

std::span<const FeatureInfo> feature_infos() { return kInfos; }

void compute(const DiscreteRoi& roi, const Settings& settings, FeatureTable& out) {
  const int delta = settings.texture.glcm_distance;
  const bool symmetric = settings.texture.glcm_symmetric;
  const std::vector<Aggregation> aggregations = settings.effective_aggregations();
  texture::compute_family(
      roi, family_info(Family::Glcm), aggregations,
      [delta, symmetric](const DiscreteRoi& r, texture::Slab slab,
                         std::span<const texture::Offset> offsets) {
        return count_matrix(r, slab, offsets.front(), delta, symmetric);
      },
      &features, out, 1, settings.texture.distance_weighting);
}

}  // namespace radiomics::glcm
