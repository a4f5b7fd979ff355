#include "io/nrrd_check.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <fstream>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "io/data_coverage.hpp"
#include "io/nifti_check.hpp"
#include "preprocess/resource_limits.hpp"
#include "radiomics/errors.hpp"

namespace radiomics {
namespace {

using io::Storage;

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Bytes per value of a NRRD type name (the NRRD format's spellings); 0 when unknown.
int type_size(const std::string& type) {
  static const std::pair<const char*, int> kTypes[] = {
      {"signed char", 1}, {"int8", 1}, {"int8_t", 1}, {"uchar", 1}, {"unsigned char", 1}, {"uint8", 1},
      {"uint8_t", 1}, {"short", 2}, {"short int", 2}, {"signed short", 2}, {"signed short int", 2},
      {"int16", 2}, {"int16_t", 2}, {"ushort", 2}, {"unsigned short", 2}, {"unsigned short int", 2},
      {"uint16", 2}, {"uint16_t", 2}, {"int", 4}, {"signed int", 4}, {"int32", 4}, {"int32_t", 4},
      {"uint", 4}, {"unsigned int", 4}, {"uint32", 4}, {"uint32_t", 4}, {"longlong", 8}, {"long long", 8},
      {"long long int", 8}, {"signed long long", 8}, {"signed long long int", 8}, {"int64", 8},
      {"int64_t", 8}, {"ulonglong", 8}, {"unsigned long long", 8}, {"unsigned long long int", 8},
      {"uint64", 8}, {"uint64_t", 8}, {"float", 4}, {"double", 8}};
  for (const auto& [name, size] : kTypes)
    if (type == name) return size;
  return 0;
}

/// The fields the check needs, as the header spells them.
struct NrrdHeader {
  std::string type, encoding, data_file, space_directions, spacings;
  std::vector<std::string> sizes;
  std::vector<std::string> data_list;  ///< file names after "data file: LIST"
  long long line_skip = 0;
  long long byte_skip = 0;
  std::uintmax_t data_start = 0;  ///< attached data: the byte after the blank line
};

/// Reads the header; nothing when it is not one the check can judge (ITK reports those).
std::optional<NrrdHeader> read_header(const std::string& path) {
  io::HeaderLines lines(path);
  std::string line;
  if (!lines.is_open() || !lines.next(line) || line.rfind("NRRD000", 0) != 0) return std::nullopt;
  NrrdHeader h;
  bool detached = false;
  while (lines.next(line)) {
    if (line.empty()) break;  // end of header: attached data follow
    if (line[0] == '#' || line.find(":=") != std::string::npos) continue;  // comment, key/value pair
    const std::size_t colon = line.find(": ");
    if (colon == std::string::npos) return std::nullopt;
    const std::string key = line.substr(0, colon);
    const std::string value = line.substr(colon + 2);
    long long number = 0;
    if (key == "type") h.type = value;
    else if (key == "encoding") h.encoding = value;
    else if (key == "sizes") h.sizes = io::fields_of(value);
    else if (key == "space directions") h.space_directions = value;
    else if (key == "spacings") h.spacings = value;
    else if (key == "line skip" || key == "lineskip") {
      if (!io::parse_integer(value, number) || number < 0) return std::nullopt;
      h.line_skip = number;
    } else if (key == "byte skip" || key == "byteskip") {
      if (!io::parse_integer(value, number) || number < -1) return std::nullopt;
      h.byte_skip = number;
    } else if (key == "data file" || key == "datafile") {
      detached = true;
      h.data_file = value;
      if (io::fields_of(value).size() > 0 && io::fields_of(value)[0] == "LIST") {
        // The remaining lines of the header file name the data files.
        while (lines.next(line))
          if (!io::fields_of(line).empty()) h.data_list.push_back(io::fields_of(line)[0]);
        break;
      }
    }
  }
  if (!detached) h.data_start = lines.offset();
  return h;
}

/// Offset after `count` more line breaks from `start` in `path`: where data begin after a line skip.
std::uintmax_t after_lines(const std::string& path, std::uintmax_t start, long long count) {
  if (count == 0) return start;
  std::ifstream in(path, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(start));
  std::streambuf* buffer = in.rdbuf();
  std::uintmax_t offset = start;
  try {
    for (int c = buffer->sbumpc(); c != std::char_traits<char>::eof(); c = buffer->sbumpc()) {
      ++offset;
      if (c == '\n' && --count == 0) return offset;
    }
  } catch (const std::ios_base::failure&) {
    // libstdc++ throws on a read error (EISDIR, EIO): no more data.
  }
  return offset;  // fewer lines than skipped: no data left
}

/// The voxel spacings a header gives: the lengths of its space direction vectors ("none" for a
/// non-spatial axis is skipped), else its spacings ("nan" skipped). ITK computes the lengths
/// itself and, when their squares overflow (1e200), silently uses 1 mm instead: so the check
/// is made here, on the header's own numbers.
void check_header_spacing(const std::string& path, const NrrdHeader& h) {
  const auto refuse = [&](std::size_t axis, const std::string& value) {
    throw InputError(path + ": the header gives voxel spacing " + value + " along axis " + std::to_string(axis) +
                     ", outside the plausible range 0.001 to 1000 mm (1 um to 1 m)");
  };
  std::size_t axis = 0;
  if (!h.space_directions.empty()) {
    for (const std::string& vector : io::fields_of(h.space_directions)) {
      if (vector == "none") continue;
      if (vector.size() < 2 || vector.front() != '(' || vector.back() != ')') return;  // ITK reports it
      double sum_sq = 0.0;
      double largest = 0.0;
      std::vector<double> components;
      std::size_t begin = 1;
      while (begin < vector.size()) {
        const std::size_t end = std::min(vector.find(',', begin), vector.size() - 1);
        const std::string text = vector.substr(begin, end - begin);
        char* stop = nullptr;
        const double c = std::strtod(text.c_str(), &stop);
        if (text.empty() || stop != text.c_str() + text.size()) return;  // ITK reports it
        components.push_back(c);
        largest = std::max(largest, std::fabs(c));
        begin = end + 1;
      }
      // The length, scaled so that its square cannot overflow.
      for (double c : components) sum_sq += largest > 0 ? (c / largest) * (c / largest) : 0.0;
      const double length = largest * std::sqrt(sum_sq);
      if (!plausible_spacing(length)) {
        char text[32];
        std::snprintf(text, sizeof text, "%g", length);
        refuse(axis, text);
      }
      ++axis;
    }
    return;
  }
  for (const std::string& value : io::fields_of(h.spacings)) {
    if (value == "nan" || value == "NaN") continue;
    char* stop = nullptr;
    const double s = std::strtod(value.c_str(), &stop);
    if (stop != value.c_str() + value.size()) return;  // ITK reports it
    if (!plausible_spacing(s)) refuse(axis, value);
    ++axis;
  }
}

}  // namespace

void check_nrrd_file(const std::string& path) {
  if (!ends_with(path, ".nrrd") && !ends_with(path, ".nhdr")) return;
  const std::optional<NrrdHeader> header = read_header(path);
  if (!header) return;
  const NrrdHeader& h = *header;
  const int value_size = type_size(h.type);
  if (value_size == 0 || h.sizes.empty()) return;
  double values = 1;
  for (const std::string& s : h.sizes) {
    long long n = 0;
    if (!io::parse_integer(s, n) || n <= 0) return;  // ITK reports a bad size
    values *= static_cast<double>(n);
  }
  check_voxel_count(path, values);
  check_header_spacing(path, h);

  Storage storage = Storage::kRaw;
  double needed = values * value_size;
  if (h.encoding == "gz" || h.encoding == "gzip") {
    storage = Storage::kGzip;
  } else if (h.encoding == "txt" || h.encoding == "text" || h.encoding == "ascii") {
    needed = values;  // a lower bound: at least one character per value
  } else if (h.encoding == "hex") {
    needed *= 2;  // two characters per byte
  } else if (h.encoding != "raw") {
    return;  // bzip2 and unknown encodings: ITK's reader reports them
  }
  if (h.byte_skip == -1 && storage != Storage::kRaw) return;  // only valid for raw data; ITK reports it
  // Byte skip counts raw bytes, or decompressed bytes of gzip data (as NRRD's reader skips them).
  const bool at_end = h.byte_skip == -1;
  const double skipped = at_end ? 0.0 : static_cast<double>(h.byte_skip);

  std::vector<std::string> files;
  const std::vector<std::string> named = io::fields_of(h.data_file);
  if (h.data_file.empty()) files.push_back(path);
  else if (named.empty()) throw FileReadError(path + ": the header's data file field names no file");
  else files = io::named_data_files(path, named, h.data_list, h.data_file);
  // Each data file holds an equal share of the values (NRRD splits along the slowest axes).
  const double share = needed / static_cast<double>(files.size());
  for (const std::string& file : files) {
    io::data_file_size(path, file);  // a missing file or a folder is named before it is read
    io::DataFile data{file, after_lines(file, file == path ? h.data_start : 0, h.line_skip), at_end};
    if (storage == Storage::kRaw) data.start += static_cast<std::uintmax_t>(skipped);
    const double skipped_after = storage == Storage::kRaw ? 0.0 : skipped;
    io::check_covered(path, share, io::available_bytes(path, data, storage, share + skipped_after) - skipped_after);
  }
}

}  // namespace radiomics
