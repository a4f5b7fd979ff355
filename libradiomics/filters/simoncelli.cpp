// Simoncelli wavelet (IBSI 2 manual, "Non-separable wavelets"): an isotropic band-pass defined
// in the Fourier domain. With nu the frequency normalised to the Nyquist frequency (|nu| <= 1
// per axis) and f = 2^(1 - level) the upper edge of the band at this level,
//   H(nu) = cos(pi/2 log2(2 |nu| / f))  for f/4 <= |nu| <= f,  else 0,
// and the response is the real part of the filtered image (H is real and even, so the response
// is real). The boundary condition decides how the image is extended:
//   periodic - the DFT of the image itself;
//   mirror   - the DFT of the symmetric extension (period 2n per axis), computed as a DCT-II per
//              axis, multiplication by H, and the inverse (DCT-III): exact, no padding;
//   zero, nearest - the image extended by the condition to twice its size per axis, then the
//              periodic case (the wrap-around reaches only voxels one image length away).
#include <cmath>
#include <complex>
#include <numbers>

#include "core/fft.hpp"
#include "filters/filters.hpp"
#include "radiomics/errors.hpp"
#include <unsupported/Eigen/FFT>

namespace radiomics::filters {
namespace {

using Complex = std::complex<double>;

/// Normalised frequency of DFT bin k of n: 2k/n, with bins above n/2 negative.
double dft_frequency(int k, int n) { return 2.0 * (2 * k < n ? k : k - n) / static_cast<double>(n); }

/// Filters a real block (shape l, x fastest) whose axes [0, dims) are periodic.
void periodic_band_pass(std::vector<double>& block, const std::array<int, 3>& l, int dims, int level) {
  std::vector<Complex> spectrum(block.begin(), block.end());
  fft_3d(spectrum, l, false);
  std::size_t i = 0;
  for (int z = 0; z < l[2]; ++z)
    for (int y = 0; y < l[1]; ++y)
      for (int x = 0; x < l[0]; ++x, ++i) {
        const double fx = dft_frequency(x, l[0]);
        const double fy = dft_frequency(y, l[1]);
        const double fz = dims == 3 ? dft_frequency(z, l[2]) : 0.0;
        spectrum[i] *= simoncelli_transfer(std::sqrt(fx * fx + fy * fy + fz * fz), level);
      }
  fft_3d(spectrum, l, true);
  for (std::size_t k = 0; k < block.size(); ++k) block[k] = spectrum[k].real();
}

/// DCT-II (forward) or its inverse along one axis of a real block, through a complex DFT of
/// the symmetric extension of each line (length 2n): Y[k] = 2 exp(i pi k / 2n) C[k].
void dct_axis(std::vector<double>& block, const std::array<int, 3>& l, int axis, bool inverse) {
  const int n = l[static_cast<std::size_t>(axis)];
  if (n == 1) return;
  const std::size_t stride = axis == 0 ? 1 : (axis == 1 ? static_cast<std::size_t>(l[0])
                                                         : static_cast<std::size_t>(l[0]) * static_cast<std::size_t>(l[1]));
  const auto len = static_cast<std::size_t>(n);
  std::vector<Complex> phase(len);
  for (std::size_t k = 0; k < len; ++k) phase[k] = std::polar(1.0, std::numbers::pi * static_cast<double>(k) / (2.0 * n));
  Eigen::FFT<double> fft;
  std::vector<Complex> line(2 * len);
  std::vector<Complex> transformed(2 * len);
  for (std::size_t start = 0; start < block.size(); ++start) {
    if ((start / stride) % len != 0) continue;  // one start per line along `axis`
    if (!inverse) {
      for (std::size_t j = 0; j < len; ++j) {
        line[j] = block[start + j * stride];
        line[2 * len - 1 - j] = line[j];
      }
      fft.fwd(transformed, line);
      for (std::size_t k = 0; k < len; ++k) block[start + k * stride] = (std::conj(phase[k]) * transformed[k]).real() / 2.0;
    } else {
      line[0] = 2.0 * block[start];
      line[len] = 0.0;
      for (std::size_t k = 1; k < len; ++k) {
        line[k] = 2.0 * phase[k] * block[start + k * stride];
        line[2 * len - k] = std::conj(line[k]);
      }
      fft.inv(transformed, line);
      for (std::size_t j = 0; j < len; ++j) block[start + j * stride] = transformed[j].real();
    }
  }
}

/// Filters a real block whose axes [0, dims) are mirror-extended.
void mirror_band_pass(std::vector<double>& block, const std::array<int, 3>& l, int dims, int level) {
  for (int a = 0; a < dims; ++a) dct_axis(block, l, a, false);
  std::size_t i = 0;
  for (int z = 0; z < l[2]; ++z)
    for (int y = 0; y < l[1]; ++y)
      for (int x = 0; x < l[0]; ++x, ++i) {
        // DCT bin k of n is DFT bin k of the 2n-periodic extension: frequency k / n.
        const double fx = static_cast<double>(x) / l[0];
        const double fy = static_cast<double>(y) / l[1];
        const double fz = dims == 3 ? static_cast<double>(z) / l[2] : 0.0;
        block[i] *= simoncelli_transfer(std::sqrt(fx * fx + fy * fy + fz * fz), level);
      }
  for (int a = 0; a < dims; ++a) dct_axis(block, l, a, true);
}

/// Filters one block (the volume in 3D, a slice in 2D) under the boundary condition.
void band_pass(std::vector<double>& block, const std::array<int, 3>& l, int dims, int level, Boundary boundary) {
  if (boundary == Boundary::Periodic) return periodic_band_pass(block, l, dims, level);
  if (boundary == Boundary::Mirror) return mirror_band_pass(block, l, dims, level);
  // Zero / nearest: extend each filtered axis to 2n (n/2 before, the rest after).
  std::array<int, 3> padded = l;
  std::array<int, 3> before{0, 0, 0};
  for (int a = 0; a < dims; ++a) {
    padded[static_cast<std::size_t>(a)] = 2 * l[static_cast<std::size_t>(a)];
    before[static_cast<std::size_t>(a)] = l[static_cast<std::size_t>(a)] / 2;
  }
  const auto index = [](const std::array<int, 3>& shape, int x, int y, int z) {
    return static_cast<std::size_t>(x) +
           static_cast<std::size_t>(shape[0]) * (static_cast<std::size_t>(y) + static_cast<std::size_t>(shape[1]) * static_cast<std::size_t>(z));
  };
  std::vector<double> extended(static_cast<std::size_t>(padded[0]) * static_cast<std::size_t>(padded[1]) *
                               static_cast<std::size_t>(padded[2]));
  for (int z = 0; z < padded[2]; ++z)
    for (int y = 0; y < padded[1]; ++y)
      for (int x = 0; x < padded[0]; ++x) {
        const int sx = boundary_index(x - before[0], l[0], boundary);
        const int sy = boundary_index(y - before[1], l[1], boundary);
        const int sz = boundary_index(z - before[2], l[2], boundary);
        extended[index(padded, x, y, z)] = sx < 0 || sy < 0 || sz < 0 ? 0.0 : block[index(l, sx, sy, sz)];
      }
  periodic_band_pass(extended, padded, dims, level);
  for (int z = 0; z < l[2]; ++z)
    for (int y = 0; y < l[1]; ++y)
      for (int x = 0; x < l[0]; ++x)
        block[index(l, x, y, z)] = extended[index(padded, x + before[0], y + before[1], z + before[2])];
}

}  // namespace

double simoncelli_transfer(double radius, int level) {
  const double f = std::ldexp(1.0, 1 - level);
  if (radius < f / 4.0 || radius > f) return 0.0;
  return std::cos(std::numbers::pi / 2.0 * std::log2(2.0 * radius / f));
}

std::vector<float> simoncelli_response(const FilterImage& image, const SimoncelliFilter& simoncelli,
                                       const FilterSettings& filter, const std::string& key) {
  const Grid3& g = image.grid;
  const int dims = filtered_axes(filter.volumetric);
  // The band's centre frequency 2^-level (of Nyquist) must lie above the lowest non-zero DFT
  // frequency 2/n of every filtered axis.
  const long long needed = 1LL << (simoncelli.level + 1);
  for (int a = 0; a < dims; ++a)
    if (g.size[static_cast<std::size_t>(a)] < needed)
      throw InputError(key + ".level: a level-" + std::to_string(simoncelli.level) +
                       " Simoncelli wavelet needs at least " + std::to_string(needed) +
                       " voxels along " + std::string(1, "xyz"[a]) + "; the image has " +
                       std::to_string(g.size[static_cast<std::size_t>(a)]));
  std::vector<float> out(image.values.size());
  if (dims == 3) {
    std::vector<double> block(image.values.begin(), image.values.end());
    band_pass(block, g.size, 3, simoncelli.level, filter.boundary);
    for (std::size_t i = 0; i < block.size(); ++i) out[i] = static_cast<float>(block[i]);
    return out;
  }
  const std::size_t area = static_cast<std::size_t>(g.size[0]) * static_cast<std::size_t>(g.size[1]);
  for (int z = 0; z < g.size[2]; ++z) {
    const auto first = image.values.begin() + static_cast<std::ptrdiff_t>(area * static_cast<std::size_t>(z));
    std::vector<double> block(first, first + static_cast<std::ptrdiff_t>(area));
    band_pass(block, {g.size[0], g.size[1], 1}, 2, simoncelli.level, filter.boundary);
    for (std::size_t i = 0; i < area; ++i) out[area * static_cast<std::size_t>(z) + i] = static_cast<float>(block[i]);
  }
  return out;
}

}  // namespace radiomics::filters
