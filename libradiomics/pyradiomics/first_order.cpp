// PyRadiomics' firstorder class. The distribution statistics are the IBSI family's (the same
// population moments and numpy-style percentiles); PyRadiomics' conventions are kurtosis without
// the -3, voxelArrayShift in the energies, the total energy, and an entropy with eps over its own
// discretisation (pyradiomics/discretise.cpp).
#include <cmath>
#include <limits>
#include <string>

#include "features/intensity_histogram.hpp"
#include "features/statistics.hpp"
#include "pyradiomics/features.hpp"
#include "radiomics/feature_table.hpp"

namespace radiomics::pyradiomics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kEps = std::numeric_limits<double>::epsilon();

double found(const FeatureTable& table, std::string_view tag) { return table.find(tag).value_or(kNaN); }

}  // namespace

std::vector<double> first_order_values(const Roi& roi, const DiscreteRoi& levels, int histogram_bins,
                                       const Settings& settings) {
  const std::vector<const Feature*> wanted = class_features(FeatureClass::FirstOrder);
  const std::vector<double> x = masked_values(roi, roi.int_mask);
  if (x.empty()) return std::vector<double>(wanted.size(), kNaN);

  // The IBSI statistics and histogram families, whose values PyRadiomics shares.
  FeatureTable ibsi;
  statistics::compute(roi, ibsi);
  intensity_histogram::compute(levels, ibsi);

  const double shift = settings.pyradiomics.voxel_array_shift;
  double shifted_energy = 0.0;
  for (const double v : x) shifted_energy += (v + shift) * (v + shift);
  const double n = static_cast<double>(x.size());
  const double voxel_volume = roi.grid.spacing[0] * roi.grid.spacing[1] * roi.grid.spacing[2];

  // Histogram of PyRadiomics' bins (every bin of its edges, empty ones included).
  std::vector<double> counts(static_cast<std::size_t>(std::max(histogram_bins, 0)) + 1, 0.0);
  for (std::size_t i = 0; i < levels.level.size(); ++i)
    if (levels.level[i] > 0 && levels.level[i] <= histogram_bins) counts[static_cast<std::size_t>(levels.level[i])] += 1.0;
  double entropy = 0.0;
  for (const double c : counts)
    if (c > 0.0) entropy -= (c / n) * std::log2(c / n + kEps);

  std::vector<double> values;
  for (const Feature* f : wanted) {
    switch (f->rule) {
      case Rule::Ibsi: values.push_back(found(ibsi, f->ibsi_tag)); break;
      case Rule::KurtosisNotExcess: {
        // Both set a flat ROI's kurtosis to 0 (IBSI: excess 0; PyRadiomics: 0, not 3).
        const double excess = found(ibsi, "stat_kurt");
        values.push_back(found(ibsi, "stat_var") == 0.0 ? 0.0 : excess + 3.0);
        break;
      }
      case Rule::ShiftedEnergy: values.push_back(shifted_energy); break;
      case Rule::ShiftedRms: values.push_back(std::sqrt(shifted_energy / n)); break;
      case Rule::TotalEnergy: values.push_back(voxel_volume * shifted_energy); break;
      case Rule::StandardDeviation: values.push_back(std::sqrt(found(ibsi, "stat_var"))); break;
      case Rule::HistogramEntropy: values.push_back(entropy); break;
      default: values.push_back(kNaN); break;
    }
  }
  return values;
}

}  // namespace radiomics::pyradiomics
