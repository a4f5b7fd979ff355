// The data every filter works on: a whole image grid of float intensities (x fastest, as
// everywhere in the library). Response maps have the same grid.
#pragma once
#include <algorithm>
#include <cstddef>
#include <functional>
#include <vector>

#include "core/parallel.hpp"
#include "core/roi.hpp"

namespace radiomics::filters {

struct FilterImage {
  Grid3 grid;
  std::vector<float> values;  ///< grid.count() intensities
};

/// Axes a filter acts on: x and y for a 2D (per-slice) filter, x, y and z for a 3D one.
inline int filtered_axes(bool volumetric) { return volumetric ? 3 : 2; }

/// Calls body(begin, end) over consecutive blocks covering 0 .. count-1, on up to `threads`
/// threads: for voxel-wise loops over a whole map (scaling, pooling), where each voxel is its own
/// work and the split cannot change a value.
inline void for_each_voxel_block(std::size_t count, int threads,
                                 const std::function<void(std::size_t, std::size_t)>& body) {
  constexpr std::size_t kBlock = std::size_t{1} << 16;  // 256 KiB of floats
  const std::size_t blocks = (count + kBlock - 1) / kBlock;
  for_each_strided(blocks, threads, [&](std::size_t first, std::size_t stride) {
    for (std::size_t b = first; b < blocks; b += stride)
      body(b * kBlock, std::min(count, (b + 1) * kBlock));
  });
}

}  // namespace radiomics::filters
