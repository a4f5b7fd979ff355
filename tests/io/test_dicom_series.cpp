// Reading DICOM series folders (libradiomics/io/dicom_series.cpp + read_image.cpp): the series
// choice, rescale and SUV conversion, and the geometry checks that keep a broken series from
// giving silently wrong numbers (issue: PixelSpacing 0 or negative became 1 mm, slices at one
// position gave 1 mm, a missing slice was spread into a uniform spacing, truncated pixel data
// was read as garbage). Each series is written here with DCMTK (tests/support/dicom_writer.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>

#include "radiomics/radiomics.hpp"
#include "support/dicom_writer.hpp"
#include "support/volumes.hpp"

namespace {

using namespace radiomics;
namespace dicom = radiomics::test::dicom;
namespace fs = std::filesystem;

/// A 6 x 5 x 4 volume, spacing (0.8, 0.9, 2.5) mm, intensities 10 * (x + 6 y + 30 z) - 300.
Image volume() {
  Image im;
  im.geometry.size = {6, 5, 4};
  im.geometry.spacing = {0.8, 0.9, 2.5};
  im.geometry.origin = {-10.0, 5.5, 30.0};
  for (std::size_t i = 0; i < im.geometry.voxel_count(); ++i)
    im.data.push_back(10.0f * static_cast<float>(i) - 300.0f);
  return im;
}

/// Expects an error of type E whose message contains `text`.
template <class E, class F>
void expect_error(F&& call, const std::string& text) {
  try {
    call();
    ADD_FAILURE() << "no error; expected one containing '" << text << "'";
  } catch (const E& e) {
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "wrong error type: " << e.what();
  }
}

TEST(DicomSeries, CtIsReadInHuWithItsGeometry) {
  const auto dir = test::temp_dir("series_ct");
  const Image im = volume();
  dicom::SeriesOptions o;
  o.slope = 0.5;
  o.intercept = -1024;
  dicom::write_series(dir, im, o);
  const SeriesImage back = read_image_series(dir.string());
  EXPECT_EQ(back.series_uid, o.series_uid);
  EXPECT_EQ(back.modality, "CT");
  ASSERT_EQ(back.image.geometry.size, im.geometry.size);
  for (int a = 0; a < 3; ++a) {
    EXPECT_NEAR(back.image.geometry.spacing[a], im.geometry.spacing[a], 1e-9);
    EXPECT_NEAR(back.image.geometry.origin[a], im.geometry.origin[a], 1e-9);
  }
  for (std::size_t i = 0; i < im.data.size(); ++i) ASSERT_EQ(back.image.data[i], im.data[i]) << i;
  // Files that are not DICOM images (a note, a structure set) do not disturb the series.
  std::ofstream(dir / "README.txt") << "notes";
  dicom::write_rtstruct(dir / "rs.dcm", o.frame_uid, {});
  EXPECT_EQ(read_image(dir.string()).data, back.image.data);
  EXPECT_THROW(read_image_series((dir / "slice_000.dcm").string(), o.series_uid), InputError)
      << "a series UID applies to folders";
}

TEST(DicomSeries, SeveralSeriesAreAnErrorNamingThemUnlessOneIsChosen) {
  const auto dir = test::temp_dir("series_two");
  dicom::SeriesOptions ct, mr;
  mr.modality = "MR";
  dicom::write_series(dir / "a", volume(), ct);
  dicom::write_series(dir / "b", volume(), mr);
  for (const auto& f : fs::directory_iterator(dir / "b"))
    fs::rename(f.path(), dir / "a" / ("mr_" + f.path().filename().string()));
  const std::string folder = (dir / "a").string();
  try {
    read_image(folder);
    FAIL() << "no error";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("2 DICOM series"), std::string::npos) << message;
    EXPECT_NE(message.find(ct.series_uid + " (CT, 4 files"), std::string::npos) << message;
    EXPECT_NE(message.find(mr.series_uid + " (MR, 4 files"), std::string::npos) << message;
    EXPECT_NE(message.find("--series"), std::string::npos) << message;
  }
  EXPECT_EQ(read_image_series(folder, mr.series_uid).modality, "MR");
  EXPECT_EQ(read_image_series(folder, ct.series_uid).modality, "CT");
  expect_error<InputError>([&] { read_image_series(folder, "1.2.3"); }, "no DICOM series 1.2.3");
}

TEST(DicomSeries, PetInSuvIsUsedAsIs) {
  const auto dir = test::temp_dir("series_pet_gml");
  Image im = volume();
  for (auto& v : im.data) v = (v + 300.0f) / 1000.0f;  // SUV 0 .. 1.2
  dicom::SeriesOptions o;
  o.modality = "PT";
  o.slope = 0.001;
  o.edit = [](DcmDataset& d, std::size_t) { d.putAndInsertString(DCM_Units, "GML"); };
  dicom::write_series(dir, im, o);
  const Image back = read_image(dir.string());
  for (std::size_t i = 0; i < im.data.size(); ++i) ASSERT_NEAR(back.data[i], im.data[i], 1e-6) << i;
}

TEST(DicomSeries, PetInBqmlBecomesSuvBodyWeight) {
  const auto dir = test::temp_dir("series_pet_bqml");
  Image im = volume();
  for (auto& v : im.data) v += 1000.0f;  // activity, Bq/ml
  dicom::SeriesOptions o;
  o.modality = "PT";
  // 70 kg, 370 MBq of F-18 (half-life 6588 s) injected at 10:00, series at 11:00.
  o.edit = dicom::pet_bqml(70, 3.7e8, 6588, "100000", "110000");
  dicom::write_series(dir, im, o);
  const Image back = read_image(dir.string());
  const double decayed_dose = 3.7e8 * std::pow(2.0, -3600.0 / 6588.0);
  const double factor = 70000.0 / decayed_dose;  // g / Bq
  for (std::size_t i = 0; i < im.data.size(); ++i)
    ASSERT_NEAR(back.data[i], im.data[i] * factor, 1e-6 * im.data[i] * factor) << i;
}

