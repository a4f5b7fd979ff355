// Intensity-based statistical features (IBSI manual 3.3, UHIW) over the intensity mask.
#pragma once
#include <span>
#include <vector>

#include "core/roi.hpp"
#include "radiomics/feature_table.hpp"
#include "radiomics/registry.hpp"

namespace radiomics::statistics {

std::span<const FeatureInfo> feature_infos();
void compute(const Roi& roi, FeatureTable& out);

// Shared with the intensity histogram family, whose first 16 features are the same
// distribution statistics over the discretised intensities X_d instead of X_gl.

/// What the distribution statistics need of a sample X of N_v values (not empty): its moments
/// and its order statistics, computed once. Built from the values themselves (intensities) or
/// from a histogram of integer values (discretised intensities), which needs no copy of the
/// values at all.
struct Sample {
  double n = 0.0;                   ///< N_v
  double mean = 0.0;                ///< mu
  double m2 = 0.0, m3 = 0.0, m4 = 0.0;  ///< central moments 1/N_v sum (X - mu)^k
  double min = 0.0, max = 0.0;
  double p10 = 0.0, p25 = 0.0, p50 = 0.0, p75 = 0.0, p90 = 0.0;  ///< percentiles (see below)
  double energy = 0.0;              ///< sum X^2
  double mad = 0.0;                 ///< 1/N_v sum |X - mu|
  double medad = 0.0;               ///< 1/N_v sum |X - median|
  double rmad = 0.0;                ///< mean absolute deviation of X_{10-90} from its own mean
};

/// The statistics of `values` (consumed: reordered by the rank selections). Percentiles
/// interpolate linearly between the closest ranks at position q/100 * (N_v - 1) (numpy's default,
/// used for the IBSI reference values; e.g. P90 of the digital phantom is 4, not 4.2); they are
/// found by selection (O(N_v)), not by sorting.
Sample make_sample(std::vector<double> values);

/// The statistics of the sample in which value i + 1 occurs counts[i] times (i = 0..N_g - 1):
/// the same numbers as make_sample on the expanded values, in O(N_g) after counting.
Sample make_sample_from_histogram(const std::vector<double>& counts);

double variance(const Sample& x);
double skewness(const Sample& x);
double kurtosis(const Sample& x);
double interquartile_range(const Sample& x);
double coefficient_of_variation(const Sample& x);
double quartile_coefficient_of_dispersion(const Sample& x);

}  // namespace radiomics::statistics
