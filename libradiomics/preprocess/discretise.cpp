// Intensity discretisation (IBSI manual 2.7, 4R0B): fixed bin number (K15C), fixed bin size
// (Q3RU), or none. Grey levels start at 1 (never 0), because several texture features divide by
// the grey level; 0 marks voxels outside the intensity mask.
#include "preprocess/discretise.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "radiomics/errors.hpp"

namespace radiomics {
namespace {

struct Range {
  double min = 0.0;
  double max = 0.0;
};

/// Lowest and highest intensity in the intensity mask (the mask must not be empty).
Range mask_range(const Roi& roi) {
  Range r{std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (std::size_t i = 0; i < roi.int_mask.size(); ++i) {
    if (!roi.int_mask[i]) continue;
    r.min = std::min(r.min, roi.intensity[i]);
    r.max = std::max(r.max, roi.intensity[i]);
  }
  return r;
}

/// More grey levels than any sensible discretisation gives (histograms are sized by N_g, so this
/// also bounds their memory); typically a bin width far too small for the intensity range.
constexpr double kMaxGreyLevels = 1.0e6;

/// Converts a computed level to the stored integer type, refusing absurd level counts.
std::int32_t to_level(double level) {
  if (!(level <= kMaxGreyLevels))
    throw InputError("discretisation gives more than 1000000 grey levels; use a larger bin width "
                     "or a fixed bin number");
  return static_cast<std::int32_t>(level);
}

/// Fixed bin number (K15C): X_d = floor(N_g (x - min) / (max - min)) + 1, with x = max in bin
/// N_g. A constant ROI has no range to divide; all its voxels get level 1.
std::int32_t fbn_level(double x, Range r, int n_bins) {
  if (!(r.max > r.min)) return 1;
  const double level = std::floor(n_bins * (x - r.min) / (r.max - r.min)) + 1.0;
  // x < max can still round up to N_g + 1 in floating point; x = max belongs in bin N_g.
  return static_cast<std::int32_t>(std::clamp(level, 1.0, static_cast<double>(n_bins)));
}

/// Fixed bin size (Q3RU): X_d = floor((x - X_min) / w_b) + 1.
double fbs_level(double x, double lower, double width) { return std::floor((x - lower) / width) + 1.0; }

/// Lower edge of the first bin for fixed bin size: the explicit setting, else the lower bound of
/// the re-segmentation range (the manual's recommendation), else the ROI minimum.
double fbs_lower(const Roi& roi, const DiscretisationSettings& s, Range r) {
  if (s.lower_bound) return *s.lower_bound;
  if (std::isfinite(roi.reseg_lower)) return roi.reseg_lower;
  return r.min;
}

void check_settings(const DiscretisationSettings& s) {
  if (s.method == DiscretisationMethod::FixedBinNumber && s.bin_count < 1)
    throw InputError("fixed bin number discretisation needs at least 1 bin, got " +
                     std::to_string(s.bin_count));
  if (s.method == DiscretisationMethod::FixedBinSize && !(s.bin_width > 0.0 && std::isfinite(s.bin_width)))
    throw InputError("fixed bin size discretisation needs a positive bin width, got " +
                     std::to_string(s.bin_width));
}

}  // namespace

DiscreteRoi discretise(const Roi& roi, const DiscretisationSettings& settings) {
  check_settings(settings);
  DiscreteRoi d;
  d.grid = roi.grid;
  d.morph_mask = roi.morph_mask;  // the GLDZM distance map uses the morphological mask
  d.level.assign(roi.grid.count(), 0);
  const bool empty = std::none_of(roi.int_mask.begin(), roi.int_mask.end(), [](std::uint8_t m) { return m != 0; });
  if (empty) return d;  // n_levels = 0: nothing to discretise; the families report NaN

  const Range r = mask_range(roi);
  std::int32_t max_level = 1;
  switch (settings.method) {
    case DiscretisationMethod::FixedBinNumber:
      for (std::size_t i = 0; i < d.level.size(); ++i)
        if (roi.int_mask[i]) d.level[i] = fbn_level(roi.intensity[i], r, settings.bin_count);
      d.n_levels = settings.bin_count;
      return d;

    case DiscretisationMethod::FixedBinSize: {
      const double lower = fbs_lower(roi, settings, r);
      if (r.min < lower)
        throw InputError("fixed bin size discretisation: the ROI holds intensities (minimum " +
                         std::to_string(r.min) + ") below the lower bound of the first bin (" +
                         std::to_string(lower) + "); lower the bound or re-segment the ROI");
      for (std::size_t i = 0; i < d.level.size(); ++i) {
        if (!roi.int_mask[i]) continue;
        d.level[i] = to_level(fbs_level(roi.intensity[i], lower, settings.bin_width));
        max_level = std::max(max_level, d.level[i]);
      }
      // N_g (GreyLevelCount): the highest level present, as the IBSI reference implementations
      // take it; optionally the level of the re-segmentation upper bound, so that ROIs
      // processed alike share N_g.
      if (settings.grey_levels == GreyLevelCount::ResegmentationRange &&
          std::isfinite(roi.reseg_upper) && roi.reseg_upper >= lower)
        max_level = std::max(max_level, to_level(fbs_level(roi.reseg_upper, lower, settings.bin_width)));
      d.n_levels = max_level;
      return d;
    }

    case DiscretisationMethod::None:
      if (r.min < 1.0)
        throw InputError("intensities below 1 (minimum " + std::to_string(r.min) +
                         ") cannot be used as grey levels; choose a discretisation (fixed bin "
                         "size or fixed bin number)");
      for (std::size_t i = 0; i < d.level.size(); ++i) {
        if (!roi.int_mask[i]) continue;
        const double x = roi.intensity[i];
        if (x != std::round(x))
          throw InputError("intensity " + std::to_string(x) +
                           " is not an integer and cannot be used as a grey level without "
                           "discretisation; choose a discretisation (fixed bin size or fixed bin number)");
        d.level[i] = to_level(x);
        max_level = std::max(max_level, d.level[i]);
      }
      d.n_levels = max_level;
      return d;
  }
  return d;
}

}  // namespace radiomics
