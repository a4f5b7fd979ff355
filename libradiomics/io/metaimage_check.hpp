// Checks of a MetaImage file's header and data before ITK reads it. MetaIO (ITK's MetaImage
// library) allocates the declared volume first and, when the data are short, a folder, or not
// a zlib stream, prints a line to stderr and leaves the missing voxels uninitialised: different
// values on every run, and exit status 0.
#pragma once
#include <string>

namespace radiomics {

/// For paths ending in .mha or .mhd: throws InputError when the header declares more than 2e9
/// voxels, and FileReadError when the data (LOCAL, a data file, a LIST or a numbered pattern;
/// binary, ASCII or zlib-compressed) hold fewer bytes than the header declares, when a data file
/// is missing or a folder, or when compressed data are corrupt. A header the check cannot parse
/// is left to ITK, which reports it. Other paths are not checked.
void check_metaimage_file(const std::string& path);

}  // namespace radiomics
