// Generates the bad-input corpus (see corpus.hpp). Valid files come from radiomics::write_image
// or from the small raw NIfTI/NRRD writers below; broken ones are those files cut short or with
// header bytes overwritten, so every case is reproducible from this source alone.
#include "corpus/corpus.hpp"

#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <stdexcept>

#include <zlib.h>

#include "radiomics/image.hpp"
#include "support/dicom_writer.hpp"

namespace radiomics::test::corpus {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

/// Features of the corpus are computed with a fixed bin number, so that the cases do not
/// depend on the intensities being valid grey levels (the default is no discretisation).
constexpr const char* kConfig = R"({"discretisation": {"method": "fixed_bin_number", "bin_count": 8}})";

constexpr std::array<int, 3> kCentre3{kCentre, kCentre, kCentre};
constexpr std::array<int, 3> kHalf{2, 2, 2};

std::size_t at(int x, int y, int z) {
  return static_cast<std::size_t>(x + kSide * (y + kSide * z));
}

Image volume(const std::vector<float>& voxels, std::array<std::size_t, 3> size = {kSide, kSide, kSide}) {
  Image im;
  im.geometry.size = size;
  im.data = voxels;
  return im;
}

std::vector<float> base_pattern() { return pattern(kSide, kSide, kSide); }
std::vector<float> base_box(float label = 1.0f) { return box(kSide, kSide, kSide, kCentre3, kHalf, label); }

/// `data` compressed as one gzip member (RFC 1952, the NRRD "gzip" encoding) or as a zlib stream
/// (RFC 1950, MetaImage's CompressedData).
std::string deflated(const std::string& data, int window_bits) {
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("corpus: deflateInit2 failed");
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("corpus: deflate failed");
  return out;
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("corpus: cannot write " + path.string());
}

Case make_case(std::string name, std::string description, fs::path image, fs::path mask, std::string config,
               unsigned expect, std::string message) {
  Case c;
  c.name = std::move(name);
  c.description = std::move(description);
  c.image = std::move(image);
  c.mask = std::move(mask);
  c.config = std::move(config);
  c.expect = expect;
  c.message = std::move(message);
  return c;
}

/// A case and the function that writes its files (paths already set in the case).
struct Entry {
  Case c;
  std::function<void()> write;
};

/// Every case. With an empty `dir` only names and descriptions are meaningful.
std::vector<Entry> entries(const fs::path& dir) {
  const fs::path img = dir / "image.nrrd";
  const fs::path msk = dir / "mask.nrrd";
  const fs::path raw_img = dir / "raw_image.nii";
  const fs::path raw_msk = dir / "raw_mask.nii";
  std::vector<Entry> e;

  // A case on the base mask with a broken image file.
  const auto image_case = [&](std::string name, std::string description, const std::string& file,
                              unsigned expect, std::string message, std::function<void(const fs::path&)> make) {
    Case c = make_case(name, description, dir / file, msk, kConfig, expect, message);
    const fs::path p = c.image;
    e.push_back({c, [p, make] { make(p); }});
  };
  // A raw NIfTI image (base pattern) with header bytes overwritten, on the raw mask.
  const auto patched_nifti = [&](std::string name, std::string description, unsigned expect,
                                 std::string message, std::uintmax_t offset, std::string bytes) {
    Case c = make_case(name, description, dir / (name + ".nii"), raw_msk, kConfig, expect, message);
    const fs::path p = c.image;
    e.push_back({c, [p, offset, bytes] {
                   write_nifti(p, Nifti{{kSide, kSide, kSide}}, base_pattern());
                   patch_bytes(p, offset, bytes);
                 }});
  };
  // A case on the base image with a different mask.
  const auto mask_case = [&](std::string name, std::string description, unsigned expect,
                             std::string message, std::function<void(const fs::path&)> make) {
    Case c = make_case(name, description, img, dir / (name + ".nrrd"), kConfig, expect, message);
    const fs::path p = c.mask;
    e.push_back({c, [p, make] { make(p); }});
  };
  // A case on the base mask with an image of other intensities.
  const auto intensity_case = [&](std::string name, std::string description, std::string config,
                                  unsigned expect, std::string message, std::vector<float> voxels) {
    Case c = make_case(name, description, dir / (name + ".nrrd"), msk, config, expect, message);
    const fs::path p = c.image;
    e.push_back({c, [p, voxels] { write_image(volume(voxels), p.string()); }});
    return &e.back().c;
  };
  const auto config_case = [&](std::string name, std::string config, std::string message) {
    Case c = make_case(name, config.empty() ? "an empty configuration file" : "configuration `" + config + "`",
                       img, msk, config, kSettingsError, message);
    e.push_back({c, [] {}});
  };

  // --- Files that cannot be decoded. ---
  const std::uintmax_t data_bytes = std::uintmax_t{kSide} * kSide * kSide * 4;
  image_case("nifti_truncated_half", "a valid .nii cut in the middle of its voxel data",
             "nifti_truncated_half.nii", kFileReadError, "nifti_truncated_half.nii", [data_bytes](const fs::path& p) {
               write_nifti(p, Nifti{{kSide, kSide, kSide}}, base_pattern());
               truncate_file(p, 352 + data_bytes / 2);
             });
  e.back().c.mask = raw_msk;
  image_case("nifti_truncated_header", "a .nii cut inside its 348-byte header", "nifti_truncated_header.nii",
             kFileReadError, "nifti_truncated_header.nii", [](const fs::path& p) {
               write_nifti(p, Nifti{{kSide, kSide, kSide}}, base_pattern());
               truncate_file(p, 200);
             });
  e.back().c.mask = raw_msk;
  image_case("nifti_gz_truncated", "a valid .nii.gz cut in half (broken gzip stream)", "nifti_gz_truncated.nii.gz",
             kFileReadError, "nifti_gz_truncated.nii.gz", [](const fs::path& p) {
               write_image(volume(base_pattern()), p.string());
               truncate_file(p, fs::file_size(p) / 2);
             });
  image_case("nifti_garbage", "4 KiB of pseudo-random bytes named .nii", "nifti_garbage.nii", kFileReadError,
             "nifti_garbage.nii", [](const fs::path& p) {
               std::string bytes(4096, '\0');
               std::uint32_t state = 12345;
               for (char& b : bytes) {
                 state = state * 1664525u + 1013904223u;
                 b = static_cast<char>(state >> 24);
               }
               write_text(p, bytes);
             });
  image_case("empty_file", "an image file of 0 bytes", "empty_file.nii", kFileReadError, "empty_file.nii",
             [](const fs::path& p) { write_text(p, ""); });
  image_case("folder_without_dicom", "an image path that is a folder holding no DICOM series",
             "folder_without_dicom", kFileReadError, "folder_without_dicom",
             [](const fs::path& p) { fs::create_directories(p); });
  // DICOM series folders (written with DCMTK) on the base mask: the base pattern as slices of
  // unit spacing at the base grid's positions, with one header attribute or file broken.
  const auto dicom_case = [&](std::string name, std::string description, unsigned expect, std::string message,
                              std::function<void(DcmDataset&, std::size_t)> edit,
                              std::function<void(const fs::path&)> after = {}) {
    Case c = make_case(name, description, dir / name, msk, kConfig, expect, message);
    const fs::path p = c.image;
    e.push_back({c, [p, edit, after] {
                   dicom::SeriesOptions o;
                   o.edit = edit;
                   dicom::write_series(p, volume(base_pattern()), o);
                   if (after) after(p);
                 }});
  };
  dicom_case("dicom_series", "a valid DICOM series of the base image (same features as the NRRD copy)", kFeatures,
             "", {});
  e.back().c.same_as_image = img;
  e.back().c.same_as_mask = msk;
  dicom_case("dicom_pixel_spacing_zero", "DICOM series with PixelSpacing `0\\0`", kInputError, "PixelSpacing",
             [](DcmDataset& d, std::size_t) { d.putAndInsertString(DCM_PixelSpacing, "0\\0"); });
  dicom_case("dicom_pixel_spacing_negative", "DICOM series with PixelSpacing `-1\\-1`", kInputError,
             "PixelSpacing", [](DcmDataset& d, std::size_t) { d.putAndInsertString(DCM_PixelSpacing, "-1\\-1"); });
  dicom_case("dicom_one_position", "DICOM series whose slices all share one position", kInputError,
             "same position",
             [](DcmDataset& d, std::size_t) { d.putAndInsertString(DCM_ImagePositionPatient, "0\\0\\0"); });
  dicom_case("dicom_missing_slice", "DICOM series with slices at 0..7 and 10..17 mm (two missing)", kInputError,
             "not evenly spaced", [](DcmDataset& d, std::size_t z) {
               const std::size_t position = z < 8 ? z : z + 2;
               d.putAndInsertString(DCM_ImagePositionPatient, ("0\\0\\" + std::to_string(position)).c_str());
             });
  dicom_case("dicom_truncated", "DICOM series with one slice file cut inside its pixel data", kFileReadError,
             "truncated", {}, [](const fs::path& p) {
               const fs::path slice = p / "slice_005.dcm";
               truncate_file(slice, fs::file_size(slice) - 100);
             });
  dicom_case("dicom_short_pixel_data", "DICOM slice whose Rows promise more pixels than its pixel data holds",
             kFileReadError, "pixel data is incomplete", [](DcmDataset& d, std::size_t z) {
               if (z == 3) d.putAndInsertUint16(DCM_Rows, kSide + 1);
             });
  dicom_case("dicom_two_series", "a folder holding two DICOM series", kInputError, "2 DICOM series", {},
             [](const fs::path& p) {
               dicom::SeriesOptions other;
               dicom::write_series(p / "other", volume(base_pattern()), other);
               for (const auto& f : fs::directory_iterator(p / "other"))
                 fs::rename(f.path(), p / ("other_" + f.path().filename().string()));
               fs::remove(p / "other");
             });
  patched_nifti("nifti_bad_magic", "NIfTI magic \"n+1\" overwritten", kFileReadError, "nifti_bad_magic.nii", 344,
                std::string("xyz\0", 4));
  patched_nifti("nifti_bad_datatype", "NIfTI datatype code 1234 (no such type)", kFileReadError,
                "nifti_bad_datatype.nii", 70, bytes_of<std::int16_t>(1234));
  patched_nifti("nifti_negative_dim", "NIfTI dim[1] = -16", kFileReadError | kInputError,
                "nifti_negative_dim.nii", 42, bytes_of<std::int16_t>(-16));
  patched_nifti("nifti_zero_dim", "NIfTI dim[2] = 0", kFileReadError | kInputError, "nifti_zero_dim.nii", 44,
                bytes_of<std::int16_t>(0));
  patched_nifti("nifti_dim0_out_of_range", "NIfTI dim[0] = 9 (at most 7 axes)", kFileReadError | kInputError,
                "nifti_dim0_out_of_range.nii", 40, bytes_of<std::int16_t>(9));
  patched_nifti("nifti_zero_spacing", "NIfTI pixdim[1] = 0", kInputError, "spacing", 80, bytes_of(0.0f));
  patched_nifti("nifti_negative_spacing", "NIfTI pixdim[2] = -1", kInputError, "spacing", 84, bytes_of(-1.0f));
  patched_nifti("nifti_nan_spacing", "NIfTI pixdim[3] = NaN", kInputError, "spacing", 88, bytes_of(kNaN));
  patched_nifti("nifti_scale_overflow", "NIfTI scl_slope = 1e38: scaled intensities overflow to inf",
                kInputError, "finite", 112, bytes_of(1e38f));
  {
    Case c = make_case("nifti_huge_dims", "NIfTI header declaring 32767^3 voxels (3.5e13), no data", dir / "nifti_huge_dims.nii",
           msk, kConfig, kInputError, "voxels");
    c.guarded = true;
    const fs::path p = c.image;
    e.push_back({c, [p] {
                   write_nifti(p, Nifti{{32767, 32767, 32767}}, {});
                 }});
  }
  {
    Case c = make_case("nifti_large_dims_short_file",
           "NIfTI header declaring 1200^3 voxels (6.9 GB of float) in a 352-byte file",
           dir / "nifti_large_dims_short_file.nii", msk, kConfig, kFileReadError | kInputError,
           "truncated|too short|smaller|bytes");
    c.guarded = true;
    const fs::path p = c.image;
    e.push_back({c, [p] { write_nifti(p, Nifti{{1200, 1200, 1200}}, {}); }});
  }
  image_case("nrrd_garbage_header", "NRRD header with \"dimension: three\"", "nrrd_garbage_header.nrrd",
             kFileReadError, "nrrd_garbage_header.nrrd", [](const fs::path& p) {
               write_nrrd(p, nrrd_fields_with("dimension", "three"), float_bytes(base_pattern()));
             });
  image_case("nrrd_bad_type", "NRRD \"type: quaternion\"", "nrrd_bad_type.nrrd", kFileReadError,
             "nrrd_bad_type.nrrd", [](const fs::path& p) {
               write_nrrd(p, nrrd_fields_with("type", "quaternion"), float_bytes(base_pattern()));
             });
  image_case("nrrd_negative_sizes", "NRRD \"sizes: -16 16 16\"", "nrrd_negative_sizes.nrrd", kFileReadError | kInputError,
             "nrrd_negative_sizes.nrrd", [](const fs::path& p) {
               write_nrrd(p, nrrd_fields_with("sizes", "-16 16 16"), float_bytes(base_pattern()));
             });
  image_case("nrrd_truncated_data", "NRRD with 1000 of its 16384 data bytes", "nrrd_truncated_data.nrrd",
             kFileReadError, "nrrd_truncated_data.nrrd", [](const fs::path& p) {
               write_nrrd(p, nrrd_fields(), float_bytes(base_pattern()).substr(0, 1000));
             });
  image_case("nrrd_gzip_over_raw_data",
             "NRRD \"encoding: gzip\" over raw bytes: zlib reads them transparently, same values",
             "nrrd_gzip_over_raw_data.nrrd", kFeatures, "", [](const fs::path& p) {
               write_nrrd(p, nrrd_fields_with("encoding", "gzip"), float_bytes(base_pattern()));
             });
  e.back().c.same_as_image = img;
  e.back().c.same_as_mask = msk;
  image_case("nrrd_zero_spacing", "NRRD \"space directions\" with a zero vector (spacing 0)",
             "nrrd_zero_spacing.nrrd", kInputError | kFileReadError, "spacing|direction", [](const fs::path& p) {
               write_nrrd(p, nrrd_fields_with("space directions", "(0,0,0) (0,1,0) (0,0,1)"),
                          float_bytes(base_pattern()));
             });
  image_case("nrrd_negative_spacing", "NRRD \"spacings: 1 -1 1\" (no space field)", "nrrd_negative_spacing.nrrd",
             kInputError, "spacing", [](const fs::path& p) {
               std::vector<std::string> f;
               for (const auto& line : nrrd_fields())
                 if (line.rfind("space", 0) != 0) f.push_back(line);
               f.push_back("spacings: 1 -1 1");
               write_nrrd(p, f, float_bytes(base_pattern()));
             });
  {
    Case c = make_case("nrrd_huge_sizes", "NRRD header declaring 100000^3 voxels, no data", dir / "nrrd_huge_sizes.nrrd", msk,
           kConfig, kInputError, "voxels");
    c.guarded = true;
    const fs::path p = c.image;
    e.push_back({c, [p] { write_nrrd(p, nrrd_fields_with("sizes", "100000 100000 100000"), ""); }});
  }

  // --- Data that do not cover what the header declares (NRRD and MetaImage). ---
  {
    const std::string data = float_bytes(base_pattern());
    const auto guarded_image = [&](std::string name, std::string description, std::string file, std::string message,
                                   std::function<void(const fs::path&)> make) {
      image_case(name, description, file, kFileReadError, message, std::move(make));
      e.back().c.guarded = true;
    };
    const std::string big = "1200 1200 1200";
    guarded_image("nrrd_large_dims_short_file", "NRRD header declaring 1200^3 floats (6.9 GB) with 1000 bytes of data",
                  "nrrd_large_dims_short_file.nrrd", "truncated", [data](const fs::path& p) {
                    write_nrrd(p, nrrd_fields_with("sizes", "1200 1200 1200"), data.substr(0, 1000));
                  });
    guarded_image("nrrd_gzip_large_dims_short_data", "gzip NRRD declaring 1200^3 floats, 16 KiB once decompressed",
                  "nrrd_gzip_large_dims_short_data.nrrd", "truncated", [data](const fs::path& p) {
                    auto f = nrrd_fields_with("sizes", "1200 1200 1200");
                    for (auto& line : f)
                      if (line.rfind("encoding:", 0) == 0) line = "encoding: gzip";
                    write_nrrd(p, f, gzip_bytes(data));
                  });
    image_case("nrrd_gzip_truncated", "gzip NRRD whose compressed data are cut in half", "nrrd_gzip_truncated.nrrd",
               kFileReadError, "nrrd_gzip_truncated.nrrd", [data](const fs::path& p) {
                 const std::string packed = gzip_bytes(data);
                 write_nrrd(p, nrrd_fields_with("encoding", "gzip"), packed.substr(0, packed.size() / 2));
               });
    image_case("nrrd_gzip", "gzip NRRD (valid): same values as the raw file", "nrrd_gzip.nrrd", kFeatures, "",
               [data](const fs::path& p) { write_nrrd(p, nrrd_fields_with("encoding", "gzip"), gzip_bytes(data)); });
    e.back().c.same_as_image = img;
    e.back().c.same_as_mask = msk;
    image_case("nrrd_detached_missing_data_file", "NRRD header (.nhdr) naming a data file that does not exist",
               "nrrd_detached_missing_data_file.nhdr", kFileReadError, "missing.raw", [](const fs::path& p) {
                 auto f = nrrd_fields();
                 f.push_back("data file: missing.raw");
                 write_nrrd(p, f, "");
               });
    image_case("nrrd_detached_short_data_file", "NRRD header (.nhdr) whose data file holds 1000 of 16384 bytes",
               "nrrd_detached_short_data_file.nhdr", kFileReadError, "truncated", [data](const fs::path& p) {
                 auto f = nrrd_fields();
                 f.push_back("data file: nrrd_detached_short_data_file.raw");
                 write_nrrd(p, f, "");
                 write_text(p.parent_path() / "nrrd_detached_short_data_file.raw", data.substr(0, 1000));
               });
    image_case("nrrd_detached", "NRRD header (.nhdr) and its raw data file (valid): same values", "nrrd_detached.nhdr",
               kFeatures, "", [data](const fs::path& p) {
                 auto f = nrrd_fields();
                 f.push_back("data file: nrrd_detached.raw");
                 write_nrrd(p, f, "");
                 write_text(p.parent_path() / "nrrd_detached.raw", data);
               });
    e.back().c.same_as_image = img;
    e.back().c.same_as_mask = msk;

    image_case("metaimage_truncated", "MetaImage (.mha) with 8000 of its 16384 data bytes missing", "metaimage_truncated.mha",
               kFileReadError, "truncated", [data](const fs::path& p) {
                 const std::string part = data.substr(0, data.size() - 8000);
                 write_metaimage(p, metaimage_fields(), &part);
               });
    guarded_image("metaimage_large_dims_short_file", "MetaImage header declaring 1200^3 floats with 1000 bytes of data",
                  "metaimage_large_dims_short_file.mha", "truncated", [data](const fs::path& p) {
                    const std::string part = data.substr(0, 1000);
                    write_metaimage(p, metaimage_fields_with("DimSize", "1200 1200 1200"), &part);
                  });
    image_case("metaimage_compressed_truncated", "compressed MetaImage whose zlib stream is cut in half",
               "metaimage_compressed_truncated.mha", kFileReadError, "metaimage_compressed_truncated.mha",
               [data](const fs::path& p) {
                 const std::string packed = zlib_bytes(data);
                 const std::string part = packed.substr(0, packed.size() / 2);
                 auto f = metaimage_fields_with("CompressedData", "True");
                 f.push_back("CompressedDataSize = " + std::to_string(part.size()));
                 write_metaimage(p, f, &part);
               });
    image_case("metaimage_compressed_not_zlib", "MetaImage declaring compressed data over plain bytes (no zlib stream)",
               "metaimage_compressed_not_zlib.mha", kFileReadError, "metaimage_compressed_not_zlib.mha",
               [data](const fs::path& p) {
                 auto f = metaimage_fields_with("CompressedData", "True");
                 f.push_back("CompressedDataSize = " + std::to_string(data.size()));
                 write_metaimage(p, f, &data);
               });
    image_case("metaimage_compressed", "compressed MetaImage (valid): same values as the raw file",
               "metaimage_compressed.mha", kFeatures, "", [data](const fs::path& p) {
                 const std::string packed = zlib_bytes(data);
                 auto f = metaimage_fields_with("CompressedData", "True");
                 f.push_back("CompressedDataSize = " + std::to_string(packed.size()));
                 write_metaimage(p, f, &packed);
               });
    e.back().c.same_as_image = img;
    e.back().c.same_as_mask = msk;
    image_case("metaimage_data_file_is_folder", "MetaImage header (.mhd) whose ElementDataFile is a folder",
               "metaimage_data_file_is_folder.mhd", kFileReadError, "folder", [](const fs::path& p) {
                 fs::create_directories(p.parent_path() / "metaimage_data_folder");
                 write_metaimage(p, metaimage_fields_with("ElementDataFile", "metaimage_data_folder"), nullptr);
               });
    image_case("metaimage_data_file_missing", "MetaImage header (.mhd) naming a data file that does not exist",
               "metaimage_data_file_missing.mhd", kFileReadError, "missing.raw", [](const fs::path& p) {
                 write_metaimage(p, metaimage_fields_with("ElementDataFile", "missing.raw"), nullptr);
               });
    // MetaIO prints its complaints on std::cerr, several lines each: they become the one error line.
    image_case("metaimage_header_without_dimsize", "MetaImage header without DimSize (MetaIO prints four lines)",
               "metaimage_header_without_dimsize.mha", kFileReadError, "DimSize", [data](const fs::path& p) {
                 std::vector<std::string> f;
                 for (const auto& line : metaimage_fields())
                   if (line.rfind("DimSize", 0) != 0) f.push_back(line);
                 write_metaimage(p, f, &data);
               });
    image_case("metaimage_unknown_element_type", "MetaImage ElementType MET_QUATERNION (no such type)",
               "metaimage_unknown_element_type.mha", kFileReadError, "metaimage_unknown_element_type.mha",
               [data](const fs::path& p) {
                 write_metaimage(p, metaimage_fields_with("ElementType", "MET_QUATERNION"), &data);
               });
    image_case("metaimage_detached", "MetaImage header (.mhd) and its raw data file (valid): same values",
               "metaimage_detached.mhd", kFeatures, "", [data](const fs::path& p) {
                 write_metaimage(p, metaimage_fields_with("ElementDataFile", "metaimage_detached.raw"), nullptr);
                 write_text(p.parent_path() / "metaimage_detached.raw", data);
               });
    e.back().c.same_as_image = img;
    e.back().c.same_as_mask = msk;
  }

  // --- Plausible spacing (1 um to 1 m) and resources checked before the work starts. ---
  {
    const std::string data = float_bytes(base_pattern());
    const std::string box_data = float_bytes(base_box());
    const auto spacing_case = [&](std::string name, std::string description, std::string vectors) {
      Case c = make_case(name, description, dir / (name + ".nrrd"), dir / (name + "_mask.nrrd"), kConfig, kInputError,
                         "spacing");
      const fs::path p = c.image, q = c.mask;
      e.push_back({c, [p, q, vectors, data, box_data] {
                     write_nrrd(p, nrrd_fields_with("space directions", vectors), data);
                     write_nrrd(q, nrrd_fields_with("space directions", vectors), box_data);
                   }});
    };
    spacing_case("nrrd_spacing_1e200", "NRRD image and mask with spacing 1e200 mm (was: Qhull crash, or 1 mm silently)",
                 "(1e200,0,0) (0,1e200,0) (0,0,1e200)");
    spacing_case("nrrd_spacing_1e150", "NRRD image and mask with spacing 1e150 mm (was: infinite mesh area)",
                 "(1e150,0,0) (0,1e150,0) (0,0,1e150)");
    spacing_case("nrrd_spacing_1e_minus_9", "NRRD image and mask with spacing 1e-9 mm (was: std::length_error)",
                 "(1e-9,0,0) (0,1e-9,0) (0,0,1e-9)");
    Case c = make_case("metaimage_spacing_1e200", "MetaImage image and mask with ElementSpacing 1e200 mm",
                       dir / "metaimage_spacing_1e200.mha", dir / "metaimage_spacing_1e200_mask.mha", kConfig,
                       kInputError, "spacing");
    const fs::path p = c.image, q = c.mask;
    e.push_back({c, [p, q, data, box_data] {
                   write_metaimage(p, metaimage_fields_with("ElementSpacing", "1e200 1e200 1e200"), &data);
                   write_metaimage(q, metaimage_fields_with("ElementSpacing", "1e200 1e200 1e200"), &box_data);
                 }});
  }
  {
    // Costly neighbourhoods: they must finish quickly and small (the CLI check: 120 s, 512 MiB).
    Case* c = intensity_case("neighbourhood_distance_100",
                             "NGTDM and NGLDM at distance 100, the largest allowed (was: > 90 s on the CT phantom, "
                             "an 8-million-column NGLDM matrix)",
                             R"({"families": ["ngtdm", "ngldm"], "texture": {"ngtdm_distance": 100, "ngldm_distance": 100},
                                 "discretisation": {"method": "fixed_bin_number", "bin_count": 8}})",
                             kFeatures, "", base_pattern());
    c->guarded = true;
    Case m = make_case("nifti_micron_units", "NIfTI image and mask in micrometres (spacing 0.001 mm) with local intensity "
                       "(was: > 120 s building a sphere of 6200 voxels' radius)",
                       dir / "nifti_micron_units.nii", dir / "nifti_micron_units_mask.nii",
                       R"({"families": ["local_intensity", "statistics"]})", kFeatures, "");
    m.guarded = true;
    const fs::path p = m.image, q = m.mask;
    e.push_back({m, [p, q] {
                   Nifti h{{kSide, kSide, kSide}};
                   h.xyzt_units = 3;  // NIFTI_UNITS_MICRON: ITK converts the spacing to 0.001 mm
                   write_nifti(p, h, base_pattern());
                   write_nifti(q, h, base_box());
                 }});
  }
  config_case("config_interpolation_spacing_tiny", R"({"interpolation": {"spacing": 1e-4}})", "interpolation.spacing");
  config_case("config_interpolation_spacing_huge", R"({"interpolation": {"spacing": [1, 1, 5000]}})",
              "interpolation.spacing");
  config_case("config_memory_limit_zero", R"({"memory_limit_gb": 0})", "memory_limit_gb");
  {
    Case* c = intensity_case("interpolation_grid_too_large",
                             "interpolation of a 16 mm image to 0.001 mm (4e12 voxels): refused before allocating",
                             R"({"families": ["statistics"], "interpolation": {"spacing": 0.001}})", kInputError,
                             "interpolation", base_pattern());
    c->guarded = true;
    c = intensity_case("memory_limit_exceeded", "a memory limit of 1 kB: the first stage is refused, naming the limit",
                       R"({"families": ["statistics"], "memory_limit_gb": 1e-6})", kInputError, "memory_limit_gb",
                       base_pattern());
  }

  // --- Intensities on every read path: non-finite values stay non-finite, integers stay exact. ---
  {
    // NIfTI's reference library (inside ITK) turns NaN and inf float voxels into 0; the reader
    // must restore them so that the non-finite check fires instead of a silently shifted mean.
    std::vector<float> v = base_pattern();
    v[at(kCentre, kCentre, kCentre)] = kNaN;
    const auto nifti_case = [&](std::string name, std::string description, std::string config,
                                std::vector<float> voxels) {
      Case c = make_case(name, description, dir / (name + ".nii"), raw_msk, config, kInputError, "finite");
      const fs::path p = c.image;
      e.push_back({c, [p, voxels] { write_nifti(p, Nifti{{kSide, kSide, kSide}}, voxels); }});
    };
    nifti_case("nifti_nan_in_roi", "NIfTI float image with NaN at a voxel inside the ROI", kConfig, v);
    nifti_case("nifti_nan_in_roi_no_discretisation",
               "the same NIfTI image with texture and no discretisation: the NaN is named, not the grey levels",
               R"({"families": ["glcm"]})", v);
    std::vector<float> all = base_pattern();
    const std::vector<float> roi = base_box();
    for (std::size_t i = 0; i < all.size(); ++i)
      if (roi[i] != 0.0f) all[i] = kNaN;
    {
      // Scaled: the NIfTI library's 0 becomes 0 * 2 + 5 = 5, a value no other voxel has.
      Case c = make_case("nifti_nan_in_roi_scaled", "NIfTI float image with NaN in the ROI and scl_slope 2, scl_inter 5",
                         dir / "nifti_nan_in_roi_scaled.nii", raw_msk, kConfig, kInputError, "finite");
      const fs::path p = c.image;
      e.push_back({c, [p, v] {
                     Nifti h{{kSide, kSide, kSide}};
                     h.scl_slope = 2.0f;
                     h.scl_inter = 5.0f;
                     write_nifti(p, h, v);
                   }});
    }
    nifti_case("nifti_roi_all_nan", "NIfTI float image whose every ROI voxel is NaN",
               R"({"families": ["statistics"]})", all);
    Case c = make_case("nifti_float64_inf_in_roi", "NIfTI float64 image with +inf inside the ROI",
                       dir / "nifti_float64_inf_in_roi.nii", raw_msk, kConfig, kInputError, "finite");
    const fs::path p = c.image;
    e.push_back({c, [p] {
                   const std::vector<float> f = base_pattern();
                   std::vector<double> d(f.begin(), f.end());
                   d[at(kCentre, kCentre, kCentre)] = std::numeric_limits<double>::infinity();
                   Nifti h{{kSide, kSide, kSide}};
                   h.datatype = 64;
                   h.bitpix = 64;
                   write_nifti_bytes(p, h, bytes_as<double>(d));
                 }});
    Case m = make_case("nifti_nan_in_mask", "NIfTI float mask with one NaN voxel", raw_img,
                       dir / "nifti_nan_in_mask.nii", kConfig, kInputError, "non-integer|finite");
    const fs::path q = m.mask;
    e.push_back({m, [q] {
                   std::vector<float> mv = base_box();
                   mv[at(1, 1, 1)] = kNaN;
                   write_nifti(q, Nifti{{kSide, kSide, kSide}}, mv);
                 }});
    image_case("metaimage_nan_in_roi", "MetaImage (.mha) float image with NaN inside the ROI", "metaimage_nan_in_roi.mha",
               kInputError, "finite", [v](const fs::path& path) {
                 const std::string payload = float_bytes(v);
                 write_metaimage(path, metaimage_fields(), &payload);
               });
  }
  patched_nifti("nifti_spacing_1e_minus_38", "NIfTI pixdim[1] = 1e-38 (was: std::length_error)", kInputError, "spacing", 80,
                bytes_of(1e-38f));
  patched_nifti("nifti_vox_offset_zero", "NIfTI vox_offset = 0 (voxel data would overlap the header)",
                kFileReadError, "vox_offset", 108, bytes_of(0.0f));
  patched_nifti("nifti_vox_offset_348", "NIfTI vox_offset = 348 (inside the 352 bytes of header and extension flag)",
                kFileReadError, "vox_offset", 108, bytes_of(348.0f));
  {
    // Intensities are single-precision floats: integers are exact up to 2^24 only.
    std::vector<std::int64_t> wide;
    for (float x : base_pattern()) wide.push_back((std::int64_t{1} << 40) + static_cast<std::int64_t>(x));
    const auto wide_case = [&](std::string name, std::string description, std::string file,
                               std::function<void(const fs::path&)> make) {
      image_case(name, description, file, kInputError, "exactly", std::move(make));
    };
    wide_case("nifti_int64_beyond_float", "NIfTI int64 intensities 2^40 + 1..11 (not exact in float)",
              "nifti_int64_beyond_float.nii", [wide](const fs::path& p) {
                Nifti h{{kSide, kSide, kSide}};
                h.datatype = 1024;
                h.bitpix = 64;
                write_nifti_bytes(p, h, bytes_as<std::int64_t>(wide));
              });
    e.back().c.mask = raw_msk;
    wide_case("nrrd_int64_beyond_float", "NRRD int64 intensities 2^40 + 1..11", "nrrd_int64_beyond_float.nrrd",
              [wide](const fs::path& p) { write_nrrd(p, nrrd_fields_with("type", "int64"), bytes_as<std::int64_t>(wide)); });
    wide_case("metaimage_int64_beyond_float", "MetaImage MET_LONG_LONG intensities 2^40 + 1..11",
              "metaimage_int64_beyond_float.mha", [wide](const fs::path& p) {
                const std::string payload = bytes_as<std::int64_t>(wide);
                write_metaimage(p, metaimage_fields_with("ElementType", "MET_LONG_LONG"), &payload);
              });
    wide_case("nrrd_uint32_beyond_float", "NRRD uint32 intensities 2^24 + 1..11", "nrrd_uint32_beyond_float.nrrd",
              [](const fs::path& p) {
                std::vector<std::uint32_t> u;
                for (float x : base_pattern()) u.push_back((1u << 24) + static_cast<std::uint32_t>(x));
                write_nrrd(p, nrrd_fields_with("type", "uint32"), bytes_as<std::uint32_t>(u));
              });
    Case c = make_case("nifti_int64_exact", "NIfTI int64 intensities 1..11 (exact in float): same values as float",
                       dir / "nifti_int64_exact.nii", raw_msk, kConfig, kFeatures, "");
    c.same_as_image = raw_img;
    c.same_as_mask = raw_msk;
    const fs::path p = c.image;
    e.push_back({c, [p] {
                   Nifti h{{kSide, kSide, kSide}};
                   h.datatype = 1024;
                   h.bitpix = 64;
                   write_nifti_bytes(p, h, bytes_as<std::int64_t>(base_pattern()));
                 }});
  }

  // --- Dimensionality. ---
  {
    Case c = make_case("image_4d", "4D NIfTI with 3 volumes", dir / "image_4d.nii", raw_msk, kConfig, kInputError, "4D");
    const fs::path p = c.image;
    e.push_back({c, [p] {
                   std::vector<float> v;
                   for (int t = 0; t < 3; ++t) for (float x : base_pattern()) v.push_back(x + static_cast<float>(t));
                   write_nifti(p, Nifti{{kSide, kSide, kSide, 3}}, v);
                 }});
  }
  {
    Case c = make_case("image_4d_single_volume", "4D NIfTI whose 4th axis has size 1: read as 3D", dir / "image_4d_single.nii",
           raw_msk, kConfig, kFeatures, "");
    c.same_as_image = raw_img;
    c.same_as_mask = raw_msk;
    const fs::path p = c.image;
    e.push_back({c, [p] { write_nifti(p, Nifti{{kSide, kSide, kSide, 1}}, base_pattern()); }});
  }
  {
    Case c = make_case("image_5d", "5D NIfTI (16x16x16x1x2)", dir / "image_5d.nii", raw_msk, kConfig, kInputError,
           "5D|dimension");
    const fs::path p = c.image;
    e.push_back({c, [p] {
                   std::vector<float> v = base_pattern();
                   v.insert(v.end(), v.begin(), v.end());
                   write_nifti(p, Nifti{{kSide, kSide, kSide, 1, 2}}, v);
                 }});
  }
  {
    Case c = make_case("image_2d", "2D NIfTI image and mask (one 16x16 slice): analysed as one slice",
           dir / "image_2d.nii", dir / "mask_2d.nii", kConfig, kFeatures, "");
    c.expect_warning = true;  // 25 voxels
    c.same_as_image = dir / "image_one_slice.nii";
    c.same_as_mask = dir / "mask_one_slice.nii";
    const Case k = c;
    e.push_back({c, [k] {
                   const std::vector<float> all = base_pattern();
                   const std::vector<float> slice(all.begin() + kSide * kSide * kCentre,
                                                  all.begin() + kSide * kSide * (kCentre + 1));
                   const std::vector<float> roi = box(kSide, kSide, 1, {kCentre, kCentre, 0}, kHalf);
                   write_nifti(k.image, Nifti{{kSide, kSide}}, slice);
                   write_nifti(k.mask, Nifti{{kSide, kSide}}, roi);
                   write_nifti(k.same_as_image, Nifti{{kSide, kSide, 1}}, slice);
                   write_nifti(k.same_as_mask, Nifti{{kSide, kSide, 1}}, roi);
                 }});
  }

  // --- Image and mask geometry. ---
  const auto geometry_case = [&](std::string name, std::string description, unsigned expect, std::string message,
                                 std::function<void(Image&)> change) {
    Case c = make_case(name, description, img, dir / (name + ".nrrd"), kConfig, expect, message);
    if (expect == kFeatures) {
      c.same_as_image = img;
      c.same_as_mask = msk;
    }
    const fs::path p = c.mask;
    e.push_back({c, [p, change] {
                   Image m = volume(base_box());
                   change(m);
                   write_image(m, p.string());
                 }});
  };
  geometry_case("mismatch_size", "mask of 16x16x15 voxels on a 16x16x16 image", kInputError, "size", [](Image& m) {
    m.geometry.size[2] = kSide - 1;
    m.data.resize(m.geometry.voxel_count());
  });
  geometry_case("mismatch_spacing", "mask spacing (1, 1, 1.5) on an image of spacing 1", kInputError, "spacing",
                [](Image& m) { m.geometry.spacing[2] = 1.5; });
  geometry_case("mismatch_origin", "mask origin shifted by 2 mm along z", kInputError, "origin",
                [](Image& m) { m.geometry.origin[2] = 2.0; });
  geometry_case("mismatch_direction", "mask axes x and y swapped (direction)", kInputError, "direction",
                [](Image& m) { m.geometry.direction = {0, 1, 0, 1, 0, 0, 0, 0, 1}; });
  geometry_case("origin_rounding_noise", "mask origin off by 1e-6 mm (float rounding): accepted", kFeatures, "",
                [](Image& m) { m.geometry.origin = {1e-6, -1e-6, 1e-6}; });
  {
    Case c = make_case("mixed_formats", "NIfTI image with a NRRD mask of the same grid: accepted", dir / "image.nii", msk,
           kConfig, kFeatures, "");
    c.same_as_image = img;
    c.same_as_mask = msk;
    const fs::path p = c.image;
    e.push_back({c, [p] { write_image(volume(base_pattern()), p.string()); }});
  }

  // --- Mask content. ---
  const auto write_mask = [](std::vector<float> v) {
    return [v](const fs::path& p) { write_image(volume(v), p.string()); };
  };
  mask_case("mask_empty", "mask of zeros only", kInputError, "empty|no voxel", write_mask(std::vector<float>(at(0, 0, kSide), 0.0f)));
  {
    std::vector<float> v = base_box(2.0f);
    v[at(1, 1, 1)] = 3.0f;
    mask_case("mask_label_absent", "mask with labels 2 and 3, label 1 requested", kInputError, "label 1", write_mask(v));
  }
  mask_case("mask_255_default_label", "mask of 0/255, default label 1: the error lists 255", kInputError, "255",
            write_mask(base_box(255.0f)));
  {
    mask_case("mask_255_label_255", "mask of 0/255 with label 255: a valid label", kFeatures, "",
              write_mask(base_box(255.0f)));
    Case& c = e.back().c;
    c.config = R"({"label": 255, "discretisation": {"method": "fixed_bin_number", "bin_count": 8}})";
    c.same_as_image = img;
    c.same_as_mask = msk;
    c.same_as_config = kConfig;
  }
  {
    std::vector<float> v = base_box();
    for (float& x : v) x *= 0.5f;
    mask_case("mask_half_values", "mask of 0/0.5 (a probability map, not labels)", kInputError, "non-integer",
              write_mask(v));
  }
  {
    std::vector<float> v = base_box();
    v[at(0, 0, 0)] = kNaN;
    mask_case("mask_nan", "mask with one NaN voxel", kInputError, "non-integer|finite", write_mask(v));
  }
  {
    std::vector<float> v = base_box();
    v[at(0, 0, 0)] = 3e9f;
    mask_case("mask_label_3e9", "mask with a value 3e9 (no 32-bit label)", kInputError, "range|int32|32-bit|too large",
              write_mask(v));
  }

  // --- ROI shapes: results, finite or NaN, with warnings where small. ---
  const auto roi_case = [&](std::string name, std::string description, std::array<int, 3> centre,
                            std::array<int, 3> half, bool warning, std::string config = kConfig) {
    Case c = make_case(name, description, img, dir / (name + ".nrrd"), config, kFeatures, "");
    c.expect_warning = warning;
    const fs::path p = c.mask;
    e.push_back({c, [p, centre, half] { write_image(volume(box(kSide, kSide, kSide, centre, half)), p.string()); }});
    return &e.back().c;
  };
  roi_case("roi_one_voxel", "ROI of one voxel", kCentre3, {0, 0, 0}, true);
  roi_case("roi_one_slice", "ROI of 5x5 voxels in one slice", kCentre3, {2, 2, 0}, true);
  roi_case("roi_line", "ROI of 1x1x5 voxels (a line)", kCentre3, {0, 0, 2}, true);
  roi_case("roi_corner", "ROI of 5x5x5 voxels touching three image borders", {2, 2, 2}, kHalf, false);
  roi_case("roi_whole_image", "ROI of every voxel of the image", kCentre3, {kSide, kSide, kSide}, false);
  {
    Case* c = roi_case("roi_one_voxel_interpolated", "one-voxel ROI interpolated to 0.5 mm", kCentre3, {0, 0, 0}, true,
                       R"({"interpolation": {"spacing": 0.5}, "discretisation": {"method": "fixed_bin_number", "bin_count": 8}})");
    c->expect = kFeatures | kInputError;  // the interpolated ROI may vanish: then "empty"
    c->message = "empty";
  }

  // --- Intensities. ---
  for (const auto& [name, value] : {std::pair<std::string, float>{"nan_in_roi", kNaN}, {"minus_inf_in_roi", -kInf}}) {
    std::vector<float> v = base_pattern();
    v[at(kCentre, kCentre, kCentre)] = value;
    intensity_case(name, "image with " + std::string(value != value ? "NaN" : "-inf") + " at a voxel inside the ROI",
                   kConfig, kInputError, "finite", v);
  }
  {
    std::vector<float> v = base_pattern();
    v[at(0, 0, 0)] = kNaN;
    v[at(kSide - 1, kSide - 1, kSide - 1)] = kInf;
    Case* c = intensity_case("non_finite_far_outside_roi",
                             "NaN and inf at image corners, farther from the ROI than any computation reaches: ignored",
                             kConfig, kFeatures, "", v);
    c->same_as_image = img;
    c->same_as_mask = msk;
  }
  {
    std::vector<float> v = base_pattern();
    v[at(kCentre + 3, kCentre, kCentre)] = kNaN;  // one voxel beyond the ROI border
    intensity_case("nan_next_to_roi_local_intensity",
                   "NaN one voxel outside the ROI, inside the 1 cm^3 local-intensity sphere of ROI voxels", kConfig,
                   kInputError, "finite", v);
    const std::string only = R"({"families": ["morphology", "statistics", "intensity_histogram", "glcm", "ngtdm"],
        "discretisation": {"method": "fixed_bin_number", "bin_count": 8}})";
    Case* c = intensity_case("nan_next_to_roi_unused",
                             "NaN one voxel outside the ROI, local intensity off: no feature reads it, ignored", only,
                             kFeatures, "", v);
    c->same_as_image = img;
    c->same_as_mask = msk;
    v[at(kCentre + 3, kCentre, kCentre)] = kInf;
    intensity_case("inf_next_to_roi_interpolated",
                   "inf one voxel outside the ROI, interpolation to 0.7 mm blends it into the ROI",
                   R"({"families": ["statistics"], "interpolation": {"spacing": 0.7}})", kInputError, "finite", v);
  }
  {
    Case* c = intensity_case("constant_intensity", "every voxel 5: texture NaN with a warning, statistics defined",
                             kConfig, kFeatures, "", std::vector<float>(at(0, 0, kSide), 5.0f));
    c->expect_warning = true;
  }
  {
    std::vector<float> v = base_pattern();
    for (int z = 0; z < kSide; ++z)
      for (int y = 0; y < kSide; ++y)
        for (int x = 0; x < kSide; ++x) v[at(x, y, z)] = static_cast<float>(1 + (x * 7919 + y * 104729 + z * 1299709) % 40000);
    Case* c = intensity_case("huge_grey_levels", "integer intensities up to 40000 without discretisation: a 40000^2 GLCM",
                             R"({"families": ["glcm"], "discretisation": {"method": "none"}})", kInputError, "grey level", v);
    c->guarded = true;
  }
  {
    Case* c = intensity_case("tiny_bin_width", "fixed bin size 1e-5 over intensities 1..11: a million grey levels",
                             R"({"families": ["glcm"], "discretisation": {"method": "fixed_bin_size", "bin_width": 1e-5}})",
                             kInputError, "grey level", base_pattern());
    c->guarded = true;
    c = intensity_case("huge_bin_count", "fixed bin number of 1000000 bins with texture",
                       R"({"families": ["glcm"], "discretisation": {"method": "fixed_bin_number", "bin_count": 1000000}})",
                       kInputError | kSettingsError, "bin|grey level", base_pattern());
    c->guarded = true;
  }
  {
    std::vector<float> v = base_pattern();
    for (float& x : v) x += 0.25f;
    intensity_case("ivh_continuous_without_discretisation",
                   "non-integer intensities with the intensity-volume histogram left undiscretised",
                   R"({"families": ["intensity_volume_histogram"], "ivh_discretisation": {"method": "none"}})",
                   kFeatures, "", v)->expect_warning = true;
  }
  {
    std::vector<float> v = base_pattern();
    for (float& x : v) x -= 20.0f;
    intensity_case("negative_grey_levels", "intensities below 1 with texture and no discretisation",
                   R"({"families": ["glcm"], "discretisation": {"method": "none"}})", kInputError, "discretisation", v);
  }
  {
    std::vector<float> v = base_pattern();
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = (i % 2 ? 1e30f : -1e30f) * v[i];
    intensity_case("huge_intensities", "intensities of magnitude 1e30 (fixed bin numbers): finite results",
                   R"({"discretisation": {"method": "fixed_bin_number", "bin_count": 8},
                       "ivh_discretisation": {"method": "fixed_bin_number", "bin_count": 100}})",
                   kFeatures, "", v);
  }

  // --- Configurations (the rest is in tests/test_settings.cpp). ---
  config_case("config_analysis_number", R"({"analysis": 3})", "analysis");
  config_case("config_families_empty", R"({"families": []})", "families");
  config_case("config_families_string", R"({"families": "glcm"})", "families");
  config_case("config_label_fraction", R"({"label": 1.5})", "label");
  config_case("config_label_bool", R"({"label": true})", "label");
  config_case("config_label_beyond_int32", R"({"label": 2147483648})", "label");
  config_case("config_bin_count_fraction", R"({"discretisation": {"method": "fixed_bin_number", "bin_count": 2.5}})",
              "discretisation.bin_count");
  config_case("config_bin_count_negative", R"({"discretisation": {"method": "fixed_bin_number", "bin_count": -3}})",
              "discretisation.bin_count");
  config_case("config_bin_width_string", R"({"discretisation": {"method": "fixed_bin_size", "bin_width": "25"}})",
              "discretisation.bin_width");
  config_case("config_bin_width_zero", R"({"discretisation": {"method": "fixed_bin_size", "bin_width": 0}})",
              "discretisation.bin_width");
  config_case("config_bin_width_overflow", R"({"discretisation": {"method": "fixed_bin_size", "bin_width": 1e400}})",
              "bin_width|JSON");
  config_case("config_ivh_bin_width_zero", R"({"ivh_discretisation": {"method": "fixed_bin_size", "bin_width": 0}})",
              "ivh_discretisation.bin_width");
  config_case("config_interpolation_two_spacings", R"({"interpolation": {"spacing": [1, 1]}})", "interpolation.spacing");
  config_case("config_interpolation_negative", R"({"interpolation": {"spacing": -1}})", "interpolation.spacing");
  config_case("config_interpolation_not_object", R"({"interpolation": 5})", "interpolation");
  config_case("config_resegmentation_one_bound", R"({"resegmentation": {"range": [1]}})", "resegmentation.range");
  config_case("config_outlier_sigma_zero", R"({"resegmentation": {"outlier_sigma": 0}})", "outlier_sigma");
  config_case("config_ngldm_alpha_negative", R"({"texture": {"ngldm_alpha": -1}})", "texture.ngldm_alpha");
  config_case("config_glcm_distance_huge", R"({"texture": {"glcm_distance": 1000}})", "texture.glcm_distance");
  config_case("config_texture_not_object", R"({"texture": []})", "texture");
  config_case("config_modality_lowercase", R"({"modality": "ct"})", "modality");
  config_case("config_round_intensities_string", R"({"round_intensities": "yes"})", "round_intensities");
  config_case("config_empty_text", "", "JSON");
  config_case("config_duplicate_key", R"({"label": 1, "label": 2})", "label");
  config_case("config_bin_width_with_fixed_bin_number",
              R"({"discretisation": {"method": "fixed_bin_number", "bin_count": 8, "bin_width": 25}})", "bin_width");
  config_case("config_bin_count_with_fixed_bin_size",
              R"({"discretisation": {"method": "fixed_bin_size", "bin_width": 25, "bin_count": 8}})", "bin_count");
  config_case("config_lower_bound_with_fixed_bin_number",
              R"({"discretisation": {"method": "fixed_bin_number", "bin_count": 8, "lower_bound": -500}})",
              "lower_bound");
  config_case("config_bin_width_with_none", R"({"discretisation": {"method": "none", "bin_width": 25}})", "bin_width");

  // --- IBSI 2 filters (docs/filters.md). ---
  config_case("config_filter_unknown_type", R"({"filtering": {"filters": [{"type": "sobel"}]}})",
              "filtering.filters[0].type");
  config_case("config_filter_unknown_wavelet",
              R"({"filtering": {"filters": [{"type": "wavelet", "wavelet": "db9", "band": "LLH"}]}})",
              "filtering.filters[0].wavelet");
  config_case("config_filter_bad_band",
              R"({"filtering": {"filters": [{"type": "wavelet", "wavelet": "haar", "band": "LXH"}]}})",
              "filtering.filters[0].band");
  config_case("config_filter_sigma_zero", R"({"filtering": {"filters": [{"type": "log", "sigma": 0}]}})",
              "filtering.filters[0].sigma");
  config_case("config_filter_morphology_on_maps",
              R"({"filtering": {"families": ["morphology"], "filters": [{"type": "mean", "support": 3}]}})",
              "filtering.families");
  intensity_case("filter_kernel_larger_than_image", "LoG of sigma 5 mm: a kernel of 41 voxels on a 16-voxel image",
                 R"({"filtering": {"filters": [{"type": "log", "sigma": 5}]}})", kInputError,
                 "filtering.filters[0].sigma", base_pattern());
  intensity_case("filter_level_too_deep", "Simoncelli level 4 needs 32 voxels per axis; the image has 16",
                 R"({"filtering": {"filters": [{"type": "simoncelli", "level": 4}]}})", kInputError,
                 "filtering.filters[0].level", base_pattern());
  {
    std::vector<float> v = base_pattern();
    v[0] = kNaN;  // a corner far from the ROI: ignored without filters, read by a filter
    intensity_case("filter_nan_far_from_roi",
                   "NaN in an image corner with a Simoncelli filter, which reads the whole image",
                   R"({"families": ["statistics"], "filtering": {"filters": [{"type": "simoncelli"}]}})",
                   kInputError, "filtering.filters[0]", v);
  }
  return e;
}

}  // namespace

