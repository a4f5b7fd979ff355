#include "io/nifti_check.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <vector>

#include "radiomics/errors.hpp"

namespace radiomics {
namespace {

constexpr int kHeaderSize = 348;  // sizeof(nifti_1_header)

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Reads little- or big-endian fields of the raw header.
class RawHeader {
 public:
  explicit RawHeader(const std::array<unsigned char, kHeaderSize>& bytes) : bytes_(bytes) {}
  void set_swapped(bool swapped) { swapped_ = swapped; }
  std::int32_t int32(int offset) const { return read<std::int32_t>(offset); }
  std::int16_t int16(int offset) const { return read<std::int16_t>(offset); }
  float float32(int offset) const { return read<float>(offset); }
  std::string magic() const { return std::string(reinterpret_cast<const char*>(&bytes_[344]), 3); }

 private:
  template <class T>
  T read(int offset) const {
    std::array<unsigned char, sizeof(T)> b{};
    std::memcpy(b.data(), &bytes_[static_cast<std::size_t>(offset)], sizeof(T));
    if (swapped_) std::reverse(b.begin(), b.end());
    T value;
    std::memcpy(&value, b.data(), sizeof(T));
    return value;
  }
  const std::array<unsigned char, kHeaderSize>& bytes_;
  bool swapped_ = false;
};

struct GzCloser {
  void operator()(gzFile f) const { gzclose(f); }
};

/// The ISIZE field of a gzip file: its last 4 bytes, little-endian (RFC 1952); 0 if unreadable.
std::uint32_t gzip_size_field(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.seekg(-4, std::ios::end)) return 0;
  std::array<unsigned char, 4> b{};
  if (!in.read(reinterpret_cast<char*>(b.data()), 4)) return 0;
  return std::uint32_t{b[0]} | std::uint32_t{b[1]} << 8 | std::uint32_t{b[2]} << 16 | std::uint32_t{b[3]} << 24;
}

}  // namespace

void check_voxel_count(const std::string& path, double voxels) {
  if (voxels <= 2.0e9) return;
  char count[32];  // beyond the range of integer types, e.g. 1.2e+31 from a corrupt header
  std::snprintf(count, sizeof count, voxels < 1e15 ? "%.0f" : "%.3g", voxels);
  throw InputError(path + ": the header declares " + count +
                   " voxels, more than the supported 2e9; refusing to allocate");
}

