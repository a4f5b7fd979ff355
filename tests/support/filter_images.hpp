// Images for the filter tests: a FilterImage of a given size and spacing.
#pragma once
#include <array>

#include "filters/filter_image.hpp"

namespace radiomics::test {

/// A FilterImage of `size` voxels and `spacing` mm, every value `value`.
inline filters::FilterImage filter_image_of(std::array<int, 3> size, std::array<double, 3> spacing,
                                            float value = 0.0F) {
  filters::FilterImage im;
  im.grid.size = size;
  im.grid.spacing = spacing;
  im.values.assign(im.grid.count(), value);
  return im;
}

}  // namespace radiomics::test
