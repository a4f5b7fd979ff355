// Checks of a NRRD file's header and data before ITK reads it: ITK's NRRD reader allocates the
// volume its header declares before reading a byte of data (a 100-byte file declaring 1200^3
// floats peaked at 6.6 GB before failing).
#pragma once
#include <string>

namespace radiomics {

/// For paths ending in .nrrd or .nhdr: throws InputError when the header declares more than 2e9
/// voxels, and FileReadError when the data (attached, or detached data files: one, a LIST or a
/// numbered pattern; raw, text, hex or gzip encoded) hold fewer bytes than the header declares,
/// when a data file is missing or a folder, or when gzip data are corrupt. A header the check
/// cannot parse is left to ITK, which reports it. Other paths are not checked.
void check_nrrd_file(const std::string& path);

}  // namespace radiomics
