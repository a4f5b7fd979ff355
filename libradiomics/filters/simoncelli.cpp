// Simoncelli wavelet (IBSI 2 manual, "Non-separable wavelets"): an isotropic band-pass defined
// in the Fourier domain. With nu the frequency normalised to the Nyquist frequency and
// f = 2^(1 - level) the upper edge of the band at this level,
//   H(nu) = cos(pi/2 log2(2 |nu| / f))  for f/4 <= |nu| <= f,  else 0,
// and the response is the real part of the inverse transform.
//
// Frequency grid. The IBSI 2 consensus maps (phase 1, 8A1-8A3) are reproduced, to 1e-8 of their
// range for levels 2 and 3, by sampling nu on a centred grid: along an axis of n voxels, the n
// values (j - (n-1)/2) / ((n-1)/2), j = 0 .. n-1, spread evenly over [-1, 1], with the centre
// moved to DFT bin 0 (numpy's ifftshift). For even n this puts DC half a bin off zero, which is
// why levels 2-3 differ by 2-8 % of the range from a filter on the exact DFT frequencies 2k/n; we
// follow the consensus.
//
// Boundary condition. Multiplication in the DFT domain is a circular convolution, i.e. the
// periodic condition. For the other conditions each filtered axis is first extended by the
// condition to a fast FFT length of at least 2n (the image in the middle), filtered as above on
// that grid, and cropped: the wrap-around then reaches voxels at least n/2 away from the image.
#include <cmath>
#include <complex>
#include <functional>
#include <numbers>

#include "core/fft.hpp"
#include "core/parallel.hpp"
#include "filters/filters.hpp"
#include "radiomics/errors.hpp"

