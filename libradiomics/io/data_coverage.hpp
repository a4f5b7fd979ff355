// The shared part of the NRRD and MetaImage pre-checks (nrrd_check, metaimage_check; NIfTI has
// its own, nifti_check): do the data files hold what the header declares? ITK's readers allocate
// the declared volume first and read afterwards, so a 100-byte header declaring 1200^3 floats
// costs gigabytes before it fails, and MetaIO fills what a short or corrupt file lacks with
// uninitialised memory. These functions count the bytes that are really there (streaming,
// without allocating the volume), so such files are a FileReadError before any allocation.
#pragma once
#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace radiomics::io {

/// How the voxel bytes are stored in a data file.
enum class Storage {
  kRaw,   ///< as they are (also text encodings: the caller asks for a lower bound of bytes)
  kGzip,  ///< gzip members (NRRD "gzip"); plain bytes are read transparently, as NRRD's reader does
  kZlib,  ///< one zlib stream (MetaImage "CompressedData = True")
};

/// Where one data file's voxel bytes are.
struct DataFile {
  std::string path;
  std::uintmax_t start = 0;  ///< first byte of the data (after a header, skipped lines and bytes)
  bool at_end = false;       ///< the data are the file's last bytes (NRRD byte skip -1, MetaImage HeaderSize -1)
};

/// The size of a data file named by the header `header_path`. FileReadError naming the data file
/// when it does not exist, is a folder or is not a regular file.
std::uintmax_t data_file_size(const std::string& header_path, const std::string& data_path);

/// Decoded bytes available from `file`; counting stops once `needed` bytes are found, so a
/// complete file costs at most one decompression. FileReadError for corrupt compressed data.
double available_bytes(const std::string& header_path, const DataFile& file, Storage storage, double needed);

/// FileReadError "truncated" naming the header when the data hold fewer bytes than it declares.
void check_covered(const std::string& header_path, double needed, double available);

/// A data file named in a header: relative names are relative to the header's folder.
std::string beside(const std::string& header_path, std::string_view name);

/// The file names of a numbered pattern ("slice%03d.raw 1 40 1"): the format, first, last and
/// step. Only one %d-style conversion (flags 0 and a width) is accepted; anything else, or
/// more than 100000 names, is a FileReadError naming the header.
std::vector<std::string> numbered_names(const std::string& header_path, std::string_view format, long long first,
                                        long long last, long long step);

/// The data files a header names in its data-file field (`named`: its fields): "LIST" (the
/// names that follow the header, `list`), a numbered pattern ("slice%03d.raw 1 40 1"), or one
/// file name (`field`); relative names are relative to the header's folder. FileReadError when
/// the list is empty. (Attached data, LOCAL or no field, are the callers' case.)
std::vector<std::string> named_data_files(const std::string& header_path, const std::vector<std::string>& named,
                                          const std::vector<std::string>& list, const std::string& field);

/// The lines of a text header from the start of a file, with the byte offset after each: the
/// first byte of attached data. A line over 64 KiB or a header over 16 MiB ends the reading
/// (such a file is no header the checks can judge; ITK reports it).
class HeaderLines {
 public:
  explicit HeaderLines(const std::string& path) : in_(path, std::ios::binary) {}
  bool is_open() const { return in_.is_open(); }
  /// The next line without its line break ('\n' or "\r\n"); false at the end or a limit.
  bool next(std::string& line);
  /// Bytes consumed so far (just after the last line's line break).
  std::uintmax_t offset() const { return offset_; }

 private:
  std::ifstream in_;
  std::uintmax_t offset_ = 0;
};

/// Whitespace-separated fields of a header value.
std::vector<std::string> fields_of(std::string_view text);

/// Parses a whole decimal integer (strtoll, nothing left over); false otherwise.
bool parse_integer(std::string_view text, long long& value);

}  // namespace radiomics::io
