#include "core/labels.hpp"

#include <set>
#include <string>

#include "radiomics/errors.hpp"
#include "radiomics/extractor.hpp"

namespace radiomics {

namespace {

template <class View>
std::vector<int> distinct_non_zero(const View& mask) {
  std::set<int> present;
  const std::size_t n = mask.geometry.voxel_count();
  for (std::size_t i = 0; i < n; ++i)
    if (mask[i] != 0) present.insert(mask[i]);
  return {present.begin(), present.end()};
}

}  // namespace

std::vector<int> labels_present(const LabelMapView& mask) { return distinct_non_zero(mask); }
std::vector<int> labels_present(const ByteLabelMapView& mask) { return distinct_non_zero(mask); }

void throw_absent_label(int label, const std::vector<int>& present) {
  std::string list;
  for (int l : present) list += (list.empty() ? "" : ", ") + std::to_string(l);
  throw InputError("label " + std::to_string(label) + " not found in mask; " +
                   (present.empty() ? std::string("the mask is empty (all voxels are 0)")
                                    : "labels present: " + list));
}

}  // namespace radiomics
