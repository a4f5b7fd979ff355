// libFuzzer target: a tiny image and mask built from the input bytes, extracted with every
// family and every aggregation. The only acceptable outcomes are a feature table without
// infinities or a radiomics::Error.
//
// Layout of the input: 3 bytes of size (1..6 voxels per axis), 1 byte of settings choice,
// then one byte per voxel for the mask label (value % 3) and one per voxel for the intensity.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>

#include "radiomics/radiomics.hpp"

namespace {

const char* kConfigs[] = {
    R"({"texture": {"aggregations": "all"}})",
    R"({"discretisation": {"method": "fixed_bin_number", "bin_count": 4}, "texture": {"aggregations": "all"}})",
    R"({"analysis": "2D", "discretisation": {"method": "fixed_bin_size", "bin_width": 3},
        "resegmentation": {"range": [2, null], "outlier_sigma": 2}})",
    R"({"interpolation": {"spacing": [0.7, 1.3, 0.9], "method": "cubic"},
        "discretisation": {"method": "fixed_bin_number", "bin_count": 8}})",
    // PyRadiomics mode: every default feature, its grid and its aggregations.
    R"({"compatibility": "pyradiomics", "discretisation": {"method": "fixed_bin_size", "bin_width": 3},
        "pyradiomics": {"minimum_roi_dimensions": 1}})",
    R"({"compatibility": "pyradiomics", "analysis": "2D", "discretisation": {"method": "fixed_bin_number", "bin_count": 4},
        "interpolation": {"spacing": [0.7, 0, 1.3], "method": "linear"},
        "pyradiomics": {"minimum_roi_dimensions": 1, "merge_directions": true}})",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return 0;
  radiomics::Geometry g;
  for (std::size_t a = 0; a < 3; ++a) g.size[a] = 1 + data[a] % 6;
  const std::size_t n = g.voxel_count();
  if (size < 4 + 2 * n) return 0;
  radiomics::Image image;
  radiomics::LabelMap mask;
  image.geometry = mask.geometry = g;
  for (std::size_t i = 0; i < n; ++i) {
    mask.data.push_back(data[4 + i] % 3);
    image.data.push_back(static_cast<float>(data[4 + n + i] % 16));
  }
  try {
    const auto settings = radiomics::Settings::from_json_text(kConfigs[data[3] % std::size(kConfigs)]);
    const auto table = radiomics::Extractor(settings).run(image.view(), mask.view());
    for (const auto& [tag, value] : table.values())
      if (std::isinf(value)) __builtin_trap();
  } catch (const radiomics::Error&) {
  }
  return 0;
}
