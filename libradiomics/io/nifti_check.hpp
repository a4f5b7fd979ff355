// Checks of a NIfTI-1 file's raw header and length, made before ITK reads it. ITK's NIfTI
// library repairs broken headers silently (zero or NaN voxel spacing becomes 1 mm, a missing
// magic makes the file an Analyze image with another orientation) and reads truncated files
// without complaint (missing voxels become 0), which would give silently wrong features.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace radiomics {

/// For paths ending in .nii or .nii.gz: throws FileReadError for a missing magic, a truncated
/// header or truncated voxel data, and InputError for a size or spacing that is 0, negative or
/// not finite. Other paths are not checked.
void check_nifti_file(const std::string& path);

/// NIfTI's reference library (which ITK uses) replaces every NaN and infinite voxel of a float
/// image by 0 while reading, which would turn a NaN inside the ROI into a silently wrong
/// intensity. For a float32 or float64 .nii/.nii.gz file this scans the voxel data again and
/// calls `restore(i, value)` for each non-finite voxel, i its index in file order (x fastest),
/// value the scaled value (raw * scl_slope + scl_inter when a slope is set), so the caller can
/// put it back into the image ITK read. Other files and types: nothing is called.
/// `holds(value)` is asked first whether the image ITK read holds the value the NIfTI library
/// put in place of non-finite voxels (0, scaled: scl_inter); if not, there were none, and the
/// voxel data are not read again.
void for_each_non_finite_nifti_voxel(const std::string& path, const std::function<bool(double)>& holds,
                                     const std::function<void(std::size_t, double)>& restore);

/// Where and how a single-file NIfTI-1 stores its voxels (what the direct reader needs).
struct NiftiLayout {
  bool swapped = false;    ///< voxels in the other byte order
  int datatype = 0;        ///< NIfTI datatype code
  int bitpix = 0;          ///< bits per voxel
  int dimensions = 0;      ///< dim[0]
  double voxels = 0;       ///< product of the sizes
  double offset = 0;       ///< byte offset of the first voxel
  float scl_slope = 0;
  float scl_inter = 0;
};

/// The layout of a checked single-file NIfTI-1 (.nii, .nii.gz); nullopt for other paths,
/// NIfTI-2 and header/image pairs.
std::optional<NiftiLayout> nifti_layout(const std::string& path);

/// Throws InputError when a header declares more voxels than any scan has (2e9), before
/// anything is allocated.
void check_voxel_count(const std::string& path, double voxels);

}  // namespace radiomics
