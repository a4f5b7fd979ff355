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

/// Mean intensity, IBSI Q4LE: F = 1/N_v sum_k X_k.
double mean(const Sample& x) { return x.mean; }
/// Median intensity, IBSI Y12H: the sample median (the mean of the two middle values for even N_v).
double median(const Sample& x) { return x.p50; }
/// Minimum intensity, IBSI 1GSF.
double minimum(const Sample& x) { return x.min; }
/// Maximum intensity, IBSI 84IY.
double maximum(const Sample& x) { return x.max; }
/// 10th intensity percentile, IBSI QG58.
double p10(const Sample& x) { return x.p10; }
/// 90th intensity percentile, IBSI 8DWT.
double p90(const Sample& x) { return x.p90; }
/// Intensity range, IBSI 2OJQ: F = max(X) - min(X).
double range(const Sample& x) { return x.max - x.min; }
/// Intensity-based mean absolute deviation, IBSI 4FUA: F = 1/N_v sum_k |X_k - mu|.
double mean_absolute_deviation(const Sample& x) { return x.mad; }
/// Intensity-based robust mean absolute deviation, IBSI 1128: the mean absolute deviation of
/// X_{10-90} = {x in X | P_10 <= x <= P_90} from its own mean.
double robust_mean_absolute_deviation(const Sample& x) { return x.rmad; }
/// Intensity-based median absolute deviation, IBSI N72L: F = 1/N_v sum_k |X_k - M|, M the median.
double median_absolute_deviation(const Sample& x) { return x.medad; }
/// Intensity-based energy, IBSI N8CA: F = sum_k X_k^2.
double energy(const Sample& x) { return x.energy; }
/// Root mean square intensity, IBSI 5ZWQ: F = sqrt(1/N_v sum_k X_k^2).
double root_mean_square(const Sample& x) { return std::sqrt(x.energy / x.n); }

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

/// The percentiles a Sample holds, in its field order.
constexpr double kPercentiles[] = {10.0, 25.0, 50.0, 75.0, 90.0};

/// Where the q-th percentile of N_v sorted values lies: between ranks `lower` and `upper`, a
/// `fraction` of the way.
struct PercentileRank {
  std::size_t lower = 0;
  std::size_t upper = 0;
  double fraction = 0.0;
};

PercentileRank percentile_rank(std::size_t n, double q) {
  const double position = q / 100.0 * static_cast<double>(n - 1);
  const auto lower = static_cast<std::size_t>(std::floor(position));
  return {lower, std::min(lower + 1, n - 1), position - static_cast<double>(lower)};
}

/// Percentiles from a function giving the value of each rank of the sorted sample.
template <class ValueAtRank>
void set_percentiles(Sample& x, std::size_t n, ValueAtRank&& value_at) {
  double* fields[] = {&x.p10, &x.p25, &x.p50, &x.p75, &x.p90};
  for (std::size_t k = 0; k < std::size(kPercentiles); ++k) {
    const PercentileRank r = percentile_rank(n, kPercentiles[k]);
    const double lo = value_at(r.lower);
    *fields[k] = lo + r.fraction * (value_at(r.upper) - lo);
  }
}

/// Puts the value of each of `ranks` (ascending, distinct, within [first, last)) where a full
/// sort would put it, by nested selections: O(N_v log k) for k ranks instead of a sort.
void select_ranks(std::vector<double>& v, std::size_t first, std::size_t last, std::span<const std::size_t> ranks) {
  if (ranks.empty()) return;
  const std::size_t mid = ranks.size() / 2;
  const std::size_t r = ranks[mid];
  std::nth_element(v.begin() + static_cast<std::ptrdiff_t>(first), v.begin() + static_cast<std::ptrdiff_t>(r),
                   v.begin() + static_cast<std::ptrdiff_t>(last));
  select_ranks(v, first, r, ranks.first(mid));
  select_ranks(v, r + 1, last, ranks.subspan(mid + 1));
}

}  // namespace

