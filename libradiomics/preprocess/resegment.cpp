#include "preprocess/resegment.hpp"

#include <algorithm>
#include <cmath>

namespace radiomics {

IntensityRange configured_range(const ResegmentationSettings& settings) {
  IntensityRange range;
  if (settings.lower) range.lower = *settings.lower;
  if (settings.upper) range.upper = *settings.upper;
  return range;
}

IntensityRange resegmentation_range(const std::vector<double>& intensity,
                                    const std::vector<std::uint8_t>& roi,
                                    const ResegmentationSettings& settings) {
  IntensityRange range = configured_range(settings);
  if (!settings.outlier_sigma) return range;

  // Two passes (mean, then squared deviations) keep the SD accurate for large HU offsets.
  double sum = 0.0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < roi.size(); ++i)
    if (roi[i]) {
      sum += intensity[i];
      ++n;
    }
  if (n == 0) return range;
  const double mu = sum / static_cast<double>(n);
  double squares = 0.0;
  for (std::size_t i = 0; i < roi.size(); ++i)
    if (roi[i]) squares += (intensity[i] - mu) * (intensity[i] - mu);
  const double sigma = std::sqrt(squares / static_cast<double>(n));

  const double k = *settings.outlier_sigma;
  range.lower = std::max(range.lower, mu - k * sigma);
  range.upper = std::min(range.upper, mu + k * sigma);
  return range;
}

std::vector<std::uint8_t> resegment(const std::vector<double>& intensity,
                                    const std::vector<std::uint8_t>& roi,
                                    const IntensityRange& range) {
  std::vector<std::uint8_t> kept(roi.size(), 0);
  for (std::size_t i = 0; i < roi.size(); ++i)
    kept[i] = static_cast<std::uint8_t>(roi[i] && range.contains(intensity[i]));
  return kept;
}

}  // namespace radiomics
