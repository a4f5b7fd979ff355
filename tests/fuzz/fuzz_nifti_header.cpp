// libFuzzer target: the NIfTI pre-check that runs before ITK reads a file (header fields,
// magic, datatype, spacing, truncation of .nii and .nii.gz). Any bytes, written as a .nii file
// and, gzip-compressed, as a .nii.gz file, must either pass or raise a radiomics::Error.
// (ITK itself cannot be compiled with clang from Debian's headers; its reading of the same
// malformed files is covered by the bad-input corpus, tests/corpus.)
#include <unistd.h>
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "io/nifti_check.hpp"
#include "radiomics/errors.hpp"

namespace {

void check(const std::string& path) {
  try {
    radiomics::check_nifti_file(path);
  } catch (const radiomics::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string base = "/tmp/fuzz_nifti_" + std::to_string(::getpid());
  const std::string plain = base + ".nii";
  const std::string packed = base + ".nii.gz";
  if (FILE* f = std::fopen(plain.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
    check(plain);
  }
  if (gzFile g = gzopen(packed.c_str(), "wb")) {
    gzwrite(g, data, static_cast<unsigned>(size));
    gzclose(g);
    check(packed);
  }
  std::remove(plain.c_str());
  std::remove(packed.c_str());
  return 0;
}