std::vector<Case> build(const fs::path& dir) {
  fs::create_directories(dir);
  write_image(volume(base_pattern()), (dir / "image.nrrd").string());
  write_image(volume(base_box()), (dir / "mask.nrrd").string());
  write_nifti(dir / "raw_image.nii", Nifti{{kSide, kSide, kSide}}, base_pattern());
  write_nifti(dir / "raw_mask.nii", Nifti{{kSide, kSide, kSide}}, base_box());
  std::vector<Case> cases;
  for (auto& entry : entries(dir)) {
    entry.write();
    cases.push_back(entry.c);
  }
  return cases;
}

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto& entry : entries({})) names.push_back(entry.c.name);
  return names;
}

void write_nifti(const fs::path& path, const Nifti& h, const std::vector<float>& voxels) {
  write_nifti_bytes(path, h, float_bytes(voxels));
}

void write_nifti_bytes(const fs::path& path, const Nifti& h, const std::string& payload) {
  std::string header(352, '\0');  // 348-byte header + 4-byte extension flag
  const auto put = [&header](std::size_t offset, const std::string& bytes) { header.replace(offset, bytes.size(), bytes); };
  put(0, bytes_of<std::int32_t>(348));
  put(40, bytes_of(static_cast<std::int16_t>(h.dims.size())));
  for (std::size_t a = 0; a < h.dims.size() && a < 7; ++a)
    put(42 + 2 * a, bytes_of(static_cast<std::int16_t>(h.dims[a])));
  for (std::size_t a = h.dims.size(); a < 7; ++a) put(42 + 2 * a, bytes_of<std::int16_t>(1));
  put(70, bytes_of(h.datatype));
  put(72, bytes_of(h.bitpix));
  put(76, bytes_of(1.0f));  // qfac
  for (std::size_t a = 0; a < h.pixdim.size() && a < 7; ++a) put(80 + 4 * a, bytes_of(h.pixdim[a]));
  put(108, bytes_of(h.vox_offset));
  put(112, bytes_of(h.scl_slope));
  put(116, bytes_of(h.scl_inter));
  header[123] = h.xyzt_units;
  put(252, bytes_of<std::int16_t>(1));              // qform_code: scanner; quaternion 0 = identity
  put(344, std::string("n+1\0", 4));
  write_text(path, header + payload);
}

