#include "core/roi.hpp"

namespace radiomics {

std::vector<double> masked_values(const Roi& roi, const std::vector<std::uint8_t>& mask) {
  std::vector<double> values;
  for (std::size_t i = 0; i < mask.size(); ++i)
    if (mask[i]) values.push_back(roi.intensity[i]);
  return values;
}

}  // namespace radiomics
