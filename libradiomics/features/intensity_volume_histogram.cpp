// Intensity-volume histogram features (IBSI manual 3.5, P88C). The IVH relates each discretised
// intensity i of the total range G to the fraction nu_i of the ROI volume with intensity >= i:
//   nu_i    = 1 - 1/N_v sum_k [X_d,gl,k < i]
//   gamma_i = (i - min(G)) / (max(G) - min(G))
// evaluated at every discretised intensity of G (step w_d), present in the ROI or not.
#include "features/intensity_volume_histogram.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "preprocess/discretise.hpp"
#include "radiomics/errors.hpp"

namespace radiomics::intensity_volume_histogram {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// More evaluation points than this means a grid far too fine for the intensity range.
constexpr double kMaxPoints = 1e8;

constexpr FeatureInfo kFeatures[] = {
    {"ivh_v10", "NK6P", "Volume fraction at 10% intensity", "F = max{nu_i | gamma_i >= 0.10}"},
    {"ivh_v90", "4279", "Volume fraction at 90% intensity", "F = max{nu_i | gamma_i >= 0.90}"},
    {"ivh_i10", "PWN1", "Intensity at 10% volume", "F = min{i | nu_i <= 0.10}"},
    {"ivh_i90", "BOHI", "Intensity at 90% volume", "F = min{i | nu_i <= 0.90}"},
    {"ivh_diff_v10_v90", "WITY", "Volume fraction difference between 10% and 90% intensity",
     "F = V_10 - V_90"},
    {"ivh_diff_i10_i90", "JXJA", "Intensity difference between 10% and 90% volume", "F = I_10 - I_90"},
};

/// The distribution of the discretised intensities X_d,gl: their distinct values, ascending, and
/// how many voxels lie below each, which is all nu_i needs (a few thousand numbers at most for a
/// discretised ROI, instead of a sorted copy of every voxel's value).
struct Distribution {
  std::vector<double> value;  ///< distinct X_d,gl, ascending
  std::vector<double> below;  ///< below[k]: voxels with X_d,gl < value[k]
  double n_v = 0.0;

