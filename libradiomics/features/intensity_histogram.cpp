// Intensity histogram features (IBSI manual 3.4, ZVCW). X_d is the set of the N_v discretised
// intensities in the ROI intensity mask, H = {n_1, ..., n_Ng} its histogram over all grey levels
// 1..N_g (empty bins included), p_i = n_i / N_v. The distribution statistics (mean to quartile
// coefficient of dispersion) are those of the statistics family applied to X_d.
#include "features/intensity_histogram.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "features/statistics.hpp"

namespace radiomics::intensity_histogram {
namespace {

using statistics::Sample;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

constexpr FeatureInfo kFeatures[] = {
    {"ih_mean", "X6K6", "Mean discretised intensity", "F = 1/N_v sum_k X_d,k = sum_i i p_i"},
    {"ih_var", "CH89", "Discretised intensity variance", "F = sum_i (i - mu)^2 p_i"},
    {"ih_skew", "88K1", "Discretised intensity skewness",
     "F = sum_i (i - mu)^3 p_i / (sum_i (i - mu)^2 p_i)^(3/2); 0 if the variance is 0"},
    {"ih_kurt", "C3I7", "(Excess) discretised intensity kurtosis",
     "F = sum_i (i - mu)^4 p_i / (sum_i (i - mu)^2 p_i)^2 - 3; 0 if the variance is 0"},
    {"ih_median", "WIFQ", "Median discretised intensity", "F = median(X_d)"},
    {"ih_min", "1PR8", "Minimum discretised intensity", "F = min(X_d)"},
    {"ih_p10", "GPMT", "10th discretised intensity percentile", "F = P_10(X_d)"},
    {"ih_p90", "OZ0C", "90th discretised intensity percentile", "F = P_90(X_d)"},
    {"ih_max", "3NCY", "Maximum discretised intensity", "F = max(X_d)"},
    {"ih_mode", "AMMC", "Intensity histogram mode",
     "F = argmax_i n_i; ties: the i closest to mu, the lower one if equidistant"},
    {"ih_iqr", "WR0O", "Discretised intensity interquartile range", "F = P_75 - P_25"},
    {"ih_range", "5Z3W", "Discretised intensity range", "F = max(X_d) - min(X_d)"},
    {"ih_mad", "D2ZX", "Intensity histogram mean absolute deviation", "F = 1/N_v sum_k |X_d,k - mu|"},
    {"ih_rmad", "WRZB", "Intensity histogram robust mean absolute deviation",
     "F = 1/N_{10-90} sum_k |X_d,10-90,k - mean(X_d,10-90)|, X_d,10-90 = {x in X_d | P_10 <= x <= P_90}"},
    {"ih_medad", "4RNL", "Intensity histogram median absolute deviation", "F = 1/N_v sum_k |X_d,k - median(X_d)|"},
    {"ih_cov", "CWYJ", "Intensity histogram coefficient of variation", "F = sigma / mu"},
    {"ih_qcod", "SLWD", "Intensity histogram quartile coefficient of dispersion",
     "F = (P_75 - P_25) / (P_75 + P_25)"},
    {"ih_entropy", "TLU2", "Discretised intensity entropy", "F = -sum_i p_i log2(p_i)"},
    {"ih_uniformity", "BJ5W", "Discretised intensity uniformity", "F = sum_i p_i^2"},
    {"ih_max_grad", "12CE", "Maximum histogram gradient",
     "F = max(H'), H'_1 = n_2 - n_1, H'_i = (n_{i+1} - n_{i-1})/2, H'_Ng = n_Ng - n_{Ng-1}"},
    {"ih_max_grad_g", "8E6O", "Maximum histogram gradient intensity", "F = argmax_i H'_i"},
    {"ih_min_grad", "VQB3", "Minimum histogram gradient", "F = min(H')"},
    {"ih_min_grad_g", "RHQZ", "Minimum histogram gradient intensity", "F = argmin_i H'_i"},
};

/// The histogram H of X_d: n[i - 1] voxels with grey level i, for i = 1..N_g.
struct Histogram {
  std::vector<double> n;
  double n_v = 0.0;  ///< N_v
};

/// Intensity histogram mode, IBSI AMMC: the grey level with the highest count. Ties go to the
/// level closest to the mean, and of two equidistant ones to the lower (left of the mean).
double mode(const Histogram& h, double mu) {
  const double n_max = *std::max_element(h.n.begin(), h.n.end());
  double best = kNaN;
  for (std::size_t k = 0; k < h.n.size(); ++k) {
    const double i = static_cast<double>(k + 1);
    // Ascending i with a strict comparison keeps the lower of two equidistant levels.
    if (h.n[k] == n_max && (std::isnan(best) || std::abs(i - mu) < std::abs(best - mu))) best = i;
  }
  return best;
}

/// Discretised intensity entropy, IBSI TLU2: F = -sum_i p_i log2 p_i (empty bins contribute 0).
double entropy(const Histogram& h) {
  double sum = 0.0;
  for (double n_i : h.n)
    if (n_i > 0.0) sum -= n_i / h.n_v * std::log2(n_i / h.n_v);
  return sum;
}

/// Discretised intensity uniformity, IBSI BJ5W: F = sum_i p_i^2.
double uniformity(const Histogram& h) {
  double sum = 0.0;
  for (double n_i : h.n) sum += (n_i / h.n_v) * (n_i / h.n_v);
  return sum;
}

/// Histogram gradient H' (IBSI 12CE): one-sided differences at the first and last bin, central
/// differences in between, over the non-sparse histogram. A single bin has gradient 0.
std::vector<double> gradient(const Histogram& h) {
  const std::size_t n_g = h.n.size();
  std::vector<double> g(n_g, 0.0);
  if (n_g < 2) return g;
  g.front() = h.n[1] - h.n[0];
  g.back() = h.n[n_g - 1] - h.n[n_g - 2];
  for (std::size_t i = 1; i + 1 < n_g; ++i) g[i] = (h.n[i + 1] - h.n[i - 1]) / 2.0;
  return g;
}

/// Grey level i of an element of H' (the first one, for ties).
double grey_level(const std::vector<double>& g, std::vector<double>::const_iterator it) {
  return static_cast<double>(it - g.begin() + 1);
}

void add_all_nan(FeatureTable& out) {
  for (const FeatureInfo& f : kFeatures) out.add(std::string(f.tag), kNaN);
}

}  // namespace

std::span<const FeatureInfo> feature_infos() { return kFeatures; }

void compute(const DiscreteRoi& roi, FeatureTable& out) {
  // N_g from the discretisation; never fewer bins than the highest level present. The
  // histogram is all the distribution statistics need: no copy of the voxels' levels.
  int highest = 0;
  for (std::int32_t level : roi.level) highest = std::max(highest, static_cast<int>(level));
  Histogram h;
  h.n.assign(static_cast<std::size_t>(std::max(roi.n_levels, highest)), 0.0);
  for (std::int32_t level : roi.level)
    if (level > 0) h.n[static_cast<std::size_t>(level) - 1] += 1.0;
  for (double n_i : h.n) h.n_v += n_i;
  if (h.n_v == 0.0) {
    out.warn("intensity histogram: the intensity mask is empty; all ih_ features are NaN");
    add_all_nan(out);
    return;
  }
  const Sample x = statistics::make_sample_from_histogram(h.n);
  const std::vector<double> grad = gradient(h);
  const auto grad_max = std::max_element(grad.begin(), grad.end());
  const auto grad_min = std::min_element(grad.begin(), grad.end());

  const double values[] = {
      x.mean,
      statistics::variance(x),
      statistics::skewness(x),
      statistics::kurtosis(x),
      x.p50,
      x.min,
      x.p10,
      x.p90,
      x.max,
      mode(h, x.mean),
      statistics::interquartile_range(x),
      x.max - x.min,
      x.mad,
      x.rmad,
      x.medad,
      statistics::coefficient_of_variation(x),
      statistics::quartile_coefficient_of_dispersion(x),
      entropy(h),
      uniformity(h),
      *grad_max,
      grey_level(grad, grad_max),
      *grad_min,
      grey_level(grad, grad_min),
  };
  static_assert(sizeof(values) / sizeof(values[0]) == std::size(kFeatures));
  for (std::size_t i = 0; i < std::size(kFeatures); ++i) out.add(std::string(kFeatures[i].tag), values[i]);
}

}  // namespace radiomics::intensity_histogram
