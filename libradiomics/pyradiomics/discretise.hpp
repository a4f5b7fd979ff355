// PyRadiomics' discretisation (imageoperations.getBinEdges, binImage): bin edges computed the
// way numpy computes them, grey level = numpy.digitize. Differs from the IBSI fixed bin size in
// where the first bin starts: at the largest multiple of the bin width not above the ROI minimum,
// rather than at the minimum itself.
#pragma once
#include <vector>

#include "core/roi.hpp"
#include "radiomics/settings.hpp"

namespace radiomics::pyradiomics {

/// The bin edges for intensities in [minimum, maximum] (ascending; grey level k covers
/// [edges[k-1], edges[k])):
///  - fixed bin size w: numpy.arange(minimum - (minimum mod w), maximum + 2 w, w), the Python
///    modulo taking the sign of w;
///  - fixed bin number n: numpy.histogram's edges, linspace(minimum, maximum, n + 1) (a flat ROI:
///    minimum - 0.5 .. maximum + 0.5), with the last edge raised by 1 so the maximum falls in bin n.
/// Throws InputError for method none (PyRadiomics always discretises) or absurd bin counts.
std::vector<double> bin_edges(double minimum, double maximum, const DiscretisationSettings& settings);

/// Grey level of x: the number of edges <= x (numpy.digitize with increasing edges).
int digitize(double x, const std::vector<double>& edges);

/// The intensity mask discretised with bin_edges over its own range. n_levels is the highest
/// grey level present (PyRadiomics' N_g); `histogram_bins`, when given, receives the number of
/// bins (edges - 1), which the first-order histogram spans.
DiscreteRoi discretise(const Roi& roi, const DiscretisationSettings& settings, int* histogram_bins = nullptr);

}  // namespace radiomics::pyradiomics