namespace {

/// What the checks learn from a NIfTI-1 header: where the voxels are and how they are stored.
struct Layout {
  bool swapped = false;  ///< header (and voxels) in the other byte order
  int dimensions = 0;
  int datatype = 0;
  int bitpix = 0;
  double voxels = 0;
  double offset = 0;     ///< byte offset of the first voxel (single-file NIfTI)
  float scl_slope = 0;
  float scl_inter = 0;
  bool single_file = true;  ///< "n+1"; "ni1" keeps the voxels in a separate .img file
};

bool is_nifti_path(const std::string& path) { return ends_with(path, ".nii") || ends_with(path, ".nii.gz"); }

/// Reads and checks the header through `file` (positioned at its start); nothing when the file
/// is NIfTI-2, which is left to ITK.
std::optional<Layout> checked_layout(const std::string& path, gzFile file) {
  std::array<unsigned char, kHeaderSize> bytes{};
  if (gzread(file, bytes.data(), kHeaderSize) != kHeaderSize)
    throw FileReadError(path + ": truncated or corrupt file: the NIfTI header is incomplete");
  RawHeader h(bytes);
  Layout layout;
  if (h.int32(0) != kHeaderSize) {
    h.set_swapped(true);
    layout.swapped = true;
    if (h.int32(0) != kHeaderSize) {
      h.set_swapped(false);
      if (h.int32(0) == 540) return std::nullopt;  // NIfTI-2: left to ITK
      throw FileReadError(path + ": not a NIfTI-1 file (header size field is " + std::to_string(h.int32(0)) + ")");
    }
  }
  const std::string magic = h.magic();
  if (magic != "n+1" && magic != "ni1")
    throw FileReadError(path + ": not a NIfTI-1 file: the header has no NIfTI magic ('n+1')");
  const int n_dims = h.int16(40);
  if (n_dims < 1 || n_dims > 7)
    throw FileReadError(path + ": corrupt NIfTI header: dim[0] = " + std::to_string(n_dims) + " (must be 1..7)");
  double voxels = 1;
  for (int a = 1; a <= n_dims; ++a) {
    const int n = h.int16(40 + 2 * a);
    if (n < 1) throw InputError(path + ": the header declares size " + std::to_string(n) + " along axis " + std::to_string(a - 1));
    voxels *= n;
  }
  for (int a = 1; a <= std::min(n_dims, 3); ++a) {
    const float s = h.float32(76 + 4 * a);
    if (!std::isfinite(s) || s <= 0)
      throw InputError(path + ": the header declares voxel spacing " + std::to_string(s) + " along axis " +
                       std::to_string(a - 1) + " (must be a finite number > 0)");
  }
  // Scalar NIfTI types and their bits per voxel; anything else (complex, RGB, unknown codes)
  // cannot be an intensity image or a label mask.
  constexpr std::array<std::array<int, 2>, 10> kScalarTypes{{{2, 8}, {4, 16}, {8, 32}, {16, 32}, {64, 64},
                                                            {256, 8}, {512, 16}, {768, 32}, {1024, 64}, {1280, 64}}};
  const int datatype = h.int16(70);
  const auto type = std::find_if(kScalarTypes.begin(), kScalarTypes.end(),
                                 [&](const auto& t) { return t[0] == datatype; });
  if (type == kScalarTypes.end())
    throw FileReadError(path + ": unsupported or corrupt NIfTI datatype code " + std::to_string(datatype) +
                        " (scalar integer or float images only)");
  // bitpix is derived from the datatype (the NIfTI library ignores a wrong bitpix field too).
  layout.datatype = datatype;
  layout.dimensions = n_dims;
  layout.bitpix = (*type)[1];
  layout.voxels = voxels;
  layout.scl_slope = h.float32(112);
  layout.scl_inter = h.float32(116);
  layout.single_file = magic == "n+1";
  if (!layout.single_file) return layout;  // voxels are in a separate .img file
  const float vox_offset = h.float32(108);
  // The voxel data start after the 348-byte header and the 4-byte extension flag (the NIfTI-1
  // standard: vox_offset >= 352 in a .nii file). A smaller offset would read header bytes as
  // voxels (the NIfTI library does, shifting every voxel); a start beyond any real file is a
  // corrupt header.
  if (!std::isfinite(vox_offset) || vox_offset < 352.0f || vox_offset > 1.0e9f)
    throw FileReadError(path + ": corrupt NIfTI header: vox_offset = " + std::to_string(vox_offset) +
                        " (the voxel data of a .nii file start at byte 352 or later)");
  layout.offset = std::floor(static_cast<double>(vox_offset));
  return layout;
}

}  // namespace