void write_metaimage(const fs::path& path, const std::vector<std::string>& fields, const std::string* payload) {
  std::string text;
  for (const auto& f : fields) text += f + "\n";
  if (payload) text += "ElementDataFile = LOCAL\n" + *payload;
  write_text(path, text);
}

std::vector<std::string> metaimage_fields() {
  const std::string n = std::to_string(kSide);
  return {"ObjectType = Image",
          "NDims = 3",
          "BinaryData = True",
          "BinaryDataByteOrderMSB = False",
          "CompressedData = False",
          "TransformMatrix = 1 0 0 0 1 0 0 0 1",
          "Offset = 0 0 0",
          "ElementSpacing = 1 1 1",
          "DimSize = " + n + " " + n + " " + n,
          "ElementType = MET_FLOAT"};
}

std::vector<std::string> metaimage_fields_with(const std::string& key, const std::string& value) {
  std::vector<std::string> f = metaimage_fields();
  bool found = false;
  for (auto& line : f)
    if (line.rfind(key + " ", 0) == 0) {
      line = key + " = " + value;
      found = true;
    }
  if (!found) f.push_back(key + " = " + value);
  return f;
}

void write_nrrd(const fs::path& path, const std::vector<std::string>& fields, const std::string& payload) {
  std::string text = "NRRD0004\n";
  for (const auto& f : fields) text += f + "\n";
  write_text(path, text + "\n" + payload);
}

