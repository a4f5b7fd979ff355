#include "io/data_coverage.hpp"

#include <zlib.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

#include "radiomics/errors.hpp"

namespace radiomics::io {
namespace {

namespace fs = std::filesystem;

std::string count_text(double bytes) {
  char text[32];
  std::snprintf(text, sizeof text, bytes < 1e15 ? "%.0f" : "%.3g", bytes);
  return text;
}

struct Inflater {
  z_stream z{};
  bool open = false;
  explicit Inflater(int window_bits) { open = inflateInit2(&z, window_bits) == Z_OK; }
  ~Inflater() {
    if (open) inflateEnd(&z);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
};

bool gzip_magic(const unsigned char* p, std::size_t n) { return n >= 2 && p[0] == 0x1f && p[1] == 0x8b; }

/// Bytes that `in` (positioned at the data) decompresses to, up to `needed`.
double inflated_bytes(const std::string& header_path, std::ifstream& in, Storage storage, double needed,
                      double raw_available) {
  constexpr std::size_t kChunk = std::size_t{1} << 16;
  std::vector<unsigned char> input(kChunk);
  std::vector<unsigned char> output(kChunk);
  in.read(reinterpret_cast<char*>(input.data()), static_cast<std::streamsize>(input.size()));
  std::size_t have = static_cast<std::size_t>(in.gcount());
  // NRRD's reader reads plain bytes under "encoding: gzip" as they are (zlib's transparent mode).
  if (storage == Storage::kGzip && !gzip_magic(input.data(), have)) return raw_available;
  Inflater inflater(storage == Storage::kGzip ? 15 + 16 : 15);
  if (!inflater.open) throw FileReadError(header_path + ": cannot start zlib");
  z_stream& z = inflater.z;
  z.next_in = input.data();
  z.avail_in = static_cast<uInt>(have);
  double produced = 0;
  for (;;) {
    if (z.avail_in == 0) {
      in.read(reinterpret_cast<char*>(input.data()), static_cast<std::streamsize>(input.size()));
      have = static_cast<std::size_t>(in.gcount());
      if (have == 0) return produced;  // the stream ends early: truncated
      z.next_in = input.data();
      z.avail_in = static_cast<uInt>(have);
    }
    z.next_out = output.data();
    z.avail_out = static_cast<uInt>(output.size());
    const int rc = inflate(&z, Z_NO_FLUSH);
    produced += static_cast<double>(output.size() - z.avail_out);
    if (produced >= needed) return produced;
    if (rc == Z_STREAM_END) {
      // gzip files may hold several members one after another; a zlib stream is one.
      if (storage != Storage::kGzip) return produced;
      if (z.avail_in == 0) {
        in.read(reinterpret_cast<char*>(input.data()), static_cast<std::streamsize>(input.size()));
        have = static_cast<std::size_t>(in.gcount());
        z.next_in = input.data();
        z.avail_in = static_cast<uInt>(have);
      }
      if (!gzip_magic(z.next_in, z.avail_in)) return produced;
      inflateReset(&z);
      continue;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR)
      throw FileReadError(header_path + ": corrupt compressed voxel data (zlib: " +
                          std::string(z.msg ? z.msg : "error " + std::to_string(rc)) + ")");
  }
}

}  // namespace

std::uintmax_t data_file_size(const std::string& header_path, const std::string& data_path) {
  std::error_code ec;
  const fs::file_status status = fs::status(data_path, ec);
  if (!fs::exists(status))
    throw FileReadError(header_path + ": the data file " + data_path + " named in the header is not found");
  if (fs::is_directory(status))
    throw FileReadError(header_path + ": the data file " + data_path + " named in the header is a folder");
  if (!fs::is_regular_file(status))
    throw FileReadError(header_path + ": the data file " + data_path + " named in the header is not a regular file");
  const std::uintmax_t size = fs::file_size(data_path, ec);
  if (ec) throw FileReadError(header_path + ": cannot read the data file " + data_path);
  return size;
}

double available_bytes(const std::string& header_path, const DataFile& file, Storage storage, double needed) {
  const std::uintmax_t size = data_file_size(header_path, file.path);
  if (file.at_end && storage == Storage::kRaw) return static_cast<double>(size);
  const double raw_available = size > file.start ? static_cast<double>(size - file.start) : 0.0;
  if (storage == Storage::kRaw) return raw_available;
  std::ifstream in(file.path, std::ios::binary);
  if (!in || !in.seekg(static_cast<std::streamoff>(file.start)))
    throw FileReadError(header_path + ": cannot read the data file " + file.path);
  return inflated_bytes(header_path, in, storage, needed, raw_available);
}

void check_covered(const std::string& header_path, double needed, double available) {
  if (available >= needed) return;
  throw FileReadError(header_path + ": truncated file: the header declares " + count_text(needed) +
                      " bytes of voxel data, the data hold " + count_text(available));
}

std::string beside(const std::string& header_path, std::string_view name) {
  const fs::path data(name);
  if (data.is_absolute()) return data.string();
  return (fs::path(header_path).parent_path() / data).string();
}

std::vector<std::string> numbered_names(const std::string& header_path, std::string_view format, long long first,
                                        long long last, long long step) {
  // One conversion %[0][width]d|i|u, validated here: the format comes from the file, and is
  // never handed to printf as it is.
  const std::size_t percent = format.find('%');
  std::size_t k = percent == std::string_view::npos ? format.size() : percent + 1;
  bool zero = false;
  int width = 0;
  if (k < format.size() && format[k] == '0') {
    zero = true;
    ++k;
  }
  while (k < format.size() && format[k] >= '0' && format[k] <= '9' && width < 100) width = width * 10 + (format[k++] - '0');
  const bool valid = percent != std::string_view::npos && k < format.size() &&
                     (format[k] == 'd' || format[k] == 'i' || format[k] == 'u') &&
                     format.find('%', k + 1) == std::string_view::npos && width < 100;
  if (!valid)
    throw FileReadError(header_path + ": unsupported data file pattern '" + std::string(format) +
                        "' (one %d number expected)");
  const double count = step == 0 ? -1.0 : (static_cast<double>(last) - static_cast<double>(first)) / static_cast<double>(step) + 1.0;
  if (!(count >= 1.0) || count > 100000.0)
    throw FileReadError(header_path + ": the data file pattern names " +
                        (count >= 1.0 ? count_text(count) : std::string("no")) + " files");
  const std::string prefix(format.substr(0, percent));
  const std::string suffix(format.substr(k + 1));
  std::vector<std::string> names;
  for (long long i = first, n = 0; n < static_cast<long long>(count); i += step, ++n) {
    std::string digits = std::to_string(i < 0 ? -i : i);
    while (static_cast<int>(digits.size()) + (i < 0 ? 1 : 0) < width) digits.insert(0, 1, zero ? '0' : ' ');
    if (i < 0) digits.insert(zero ? 0 : digits.find_first_not_of(' '), 1, '-');
    names.push_back(beside(header_path, prefix + digits + suffix));
  }
  return names;
}

bool HeaderLines::next(std::string& line) {
  constexpr std::size_t kMaxLine = std::size_t{1} << 16;
  constexpr std::uintmax_t kMaxHeader = std::uintmax_t{1} << 24;
  line.clear();
  std::streambuf* buffer = in_.rdbuf();
  if (!in_.is_open() || offset_ >= kMaxHeader) return false;
  for (;;) {
    int c = std::char_traits<char>::eof();
    try {
      c = buffer->sbumpc();
    } catch (const std::ios_base::failure&) {
      return false;  // libstdc++ throws on a read error (a folder, EIO): the header ends here
    }
    if (c == std::char_traits<char>::eof()) return !line.empty();
    ++offset_;
    if (c == '\n') break;
    if (line.size() >= kMaxLine) return false;
    line.push_back(static_cast<char>(c));
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

std::vector<std::string> fields_of(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r')) ++i;
    const std::size_t j = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '\r') ++i;
    if (i > j) out.emplace_back(text.substr(j, i - j));
  }
  return out;
}

bool parse_integer(std::string_view text, long long& value) {
  const std::string s(text);
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  value = std::strtoll(s.c_str(), &end, 10);
  return errno == 0 && end == s.c_str() + s.size();
}

std::vector<std::string> named_data_files(const std::string& header_path, const std::vector<std::string>& named,
                                          const std::vector<std::string>& list, const std::string& field) {
  std::vector<std::string> files;
  long long first = 0, last = 0, step = 0;
  if (!named.empty() && named[0] == "LIST") {
    for (const std::string& name : list) files.push_back(beside(header_path, name));
  } else if (named.size() >= 4 && named[0].find('%') != std::string::npos && parse_integer(named[1], first) &&
             parse_integer(named[2], last) && parse_integer(named[3], step)) {
    files = numbered_names(header_path, named[0], first, last, step);
  } else {
    files.push_back(beside(header_path, field));
  }
  if (files.empty()) throw FileReadError(header_path + ": the header's data file list is empty");
  return files;
}

}  // namespace radiomics::io
