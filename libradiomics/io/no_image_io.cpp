// Stand-in for io/read_image.cpp in builds without ITK (RADIOMICS_IMAGE_IO=OFF), used by the
// clang fuzzing build: Debian's ITK 5.2 headers accept only GCC. Extraction from arrays works;
// reading and writing files is a clear error.
#include "io/read_image_internal.hpp"
#include "radiomics/dicom.hpp"
#include "radiomics/errors.hpp"
#include "radiomics/image.hpp"

namespace radiomics {

Image read_image(const std::string& path) {
  throw FileReadError(path + ": this libradiomics was built without image I/O (RADIOMICS_IMAGE_IO=OFF)");
}

LabelMap read_label_map(const std::string& path) {
  throw FileReadError(path + ": this libradiomics was built without image I/O (RADIOMICS_IMAGE_IO=OFF)");
}

StoredImage read_image_stored(const std::string& path) { return read_image(path); }

StoredLabelMap read_label_map_stored(const std::string& path) { return read_label_map(path); }

SeriesImage read_image_series(const std::string& path, const std::string&) {
  throw FileReadError(path + ": this libradiomics was built without image I/O (RADIOMICS_IMAGE_IO=OFF)");
}

void write_image(const Image&, const std::string& path) {
  throw FileReadError(path + ": this libradiomics was built without image I/O (RADIOMICS_IMAGE_IO=OFF)");
}

}  // namespace radiomics
