#include "core/fft.hpp"

#include <algorithm>
#include <cstddef>
#include <unsupported/Eigen/FFT>

#include "core/parallel.hpp"

namespace radiomics {

int fft_length(int n) {
  for (int m = std::max(n, 1);; ++m) {
    int r = m;
    for (const int p : {2, 3, 5})
      while (r % p == 0) r /= p;
    if (r == 1) return m;
  }
}

template <class Real>
void fft_3d(std::vector<std::complex<Real>>& data, const std::array<int, 3>& l, bool inverse,
            int threads) {
  const auto n0 = static_cast<std::size_t>(l[0]);
  const auto n1 = static_cast<std::size_t>(l[1]);
  const auto n2 = static_cast<std::size_t>(l[2]);
  const std::array<std::size_t, 3> stride{1, n0, n0 * n1};
  for (std::size_t axis = 0; axis < 3; ++axis) {
    const auto len = static_cast<std::size_t>(l[axis]);
    if (len == 1) continue;  // the DFT of length 1 is the identity (and kissfft fails on it)
    // The line starts: every voxel whose coordinate along `axis` is 0.
    const std::size_t outer = axis == 2 ? 1 : (axis == 1 ? n2 : n1 * n2);
    const std::size_t inner = axis == 0 ? 1 : (axis == 1 ? n0 : n0 * n1);
    const std::size_t outer_step = axis == 0 ? n0 : (axis == 1 ? n0 * n1 : 0);
    const std::size_t lines = outer * inner;
    for_each_strided(lines, threads, [&](std::size_t first, std::size_t step) {
      // Each thread its own plans (kissfft's are built the same way by any object) and buffers.
      Eigen::FFT<Real> fft;
      std::vector<std::complex<Real>> line(len);
      std::vector<std::complex<Real>> transformed(len);
      for (std::size_t n = first; n < lines; n += step) {
        const std::size_t start = (n / inner) * outer_step + n % inner;
        for (std::size_t k = 0; k < len; ++k) line[k] = data[start + k * stride[axis]];
        if (inverse)
          fft.inv(transformed, line);
        else
          fft.fwd(transformed, line);
        for (std::size_t k = 0; k < len; ++k) data[start + k * stride[axis]] = transformed[k];
      }
    });
  }
}

template void fft_3d<float>(std::vector<std::complex<float>>&, const std::array<int, 3>&, bool,
                            int);
template void fft_3d<double>(std::vector<std::complex<double>>&, const std::array<int, 3>&, bool,
                             int);

}  // namespace radiomics
