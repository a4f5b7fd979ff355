// Discrete Fourier transforms of 3D arrays through Eigen's FFT module (kissfft), shared by the
// exact Moran's I / Geary's C (features/morphology.cpp) and the Fourier-domain filters
// (filters/gabor.cpp, filters/simoncelli.cpp).
#pragma once
#include <array>
#include <complex>
#include <vector>

namespace radiomics {

/// Smallest m >= n whose prime factors are 2, 3 and 5 (fast FFT lengths).
int fft_length(int n);

/// In-place DFT of an l[0] x l[1] x l[2] array (x fastest), as 1D transforms along each axis
/// (axes of length 1 are skipped, so 2D arrays are l[2] = 1). The inverse includes the 1/N scaling.
/// The 1D transforms of an axis are shared among up to `threads` threads; each is computed as on
/// one thread, so the result does not depend on their number. Defined for float and double.
template <class Real>
void fft_3d(std::vector<std::complex<Real>>& data, const std::array<int, 3>& l, bool inverse,
            int threads = 1);

}  // namespace radiomics