  /// From the number of voxels of each distinct value, in ascending order of value.
  void add(double v, double count) {
    value.push_back(v);
    below.push_back(n_v);
    n_v += count;
  }
};

/// The IVH of one ROI: the distribution of X_d,gl, the evaluated intensities i of the total
/// range G (ascending, step w_d) and G itself.
struct Ivh {
  Distribution x;                ///< X_d,gl
  std::vector<double> i;         ///< evaluated discretised intensities
  double g_min = 0.0;
  double g_max = 0.0;
  /// The first discretised intensity above the evaluated ones, where nu = 0 (used by I_x when no
  /// evaluated intensity has nu_i <= x, e.g. when more than x% of the voxels have the maximum).
  double next = 0.0;
};

/// Re-segmentation bound if finite, else the data value: the manual's total range, also for
/// half-open re-segmentation ranges.
double bound_or(double reseg_bound, double data_value) {
  return std::isfinite(reseg_bound) ? reseg_bound : data_value;
}

/// counts[g]: voxels of grey level g (index 0 unused), over the levels present.
std::vector<double> level_counts(const DiscreteRoi& d) {
  std::int32_t highest = 0;
  for (std::int32_t level : d.level) highest = std::max(highest, level);
  std::vector<double> counts(static_cast<std::size_t>(highest) + 1, 0.0);
  for (std::int32_t level : d.level)
    if (level > 0) counts[static_cast<std::size_t>(level)] += 1.0;
  return counts;
}

std::vector<double> evaluation_points(double first, double step, double count) {
  if (count > kMaxPoints)
    throw InputError("intensity-volume histogram: " + std::to_string(count) +
                     " discretised intensities in the intensity range; use a fixed bin size "
                     "IVH discretisation with a larger bin width");
  std::vector<double> points;
  for (double k = 0; k < count; k += 1.0) points.push_back(first + k * step);
  return points;
}

/// Discrete calibrated intensities (e.g. CT in HU), no discretisation: X_d,gl = X_gl, w_d = 1,
/// G = the re-segmentation range, or [min(X_gl), max(X_gl)] where it is open.
Ivh ivh_none(const Roi& roi, FeatureTable& out) {
  Ivh h;
  std::vector<double> sorted = masked_values(roi, roi.int_mask);
  std::sort(sorted.begin(), sorted.end());
  if (std::any_of(sorted.begin(), sorted.end(), [](double v) { return v != std::round(v); }))
    out.warn("intensity-volume histogram without discretisation expects integer intensities; "
             "use a fixed bin size IVH discretisation for continuous intensities");
  for (std::size_t k = 0; k < sorted.size();) {
    std::size_t end = k;
    while (end < sorted.size() && sorted[end] == sorted[k]) ++end;
    h.x.add(sorted[k], static_cast<double>(end - k));
    k = end;
  }
  h.g_min = bound_or(roi.reseg_lower, sorted.front());
  h.g_max = bound_or(roi.reseg_upper, sorted.back());
  const double count = std::floor(h.g_max - h.g_min) + 1.0;
  h.i = evaluation_points(h.g_min, 1.0, count);
  h.next = h.g_min + count;
  return h;
}

/// Continuous calibrated intensities (e.g. PET): fixed bin size w_b from X_min, bin numbers
/// replaced by bin centres X_d,gl = X_min + (X_d - 0.5) w_b; G = [X_min + 0.5 w_b, X_max - 0.5 w_b]
/// with X_min, X_max the re-segmentation range where set, else the ROI range; w_d = w_b.
Ivh ivh_fixed_bin_size(const Roi& roi, const DiscretisationSettings& settings) {
  const DiscreteRoi d = discretise(roi, settings);  // X_min: same rule as for texture
  double lowest = std::numeric_limits<double>::infinity(), highest = -lowest;
  for (std::size_t k = 0; k < roi.int_mask.size(); ++k)
    if (roi.int_mask[k]) {
      lowest = std::min(lowest, roi.intensity[k]);
      highest = std::max(highest, roi.intensity[k]);
    }
  const double w = settings.bin_width;
  const double x_min = settings.lower_bound ? *settings.lower_bound : bound_or(roi.reseg_lower, lowest);
  const double x_max = bound_or(roi.reseg_upper, highest);
  const auto centre = [&](double level) { return x_min + (level - 0.5) * w; };

  Ivh h;
  // Bin centres increase with the level: the distribution follows from the levels' counts.
  const std::vector<double> counts = level_counts(d);
  for (std::size_t level = 1; level < counts.size(); ++level)
    if (counts[level] > 0.0) h.x.add(centre(static_cast<double>(level)), counts[level]);
  h.g_min = x_min + 0.5 * w;
  h.g_max = x_max - 0.5 * w;
  // Every bin up to the one ending at X_max, and any higher bin holding voxels (X = X_max
  // itself opens a new bin when X_max - X_min is a multiple of w_b).
  const double n_bins = std::max({std::ceil((x_max - x_min) / w), static_cast<double>(d.n_levels), 1.0});
  h.i = evaluation_points(centre(1.0), w, n_bins);
  h.next = centre(n_bins + 1.0);
  return h;
}

/// Arbitrary intensity units (e.g. MRI): fixed bin number over the ROI range, X_d,gl = X_d,
/// w_d = 1, G = [1, N_g].
Ivh ivh_fixed_bin_number(const Roi& roi, const DiscretisationSettings& settings) {
  const DiscreteRoi d = discretise(roi, settings);
  Ivh h;
  const std::vector<double> counts = level_counts(d);
  for (std::size_t level = 1; level < counts.size(); ++level)
    if (counts[level] > 0.0) h.x.add(static_cast<double>(level), counts[level]);
  h.g_min = 1.0;
  h.g_max = settings.bin_count;
  h.i = evaluation_points(1.0, 1.0, settings.bin_count);
  h.next = settings.bin_count + 1.0;
  return h;
}

/// nu_i = 1 - 1/N_v sum_k [X_d,gl,k < i], written as (N_v - #{X < i}) / N_v to round once.
double volume_fraction(const Ivh& h, double i) {
  const auto k = static_cast<std::size_t>(std::lower_bound(h.x.value.begin(), h.x.value.end(), i) - h.x.value.begin());
  const double below = k < h.x.value.size() ? h.x.below[k] : h.x.n_v;
  return (h.x.n_v - below) / h.x.n_v;
}

double intensity_fraction(const Ivh& h, double i) { return (i - h.g_min) / (h.g_max - h.g_min); }

/// Volume at intensity fraction, IBSI BC2M (V10: NK6P, V90: 4279): the largest nu_i with
/// gamma_i >= x. NaN when no evaluated intensity qualifies (e.g. G of zero width).
double volume_at_intensity(const Ivh& h, double x) {
  if (!(h.g_max > h.g_min)) return kNaN;
  double v = kNaN;
  for (double i : h.i)
    if (intensity_fraction(h, i) >= x) v = std::isnan(v) ? volume_fraction(h, i) : std::max(v, volume_fraction(h, i));
  return v;
}

/// Intensity at volume fraction, IBSI GBPN (I10: PWN1, I90: BOHI): the smallest discretised
/// intensity i with nu_i <= x, i.e. present in at most x of the volume.
double intensity_at_volume(const Ivh& h, double x) {
  for (double i : h.i)
    if (volume_fraction(h, i) <= x) return i;
  return h.next;
}

Ivh make_ivh(const Roi& roi, const DiscretisationSettings& settings, FeatureTable& out) {
  switch (settings.method) {
    case DiscretisationMethod::FixedBinSize: return ivh_fixed_bin_size(roi, settings);
    case DiscretisationMethod::FixedBinNumber: return ivh_fixed_bin_number(roi, settings);
    case DiscretisationMethod::None: break;
  }
  return ivh_none(roi, out);
}

}  // namespace

std::span<const FeatureInfo> feature_infos() { return kFeatures; }

void compute(const Roi& roi, const Settings& settings, FeatureTable& out) {
  if (std::none_of(roi.int_mask.begin(), roi.int_mask.end(), [](std::uint8_t m) { return m != 0; })) {
    out.warn("intensity-volume histogram: the intensity mask is empty; all ivh_ features are NaN");
    for (const FeatureInfo& f : kFeatures) out.add(std::string(f.tag), kNaN);
    return;
  }
  const Ivh h = make_ivh(roi, settings.ivh_discretisation, out);
  if (!(h.g_max > h.g_min))
    out.warn("intensity-volume histogram: the intensity range has zero width; "
             "volume fractions at intensity fractions are NaN");
  const double v10 = volume_at_intensity(h, 0.10);
  const double v90 = volume_at_intensity(h, 0.90);
  const double i10 = intensity_at_volume(h, 0.10);
  const double i90 = intensity_at_volume(h, 0.90);
  const double values[] = {v10, v90, i10, i90, v10 - v90, i10 - i90};
  static_assert(sizeof(values) / sizeof(values[0]) == std::size(kFeatures));
  for (std::size_t k = 0; k < std::size(kFeatures); ++k) out.add(std::string(kFeatures[k].tag), values[k]);
}

}  // namespace radiomics::intensity_volume_histogram
