// PyRadiomics' filtered image types (imageType LoG and Wavelet) as IBSI 2 filters: their
// column prefixes, the order in which PyRadiomics yields the wavelet bands, and the one place
// where PyRadiomics' LoG differs from the IBSI 2 kernel by a constant (scale normalisation).
// The filters themselves are libradiomics' (libradiomics/filters/); docs/pyradiomics.md lists
// what differs from PyRadiomics' SimpleITK and PyWavelets filters.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "radiomics/filter_settings.hpp"

namespace radiomics::pyradiomics {

/// Python's str() of a number written in a parameter file: an integer literal stays an integer
/// ("3"), anything else is a float in Python's repr ("1.0", "0.5", "1e-05"). PyRadiomics puts
/// str(sigma) into the LoG column prefix, so "1" and "1.0" name different columns there too.
std::string python_number_text(const std::string& yaml_scalar, double value);

/// Python's repr() of a float: shortest round-trip digits, fixed notation for exponents -4..15
/// ("1.0", "0.0001", "2.5"), scientific otherwise ("1e-05", "1.5e+16").
std::string python_float_repr(double value);

/// "log-sigma-<sigma>-mm-3D", '.' replaced by '-' (PyRadiomics' getLoGImage).
std::string log_image_type(const std::string& sigma_text);

/// "wavelet-<band>" for the first decomposition PyRadiomics computes, "wavelet<index>-<band>"
/// for later ones (index counts from 1 at start_level; getWaveletImage).
std::string wavelet_image_type(int index, const std::string& band);

/// The detail bands of one decomposition in the order PyRadiomics yields them (PyWavelets'
/// swtn keys, x first): LLH, LHL, LHH, HLL, HLH, HHL, HHH in 3D; LH, HL, HH in 2D.
std::vector<std::string> wavelet_detail_bands(int dimensions);

/// The factor that turns the response map of `filter` into PyRadiomics' image: for LoG, SimpleITK's
/// NormalizeAcrossScale multiplies the Laplacian (in mm) by sigma^2, while the IBSI 2 kernel
/// multiplies it by the squared geometric mean spacing of the filtered axes; so the factor is
/// (sigma / geometric mean spacing)^2. 1 for the wavelets (PyWavelets' filters are the IBSI ones).
double response_scale(const FilterSettings& filter, const std::array<double, 3>& spacing);

}  // namespace radiomics::pyradiomics
