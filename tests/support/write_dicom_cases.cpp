// Writes the synthetic DICOM study of tests/support/dicom_cases.hpp (a CT series, an RTSTRUCT
// with the rasterisation edge cases, binary and fractional SEGs) into a folder, with cases.json
// giving each ROI's expected voxel count, for the Python tests (python/tests/test_dicom.py).
// Usage: write_dicom_cases DIR
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "support/dicom_cases.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: write_dicom_cases DIR\n";
    return 2;
  }
  namespace dicom = radiomics::test::dicom;
  const dicom::fs::path dir(argv[1]);
  const dicom::DicomCases cases = dicom::write_dicom_cases(dir);
  nlohmann::json voxels = nlohmann::json::object();
  for (const auto& [name, mask] : cases.expected) {
    std::size_t n = 0;
    for (auto v : mask) n += v;
    voxels[name] = n;
  }
  const nlohmann::json out{{"series", cases.series.string()},
                           {"rtstruct", cases.rtstruct.string()},
                           {"seg", cases.seg.string()},
                           {"seg_fractional", cases.seg_fractional.string()},
                           {"roi_names", cases.roi_names},
                           {"voxels", voxels}};
  std::ofstream(dir / "cases.json") << out.dump(1) << "\n";
  return 0;
}
