// Re-segmentation (IBSI manual, "Re-segmentation"): the intensity mask keeps the voxels of the
// ROI whose intensity lies in a range and, optionally, within mean +- k standard deviations.
// The morphological mask is not touched here.
#pragma once
#include <cstdint>
#include <limits>
#include <vector>

#include "radiomics/settings.hpp"

namespace radiomics {

/// An inclusive intensity interval [lower, upper]; an infinite bound is no bound.
struct IntensityRange {
  double lower = -std::numeric_limits<double>::infinity();
  double upper = std::numeric_limits<double>::infinity();

  bool contains(double x) const { return x >= lower && x <= upper; }
};

/// The range given in the settings (without outlier filtering): the range that fixed-bin-size
/// discretisation and the intensity-volume histogram refer to.
IntensityRange configured_range(const ResegmentationSettings& settings);

/// The interval that re-segmentation keeps. Outlier filtering (IBSI "outlier filtering") uses
/// mean +- k*SD of the ROI intensities before any range is applied (population SD, as MIRP's
/// np.std); it is intersected with the configured range: max(lower, mu - k sigma) <= x <=
/// min(upper, mu + k sigma).
IntensityRange resegmentation_range(const std::vector<double>& intensity,
                                    const std::vector<std::uint8_t>& roi,
                                    const ResegmentationSettings& settings);

/// The voxels of `roi` whose intensity lies in `range` (1 = kept).
std::vector<std::uint8_t> resegment(const std::vector<double>& intensity,
                                    const std::vector<std::uint8_t>& roi,
                                    const IntensityRange& range);

}  // namespace radiomics
