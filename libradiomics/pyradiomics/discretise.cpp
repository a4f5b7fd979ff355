// PyRadiomics' bin edges, reproduced operation for operation so that voxels on an edge fall in
// the same bin as in PyRadiomics (numpy.arange fills start + i * ((start + step) - start);
// numpy.linspace computes i * step + start and sets the last edge to the stop value).
#include "pyradiomics/discretise.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "radiomics/errors.hpp"

namespace radiomics::pyradiomics {
namespace {

/// More bins than any sensible discretisation; also bounds the edge vector's memory.
constexpr double kMaxBins = 1.0e6;

/// Python's float modulo: the remainder takes the sign of the divisor (numpy.remainder).
double python_mod(double a, double b) {
  double mod = std::fmod(a, b);
  if (mod != 0.0 && ((b < 0.0) != (mod < 0.0))) mod += b;
  return mod;
}

std::vector<double> fixed_bin_size_edges(double minimum, double maximum, double width) {
  const double low = minimum - python_mod(minimum, width);
  const double high = maximum + 2.0 * width;
  const double count = std::ceil((high - low) / width);
  if (!(count <= kMaxBins))
    throw InputError("bin width " + std::to_string(width) + " gives more than 1000000 bins over the ROI's range");
  const auto n = static_cast<std::size_t>(std::max(count, 1.0));
  std::vector<double> edges(n);
  edges[0] = low;
  if (n > 1) edges[1] = low + width;
  const double delta = (low + width) - low;
  for (std::size_t i = 2; i < n; ++i) edges[i] = low + static_cast<double>(i) * delta;
  // A flat ROI on a multiple of the width would give one edge; PyRadiomics then makes one bin.
  if (edges.size() == 1) edges = {low - 0.5, low + 0.5};
  return edges;
}

std::vector<double> fixed_bin_number_edges(double minimum, double maximum, int bins) {
  double first = minimum, last = maximum;
  if (first == last) {
    first -= 0.5;
    last += 0.5;
  }
  const double step = (last - first) / bins;
  std::vector<double> edges(static_cast<std::size_t>(bins) + 1);
  for (int i = 0; i <= bins; ++i) edges[static_cast<std::size_t>(i)] = static_cast<double>(i) * step + first;
  edges.back() = last + 1.0;  // numpy sets it to `last`; PyRadiomics then adds 1
  return edges;
}

}  // namespace

std::vector<double> bin_edges(double minimum, double maximum, const DiscretisationSettings& settings) {
  switch (settings.method) {
    case DiscretisationMethod::FixedBinSize:
      if (!(settings.bin_width > 0.0 && std::isfinite(settings.bin_width)))
        throw InputError("fixed bin size discretisation needs a positive bin width, got " +
                         std::to_string(settings.bin_width));
      return fixed_bin_size_edges(minimum, maximum, settings.bin_width);
    case DiscretisationMethod::FixedBinNumber:
      if (settings.bin_count < 1 || settings.bin_count > kMaxBins)
        throw InputError("fixed bin number discretisation needs 1 to 1000000 bins, got " +
                         std::to_string(settings.bin_count));
      return fixed_bin_number_edges(minimum, maximum, settings.bin_count);
    case DiscretisationMethod::None:
      break;
  }
  throw InputError("PyRadiomics mode discretises with binWidth or binCount; discretisation method "
                   "\"none\" is not available there");
}

int digitize(double x, const std::vector<double>& edges) {
  return static_cast<int>(std::upper_bound(edges.begin(), edges.end(), x) - edges.begin());
}

DiscreteRoi discretise(const Roi& roi, const DiscretisationSettings& settings, int* histogram_bins) {
  DiscreteRoi d;
  d.grid = roi.grid;
  d.morph_mask = roi.morph_mask;
  d.level.assign(roi.grid.count(), 0);
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < roi.int_mask.size(); ++i)
    if (roi.int_mask[i]) {
      lo = std::min(lo, roi.intensity[i]);
      hi = std::max(hi, roi.intensity[i]);
    }
  if (lo > hi) {  // empty intensity mask: nothing to discretise
    if (histogram_bins) *histogram_bins = 0;
    return d;
  }
  const std::vector<double> edges = bin_edges(lo, hi, settings);
  if (histogram_bins) *histogram_bins = static_cast<int>(edges.size()) - 1;
  for (std::size_t i = 0; i < roi.int_mask.size(); ++i) {
    if (!roi.int_mask[i]) continue;
    d.level[i] = digitize(roi.intensity[i], edges);
    d.n_levels = std::max(d.n_levels, d.level[i]);
  }
  return d;
}

}  // namespace radiomics::pyradiomics
