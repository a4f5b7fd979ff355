// Intensity-based statistical features (IBSI manual 3.3, UHIW). X_gl is the set of the N_v
// intensities in the ROI intensity mask; mu its mean, sigma its (uncorrected) standard deviation.
#include "features/statistics.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

namespace radiomics::statistics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

constexpr FeatureInfo kFeatures[] = {
    {"stat_mean", "Q4LE", "Mean intensity", "F = 1/N_v sum_k X_k"},
    {"stat_var", "ECT3", "Intensity variance", "F = 1/N_v sum_k (X_k - mu)^2"},
    {"stat_skew", "KE2A", "Intensity skewness",
     "F = (1/N_v sum_k (X_k - mu)^3) / (1/N_v sum_k (X_k - mu)^2)^(3/2); 0 if the variance is 0"},
    {"stat_kurt", "IPH6", "(Excess) intensity kurtosis",
     "F = (1/N_v sum_k (X_k - mu)^4) / (1/N_v sum_k (X_k - mu)^2)^2 - 3; 0 if the variance is 0"},
    {"stat_median", "Y12H", "Median intensity", "F = median(X)"},
    {"stat_min", "1GSF", "Minimum intensity", "F = min(X)"},
    {"stat_p10", "QG58", "10th intensity percentile", "F = P_10(X)"},
    {"stat_p90", "8DWT", "90th intensity percentile", "F = P_90(X)"},
    {"stat_max", "84IY", "Maximum intensity", "F = max(X)"},
    {"stat_iqr", "SALO", "Intensity interquartile range", "F = P_75 - P_25"},
    {"stat_range", "2OJQ", "Intensity range", "F = max(X) - min(X)"},
    {"stat_mad", "4FUA", "Intensity-based mean absolute deviation", "F = 1/N_v sum_k |X_k - mu|"},
    {"stat_rmad", "1128", "Intensity-based robust mean absolute deviation",
     "F = 1/N_{10-90} sum_k |X_{10-90,k} - mean(X_{10-90})|, X_{10-90} = {x in X | P_10 <= x <= P_90}"},
    {"stat_medad", "N72L", "Intensity-based median absolute deviation", "F = 1/N_v sum_k |X_k - median(X)|"},
    {"stat_cov", "7TET", "Intensity-based coefficient of variation", "F = sigma / mu"},
    {"stat_qcod", "9S40", "Intensity-based quartile coefficient of dispersion",
     "F = (P_75 - P_25) / (P_75 + P_25)"},
    {"stat_energy", "N8CA", "Intensity-based energy", "F = sum_k X_k^2"},
    {"stat_rms", "5ZWQ", "Root mean square intensity", "F = sqrt(1/N_v sum_k X_k^2)"},
};

/// 1/N_v sum_k (X_k - mu)^n: the n-th central moment.
double central_moment(const Sample& x, int n) {
  double sum = 0.0;
  for (double v : x.sorted) sum += std::pow(v - x.mean, n);
  return sum / static_cast<double>(x.sorted.size());
}

/// Mean intensity, IBSI Q4LE: F = 1/N_v sum_k X_k.
double mean(const Sample& x) { return x.mean; }
/// Minimum intensity, IBSI 1GSF.
double minimum(const Sample& x) { return x.sorted.front(); }
/// Maximum intensity, IBSI 84IY.
double maximum(const Sample& x) { return x.sorted.back(); }
/// 10th intensity percentile, IBSI QG58.
double p10(const Sample& x) { return percentile(x, 10.0); }
/// 90th intensity percentile, IBSI 8DWT.
double p90(const Sample& x) { return percentile(x, 90.0); }
/// Intensity range, IBSI 2OJQ: F = max(X) - min(X).
double range(const Sample& x) { return maximum(x) - minimum(x); }

/// Intensity-based energy, IBSI N8CA: F = sum_k X_k^2.
double energy(const Sample& x) {
  return std::accumulate(x.sorted.begin(), x.sorted.end(), 0.0, [](double s, double v) { return s + v * v; });
}
/// Root mean square intensity, IBSI 5ZWQ: F = sqrt(1/N_v sum_k X_k^2).
double root_mean_square(const Sample& x) { return std::sqrt(energy(x) / static_cast<double>(x.sorted.size())); }

using StatFn = double (*)(const Sample&);
// In the order of kFeatures.
constexpr StatFn kFunctions[] = {
    mean,     variance, skewness,           kurtosis,      median,
    minimum,  p10,      p90,                maximum,       interquartile_range,
    range,    mean_absolute_deviation,      robust_mean_absolute_deviation,
    median_absolute_deviation,              coefficient_of_variation,
    quartile_coefficient_of_dispersion,     energy,        root_mean_square,
};
static_assert(std::size(kFunctions) == std::size(kFeatures));

}  // namespace

Sample make_sample(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  Sample x;
  x.mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  x.sorted = std::move(values);
  return x;
}