void check_nifti_file(const std::string& path) {
  if (!is_nifti_path(path)) return;
  // gzopen reads plain files transparently, so one path serves .nii and .nii.gz.
  std::unique_ptr<gzFile_s, GzCloser> file(gzopen(path.c_str(), "rb"));
  if (!file) throw FileReadError(path + ": cannot open file");
  const std::optional<Layout> layout = checked_layout(path, file.get());
  if (!layout || !layout->single_file) return;
  const double voxels = layout->voxels;
  const int bitpix = layout->bitpix;
  const double offset = layout->offset;
  const double expected = offset + voxels * (bitpix / 8);
  check_voxel_count(path, voxels);
  double available = 0;
  if (ends_with(path, ".nii")) {
    std::error_code ec;
    available = static_cast<double>(std::filesystem::file_size(path, ec));
  } else if (gzip_size_field(path) == static_cast<std::uint32_t>(static_cast<std::uint64_t>(expected))) {
    // Fast path: a complete gzip stream ends with its uncompressed size (mod 2^32); a cut file
    // ends in arbitrary compressed bytes, which match the expected size with chance 2^-32.
    available = expected;
  } else {
    // Count the decompressed bytes: a cut .gz file decompresses to less than the header says
    // (also the path for multi-member gzip files, whose last size field covers one member).
    available = kHeaderSize;
    std::vector<unsigned char> buffer(1 << 16);
    for (;;) {
      const int n = gzread(file.get(), buffer.data(), static_cast<unsigned>(buffer.size()));
      if (n < 0) {
        int err = 0;
        const char* message = gzerror(file.get(), &err);
        throw FileReadError(path + ": corrupt compressed data (" + std::string(message ? message : "zlib error") + ")");
      }
      if (n == 0) break;
      available += n;
      if (available >= expected) break;
    }
  }
  if (available < expected)
    throw FileReadError(path + ": truncated file: the header declares " + std::to_string(static_cast<long long>(expected)) +
                        " bytes, the file holds " + std::to_string(static_cast<long long>(available)));
}

std::optional<NiftiLayout> nifti_layout(const std::string& path) {
  if (!is_nifti_path(path)) return std::nullopt;
  std::unique_ptr<gzFile_s, GzCloser> file(gzopen(path.c_str(), "rb"));
  if (!file) throw FileReadError(path + ": cannot open file");
  const std::optional<Layout> l = checked_layout(path, file.get());
  if (!l || !l->single_file) return std::nullopt;
  return NiftiLayout{l->swapped, l->datatype, l->bitpix, l->dimensions, l->voxels, l->offset, l->scl_slope, l->scl_inter};
}

void for_each_non_finite_nifti_voxel(const std::string& path, const std::function<bool(double)>& holds,
                                     const std::function<void(std::size_t, double)>& restore) {
  if (!is_nifti_path(path)) return;
  std::unique_ptr<gzFile_s, GzCloser> file(gzopen(path.c_str(), "rb"));
  if (!file) throw FileReadError(path + ": cannot open file");
  const std::optional<Layout> layout = checked_layout(path, file.get());
  constexpr int kFloat32 = 16;
  constexpr int kFloat64 = 64;
  if (!layout || !layout->single_file || (layout->datatype != kFloat32 && layout->datatype != kFloat64)) return;
  // The NIfTI library scales after its replacement (0 * slope + inter); the true value scales
  // the non-finite raw value the same way. A slope of 0 means "no scaling" in NIfTI-1.
  const bool scaled = layout->scl_slope != 0.0f && std::isfinite(layout->scl_slope);
  const double slope = scaled ? layout->scl_slope : 1.0;
  const double inter = scaled && std::isfinite(layout->scl_inter) ? layout->scl_inter : 0.0;
  if (!holds(inter)) return;  // no voxel took the replacement value: nothing was replaced
  if (gzseek(file.get(), static_cast<z_off_t>(layout->offset), SEEK_SET) < 0)
    throw FileReadError(path + ": cannot read the voxel data");
  const std::size_t width = static_cast<std::size_t>(layout->bitpix / 8);
  const auto total = static_cast<std::size_t>(layout->voxels);
  std::vector<unsigned char> buffer(width << 14);
  std::size_t index = 0;
  while (index < total) {
    const std::size_t want = std::min(total - index, buffer.size() / width);
    const int got = gzread(file.get(), buffer.data(), static_cast<unsigned>(want * width));
    if (got <= 0) break;  // the truncation check has run already; ITK reports the rest
    const std::size_t n = static_cast<std::size_t>(got) / width;
    for (std::size_t k = 0; k < n; ++k, ++index) {
      unsigned char* b = &buffer[k * width];
      if (layout->swapped) std::reverse(b, b + width);
      double raw;
      if (width == 4) {
        float f;
        std::memcpy(&f, b, 4);
        raw = f;
      } else {
        std::memcpy(&raw, b, 8);
      }
      if (!std::isfinite(raw)) restore(index, raw * slope + inter);
    }
  }
}

}  // namespace radiomics
