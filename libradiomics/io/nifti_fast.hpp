// A direct reader for the common NIfTI-1 files (single file, .nii or .nii.gz, 3 dimensions,
// unscaled 8/16-bit integers or float32): the voxel data are inflated once with libdeflate (about
// twice zlib's speed) straight into the memory of the result, converted in place, with NaN and
// infinite values kept as they are. ITK reads every other file, and always the header (geometry).
// Reading the IBSI CT phantom took two inflations through ITK (the second to find the NaNs its
// NIfTI library turns into 0); a 512 x 512 x 300 int16 CT held ITK's int16 buffer beside the floats.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace radiomics {

/// The voxels of `path` as float intensities in file order (x fastest), or nullopt when the file
/// is not one the direct reader takes (then ITK reads it). The header checks of
/// check_nifti_file must have passed.
std::optional<std::vector<float>> read_nifti_intensities(const std::string& path);

/// The same for a mask: 8/16/32-bit integer files as 32-bit labels (float masks: nullopt, ITK
/// reads them and checks that every value is an integer).
std::optional<std::vector<std::int32_t>> read_nifti_labels(const std::string& path);

/// The voxels of a file that stores exactly type T (uint8, int16 or uint16), unscaled, as they
/// are; nullopt otherwise.
template <class T>
std::optional<std::vector<T>> read_nifti_stored(const std::string& path);

}  // namespace radiomics
