// libFuzzer target: the DICOM header path that runs before any pixel is read (DCMTK): the series
// scan of a folder (series choice, geometry, pixel-data completeness, PET SUV tags) and the
// RTSTRUCT and SEG readers with the ROI listing. Any bytes, written as the one file of a
// folder, must either pass or raise a radiomics::Error; never crash, hang or leak.
// (ITK's pixel reading cannot be compiled with clang from Debian's headers; DICOM series with
// broken pixel data are covered by the bad-input corpus, tests/corpus.)
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "io/dicom_series.hpp"
#include "io/rtstruct.hpp"
#include "io/seg.hpp"
#include "radiomics/dicom.hpp"
#include "radiomics/errors.hpp"

namespace {

template <class F>
void quietly(F&& f) {
  try {
    f();
  } catch (const radiomics::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("fuzz_dicom_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string file = (dir / "slice.dcm").string();
  if (FILE* f = std::fopen(file.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
    quietly([&] { radiomics::scan_dicom_series(dir.string()); });
    quietly([&] { radiomics::read_structure_set(file); });
    quietly([&] { radiomics::read_segmentation(file); });
    quietly([&] { radiomics::list_rois(file); });
  }
  fs::remove_all(dir);
  return 0;
}
