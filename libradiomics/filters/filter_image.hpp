// The data every filter works on: a whole image grid of float intensities (x fastest, as
// everywhere in the library). Response maps have the same grid.
#pragma once
#include <vector>

#include "core/roi.hpp"

namespace radiomics::filters {

struct FilterImage {
  Grid3 grid;
  std::vector<float> values;  ///< grid.count() intensities
};

/// Axes a filter acts on: x and y for a 2D (per-slice) filter, x, y and z for a 3D one.
inline int filtered_axes(bool volumetric) { return volumetric ? 3 : 2; }

}  // namespace radiomics::filters