TEST(DicomSeries, PetConversionNamesTheMissingTag) {
  for (const DcmTagKey& tag :
       {DCM_PatientWeight, DCM_RadionuclideTotalDose, DCM_RadionuclideHalfLife,
        DCM_RadiopharmaceuticalStartTime, DCM_SeriesTime}) {
    const auto dir = test::temp_dir("series_pet_missing");
    dicom::SeriesOptions o;
    o.modality = "PT";
    o.edit = dicom::pet_bqml(70, 3.7e8, 6588, "100000", "110000", tag);
    dicom::write_series(dir, volume(), o);
    DcmTag named(tag);
    expect_error<InputError>([&] { read_image(dir.string()); }, named.getTagName());
  }
  const auto dir = test::temp_dir("series_pet_counts");
  dicom::SeriesOptions o;
  o.modality = "PT";
  o.edit = [](DcmDataset& d, std::size_t) { d.putAndInsertString(DCM_Units, "CNTS"); };
  dicom::write_series(dir, volume(), o);
  expect_error<InputError>([&] { read_image(dir.string()); }, "PET units CNTS");
}

TEST(DicomSeries, PixelSpacingMustBePositive) {
  for (const char* spacing : {"0\\0", "-0.9\\-0.8", "0.9\\0"}) {
    const auto dir = test::temp_dir("series_spacing");
    dicom::SeriesOptions o;
    o.edit = [spacing](DcmDataset& d, std::size_t) {
      d.putAndInsertString(DCM_PixelSpacing, spacing);
    };
    dicom::write_series(dir, volume(), o);
    expect_error<InputError>([&] { read_image(dir.string()); }, "PixelSpacing");
  }
}

TEST(DicomSeries, SlicesAtOnePositionAreAnError) {
  const auto dir = test::temp_dir("series_one_position");
  dicom::SeriesOptions o;
  o.edit = [](DcmDataset& d, std::size_t) {
    d.putAndInsertString(DCM_ImagePositionPatient, "-10\\5.5\\30");
  };
  dicom::write_series(dir, volume(), o);
  expect_error<InputError>([&] { read_image(dir.string()); }, "same position");
}

TEST(DicomSeries, MissingSliceIsAnErrorNotAWrongSpacing) {
  // Positions 0..3 and 10..13 (in slice spacings): the old reader spread the 8 slices over a
  // uniform 3.25-slice spacing, nearly doubling the volume.
  const auto dir = test::temp_dir("series_gap");
  Image im = volume();
  im.geometry.size[2] = 8;
  im.data.resize(im.geometry.voxel_count(), 1.0f);
  dicom::SeriesOptions o;
  o.edit = [](DcmDataset& d, std::size_t z) {
    const double position = 30.0 + 2.5 * static_cast<double>(z < 4 ? z : z + 6);
    d.putAndInsertString(DCM_ImagePositionPatient,
                         ("-10\\5.5\\" + dicom::decimal(position)).c_str());
  };
  dicom::write_series(dir, im, o);
  expect_error<InputError>([&] { read_image(dir.string()); }, "not evenly spaced");
}

TEST(DicomSeries, ShearedStackIsAnError) {
  const auto dir = test::temp_dir("series_sheared");
  dicom::SeriesOptions o;
  o.edit = [](DcmDataset& d, std::size_t z) {
    const double shift = 2.0 * static_cast<double>(z);  // gantry tilt: x moves with z
    d.putAndInsertString(DCM_ImagePositionPatient,
                         (dicom::decimal(-10 + shift) + "\\5.5\\" +
                          dicom::decimal(30 + 2.5 * static_cast<double>(z)))
                             .c_str());
  };
  dicom::write_series(dir, volume(), o);
  expect_error<InputError>([&] { read_image(dir.string()); }, "gantry tilt");
}

TEST(DicomSeries, TruncatedPixelDataIsAnError) {
  // A file cut short: an error naming it, never a series without it or with garbage voxels.
  const auto dir = test::temp_dir("series_truncated");
  dicom::write_series(dir, volume());
  const fs::path slice = dir / "slice_002.dcm";
  fs::resize_file(slice, fs::file_size(slice) - 20);
  expect_error<FileReadError>([&] { read_image(dir.string()); },
                              "slice_002.dcm: DICOM file cannot be read (truncated");
  // A header that promises more pixels than the file holds (one more row than stored).
  const auto short_dir = test::temp_dir("series_short_pixels");
  dicom::SeriesOptions o;
  o.edit = [](DcmDataset& d, std::size_t z) {
    if (z == 1) d.putAndInsertUint16(DCM_Rows, 6);
  };
  dicom::write_series(short_dir, volume(), o);
  expect_error<FileReadError>([&] { read_image(short_dir.string()); }, "pixel data is incomplete");
}

TEST(DicomSeries, SingleSliceTakesItsSliceThickness) {
  const auto dir = test::temp_dir("series_single");
  Image im = volume();
  im.geometry.size[2] = 1;
  im.data.resize(im.geometry.voxel_count());
  dicom::write_series(dir, im);
  const Image back = read_image(dir.string());
  EXPECT_EQ(back.geometry.size[2], 1u);
  EXPECT_NEAR(back.geometry.spacing[2], 2.5, 1e-9);
}

}  // namespace