namespace radiomics::filters {
namespace {

/// Normalised frequency of DFT bin k of n on the consensus grid (see above).
double grid_frequency(int k, int n) {
  if (n == 1) return 0.0;
  const int j = (k + n / 2) % n;
  const double half = (n - 1) / 2.0;
  return (j - half) / half;
}

/// Filters a block (shape l, x fastest) as periodic along its axes [0, dims); its planes and
/// lines shared among the threads.
void periodic_band_pass(std::vector<std::complex<float>>& block, const std::array<int, 3>& l,
                        int dims, int level, int threads) {
  fft_3d(block, l, false, threads);
  std::vector<double> fx(static_cast<std::size_t>(l[0]));
  std::vector<double> fy(static_cast<std::size_t>(l[1]));
  for (int x = 0; x < l[0]; ++x) fx[static_cast<std::size_t>(x)] = grid_frequency(x, l[0]);
  for (int y = 0; y < l[1]; ++y) fy[static_cast<std::size_t>(y)] = grid_frequency(y, l[1]);
  const std::size_t plane = static_cast<std::size_t>(l[0]) * static_cast<std::size_t>(l[1]);
  const auto planes = [&](std::size_t first, std::size_t stride) {
    for (std::size_t z = first; z < static_cast<std::size_t>(l[2]); z += stride) {
      const double fz = dims == 3 ? grid_frequency(static_cast<int>(z), l[2]) : 0.0;
      std::size_t i = z * plane;
      for (int y = 0; y < l[1]; ++y)
        for (int x = 0; x < l[0]; ++x, ++i) {
          const double f2 = fx[static_cast<std::size_t>(x)] * fx[static_cast<std::size_t>(x)] +
                            fy[static_cast<std::size_t>(y)] * fy[static_cast<std::size_t>(y)] +
                            fz * fz;
          block[i] *= static_cast<float>(simoncelli_transfer(std::sqrt(f2), level));
        }
    }
  };
  for_each_strided(static_cast<std::size_t>(l[2]), threads, planes);
  fft_3d(block, l, true, threads);
}

/// The response of one block (the volume in 3D, a slice in 2D) under the boundary condition.
std::vector<float> band_pass(const float* values, const std::array<int, 3>& l, int dims, int level,
                             Boundary boundary, int threads) {
  std::array<int, 3> shape = l;
  std::array<int, 3> before{0, 0, 0};
  if (boundary != Boundary::Periodic)
    for (std::size_t a = 0; a < static_cast<std::size_t>(dims); ++a) {
      shape[a] = fft_length(2 * l[a]);
      before[a] = (shape[a] - l[a]) / 2;
    }
  const auto index = [](const std::array<int, 3>& s, int x, int y, int z) {
    return static_cast<std::size_t>(x) +
           static_cast<std::size_t>(s[0]) *
               (static_cast<std::size_t>(y) +
                static_cast<std::size_t>(s[1]) * static_cast<std::size_t>(z));
  };
  std::vector<std::complex<float>> block(static_cast<std::size_t>(shape[0]) *
                                         static_cast<std::size_t>(shape[1]) *
                                         static_cast<std::size_t>(shape[2]));
  // Planes (z) of the extended block, then of the response, shared among the threads.
  const auto planes = [&](int count, const std::function<void(int)>& plane) {
    for_each_strided(static_cast<std::size_t>(count), threads,
                     [&](std::size_t first, std::size_t stride) {
                       for (std::size_t z = first; z < static_cast<std::size_t>(count); z += stride)
                         plane(static_cast<int>(z));
                     });
  };
  planes(shape[2], [&](int z) {
    const int sz = boundary_index(z - before[2], l[2], boundary);
    for (int y = 0; y < shape[1]; ++y) {
      const int sy = boundary_index(y - before[1], l[1], boundary);
      for (int x = 0; x < shape[0]; ++x) {
        const int sx = boundary_index(x - before[0], l[0], boundary);
        if (sx >= 0 && sy >= 0 && sz >= 0)
          block[index(shape, x, y, z)] = values[index(l, sx, sy, sz)];
      }
    }
  });
  periodic_band_pass(block, shape, dims, level, threads);
  std::vector<float> out(static_cast<std::size_t>(l[0]) * static_cast<std::size_t>(l[1]) *
                         static_cast<std::size_t>(l[2]));
  planes(l[2], [&](int z) {
    for (int y = 0; y < l[1]; ++y)
      for (int x = 0; x < l[0]; ++x)
        out[index(l, x, y, z)] =
            block[index(shape, x + before[0], y + before[1], z + before[2])].real();
  });
  return out;
}

}  // namespace

double simoncelli_transfer(double radius, int level) {
  const double f = std::ldexp(1.0, 1 - level);
  if (radius < f / 4.0 || radius > f) return 0.0;
  return std::cos(std::numbers::pi / 2.0 * std::log2(2.0 * radius / f));
}

std::vector<float> simoncelli_response(const FilterImage& image, const SimoncelliFilter& simoncelli,
                                       const FilterSettings& filter, const std::string& key,
                                       int threads) {
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
  if (dims == 3)
    return band_pass(image.values.data(), g.size, 3, simoncelli.level, filter.boundary, threads);
  // 2D: the slices shared among the threads, each filtered as on one thread (a single slice
  // gets them all).
  std::vector<float> out(image.values.size());
  const std::size_t area =
      static_cast<std::size_t>(g.size[0]) * static_cast<std::size_t>(g.size[1]);
  const auto slices = static_cast<std::size_t>(g.size[2]);
  const int per_slice = slices == 1 ? threads : 1;
  for_each_strided(slices, threads, [&](std::size_t first, std::size_t stride) {
    for (std::size_t z = first; z < slices; z += stride) {
      const std::vector<float> slice =
          band_pass(image.values.data() + area * z, {g.size[0], g.size[1], 1}, 2, simoncelli.level,
                    filter.boundary, per_slice);
      std::copy(slice.begin(), slice.end(), out.begin() + static_cast<std::ptrdiff_t>(area * z));
    }
  });
  return out;
}

}  // namespace radiomics::filters
