// Checks of a NIfTI-1 file's raw header and length, made before ITK reads it. ITK's NIfTI
// library repairs broken headers silently (zero or NaN voxel spacing becomes 1 mm, a missing
// magic makes the file an Analyze image with another orientation) and reads truncated files
// without complaint (missing voxels become 0), which would give silently wrong features.
#pragma once
#include <cstddef>
#include <functional>
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

/// Throws InputError when a header declares more voxels than any scan has (2e9), before
/// anything is allocated.
void check_voxel_count(const std::string& path, double voxels);

}  // namespace radiomics