double percentile(const Sample& x, double q) {
  const double position = q / 100.0 * static_cast<double>(x.sorted.size() - 1);
  const auto lower = static_cast<std::size_t>(std::floor(position));
  const std::size_t upper = std::min(lower + 1, x.sorted.size() - 1);
  const double fraction = position - static_cast<double>(lower);
  return x.sorted[lower] + fraction * (x.sorted[upper] - x.sorted[lower]);
}

/// Median intensity, IBSI Y12H: the sample median (the mean of the two middle values for even N_v).
double median(const Sample& x) { return percentile(x, 50.0); }

/// Intensity variance, IBSI ECT3: F = 1/N_v sum_k (X_k - mu)^2 (no bias correction).
double variance(const Sample& x) { return central_moment(x, 2); }

/// Intensity skewness, IBSI KE2A: F = m_3 / m_2^(3/2). The manual sets F = 0 when the variance
/// is 0 (a constant ROI), rather than leaving it undefined.
double skewness(const Sample& x) {
  const double m2 = central_moment(x, 2);
  if (m2 == 0.0) return 0.0;
  return central_moment(x, 3) / std::pow(m2, 1.5);
}

/// (Excess) intensity kurtosis, IBSI IPH6: F = m_4 / m_2^2 - 3 (Fisher correction); F = 0 when
/// the variance is 0, as the manual specifies.
double kurtosis(const Sample& x) {
  const double m2 = central_moment(x, 2);
  if (m2 == 0.0) return 0.0;
  return central_moment(x, 4) / (m2 * m2) - 3.0;
}

/// Intensity interquartile range, IBSI SALO: F = P_75 - P_25.
double interquartile_range(const Sample& x) { return percentile(x, 75.0) - percentile(x, 25.0); }

/// Intensity-based mean absolute deviation, IBSI 4FUA: F = 1/N_v sum_k |X_k - mu|.
double mean_absolute_deviation(const Sample& x) {
  double sum = 0.0;
  for (double v : x.sorted) sum += std::abs(v - x.mean);
  return sum / static_cast<double>(x.sorted.size());
}

/// Intensity-based robust mean absolute deviation, IBSI 1128: the mean absolute deviation of
/// X_{10-90} = {x in X | P_10 <= x <= P_90} from its own mean. The bounds are inclusive, so
/// X_{10-90} is never empty (P_10 <= median <= P_90 and the median lies between sample values).
double robust_mean_absolute_deviation(const Sample& x) {
  const double lo = percentile(x, 10.0);
  const double hi = percentile(x, 90.0);
  // X is sorted, so X_{10-90} is a contiguous range.
  const auto first = std::lower_bound(x.sorted.begin(), x.sorted.end(), lo);
  const auto last = std::upper_bound(x.sorted.begin(), x.sorted.end(), hi);
  return mean_absolute_deviation(make_sample(std::vector<double>(first, last)));
}

/// Intensity-based median absolute deviation, IBSI N72L: F = 1/N_v sum_k |X_k - M|, M the median.
double median_absolute_deviation(const Sample& x) {
  const double m = median(x);
  double sum = 0.0;
  for (double v : x.sorted) sum += std::abs(v - m);
  return sum / static_cast<double>(x.sorted.size());
}

/// Intensity-based coefficient of variation, IBSI 7TET: F = sigma / mu. Undefined (NaN) for mu = 0.
double coefficient_of_variation(const Sample& x) {
  if (x.mean == 0.0) return kNaN;
  return std::sqrt(variance(x)) / x.mean;
}

/// Intensity-based quartile coefficient of dispersion, IBSI 9S40: F = (P_75 - P_25) / (P_75 + P_25).
/// Undefined (NaN) when P_75 + P_25 = 0.
double quartile_coefficient_of_dispersion(const Sample& x) {
  const double p25 = percentile(x, 25.0);
  const double p75 = percentile(x, 75.0);
  if (p75 + p25 == 0.0) return kNaN;
  return (p75 - p25) / (p75 + p25);
}

std::span<const FeatureInfo> feature_infos() { return kFeatures; }

void compute(const Roi& roi, FeatureTable& out) {
  std::vector<double> values = masked_values(roi, roi.int_mask);
  if (values.empty()) {
    out.warn("intensity-based statistics: the intensity mask is empty; all stat_ features are NaN");
    for (const FeatureInfo& f : kFeatures) out.add(std::string(f.tag), kNaN);
    return;
  }
  const Sample x = make_sample(std::move(values));
  for (std::size_t i = 0; i < std::size(kFeatures); ++i) {
    const double value = kFunctions[i](x);
    if (std::isnan(value))
      out.warn(std::string(kFeatures[i].tag) + " is undefined for this ROI (division by zero); reported as NaN");
    out.add(std::string(kFeatures[i].tag), value);
  }
}

}  // namespace radiomics::statistics
