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

/// A sample X of N_v values, sorted ascending, with its mean mu. Not empty.
struct Sample {
  std::vector<double> sorted;
  double mean = 0.0;
};
Sample make_sample(std::vector<double> values);

/// The q-th percentile (0 <= q <= 100) of a sample: linear interpolation between the closest
/// ranks at position q/100 * (N_v - 1) (numpy's default, used for the IBSI reference values;
/// e.g. P90 of the digital phantom is 4, not 4.2).
double percentile(const Sample& x, double q);
double median(const Sample& x);
double variance(const Sample& x);
double skewness(const Sample& x);
double kurtosis(const Sample& x);
double interquartile_range(const Sample& x);
double mean_absolute_deviation(const Sample& x);
double robust_mean_absolute_deviation(const Sample& x);
double median_absolute_deviation(const Sample& x);
double coefficient_of_variation(const Sample& x);
double quartile_coefficient_of_dispersion(const Sample& x);

}  // namespace radiomics::statistics
