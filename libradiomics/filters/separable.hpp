// Convolution with separable kernels as 1D passes, and the boundary conditions of the IBSI 2
// manual. A separable kernel h(x, y, z) = k_x(x) k_y(y) k_z(z) is applied as one 1D pass per axis;
// because each boundary condition extends the image axis by axis, the passes give exactly the
// convolution of the extended image with h.
#pragma once
#include <cstddef>
#include <memory>
#include <vector>

#include "filters/filter_image.hpp"
#include "radiomics/filter_settings.hpp"

namespace radiomics::filters {

/// A 1D kernel of odd length 2c + 1, centred on its middle tap. Convolution (not correlation):
///   out[i] = sum_k w[k] in[i + c - k].
/// Even-length kernels (wavelet filters) are made odd by appending a zero tap.
using Kernel1D = std::vector<double>;

/// The voxel index the boundary condition reads at position i of an axis of n voxels, or -1
/// for a zero (outside) voxel under Boundary::Zero. Valid for any i, however far outside.
int boundary_index(int i, int n, Boundary boundary);

// The passes share their output lines among up to `threads` threads. Every output voxel is the
// same sum in the same order whatever the number of threads, so the result is identical to the
// bit.

/// One 1D convolution pass along `axis` (0 = x, 1 = y, 2 = z). The kernel must have odd length.
std::vector<float> convolve_axis(const std::vector<float>& in, const Grid3& grid, int axis,
                                 const Kernel1D& kernel, Boundary boundary, int threads);

/// One pass from `in` into `out` (distinct buffers of grid.count() voxels): every voxel of `out`
/// is written, or with `accumulate` added to.
void convolve_axis_into(const float* in, float* out, const Grid3& grid, int axis,
                        const Kernel1D& kernel, Boundary boundary, int threads,
                        bool accumulate = false);

/// Working memory for intermediate passes, its voxels uninitialised (a pass writes every one):
/// the page faults of a fresh buffer then happen on the threads that fill it, not in a
/// zero-fill on one thread. Profiled on a CT-sized volume: fresh pages were a third to a half of
/// the time of LoG and Haar.
using Scratch = std::unique_ptr<float[]>;
inline Scratch scratch(std::size_t voxels) {
  return std::make_unique_for_overwrite<float[]>(voxels);
}

/// A separable kernel: kernels[a] along axis a (x first); an empty kernel leaves its axis alone.
std::vector<float> convolve_separable(const std::vector<float>& in, const Grid3& grid,
                                      const std::vector<Kernel1D>& kernels, Boundary boundary,
                                      int threads);

/// The kernel reversed (k(-x)), about its centre.
Kernel1D reversed(const Kernel1D& kernel);

/// The kernel with an odd number of taps: even-length kernels get a zero tap appended.
Kernel1D odd_length(Kernel1D kernel);

}  // namespace radiomics::filters
