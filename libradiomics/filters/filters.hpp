// The IBSI 2 convolutional filters (reference manual arXiv 2006.05470, chapter 2) over plain
// arrays: one file per filter family, each a function from an image to its response map on the
// same grid. A 2D filter acts on each axial slice (axes x and y), a 3D filter on the volume.
#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "filters/filter_image.hpp"
#include "filters/separable.hpp"
#include "radiomics/filter_settings.hpp"

namespace radiomics::filters {

/// Applies one configured filter to an image (or a block of one) and returns its response map
/// (same grid).
/// `key` names the filter in error messages ("filtering.filters[1]"). `threads` as
/// Settings::threads (0: one per core): the map is identical to the bit for any value. Throws
/// InputError when the image cannot take the filter: a 3D filter on a single slice, a kernel
/// larger than the image, a decomposition level too deep for it, non-finite intensities.
FilterImage apply_filter(const FilterImage& image, const FilterSettings& filter,
                         const std::string& key, int threads = 1);

/// How many voxels away, along each axis of a grid with this spacing, a voxel of the response map
/// reads the image (the kernel's half-width, over all levels, orientations and the energy
/// window); std::nullopt for the Fourier-domain filters (Gabor, Simoncelli), which read the
/// whole image. The chain filters a block of the image with at least this margin around the ROI,
/// which gives the same values there as filtering the whole image.
std::optional<std::array<int, 3>> filter_reach(const FilterSettings& filter,
                                               const std::array<double, 3>& spacing);

// One function per family (filters/<family>.cpp); `filter` carries the common settings
// (dimensions, boundary, rotation invariance, pooling). `threads` (>= 1) share the work so that
// every voxel is computed by the same operations in the same order as on one thread.
std::vector<float> mean_response(const FilterImage& image, const MeanFilter& mean,
                                 const FilterSettings& filter, const std::string& key, int threads);
std::vector<float> log_response(const FilterImage& image, const LogFilter& log,
                                const FilterSettings& filter, const std::string& key, int threads);
std::vector<float> laws_response(const FilterImage& image, const LawsFilter& laws,
                                 const FilterSettings& filter, const std::string& key, int threads);
std::vector<float> gabor_response(const FilterImage& image, const GaborFilter& gabor,
                                  const FilterSettings& filter, const std::string& key,
                                  int threads);
std::vector<float> wavelet_response(const FilterImage& image, const WaveletFilter& wavelet,
                                    const FilterSettings& filter, const std::string& key,
                                    int threads);
std::vector<float> simoncelli_response(const FilterImage& image, const SimoncelliFilter& simoncelli,
                                       const FilterSettings& filter, const std::string& key,
                                       int threads);

/// Throws InputError naming `key` when a kernel of `length` taps along `axis` is longer than the
/// image along that axis; `what` describes the kernel ("LoG kernel").
void check_kernel_fits(const Grid3& grid, int axis, std::size_t length, const std::string& key,
                       const std::string& what);

// Kernels exposed for unit tests.

/// Laws 1D kernel by name ("L5", "E3", ...), normalised to unit L2 norm (IBSI 2 manual);
/// empty when the name is unknown.
Kernel1D laws_kernel(const std::string& name);

/// Decomposition low-pass filter of a wavelet family, in PyWavelets' order ("dec_lo");
/// empty when the family is unknown.
Kernel1D wavelet_low_pass(const std::string& family);
/// The matching high-pass (quadrature mirror) filter: g[k] = (-1)^(k+1) h[N-1-k].
Kernel1D wavelet_high_pass(const std::string& family);
/// Every supported wavelet family name.
std::vector<std::string> wavelet_families();

/// The Simoncelli band-pass in the Fourier domain at radial frequency `radius` (1 = Nyquist):
/// cos(pi/2 log2(2 radius / f)) for f/4 <= radius <= f, f = 2^(1 - level), else 0.
double simoncelli_transfer(double radius, int level);

}  // namespace radiomics::filters
