#include "io/metaimage_check.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "io/data_coverage.hpp"
#include "io/nifti_check.hpp"
#include "radiomics/errors.hpp"

namespace radiomics {
namespace {

using io::Storage;

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string trimmed(std::string_view s) {
  const std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  const std::size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

/// Bytes per value of a MetaIO element type (MET_FLOAT, MET_SHORT_ARRAY ...); 0 when unknown.
/// MET_LONG and MET_ULONG are 4 bytes in MetaIO.
int element_size(std::string type) {
  const std::string array = "_ARRAY";
  if (ends_with(type, array)) type.resize(type.size() - array.size());
  static const std::pair<const char*, int> kTypes[] = {
      {"MET_CHAR", 1}, {"MET_UCHAR", 1}, {"MET_SHORT", 2}, {"MET_USHORT", 2}, {"MET_INT", 4},
      {"MET_UINT", 4}, {"MET_LONG", 4}, {"MET_ULONG", 4}, {"MET_LONG_LONG", 8}, {"MET_ULONG_LONG", 8},
      {"MET_FLOAT", 4}, {"MET_DOUBLE", 8}};
  for (const auto& [name, size] : kTypes)
    if (type == name) return size;
  return 0;
}

/// MetaIO reads a boolean as true when it starts with T, t or 1.
bool meta_true(const std::string& value) { return !value.empty() && (value[0] == 'T' || value[0] == 't' || value[0] == '1'); }

struct MetaHeader {
  long long n_dims = 0;
  std::vector<std::string> dim_size;
  std::string element_type;
  long long channels = 1;
  bool compressed = false;
  bool binary = false;  ///< MetaIO's default is ASCII data
  long long header_size = 0;
  std::string data_file;
  std::vector<std::string> data_list;  ///< file names after "ElementDataFile = LIST"
  std::uintmax_t data_start = 0;       ///< LOCAL data: the byte after the ElementDataFile line
};

/// Reads the header up to ElementDataFile, its last field; nothing when it is not one the check
/// can judge (ITK reports those).
std::optional<MetaHeader> read_header(const std::string& path) {
  io::HeaderLines lines(path);
  if (!lines.is_open()) return std::nullopt;
  MetaHeader h;
  std::string line;
  while (lines.next(line)) {
    const std::size_t equals = line.find('=');
    if (equals == std::string::npos) continue;
    const std::string key = trimmed(std::string_view(line).substr(0, equals));
    const std::string value = trimmed(std::string_view(line).substr(equals + 1));
    long long number = 0;
    if (key == "NDims") {
      if (!io::parse_integer(value, number) || number < 1) return std::nullopt;
      h.n_dims = number;
    } else if (key == "DimSize") {
      h.dim_size = io::fields_of(value);
    } else if (key == "ElementType") {
      h.element_type = value;
    } else if (key == "ElementNumberOfChannels") {
      if (!io::parse_integer(value, number) || number < 1) return std::nullopt;
      h.channels = number;
    } else if (key == "CompressedData") {
      h.compressed = meta_true(value);
    } else if (key == "BinaryData") {
      h.binary = meta_true(value);
    } else if (key == "HeaderSize") {
      if (!io::parse_integer(value, number) || number < -1) return std::nullopt;
      h.header_size = number;
    } else if (key == "ElementDataFile") {
      h.data_file = value;
      h.data_start = lines.offset();
      const std::vector<std::string> f = io::fields_of(value);
      if (!f.empty() && f[0] == "LIST")
        while (lines.next(line))
          if (!io::fields_of(line).empty()) h.data_list.push_back(io::fields_of(line)[0]);
      return h;
    }
  }
  return std::nullopt;  // no ElementDataFile: MetaIO cannot read it either
}

}  // namespace

void check_metaimage_file(const std::string& path) {
  if (!ends_with(path, ".mha") && !ends_with(path, ".mhd")) return;
  const std::optional<MetaHeader> header = read_header(path);
  if (!header) return;
  const MetaHeader& h = *header;
  const int value_size = element_size(h.element_type);
  if (value_size == 0 || h.n_dims < 1 || static_cast<long long>(h.dim_size.size()) < h.n_dims) return;
  double values = static_cast<double>(h.channels);
  for (long long a = 0; a < h.n_dims; ++a) {
    long long n = 0;
    if (!io::parse_integer(h.dim_size[static_cast<std::size_t>(a)], n) || n <= 0) return;  // ITK reports it
    values *= static_cast<double>(n);
  }
  check_voxel_count(path, values / static_cast<double>(h.channels));

  Storage storage = Storage::kRaw;
  double needed = values * value_size;
  if (h.compressed) storage = Storage::kZlib;
  else if (!h.binary) needed = values;  // ASCII: a lower bound, at least one character per value

  std::vector<std::string> files;
  const std::vector<std::string> named = io::fields_of(h.data_file);
  if (named.empty()) throw FileReadError(path + ": the header's ElementDataFile names no file");
  if (named[0] == "LOCAL") files.push_back(path);
  else files = io::named_data_files(path, named, h.data_list, h.data_file);
  const double share = needed / static_cast<double>(files.size());
  for (const std::string& file : files) {
    const bool local = file == path && named[0] == "LOCAL";
    io::DataFile data{file, local ? h.data_start : 0, h.header_size == -1 && storage == Storage::kRaw};
    if (!local && h.header_size > 0) data.start += static_cast<std::uintmax_t>(h.header_size);
    io::check_covered(path, share, io::available_bytes(path, data, storage, share));
  }
}

}  // namespace radiomics