std::vector<std::string> nrrd_fields() {
  const std::string n = std::to_string(kSide);
  return {"type: float",
          "dimension: 3",
          "space: left-posterior-superior",
          "sizes: " + n + " " + n + " " + n,
          "space directions: (1,0,0) (0,1,0) (0,0,1)",
          "kinds: domain domain domain",
          "endian: little",
          "encoding: raw",
          "space origin: (0,0,0)"};
}

std::vector<std::string> nrrd_fields_with(const std::string& key, const std::string& value) {
  std::vector<std::string> f = nrrd_fields();
  for (auto& line : f)
    if (line.rfind(key + ":", 0) == 0) line = key + ": " + value;
  return f;
}

std::string float_bytes(const std::vector<float>& voxels) {
  std::string bytes(voxels.size() * sizeof(float), '\0');
  if (!voxels.empty()) std::memcpy(bytes.data(), voxels.data(), bytes.size());
  return bytes;
}

void truncate_file(const fs::path& path, std::uintmax_t size) { fs::resize_file(path, size); }

void patch_bytes(const fs::path& path, std::uintmax_t offset, const std::string& bytes) {
  std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!f) throw std::runtime_error("corpus: cannot patch " + path.string());
}

std::vector<float> pattern(int nx, int ny, int nz) {
  std::vector<float> v;
  for (int z = 0; z < nz; ++z)
    for (int y = 0; y < ny; ++y)
      for (int x = 0; x < nx; ++x) v.push_back(static_cast<float>(1 + (x * 7 + y * 3 + z * 5) % 11));
  return v;
}

std::vector<float> box(int nx, int ny, int nz, std::array<int, 3> centre, std::array<int, 3> half_width, float label) {
  std::vector<float> v;
  for (int z = 0; z < nz; ++z)
    for (int y = 0; y < ny; ++y)
      for (int x = 0; x < nx; ++x)
        v.push_back(std::abs(x - centre[0]) <= half_width[0] && std::abs(y - centre[1]) <= half_width[1] &&
                            std::abs(z - centre[2]) <= half_width[2]
                        ? label
                        : 0.0f);
  return v;
}

std::string gzip_bytes(const std::string& data) { return deflated(data, 15 + 16); }
std::string zlib_bytes(const std::string& data) { return deflated(data, 15); }

}  // namespace radiomics::test::corpus
