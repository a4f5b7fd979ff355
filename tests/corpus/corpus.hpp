// The bad-input corpus: image, mask and configuration files that a user could hand to
// libradiomics by mistake (truncated or corrupt files, headers declaring absurd sizes, image
// and mask that do not match, masks and intensities that cannot form a ROI, configurations
// that make no sense), generated into a folder at test time from C++ (write_image plus raw
// header writers and byte edits), never stored as binaries.
//
// Each Case says what must happen: a typed error whose message names the problem, or a
// result (finite or NaN, never inf). tests/test_bad_input.cpp runs every case through the C++
// API and the command line; docs/safeguards.md is the same table for users.
#pragma once
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace radiomics::test::corpus {

namespace fs = std::filesystem;

/// What a case must give. Several bits: any of them is accepted (a case whose message is
/// fixed but whose category is a matter of taste, e.g. a bin count no matrix can hold).
enum Outcome : unsigned {
  kFeatures = 1u << 0,       ///< a feature table (finite or NaN values, never inf)
  kFileNotFound = 1u << 1,
  kFileReadError = 1u << 2,
  kInputError = 1u << 3,
  kSettingsError = 1u << 4,
};

struct Case {
  std::string name;         ///< identifier (a test name)
  std::string description;  ///< one line for docs/safeguards.md
  fs::path image;
  fs::path mask;
  std::string config = "{}";  ///< JSON configuration text
  unsigned expect = kFeatures;
  /// Error cases: the message must contain one of these '|'-separated alternatives
  /// (case-insensitive). Feature cases: empty.
  std::string message;
  /// Feature cases: the table must carry at least one warning.
  bool expect_warning = false;
  /// Feature cases: the values must equal those of this image and mask (same config), e.g.
  /// NaN far outside the ROI must change nothing. Empty: no comparison.
  fs::path same_as_image;
  fs::path same_as_mask;
  std::string same_as_config;  ///< configuration of the twin; empty: the case's own
  /// The case may make a careless implementation allocate many gigabytes or loop for a long
  /// time: run it only in a child process with an address-space limit.
  bool guarded = false;
};

/// Writes the whole corpus into `dir` (created) and returns its cases in a fixed order.
std::vector<Case> build(const fs::path& dir);

/// The names of the cases, without writing anything (for test instantiation).
std::vector<std::string> case_names();

// --- Building blocks, exposed for the focused tests. ---

/// Side of the cubic test volume; the base ROI is a box of half-width 2 at its centre.
inline constexpr int kSide = 16;
inline constexpr int kCentre = kSide / 2;

/// A raw NIfTI-1 single-file (.nii) description. Axes beyond dims.size() are absent.
struct Nifti {
  std::vector<std::int64_t> dims;  ///< dim[1..]; written as int16 (NIfTI-1)
  std::vector<float> pixdim{1, 1, 1, 1};
  std::int16_t datatype = 16;  ///< NIFTI_TYPE_FLOAT32
  std::int16_t bitpix = 32;
  float scl_slope = 1.0f;
  float scl_inter = 0.0f;
  float vox_offset = 352.0f;  ///< where the voxel data start (the payload is written at 352)
  char xyzt_units = 2;        ///< NIFTI_UNITS_MM
};

/// Writes a NIfTI-1 file with a qform of the identity rotation and the given float voxels.
void write_nifti(const fs::path& path, const Nifti& header, const std::vector<float>& voxels);
/// The same with the voxel bytes given verbatim (any datatype).
void write_nifti_bytes(const fs::path& path, const Nifti& header, const std::string& payload);

/// Writes a MetaImage file: `fields` (one "Key = Value" per line) and, when `payload` is
/// given, `ElementDataFile = LOCAL` followed by the payload verbatim (.mha); otherwise the
/// fields must name the data file themselves (.mhd).
void write_metaimage(const fs::path& path, const std::vector<std::string>& fields, const std::string* payload);
/// The MetaImage fields of a float kSide^3 volume (identity direction, unit spacing), without
/// ElementDataFile.
std::vector<std::string> metaimage_fields();
/// The same fields with the one starting with `key` replaced by `key = value` (appended when absent).
std::vector<std::string> metaimage_fields_with(const std::string& key, const std::string& value);

/// Writes a NRRD file: the magic line, `fields` (one "key: value" per line), a blank line, and
/// `payload` verbatim.
void write_nrrd(const fs::path& path, const std::vector<std::string>& fields, const std::string& payload);

/// The NRRD fields of a float, raw-encoded kSide^3 volume (identity direction, unit spacing).
std::vector<std::string> nrrd_fields();
/// The same fields with the one starting with `key` replaced by `key: value`.
std::vector<std::string> nrrd_fields_with(const std::string& key, const std::string& value);

/// Bytes of float voxels, little-endian as on every supported platform.
std::string float_bytes(const std::vector<float>& voxels);
/// `data` as one gzip member (NRRD's gzip encoding) and as a zlib stream (MetaImage compression).
std::string gzip_bytes(const std::string& data);
std::string zlib_bytes(const std::string& data);
/// Bytes of voxels of any arithmetic type (little-endian).
template <class T, class From>
std::string bytes_as(const std::vector<From>& voxels) {
  std::string bytes;
  for (From v : voxels) {
    const T t = static_cast<T>(v);
    bytes.append(reinterpret_cast<const char*>(&t), sizeof t);
  }
  return bytes;
}

/// Keeps the first `size` bytes of a file.
void truncate_file(const fs::path& path, std::uintmax_t size);
/// Overwrites bytes of a file at `offset`.
void patch_bytes(const fs::path& path, std::uintmax_t offset, const std::string& bytes);
template <class T>
std::string bytes_of(T value) {
  return std::string(reinterpret_cast<const char*>(&value), sizeof value);
}

/// Intensities 1..11 of a smooth integer pattern (no zero, so no discretisation is needed).
std::vector<float> pattern(int nx, int ny, int nz);
/// 1 inside the box |x - cx| <= rx, ... (clipped to the volume), 0 elsewhere.
std::vector<float> box(int nx, int ny, int nz, std::array<int, 3> centre, std::array<int, 3> half_width,
                       float label = 1.0f);

}  // namespace radiomics::test::corpus