Sample make_sample(std::vector<double> values) {
  Sample x;
  const std::size_t n = values.size();
  x.n = static_cast<double>(n);
  double sum = 0.0;
  x.min = values.front();
  x.max = values.front();
  for (double v : values) {
    sum += v;
    x.min = std::min(x.min, v);
    x.max = std::max(x.max, v);
  }
  x.mean = sum / x.n;
  for (double v : values) {
    const double d = v - x.mean;
    const double d2 = d * d;
    x.m2 += d2;
    x.m3 += d2 * d;
    x.m4 += d2 * d2;
    x.mad += std::abs(d);
    x.energy += v * v;
  }
  x.m2 /= x.n;
  x.m3 /= x.n;
  x.m4 /= x.n;
  x.mad /= x.n;

  std::vector<std::size_t> ranks;
  for (double q : kPercentiles) {
    const PercentileRank r = percentile_rank(n, q);
    ranks.push_back(r.lower);
    ranks.push_back(r.upper);
  }
  std::sort(ranks.begin(), ranks.end());
  ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
  select_ranks(values, 0, n, ranks);
  set_percentiles(x, n, [&](std::size_t rank) { return values[rank]; });

  double sum_10_90 = 0.0, n_10_90 = 0.0;
  for (double v : values) {
    x.medad += std::abs(v - x.p50);
    // X_{10-90} is empty only for two distinct values (P_10 and P_90 fall between them): rmad
    // is then undefined (NaN, with the statistics family's division-by-zero warning).
    if (v >= x.p10 && v <= x.p90) {
      sum_10_90 += v;
      n_10_90 += 1.0;
    }
  }
  x.medad /= x.n;
  const double mean_10_90 = sum_10_90 / n_10_90;
  for (double v : values)
    if (v >= x.p10 && v <= x.p90) x.rmad += std::abs(v - mean_10_90);
  x.rmad /= n_10_90;
  return x;
}

Sample make_sample_from_histogram(const std::vector<double>& counts) {
  Sample x;
  std::size_t first = counts.size(), last = 0;
  double sum = 0.0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] == 0.0) continue;
    const double v = static_cast<double>(i + 1);
    first = std::min(first, i);
    last = i;
    x.n += counts[i];
    sum += counts[i] * v;
  }
  x.min = static_cast<double>(first + 1);
  x.max = static_cast<double>(last + 1);
  x.mean = sum / x.n;
  for (std::size_t i = first; i <= last; ++i) {
    const double v = static_cast<double>(i + 1), c = counts[i];
    const double d = v - x.mean;
    const double d2 = d * d;
    x.m2 += c * d2;
    x.m3 += c * d2 * d;
    x.m4 += c * d2 * d2;
    x.mad += c * std::abs(d);
    x.energy += c * v * v;
  }
  x.m2 /= x.n;
  x.m3 /= x.n;
  x.m4 /= x.n;
  x.mad /= x.n;

  // The value of rank r (0-based) of the sorted sample: the first level whose cumulative count
  // exceeds r.
  const auto n = static_cast<std::size_t>(x.n);
  set_percentiles(x, n, [&](std::size_t rank) {
    double below = 0.0;
    for (std::size_t i = first; i <= last; ++i) {
      below += counts[i];
      if (below > static_cast<double>(rank)) return static_cast<double>(i + 1);
    }
    return x.max;
  });

  double sum_10_90 = 0.0, n_10_90 = 0.0;
  for (std::size_t i = first; i <= last; ++i) {
    const double v = static_cast<double>(i + 1), c = counts[i];
    x.medad += c * std::abs(v - x.p50);
    if (v >= x.p10 && v <= x.p90) {
      sum_10_90 += c * v;
      n_10_90 += c;
    }
  }
  x.medad /= x.n;
  const double mean_10_90 = sum_10_90 / n_10_90;
  for (std::size_t i = first; i <= last; ++i) {
    const double v = static_cast<double>(i + 1);
    if (v >= x.p10 && v <= x.p90) x.rmad += counts[i] * std::abs(v - mean_10_90);
  }
  x.rmad /= n_10_90;
  return x;
}

/// Intensity variance, IBSI ECT3: F = 1/N_v sum_k (X_k - mu)^2 (no bias correction).
double variance(const Sample& x) { return x.m2; }

/// Intensity skewness, IBSI KE2A: F = m_3 / m_2^(3/2). The manual sets F = 0 when the variance
/// is 0 (a constant ROI), rather than leaving it undefined.
double skewness(const Sample& x) {
  if (x.m2 == 0.0) return 0.0;
  return x.m3 / std::pow(x.m2, 1.5);
}

/// (Excess) intensity kurtosis, IBSI IPH6: F = m_4 / m_2^2 - 3 (Fisher correction); F = 0 when
/// the variance is 0, as the manual specifies.
double kurtosis(const Sample& x) {
  if (x.m2 == 0.0) return 0.0;
  return x.m4 / (x.m2 * x.m2) - 3.0;
}

/// Intensity interquartile range, IBSI SALO: F = P_75 - P_25.
double interquartile_range(const Sample& x) { return x.p75 - x.p25; }

/// Intensity-based coefficient of variation, IBSI 7TET: F = sigma / mu. Undefined (NaN) for mu = 0.
double coefficient_of_variation(const Sample& x) {
  if (x.mean == 0.0) return kNaN;
  return std::sqrt(x.m2) / x.mean;
}

/// Intensity-based quartile coefficient of dispersion, IBSI 9S40: F = (P_75 - P_25) / (P_75 + P_25).
/// Undefined (NaN) when P_75 + P_25 = 0.
double quartile_coefficient_of_dispersion(const Sample& x) {
  if (x.p75 + x.p25 == 0.0) return kNaN;
  return (x.p75 - x.p25) / (x.p75 + x.p25);
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
