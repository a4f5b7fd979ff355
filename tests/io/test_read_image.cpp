// Reading images and masks in every supported format, with their geometry: NIfTI (.nii,
// .nii.gz), NRRD, MetaImage (.mha, .mhd) and a DICOM series folder. The DICOM series is written
// here with ITK's GDCM writer (the library itself never writes DICOM).
#include <gtest/gtest.h>
#include <itkGDCMImageIO.h>
#include <itkGDCMImageIOFactory.h>
#include <itkImage.h>
#include <itkImageSeriesWriter.h>
#include <itkMetaDataObject.h>
#include <itkNumericSeriesFileNames.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "radiomics/radiomics.hpp"
#include "support/volumes.hpp"
#include "support/tables.hpp"

namespace {

using namespace radiomics;

Image sample_image() {
  Image im = test::pattern_image(6);
  im.geometry.size = {6, 6, 6};
  im.geometry.spacing = {0.8, 0.9, 2.5};
  im.geometry.origin = {-10.0, 5.5, 30.0};
  for (auto& v : im.data) v = v * 10.0f - 50.0f;  // integers, negative ones too
  return im;
}

void expect_same(const Image& a, const Image& b, double geometry_tolerance = 1e-5) {
  ASSERT_EQ(a.geometry.size, b.geometry.size);
  for (int k = 0; k < 3; ++k) {
    EXPECT_NEAR(a.geometry.spacing[k], b.geometry.spacing[k], geometry_tolerance);
    EXPECT_NEAR(a.geometry.origin[k], b.geometry.origin[k], geometry_tolerance);
  }
  for (int k = 0; k < 9; ++k) EXPECT_NEAR(a.geometry.direction[k], b.geometry.direction[k], 1e-6);
  ASSERT_EQ(a.data.size(), b.data.size());
  for (std::size_t i = 0; i < a.data.size(); ++i) ASSERT_FLOAT_EQ(a.data[i], b.data[i]) << "voxel " << i;
}

TEST(ReadImage, RoundTripsEverySingleFileFormat) {
  const auto dir = test::temp_dir("read_formats");
  const Image im = sample_image();
  for (const char* name : {"a.nii", "a.nii.gz", "a.nrrd", "a.mha", "a.mhd"}) {
    const std::string path = (dir / name).string();
    write_image(im, path);
    SCOPED_TRACE(name);
    expect_same(im, read_image(path));
  }
}

TEST(ReadImage, LabelMapsKeepIntegerLabels) {
  const auto dir = test::temp_dir("read_labels");
  LabelMap m = test::box_mask(6, 1, 255);
  m.data[0] = 3;
  write_image(test::as_image(m), (dir / "m.nrrd").string());
  const LabelMap back = read_label_map((dir / "m.nrrd").string());
  EXPECT_EQ(back.data, m.data);
}

TEST(ReadImage, DicomSeriesFolder) {
  const auto dir = test::temp_dir("read_dicom");
  const Image im = sample_image();
  using Volume3 = itk::Image<std::int16_t, 3>;
  using Slice2 = itk::Image<std::int16_t, 2>;
  auto volume = Volume3::New();
  Volume3::RegionType region;
  Volume3::SpacingType spacing;
  Volume3::PointType origin;
  for (unsigned a = 0; a < 3; ++a) {
    region.SetSize(a, im.geometry.size[a]);
    spacing[a] = im.geometry.spacing[a];
    origin[a] = im.geometry.origin[a];
  }
  volume->SetRegions(region);
  volume->SetSpacing(spacing);
  volume->SetOrigin(origin);
  volume->Allocate();
  for (std::size_t i = 0; i < im.data.size(); ++i) volume->GetBufferPointer()[i] = static_cast<std::int16_t>(im.data[i]);

  auto io = itk::GDCMImageIO::New();
  auto names = itk::NumericSeriesFileNames::New();
  names->SetSeriesFormat((dir / "slice%03d.dcm").string());
  names->SetStartIndex(0);
  names->SetEndIndex(static_cast<itk::SizeValueType>(im.geometry.size[2] - 1));
  names->SetIncrementIndex(1);
  // Each slice needs its position and the shared spacing in its DICOM header.
  auto writer = itk::ImageSeriesWriter<Volume3, Slice2>::New();
  std::vector<itk::MetaDataDictionary*> dictionaries;
  std::vector<itk::MetaDataDictionary> storage(im.geometry.size[2]);
  for (std::size_t z = 0; z < im.geometry.size[2]; ++z) {
    auto& d = storage[z];
    itk::EncapsulateMetaData<std::string>(d, "0008|0060", "CT");
    itk::EncapsulateMetaData<std::string>(d, "0020|000e", "1.2.826.0.1.3680043.2.1125.1");
    itk::EncapsulateMetaData<std::string>(d, "0020|000d", "1.2.826.0.1.3680043.2.1125.2");
    itk::EncapsulateMetaData<std::string>(d, "0020|0013", std::to_string(z + 1));
    const double zpos = im.geometry.origin[2] + static_cast<double>(z) * im.geometry.spacing[2];
    itk::EncapsulateMetaData<std::string>(
        d, "0020|0032", std::to_string(im.geometry.origin[0]) + "\\" + std::to_string(im.geometry.origin[1]) + "\\" + std::to_string(zpos));
    itk::EncapsulateMetaData<std::string>(d, "0020|0037", "1\\0\\0\\0\\1\\0");
    itk::EncapsulateMetaData<std::string>(d, "0018|0050", std::to_string(im.geometry.spacing[2]));
    itk::EncapsulateMetaData<std::string>(
        d, "0028|0030", std::to_string(im.geometry.spacing[1]) + "\\" + std::to_string(im.geometry.spacing[0]));
    dictionaries.push_back(&d);
  }
  io->KeepOriginalUIDOn();
  writer->SetInput(volume);
  writer->SetImageIO(io);
  writer->SetFileNames(names->GetFileNames());
  writer->SetMetaDataDictionaryArray(&dictionaries);
  writer->Update();

  const Image back = read_image(dir.string());
  expect_same(im, back, 1e-3);
}

TEST(ReadImage, FolderWithoutDicomIsAReadError) {
  const auto dir = test::temp_dir("read_empty_folder");
  EXPECT_THROW(read_image(dir.string()), FileReadError);
}

}  // namespace

