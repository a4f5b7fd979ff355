// PyRadiomics' texture classes over the shared texture layer. The matrices are the IBSI
// families' (same counting rules: symmetric GLCM, runs, 26-connected zones, NGLDM with
// alpha = gldm_a, NGTDM with incomplete neighbourhoods), and so are the per-matrix feature
// formulas; PyRadiomics' conventions that differ are applied per matrix, before averaging over
// directions, as PyRadiomics does: eps inside entropy logarithms, 1 for the correlation and 0 for
// IMC1 of a flat direction, and its extra feature MCC.
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "features/glcm.hpp"
#include "features/glrlm.hpp"
#include "features/glszm.hpp"
#include "features/ngldm.hpp"
#include "features/ngtdm.hpp"
#include "pyradiomics/features.hpp"
#include "radiomics/registry.hpp"
#include "texture/texture.hpp"

namespace radiomics::pyradiomics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// numpy.spacing(1), the eps PyRadiomics adds inside logarithms.
constexpr double kEps = std::numeric_limits<double>::epsilon();

using IbsiFeatures = void (*)(const texture::Matrix&, std::span<double>);

/// -sum p log2(p + eps) over probabilities p (PyRadiomics' entropy).
template <class Probabilities>
double entropy_eps(const Probabilities& p) {
  double h = 0.0;
  for (const double v : p)
    if (v > 0.0) h -= v * std::log2(v + kEps);
  return h;
}

/// Diagonal (k = |i - j|) and cross-diagonal (k = i + j) probabilities of a normalised GLCM.
struct GlcmSums {
  std::vector<double> diff, sum;
};

GlcmSums glcm_sums(const Eigen::ArrayXXd& p) {
  const auto n = static_cast<std::size_t>(p.rows());
  GlcmSums s{std::vector<double>(n, 0.0), std::vector<double>(2 * n + 1, 0.0)};
  for (Eigen::Index j = 0; j < p.cols(); ++j)
    for (Eigen::Index i = 0; i < p.rows(); ++i) {
      s.diff[static_cast<std::size_t>(std::abs(i - j))] += p(i, j);
      s.sum[static_cast<std::size_t>(i + j)] += p(i, j);
    }
  return s;
}

/// Maximal correlation coefficient of one GLCM: sqrt of the second largest eigenvalue of
/// Q(i, j) = sum_k p(i, k) p(j, k) / (p_x(i) p_y(k)). Q = D_x^-1 P D_y^-1 P^T has the eigenvalues
/// of the symmetric B B^T, B = D_x^-1/2 P D_y^-1/2 over rows and columns with p > 0; grey levels
/// present in the ROI but not in this matrix add zero eigenvalues (PyRadiomics keeps their rows).
/// PyRadiomics returns 1 when the ROI has a single grey level.
double mcc(const Eigen::ArrayXXd& p, int levels_in_roi) {
  if (levels_in_roi < 2) return 1.0;
  const Eigen::ArrayXd px = p.rowwise().sum();
  const Eigen::ArrayXd py = p.colwise().sum().transpose();
  std::vector<Eigen::Index> rows, cols;
  for (Eigen::Index i = 0; i < px.size(); ++i)
    if (px[i] > 0.0) rows.push_back(i);
  for (Eigen::Index k = 0; k < py.size(); ++k)
    if (py[k] > 0.0) cols.push_back(k);
  Eigen::MatrixXd b(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(cols.size()));
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < cols.size(); ++c)
      b(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) =
          p(rows[r], cols[c]) / std::sqrt(px[rows[r]] * py[cols[c]]);
  const Eigen::MatrixXd q = b * b.transpose();
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(q, Eigen::EigenvaluesOnly);
  std::vector<double> eigenvalues(solver.eigenvalues().data(),
                                  solver.eigenvalues().data() + solver.eigenvalues().size());
  const std::size_t absent = static_cast<std::size_t>(levels_in_roi) > rows.size()
                                 ? static_cast<std::size_t>(levels_in_roi) - rows.size()
                                 : 0;
  eigenvalues.insert(eigenvalues.end(), absent, 0.0);
  std::sort(eigenvalues.begin(), eigenvalues.end());
  if (eigenvalues.size() < 2) return kNaN;
  return std::sqrt(std::max(0.0, eigenvalues[eigenvalues.size() - 2]));
}

int index_of(const FamilyInfo& family, std::string_view tag) {
  for (std::size_t i = 0; i < family.features.size(); ++i)
    if (family.features[i].tag == tag) return static_cast<int>(i);
  return -1;  // a crosswalk error; tests/test_pyradiomics.cpp checks every tag
}

/// Number of distinct grey levels in the ROI (PyRadiomics' grayLevels).
int levels_present(const DiscreteRoi& roi) {
  std::vector<bool> seen(static_cast<std::size_t>(roi.n_levels) + 1, false);
  int n = 0;
  for (const std::int32_t g : roi.level)
    if (g > 0 && !seen[static_cast<std::size_t>(g)]) {
      seen[static_cast<std::size_t>(g)] = true;
      ++n;
    }
  return n;
}

}  // namespace

