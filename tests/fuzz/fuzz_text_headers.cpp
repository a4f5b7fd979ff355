// libFuzzer target: the NRRD and MetaImage pre-checks that run before ITK reads a file (header
// parsing, data placement: attached, detached, LIST, numbered patterns, byte and line skips;
// raw, text, hex, gzip and zlib data; spacing). Any bytes, written as .nrrd, .nhdr, .mha and
// .mhd files, must either pass or raise a radiomics::Error. A second file beside them, data.raw,
// holds the same bytes, so that headers naming it reach the detached-data paths too.
// (ITK itself cannot be compiled with clang from Debian's headers; its reading of malformed
// files is covered by the bad-input corpus, tests/corpus.)
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "io/metaimage_check.hpp"
#include "io/nrrd_check.hpp"
#include "radiomics/errors.hpp"

namespace {

void write(const std::string& path, const std::uint8_t* data, std::size_t size) {
  if (FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
  }
}

template <class Check>
void check(Check&& run) {
  try {
    run();
  } catch (const radiomics::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string dir = [] {
    const std::string d = "/tmp/fuzz_text_headers_" + std::to_string(::getpid());
    std::filesystem::create_directories(d);
    return d;
  }();
  write(dir + "/data.raw", data, size);
  for (const char* name : {"/h.nrrd", "/h.nhdr"}) {
    const std::string path = dir + name;
    write(path, data, size);
    check([&] { radiomics::check_nrrd_file(path); });
  }
  for (const char* name : {"/h.mha", "/h.mhd"}) {
    const std::string path = dir + name;
    write(path, data, size);
    check([&] { radiomics::check_metaimage_file(path); });
  }
  return 0;
}