namespace {

// Regression (found by fuzz_nifti_header): a header whose vox_offset is absurd (7.4e19) made the
// truncation check convert an out-of-range double to an integer.
TEST(ReadImage, AbsurdVoxOffsetIsAReadError) {
  const auto dir = radiomics::test::temp_dir("read_vox_offset");
  const std::string path = (dir / "offset.nii").string();
  radiomics::write_image(sample_image(), path);
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  const float offset = 7.4e19f;
  f.seekp(108);
  f.write(reinterpret_cast<const char*>(&offset), sizeof offset);
  f.close();
  try {
    radiomics::read_image(path);
    FAIL() << "no error";
  } catch (const radiomics::FileReadError& e) {
    EXPECT_NE(std::string(e.what()).find("vox_offset"), std::string::npos) << e.what();
  }
}

}  // namespace

#include "io/checksum.hpp"

namespace {

TEST(Checksum, Sha256KnownAnswers) {
  // FIPS 180-4 examples.
  EXPECT_EQ(radiomics::sha256_bytes("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(radiomics::sha256_bytes(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // A file of more than one read chunk: a million 'a' (FIPS 180-4 long message).
  const auto dir = radiomics::test::temp_dir("sha256");
  std::ofstream(dir / "a.bin", std::ios::binary) << std::string(1000000, 'a');
  EXPECT_EQ(radiomics::sha256_file((dir / "a.bin").string()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  EXPECT_THROW(radiomics::sha256_file((dir / "none").string()), radiomics::FileNotFound);
}

}  // namespace

namespace {

// Regression (issue 10): the NIfTI library inside ITK replaced NaN and inf voxels by 0, so a NaN
// in the ROI became a silently wrong intensity. Every format must give them back unchanged.
TEST(ReadImage, NonFiniteVoxelsSurviveEveryFormat) {
  const auto dir = radiomics::test::temp_dir("read_non_finite");
  radiomics::Image im = sample_image();
  const float inf = std::numeric_limits<float>::infinity();
  im.data[0] = std::numeric_limits<float>::quiet_NaN();
  im.data[7] = inf;
  im.data[im.data.size() - 1] = -inf;
  for (const char* name : {"a.nii", "a.nii.gz", "a.nrrd", "a.mha"}) {
    SCOPED_TRACE(name);
    const std::string path = (dir / name).string();
    radiomics::write_image(im, path);
    const radiomics::Image back = radiomics::read_image(path);
    ASSERT_EQ(back.data.size(), im.data.size());
    EXPECT_TRUE(std::isnan(back.data[0]));
    EXPECT_EQ(back.data[7], inf);
    EXPECT_EQ(back.data.back(), -inf);
    for (std::size_t i = 1; i + 1 < im.data.size(); ++i) {
      if (i == 7) continue;
      ASSERT_EQ(back.data[i], im.data[i]) << "voxel " << i;
    }
  }
}

// Regression (issue 10): vox_offset 0 made the NIfTI library read the header as voxels.
TEST(ReadImage, VoxOffsetInsideTheHeaderIsAReadError) {
  const auto dir = radiomics::test::temp_dir("read_vox_offset_small");
  const std::string path = (dir / "offset.nii").string();
  radiomics::write_image(sample_image(), path);
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  const float offset = 0.0f;
  f.seekp(108);
  f.write(reinterpret_cast<const char*>(&offset), sizeof offset);
  f.close();
  EXPECT_THROW(radiomics::read_image(path), radiomics::FileReadError);
}

}  // namespace

namespace {

std::string float_payload(const radiomics::Image& im) {
  return std::string(reinterpret_cast<const char*>(im.data.data()), im.data.size() * sizeof(float));
}

void write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

std::string nrrd_header(const std::string& extra) {
  return "NRRD0004\ntype: float\ndimension: 3\nsizes: 6 6 6\nspacings: 0.8 0.9 2.5\nendian: little\n"
         "encoding: raw\n" + extra;
}

// The NRRD pre-check (issue 10) follows every way a header can place its data: a short data
// file in any of them is a read error before ITK allocates anything; complete ones read back.
TEST(ReadImage, NrrdDataPlacementsAreChecked) {
  const auto dir = radiomics::test::temp_dir("read_nrrd_placements");
  const radiomics::Image im = sample_image();
  const std::string data = float_payload(im);
  const std::size_t slab = data.size() / 6;
  for (int z = 0; z < 6; ++z) write_file(dir / ("s" + std::to_string(z) + ".raw"), data.substr(z * slab, slab));
  write_file(dir / "skip.raw", "two\nlines\n" + std::string(7, 'x') + data);
  write_file(dir / "tail.raw", std::string(100, 'x') + data);
  const std::pair<std::string, std::string> complete[] = {
      {"list.nhdr", "data file: LIST 2\ns0.raw\ns1.raw\ns2.raw\ns3.raw\ns4.raw\ns5.raw\n"},
      {"pattern.nhdr", "data file: s%d.raw 0 5 1 2\n"},
      {"skips.nhdr", "line skip: 2\nbyte skip: 7\ndata file: skip.raw\n"},
      {"tail.nhdr", "byte skip: -1\ndata file: tail.raw\n"},
  };
  for (const auto& [name, extra] : complete) {
    SCOPED_TRACE(name);
    write_file(dir / name, nrrd_header(extra));
    const radiomics::Image back = radiomics::read_image((dir / name).string());
    EXPECT_EQ(back.data, im.data);
  }
  write_file(dir / "short.raw", data.substr(0, slab / 2));
  const std::pair<std::string, std::string> short_ones[] = {
      {"list_short.nhdr", "data file: LIST 2\ns0.raw\ns1.raw\ns2.raw\ns3.raw\ns4.raw\nshort.raw\n"},
      {"pattern_short.nhdr", "data file: s%d.raw 0 4 1 2\n"},  // 5 files for 6 slices
      {"skips_short.nhdr", "line skip: 3\nbyte skip: 7\ndata file: skip.raw\n"},
      {"tail_short.nhdr", "byte skip: -1\ndata file: short.raw\n"},
  };
  for (const auto& [name, extra] : short_ones) {
    SCOPED_TRACE(name);
    write_file(dir / name, nrrd_header(extra));
    EXPECT_THROW(radiomics::read_image((dir / name).string()), radiomics::FileReadError);
  }
  // Regression (found by fuzz_text_headers): a LIST naming a folder threw std::ios_base::failure.
  std::filesystem::create_directories(dir / "folder");
  write_file(dir / "list_folder.nhdr", nrrd_header("line skip: 1\ndata file: LIST 2\nfolder\n"));
  EXPECT_THROW(radiomics::read_image((dir / "list_folder.nhdr").string()), radiomics::FileReadError);
  // A pattern is a format only in name: it is validated, never handed to printf.
  write_file(dir / "bad_pattern.nhdr", nrrd_header("data file: s%s%n.raw 0 5 1\n"));
  EXPECT_THROW(radiomics::read_image((dir / "bad_pattern.nhdr").string()), radiomics::FileReadError);
}

std::string metaimage_header(const std::string& extra) {
  return "ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\n"
         "ElementSpacing = 0.8 0.9 2.5\nDimSize = 6 6 6\nElementType = MET_FLOAT\n" + extra;
}

TEST(ReadImage, MetaImageDataPlacementsAreChecked) {
  const auto dir = radiomics::test::temp_dir("read_metaimage_placements");
  const radiomics::Image im = sample_image();
  const std::string data = float_payload(im);
  const std::size_t slab = data.size() / 6;
  for (int z = 0; z < 6; ++z) write_file(dir / ("s" + std::to_string(z) + ".raw"), data.substr(z * slab, slab));
  write_file(dir / "tail.raw", std::string(100, 'x') + data);
  const std::pair<std::string, std::string> complete[] = {
      {"list.mhd", "ElementDataFile = LIST 2D\ns0.raw\ns1.raw\ns2.raw\ns3.raw\ns4.raw\ns5.raw\n"},
      {"pattern.mhd", "ElementDataFile = s%d.raw 0 5 1\n"},
      {"tail.mhd", "HeaderSize = -1\nElementDataFile = tail.raw\n"},
  };
  for (const auto& [name, extra] : complete) {
    SCOPED_TRACE(name);
    write_file(dir / name, metaimage_header(extra));
    const radiomics::Image back = radiomics::read_image((dir / name).string());
    EXPECT_EQ(back.data, im.data);
  }
  write_file(dir / "short.raw", data.substr(0, slab / 2));
  const std::pair<std::string, std::string> short_ones[] = {
      {"list_short.mhd", "ElementDataFile = LIST 2D\ns0.raw\ns1.raw\ns2.raw\ns3.raw\ns4.raw\n"},
      {"pattern_short.mhd", "ElementDataFile = s%d.raw 0 6 1\n"},  // s6.raw does not exist
      {"tail_short.mhd", "HeaderSize = -1\nElementDataFile = short.raw\n"},
      {"ascii_short.mhd", "BinaryData = False\nElementDataFile = LOCAL\n1 2 3\n"},
  };
  for (const auto& [name, extra] : short_ones) {
    SCOPED_TRACE(name);
    write_file(dir / name, metaimage_header(extra));
    EXPECT_THROW(radiomics::read_image((dir / name).string()), radiomics::FileReadError);
  }
}

}  // namespace

namespace {

/// A NIfTI-1 file of int16 voxels 0..n-1 along x (2 x 2 x 2 grid), with scl_slope / scl_inter.
void write_int16_nifti(const std::filesystem::path& path, float slope, float inter) {
  std::string header(348, '\0');
  const auto put = [&](std::size_t offset, const void* value, std::size_t size) {
    std::memcpy(&header[offset], value, size);
  };
  const std::int32_t sizeof_hdr = 348;
  put(0, &sizeof_hdr, 4);
  const std::int16_t dim[8] = {3, 2, 2, 2, 1, 1, 1, 1};
  put(40, dim, sizeof dim);
  const std::int16_t datatype = 4, bitpix = 16;  // DT_INT16
  put(70, &datatype, 2);
  put(72, &bitpix, 2);
  const float pixdim[8] = {1, 1, 1, 1, 1, 0, 0, 0};
  put(76, pixdim, sizeof pixdim);
  const float vox_offset = 352;
  put(108, &vox_offset, 4);
  put(112, &slope, 4);
  put(116, &inter, 4);
  header[123] = 2;  // xyzt_units: mm
  std::memcpy(&header[344], "n+1\0", 4);
  std::ofstream out(path, std::ios::binary);
  out << header << std::string(4, '\0');
  for (std::int16_t v = 0; v < 8; ++v) out.write(reinterpret_cast<const char*>(&v), 2);
}

// Small integer files are read in their own type (no float copy of the whole image); the NIfTI
// scaling must still apply, and masks of such files are exact labels.
TEST(ReadImage, SmallIntegerFilesKeepTheirScaling) {
  const auto dir = radiomics::test::temp_dir("read_int16");
  write_int16_nifti(dir / "plain.nii", 1.0f, 0.0f);
  write_int16_nifti(dir / "scaled.nii", 2.0f, -1024.0f);
  const radiomics::Image plain = radiomics::read_image((dir / "plain.nii").string());
  const radiomics::Image scaled = radiomics::read_image((dir / "scaled.nii").string());
  ASSERT_EQ(plain.data.size(), 8u);
  ASSERT_EQ(scaled.data.size(), 8u);
  for (std::size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(plain.data[i], static_cast<float>(i));
    EXPECT_EQ(scaled.data[i], 2.0f * static_cast<float>(i) - 1024.0f) << i;
  }
  const radiomics::LabelMap labels = radiomics::read_label_map((dir / "plain.nii").string());
  for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(labels.data[i], static_cast<std::int32_t>(i));
}

}  // namespace

#include <zlib.h>

#include "io/nifti_fast.hpp"
#include "io/read_image_internal.hpp"

namespace radiomics {
namespace {

/// A NIfTI-1 file written byte by byte: `datatype` (NIfTI code) with `width` bytes per voxel,
/// the given voxel bytes (file order), a rotated qform, optionally in big-endian order, as .nii
/// or .nii.gz.
void write_raw_nifti(const std::string& path, int datatype, int width, const std::vector<unsigned char>& voxels,
                     bool big_endian, float slope = 0.0f, float inter = 0.0f,
                     std::array<std::int16_t, 3> size = {5, 4, 3}) {
  std::vector<unsigned char> h(352, 0);
  const auto put = [&](std::size_t at, const void* v, std::size_t n) {
    std::memcpy(&h[at], v, n);
    if (big_endian) std::reverse(h.begin() + static_cast<std::ptrdiff_t>(at), h.begin() + static_cast<std::ptrdiff_t>(at + n));
  };
  const auto i32 = [&](std::size_t at, std::int32_t v) { put(at, &v, 4); };
  const auto i16 = [&](std::size_t at, std::int16_t v) { put(at, &v, 2); };
  const auto f32 = [&](std::size_t at, float v) { put(at, &v, 4); };
  i32(0, 348);
  const std::int16_t dims[4] = {3, size[0], size[1], size[2]};
  for (int k = 0; k < 4; ++k) i16(40 + 2 * static_cast<std::size_t>(k), dims[k]);
  for (int k = 4; k < 8; ++k) i16(40 + 2 * static_cast<std::size_t>(k), 1);
  i16(70, static_cast<std::int16_t>(datatype));
  i16(72, static_cast<std::int16_t>(8 * width));
  const float pixdim[4] = {-1.0f, 0.7f, 1.3f, 2.5f};  // qfac -1: a left-handed frame
  for (int k = 0; k < 4; ++k) f32(76 + 4 * static_cast<std::size_t>(k), pixdim[k]);
  f32(108, 352.0f);
  f32(112, slope);
  f32(116, inter);
  i16(252, 1);  // qform_code: scanner
  f32(256, 0.2f);  // quatern_b, c, d: a rotation
  f32(260, -0.1f);
  f32(264, 0.3f);
  f32(268, -12.5f);  // offsets
  f32(272, 40.0f);
  f32(276, 7.0f);
  std::memcpy(&h[344], "n+1", 4);
  std::vector<unsigned char> bytes = h;
  bytes.insert(bytes.end(), voxels.begin(), voxels.end());
  if (path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0) {
    gzFile f = gzopen(path.c_str(), "wb");
    gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(f);
  } else {
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                static_cast<std::streamsize>(bytes.size()));
  }
}

template <class T>
std::vector<unsigned char> stored(const std::vector<T>& values, bool big_endian) {
  std::vector<unsigned char> out;
  for (const T& v : values) {
    unsigned char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    if (big_endian) std::reverse(b, b + sizeof(T));
    out.insert(out.end(), b, b + sizeof(T));
  }
  return out;
}

template <class V>
void expect_identical(const V& direct, const V& itk) {
  EXPECT_EQ(direct.geometry.size, itk.geometry.size);
  EXPECT_EQ(direct.geometry.spacing, itk.geometry.spacing);
  EXPECT_EQ(direct.geometry.origin, itk.geometry.origin);
  EXPECT_EQ(direct.geometry.direction, itk.geometry.direction);
  ASSERT_EQ(direct.data.size(), itk.data.size());
  for (std::size_t i = 0; i < direct.data.size(); ++i)
    ASSERT_EQ(std::memcmp(&direct.data[i], &itk.data[i], sizeof(direct.data[i])), 0)
        << "voxel " << i << ": " << direct.data[i] << " vs " << itk.data[i];
}

// The direct NIfTI reader gives what ITK gives, voxel for voxel and to the last bit of the
// geometry: every type it takes, both byte orders, .nii and .nii.gz, a rotated left-handed
// qform; and what ITK cannot give, the NaN and Inf of a float file, it keeps.
TEST(DirectNiftiReader, EqualsItkForEveryTypeByteOrderAndCompression) {
  const auto dir = test::temp_dir("direct_nifti");
  const std::size_t n = 5 * 4 * 3;
  std::vector<std::uint8_t> u8;
  std::vector<std::int8_t> s8;
  std::vector<std::int16_t> s16;
  std::vector<std::uint16_t> u16;
  std::vector<std::int32_t> s32;
  std::vector<float> f32;
  for (std::size_t i = 0; i < n; ++i) {
    u8.push_back(static_cast<std::uint8_t>(i * 7 % 256));
    s8.push_back(static_cast<std::int8_t>(static_cast<int>(i * 5 % 200) - 100));
    s16.push_back(static_cast<std::int16_t>(static_cast<int>(i * 997 % 30000) - 15000));
    u16.push_back(static_cast<std::uint16_t>(i * 1013 % 65535));
    s32.push_back(static_cast<std::int32_t>(i * 3) - 50);
    f32.push_back(static_cast<float>(i) * 0.37f - 9.1f);
  }
  for (bool big : {false, true})
    for (const char* ext : {".nii", ".nii.gz"}) {
      const std::string tag = std::string(big ? "be" : "le") + ext;
      const auto check_image = [&](const std::string& name, int code, int width, const std::vector<unsigned char>& v) {
        const std::string path = (dir / (name + tag)).string();
        write_raw_nifti(path, code, width, v, big);
        SCOPED_TRACE(path);
        ASSERT_TRUE(read_nifti_intensities(path).has_value());  // the direct reader takes it
        expect_identical(read_image(path), read_image_through_itk(path));
      };
      check_image("u8", 2, 1, stored(u8, big));
      check_image("s8", 256, 1, stored(s8, big));
      check_image("s16", 4, 2, stored(s16, big));
      check_image("u16", 512, 2, stored(u16, big));
      check_image("f32", 16, 4, stored(f32, big));
      for (const auto& [name, code, width, bytes] :
           {std::tuple{"m_u8", 2, 1, stored(u8, big)}, std::tuple{"m_s16", 4, 2, stored(s16, big)},
            std::tuple{"m_s32", 8, 4, stored(s32, big)}}) {
        const std::string path = (dir / (std::string(name) + tag)).string();
        write_raw_nifti(path, code, width, bytes, big);
        SCOPED_TRACE(path);
        ASSERT_TRUE(read_nifti_labels(path).has_value());
        expect_identical(read_label_map(path), read_label_map_through_itk(path));
      }
      // Non-finite floats: kept by the direct reader (ITK's NIfTI library makes them 0 and the
      // reader puts them back; both must agree).
      std::vector<float> holes = f32;
      holes[3] = std::numeric_limits<float>::quiet_NaN();
      holes[17] = std::numeric_limits<float>::infinity();
      const std::string path = (dir / ("nan" + tag)).string();
      write_raw_nifti(path, 16, 4, stored(holes, big), big);
      const Image direct = read_image(path);
      EXPECT_TRUE(std::isnan(direct.data[3]));
      EXPECT_TRUE(std::isinf(direct.data[17]));
      expect_identical(direct, read_image_through_itk(path));
      // Scaled intensities are left to ITK: the same image either way.
      const std::string scaled = (dir / ("scaled" + tag)).string();
      write_raw_nifti(scaled, 4, 2, stored(s16, big), big, 0.5f, -3.0f);
      EXPECT_FALSE(read_nifti_intensities(scaled).has_value());
      expect_identical(read_image(scaled), read_image_through_itk(scaled));
    }
}

// An image stored as 16-bit (signed or unsigned) integers with a mask of 8-bit labels is
// extracted from those types by run_files (only the ROI's block becomes floating point): the row
// equals the extraction from the float image and 32-bit labels, value for value.
TEST(DirectNiftiReader, ShortImagesAndByteMasksGiveTheFloatRows) {
  const auto dir = test::temp_dir("short_ct");
  const std::string data = std::string(RADIOMICS_SOURCE_DIR) + "/ibsi_phantom/";
  const Image ct = read_image(data + "ct_phantom/image.nii.gz");
  const LabelMap roi = read_label_map(data + "ct_phantom/mask.nii.gz");
  std::vector<std::int16_t> hu;
  std::vector<std::uint8_t> labels;
  for (float v : ct.data) hu.push_back(static_cast<std::int16_t>(std::lround(v)));
  for (std::int32_t l : roi.data) labels.push_back(static_cast<std::uint8_t>(l));
  const std::array<std::int16_t, 3> size{static_cast<std::int16_t>(ct.geometry.size[0]),
                                         static_cast<std::int16_t>(ct.geometry.size[1]),
                                         static_cast<std::int16_t>(ct.geometry.size[2])};
  const std::string image = (dir / "ct.nii.gz").string(), mask = (dir / "mask.nii.gz").string();
  write_raw_nifti(image, 4, 2, stored(hu, false), false, 0.0f, 0.0f, size);
  write_raw_nifti(mask, 2, 1, stored(labels, false), false, 0.0f, 0.0f, size);
  // The same intensities shifted into 16-bit unsigned integers (as MR scanners store them).
  std::vector<std::uint16_t> shifted;
  for (std::int16_t v : hu) shifted.push_back(static_cast<std::uint16_t>(std::max(0, v + 1100)));
  const std::string unsigned_image = (dir / "u16.nii.gz").string();
  write_raw_nifti(unsigned_image, 512, 2, stored(shifted, false), false, 0.0f, 0.0f, size);
  ASSERT_TRUE(std::holds_alternative<ShortImage>(read_image_stored(image)));
  ASSERT_TRUE(std::holds_alternative<UShortImage>(read_image_stored(unsigned_image)));
  ASSERT_TRUE(std::holds_alternative<ByteLabelMap>(read_label_map_stored(mask)));
  const Settings config_c = Settings::from_file(data + "configs/config_c.json");  // diagnostics on
  for (const auto& [path, s] : {std::pair{image, config_c}, std::pair{unsigned_image, Settings{}}}) {
    SCOPED_TRACE(path);
    const FeatureTable from_files = Extractor(s).run_files(path, mask);
    const FeatureTable in_memory = Extractor(s).run(read_image(path).view(), read_label_map(mask).view());
    ASSERT_GT(in_memory.size(), 200u);
    test::expect_same_values(in_memory, from_files);
  }
}

TEST(DirectNiftiReader, EqualsItkOnTheBundledScans) {
  const std::string root = RADIOMICS_SOURCE_DIR;
  for (const std::string f : {"/ibsi_phantom/ct_phantom/image.nii.gz", "/examples/cohort/STS_001/CT_image.nii.gz",
                              "/examples/cohort/STS_002/MR_T1_image.nii.gz", "/examples/cohort/STS_003/PET_image.nii.gz"}) {
    SCOPED_TRACE(f);
    expect_identical(read_image(root + f), read_image_through_itk(root + f));
  }
  for (const std::string f : {"/ibsi_phantom/ct_phantom/mask.nii.gz", "/examples/cohort/STS_001/CT_mask.nii.gz"}) {
    SCOPED_TRACE(f);
    expect_identical(read_label_map(root + f), read_label_map_through_itk(root + f));
  }
}

}  // namespace
}  // namespace radiomics