std::vector<double> texture_values(FeatureClass cls, const DiscreteRoi& levels, const Settings& settings) {
  const ClassInfo& info = class_info(cls);
  const FamilyInfo& family = family_info(info.family);
  const std::vector<const Feature*> wanted = class_features(cls);

  texture::CountFn count;
  IbsiFeatures ibsi_features = &glszm::features;
  const bool symmetric = settings.texture.glcm_symmetric;
  const int alpha = settings.texture.ngldm_alpha;
  switch (cls) {
    case FeatureClass::Glcm:
      ibsi_features = &glcm::features;
      count = [symmetric](const DiscreteRoi& r, texture::Slab slab, std::span<const texture::Offset> o) {
        return glcm::count_matrix(r, slab, o.front(), 1, symmetric);
      };
      break;
    case FeatureClass::Glrlm:
      count = [](const DiscreteRoi& r, texture::Slab slab, std::span<const texture::Offset> o) {
        return glrlm::count_matrix(r, slab, o.front());
      };
      break;
    case FeatureClass::Glszm:
      count = &glszm::count_matrix;
      break;
    case FeatureClass::Gldm:
      ibsi_features = &ngldm::features;
      count = [alpha](const DiscreteRoi& r, texture::Slab slab, std::span<const texture::Offset> o) {
        return ngldm::count_matrix(r, slab, o, alpha);
      };
      break;
    case FeatureClass::Ngtdm:
      ibsi_features = &ngtdm::features;
      count = [](const DiscreteRoi& r, texture::Slab slab, std::span<const texture::Offset> o) {
        return ngtdm::count_matrix(r, slab, o);
      };
      break;
    case FeatureClass::Shape:
    case FeatureClass::FirstOrder:
      return std::vector<double>(wanted.size(), kNaN);
  }

  std::vector<int> ibsi_index;
  for (const Feature* f : wanted) ibsi_index.push_back(f->ibsi_tag.empty() ? -1 : index_of(family, f->ibsi_tag));
  const int n_present = levels_present(levels);

  const texture::FeatureFn rule = [&](const texture::Matrix& matrix, std::span<double> out) {
    std::vector<double> ibsi(family.features.size(), kNaN);
    ibsi_features(matrix, ibsi);
    const double total = matrix.counts.size() > 0 ? matrix.counts.sum() : 0.0;
    const bool empty = cls == FeatureClass::Ngtdm ? !(matrix.counts.cols() >= 2 && matrix.counts.col(0).sum() > 0.0)
                                                  : !(total > 0.0);
    if (empty) {  // PyRadiomics drops empty directions; NaN is left out of the average
      std::fill(out.begin(), out.end(), kNaN);
      return;
    }
    const Eigen::ArrayXXd p = cls == FeatureClass::Ngtdm ? Eigen::ArrayXXd() : Eigen::ArrayXXd(matrix.counts / total);
    std::optional<GlcmSums> sums;
    const auto glcm_sums_once = [&]() -> const GlcmSums& {
      if (!sums) sums = glcm_sums(p);
      return *sums;
    };
    for (std::size_t k = 0; k < wanted.size(); ++k) {
      const double ibsi_value = ibsi_index[k] >= 0 ? ibsi[static_cast<std::size_t>(ibsi_index[k])] : kNaN;
      switch (wanted[k]->rule) {
        case Rule::Ibsi: out[k] = ibsi_value; break;
        case Rule::CorrelationFlatOne: out[k] = std::isnan(ibsi_value) ? 1.0 : ibsi_value; break;
        case Rule::Imc1FlatZero: out[k] = std::isnan(ibsi_value) ? 0.0 : ibsi_value; break;
        case Rule::JointEntropy:
        case Rule::MatrixEntropy: out[k] = entropy_eps(p.reshaped()); break;
        case Rule::DifferenceEntropy: out[k] = entropy_eps(glcm_sums_once().diff); break;
        case Rule::SumEntropy: out[k] = entropy_eps(glcm_sums_once().sum); break;
        case Rule::Mcc: out[k] = mcc(p, n_present); break;
        default: out[k] = kNaN; break;  // deprecated in PyRadiomics: no value
      }
    }
  };

  const bool directional = family.directional;
  const bool merge = settings.pyradiomics.merge_directions;
  Aggregation aggregation = Aggregation::Volume3D;
  if (directional)
    aggregation = settings.slice_wise ? (merge ? Aggregation::Comb2_5D : Aggregation::Avg2_5D)
                                      : (merge ? Aggregation::Comb3D : Aggregation::Avg3D);
  else if (settings.slice_wise)
    aggregation = Aggregation::Merged2_5D;
  return texture::aggregate(levels, directional, aggregation, count, rule, wanted.size());
}

}  // namespace radiomics::pyradiomics
