#include "filters/separable.hpp"

#include <algorithm>
#include <cstddef>
#include <stdexcept>

#include "core/parallel.hpp"

namespace radiomics::filters {

int boundary_index(int i, int n, Boundary boundary) {
  if (i >= 0 && i < n) return i;
  switch (boundary) {
    case Boundary::Zero:
      return -1;
    case Boundary::Nearest:
      return i < 0 ? 0 : n - 1;
    case Boundary::Periodic: {
      const int r = i % n;
      return r < 0 ? r + n : r;
    }
    case Boundary::Mirror: {
      // Symmetric extension has period 2n: a b c d | d c b a | a b c d ...
      int r = i % (2 * n);
      if (r < 0) r += 2 * n;
      return r < n ? r : 2 * n - 1 - r;
    }
  }
  return -1;
}

namespace {

/// Pass along x: each row is copied once, extended by the boundary condition, then every tap
/// adds a shifted copy (the inner loop runs over contiguous voxels and vectorises). Rows are
/// shared among the threads; each row is computed as on one thread.
void convolve_rows(const float* in, float* out, const Grid3& g, const Kernel1D& w,
                   Boundary boundary, bool accumulate, int threads) {
  const int n = g.size[0];
  const int m = static_cast<int>(w.size());
  const int c = (m - 1) / 2;
  const std::size_t rows =
      static_cast<std::size_t>(g.size[1]) * static_cast<std::size_t>(g.size[2]);
  for_each_strided(rows, threads, [&](std::size_t first, std::size_t stride) {
    std::vector<float> extended(static_cast<std::size_t>(n + 2 * c));
    for (std::size_t r = first; r < rows; r += stride) {
      const float* src = in + r * static_cast<std::size_t>(n);
      float* dst = out + r * static_cast<std::size_t>(n);
      // Only the 2c voxels outside the row need the boundary condition (profiled: calling it
      // for every voxel took a tenth of a Haar decomposition).
      for (int t = 0; t < c; ++t) {
        const int before = boundary_index(t - c, n, boundary);
        const int after = boundary_index(n + t, n, boundary);
        extended[static_cast<std::size_t>(t)] = before < 0 ? 0.0F : src[before];
        extended[static_cast<std::size_t>(n + c + t)] = after < 0 ? 0.0F : src[after];
      }
      std::copy(src, src + n, extended.begin() + c);
      if (!accumulate) std::fill(dst, dst + n, 0.0F);
      for (int k = 0; k < m; ++k) {
        const auto wk = static_cast<float>(w[static_cast<std::size_t>(k)]);
        if (wk == 0.0F) continue;
        const float* shifted = extended.data() + (2 * c - k);
        for (int i = 0; i < n; ++i) dst[i] += wk * shifted[i];
      }
    }
  });
}

/// Voxels per column of a y or z pass (16 KiB of floats).
constexpr std::size_t kColumn = 4096;

/// The width of the columns a y or z pass is cut into: kColumn, or narrower (a multiple of 16
/// floats, one cache line) when that leaves fewer than 4 columns per thread (a 64 x 64 plane is
/// a single column of 4096). The width changes which voxels a thread computes, never how.
std::size_t column_width(std::size_t stride, std::size_t blocks, int threads) {
  const std::size_t wanted = 4 * static_cast<std::size_t>(std::max(1, threads));
  if (blocks * ((stride + kColumn - 1) / kColumn) >= wanted) return kColumn;
  const std::size_t per_block = (wanted + blocks - 1) / blocks;
  const std::size_t width = ((stride + per_block - 1) / per_block + 15) / 16 * 16;
  return std::clamp<std::size_t>(width, 16, kColumn);
}

/// Pass along y or z: the axis has `n` positions `stride` voxels apart, in `blocks` independent
/// blocks; each output line of `stride` contiguous voxels is a weighted sum of input lines. The
/// lines are cut into columns (a few KiB of every line of a block), computed one after the
/// other: a z line is a whole plane, and a column keeps the input the next output lines read
/// in the L2 cache (the m taps of one column are m x 16 KiB). The columns are shared among the
/// threads.
void convolve_lines(const float* in, float* out, int n, std::size_t stride, std::size_t blocks,
                    const Kernel1D& w, Boundary boundary, bool accumulate, int threads) {
  const int m = static_cast<int>(w.size());
  const int c = (m - 1) / 2;
  const std::size_t width = column_width(stride, blocks, threads);
  const std::size_t per_block = (stride + width - 1) / width;
  const std::size_t columns = blocks * per_block;
  const std::size_t block_size = stride * static_cast<std::size_t>(n);
  for_each_strided(columns, threads, [&](std::size_t first, std::size_t step) {
    for (std::size_t col = first; col < columns; col += step) {
      const std::size_t b = col / per_block;
      const std::size_t start = (col % per_block) * width;
      const std::size_t len = std::min(width, stride - start);
      const float* block_in = in + b * block_size + start;
      float* block_out = out + b * block_size + start;
      for (int i = 0; i < n; ++i) {
        float* dst = block_out + static_cast<std::size_t>(i) * stride;
        if (!accumulate) std::fill(dst, dst + len, 0.0F);
        for (int k = 0; k < m; ++k) {
          const auto wk = static_cast<float>(w[static_cast<std::size_t>(k)]);
          if (wk == 0.0F) continue;
          const int j = boundary_index(i + c - k, n, boundary);
          if (j < 0) continue;
          const float* src = block_in + static_cast<std::size_t>(j) * stride;
          for (std::size_t v = 0; v < len; ++v) dst[v] += wk * src[v];
        }
      }
    }
  });
}

}  // namespace

void convolve_axis_into(const float* in, float* out, const Grid3& grid, int axis,
                        const Kernel1D& kernel, Boundary boundary, int threads, bool accumulate) {
  if (kernel.size() % 2 == 0) throw std::logic_error("convolve_axis: kernel of even length");
  const auto nx = static_cast<std::size_t>(grid.size[0]);
  const auto ny = static_cast<std::size_t>(grid.size[1]);
  const auto nz = static_cast<std::size_t>(grid.size[2]);
  switch (axis) {
    case 0:
      convolve_rows(in, out, grid, kernel, boundary, accumulate, threads);
      break;
    case 1:
      convolve_lines(in, out, grid.size[1], nx, nz, kernel, boundary, accumulate, threads);
      break;
    default:
      convolve_lines(in, out, grid.size[2], nx * ny, 1, kernel, boundary, accumulate, threads);
      break;
  }
}

std::vector<float> convolve_axis(const std::vector<float>& in, const Grid3& grid, int axis,
                                 const Kernel1D& kernel, Boundary boundary, int threads) {
  std::vector<float> out(in.size());
  convolve_axis_into(in.data(), out.data(), grid, axis, kernel, boundary, threads);
  return out;
}

std::vector<float> convolve_separable(const std::vector<float>& in, const Grid3& grid,
                                      const std::vector<Kernel1D>& kernels, Boundary boundary,
                                      int threads) {
  // z first, x last (any order gives the same result up to rounding).
  std::vector<int> axes;
  for (int axis = static_cast<int>(kernels.size()) - 1; axis >= 0; --axis)
    if (!kernels[static_cast<std::size_t>(axis)].empty()) axes.push_back(axis);
  if (axes.empty()) return in;
  // Two buffers used in turn, the last pass into the response: a CT-sized volume is hundreds of
  // MB, and fresh allocations cost page faults. The other one is scratch, first written by the
  // threads of its pass.
  std::vector<float> out(in.size());
  const Scratch other = axes.size() > 1 ? scratch(in.size()) : nullptr;
  const float* source = in.data();
  for (std::size_t p = 0; p < axes.size(); ++p) {
    float* target = (axes.size() - 1 - p) % 2 == 0 ? out.data() : other.get();
    const Kernel1D& kernel = kernels[static_cast<std::size_t>(axes[p])];
    convolve_axis_into(source, target, grid, axes[p], kernel, boundary, threads);
    source = target;
  }
  return out;
}

Kernel1D reversed(const Kernel1D& kernel) { return Kernel1D(kernel.rbegin(), kernel.rend()); }

Kernel1D odd_length(Kernel1D kernel) {
  if (kernel.size() % 2 == 0) kernel.push_back(0.0);
  return kernel;
}

}  // namespace radiomics::filters
