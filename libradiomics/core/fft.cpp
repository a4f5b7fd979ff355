#include "core/fft.hpp"

#include <algorithm>
#include <cstddef>
#include <unsupported/Eigen/FFT>

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
void fft_3d(std::vector<std::complex<Real>>& data, const std::array<int, 3>& l, bool inverse) {
  Eigen::FFT<Real> fft;
  const auto n0 = static_cast<std::size_t>(l[0]);
  const auto n1 = static_cast<std::size_t>(l[1]);
  const auto n2 = static_cast<std::size_t>(l[2]);
  const std::array<std::size_t, 3> stride{1, n0, n0 * n1};
  for (std::size_t axis = 0; axis < 3; ++axis) {
    const auto len = static_cast<std::size_t>(l[axis]);
    if (len == 1) continue;  // the DFT of length 1 is the identity (and kissfft fails on it)
    std::vector<std::complex<Real>> line(len);
    std::vector<std::complex<Real>> transformed(len);
    // The line starts: every voxel whose coordinate along `axis` is 0.
    const std::size_t outer = axis == 2 ? 1 : (axis == 1 ? n2 : n1 * n2);
    const std::size_t inner = axis == 0 ? 1 : (axis == 1 ? n0 : n0 * n1);
    const std::size_t outer_step = axis == 0 ? n0 : (axis == 1 ? n0 * n1 : 0);
    for (std::size_t o = 0; o < outer; ++o)
      for (std::size_t i = 0; i < inner; ++i) {
        const std::size_t start = o * outer_step + i;
        for (std::size_t k = 0; k < len; ++k) line[k] = data[start + k * stride[axis]];
        if (inverse)
          fft.inv(transformed, line);
        else
          fft.fwd(transformed, line);
        for (std::size_t k = 0; k < len; ++k) data[start + k * stride[axis]] = transformed[k];
      }
  }
}

template void fft_3d<float>(std::vector<std::complex<float>>&, const std::array<int, 3>&, bool);
template void fft_3d<double>(std::vector<std::complex<double>>&, const std::array<int, 3>&, bool);

}  // namespace radiomics
