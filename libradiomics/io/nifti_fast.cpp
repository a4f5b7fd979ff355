#include "io/nifti_fast.hpp"

#include <libdeflate.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <type_traits>

#include "io/nifti_check.hpp"
#include "radiomics/errors.hpp"

namespace radiomics {
namespace {

// NIfTI-1 datatype codes.
constexpr int kUint8 = 2, kInt16 = 4, kInt32 = 8, kFloat32 = 16, kInt8 = 256, kUint16 = 512;

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<char> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FileReadError(path + ": cannot open file");
  return std::vector<char>(std::istreambuf_iterator<char>(in), {});
}

/// Reads `stored_bytes` bytes of the file's (decompressed) content, from its start, so that they
/// end exactly at `end` (the caller's buffer ends there). False when the file does not hold
/// exactly that much (multi-member or trailing data: ITK reads such files).
bool read_stream_ending_at(const std::string& path, char* end, std::size_t stored_bytes) {
  char* start = end - stored_bytes;
  if (!ends_with(path, ".gz")) {
    std::ifstream in(path, std::ios::binary);
    return static_cast<bool>(in.read(start, static_cast<std::streamsize>(stored_bytes)));
  }
  const std::vector<char> compressed = file_bytes(path);
  std::unique_ptr<libdeflate_decompressor, decltype(&libdeflate_free_decompressor)> inflater(
      libdeflate_alloc_decompressor(), &libdeflate_free_decompressor);
  if (!inflater) throw std::bad_alloc();
  std::size_t in_used = 0, out_size = 0;
  const libdeflate_result r = libdeflate_gzip_decompress_ex(inflater.get(), compressed.data(), compressed.size(),
                                                            start, stored_bytes, &in_used, &out_size);
  return r == LIBDEFLATE_SUCCESS && in_used == compressed.size() && out_size == stored_bytes;
}

template <class Raw>
Raw load(const char* p, bool swapped) {
  char b[sizeof(Raw)];
  std::memcpy(b, p, sizeof(Raw));
  if (swapped) std::reverse(b, b + sizeof(Raw));
  Raw v;
  std::memcpy(&v, b, sizeof(Raw));
  return v;
}

/// The voxels as T, converting each stored value with static_cast. The stored data are placed at
/// the end of the result's own memory and converted front to back, so no second buffer of the
/// image's size is needed (element i is written before stored element i + 1 is reached: T is at
/// least as wide as the stored type).
template <class T, class Raw>
std::optional<std::vector<T>> read_as(const std::string& path, const NiftiLayout& layout) {
  static_assert(sizeof(T) >= sizeof(Raw));
  const auto n = static_cast<std::size_t>(layout.voxels);
  const auto header = static_cast<std::size_t>(layout.offset);
  const std::size_t stored = header + n * sizeof(Raw);
  // Room before the voxels for the header bytes the stream starts with.
  const std::size_t extra = (stored > n * sizeof(T) ? stored - n * sizeof(T) : 0) + sizeof(T) - 1;
  std::vector<T> out(n + extra / sizeof(T));
  char* end = reinterpret_cast<char*>(out.data() + out.size());
  if (!read_stream_ending_at(path, end, stored)) return std::nullopt;
  const char* voxels = end - n * sizeof(Raw);
  for (std::size_t i = 0; i < n; ++i)
    out[i] = static_cast<T>(load<Raw>(voxels + i * sizeof(Raw), layout.swapped));
  out.resize(n);  // the few elements of room stay allocated: shrinking would copy the image
  return out;
}

/// The layout if the direct reader takes the file: 3 dimensions, no intensity scaling.
std::optional<NiftiLayout> direct_layout(const std::string& path) {
  const std::optional<NiftiLayout> layout = nifti_layout(path);
  if (!layout || layout->dimensions != 3) return std::nullopt;
  const bool unscaled = layout->scl_slope == 0.0f || (layout->scl_slope == 1.0f && layout->scl_inter == 0.0f);
  if (!unscaled) return std::nullopt;
  return layout;
}

}  // namespace

std::optional<std::vector<float>> read_nifti_intensities(const std::string& path) {
  const std::optional<NiftiLayout> layout = direct_layout(path);
  if (!layout) return std::nullopt;
  switch (layout->datatype) {
    case kUint8: return read_as<float, std::uint8_t>(path, *layout);
    case kInt8: return read_as<float, std::int8_t>(path, *layout);
    case kInt16: return read_as<float, std::int16_t>(path, *layout);
    case kUint16: return read_as<float, std::uint16_t>(path, *layout);
    case kFloat32: return read_as<float, float>(path, *layout);
    default: return std::nullopt;  // wide integers (checked for exactness) and float64: ITK
  }
}

std::optional<std::vector<std::int32_t>> read_nifti_labels(const std::string& path) {
  const std::optional<NiftiLayout> layout = direct_layout(path);
  if (!layout) return std::nullopt;
  switch (layout->datatype) {
    case kUint8: return read_as<std::int32_t, std::uint8_t>(path, *layout);
    case kInt8: return read_as<std::int32_t, std::int8_t>(path, *layout);
    case kInt16: return read_as<std::int32_t, std::int16_t>(path, *layout);
    case kUint16: return read_as<std::int32_t, std::uint16_t>(path, *layout);
    case kInt32: return read_as<std::int32_t, std::int32_t>(path, *layout);
    default: return std::nullopt;  // float labels: ITK, with the integer check
  }
}

template <class T>
std::optional<std::vector<T>> read_nifti_stored(const std::string& path) {
  constexpr int code = std::is_same_v<T, std::uint8_t> ? kUint8 : std::is_same_v<T, std::int16_t> ? kInt16 : kUint16;
  const std::optional<NiftiLayout> layout = direct_layout(path);
  if (!layout || layout->datatype != code) return std::nullopt;
  return read_as<T, T>(path, *layout);
}

template std::optional<std::vector<std::uint8_t>> read_nifti_stored(const std::string&);
template std::optional<std::vector<std::int16_t>> read_nifti_stored(const std::string&);
template std::optional<std::vector<std::uint16_t>> read_nifti_stored(const std::string&);

}  // namespace radiomics
