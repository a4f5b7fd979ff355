// Images and masks as plain arrays with geometry. Voxel (x, y, z) is stored at
// x + size[0] * (y + size[1] * z): x varies fastest, as in ITK, NIfTI and a C-ordered numpy
// array indexed [z, y, x].
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace radiomics {

struct Geometry {
  std::array<std::size_t, 3> size{0, 0, 0};      ///< voxels along x, y, z
  std::array<double, 3> spacing{1.0, 1.0, 1.0};  ///< mm
  std::array<double, 3> origin{0.0, 0.0, 0.0};   ///< mm, centre of voxel (0, 0, 0)
  std::array<double, 9> direction{1, 0, 0, 0, 1, 0, 0, 0, 1};  ///< row-major cosines

  std::size_t voxel_count() const { return size[0] * size[1] * size[2]; }
  std::size_t index(std::size_t x, std::size_t y, std::size_t z) const {
    return x + size[0] * (y + size[1] * z);
  }
};

/// A read-only view of voxel data owned elsewhere (a Volume, a numpy array).
template <class T>
struct VolumeView {
  const T* data = nullptr;
  Geometry geometry;
  const T& operator[](std::size_t i) const { return data[i]; }
};

/// A volume that owns its voxels.
template <class T>
struct Volume {
  Geometry geometry;
  std::vector<T> data;

  VolumeView<T> view() const { return VolumeView<T>{data.data(), geometry}; }
};

using Image = Volume<float>;          ///< intensities
using LabelMap = Volume<std::int32_t>;  ///< integer mask labels
using ImageView = VolumeView<float>;
using LabelMapView = VolumeView<std::int32_t>;

/// Reads an image (NIfTI .nii/.nii.gz, NRRD, MetaImage .mha/.mhd, or a DICOM series folder)
/// as float intensities. Throws FileNotFound / FileReadError / InputError.
Image read_image(const std::string& path);

/// Reads a mask as integer labels; non-integer values are an InputError.
LabelMap read_label_map(const std::string& path);

/// Writes an image (format from the extension); used by tests and the filter command.
void write_image(const Image& image, const std::string& path);

}  // namespace radiomics
