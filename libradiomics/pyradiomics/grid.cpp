#include "pyradiomics/grid.hpp"

#include <algorithm>
#include <cmath>

namespace radiomics::pyradiomics {

AxisSampling axis_sampling(int old_size, double old_spacing, double new_spacing) {
  AxisSampling s;
  // The same tolerance as the IBSI grid: n * old / new that is an integer up to rounding.
  const double extent = static_cast<double>(old_size) * old_spacing / new_spacing;
  s.size = std::max(1, static_cast<int>(std::ceil(extent - 1e-9)));
  s.step = new_spacing / old_spacing;
  s.first = 0.5 * s.step - 0.5;
  return s;
}

}  // namespace radiomics::pyradiomics
