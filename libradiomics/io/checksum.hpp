// SHA-256 of input files, written with every result row so a feature table can be traced back
// to the exact bytes it came from (Radiomics Quality Score 2.0 asks for traceability).
#pragma once
#include <string>

namespace radiomics {

/// Hex SHA-256 of a file's bytes; for a folder (DICOM series) of its sorted files' contents.
std::string sha256_file(const std::string& path);

/// Hex SHA-256 of a byte string.
std::string sha256_bytes(const std::string& bytes);

}  // namespace radiomics
