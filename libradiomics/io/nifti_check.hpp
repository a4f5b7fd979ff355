// Checks of a NIfTI-1 file's raw header and length, made before ITK reads it. ITK's NIfTI
// library repairs broken headers silently (zero or NaN voxel spacing becomes 1 mm, a missing
// magic makes the file an Analyze image with another orientation) and reads truncated files
// without complaint (missing voxels become 0), which would give silently wrong features.
#pragma once
#include <string>

namespace radiomics {

/// For paths ending in .nii or .nii.gz: throws FileReadError for a missing magic, a truncated
/// header or truncated voxel data, and InputError for a size or spacing that is 0, negative or
/// not finite. Other paths are not checked.
void check_nifti_file(const std::string& path);

/// Throws InputError when a header declares more voxels than any scan has (2e9), before
/// anything is allocated.
void check_voxel_count(const std::string& path, double voxels);

}  // namespace radiomics
