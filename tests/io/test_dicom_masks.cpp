// RTSTRUCT and SEG masks written by the tests themselves (tests/support/dicom_cases.hpp): the
// rasterisation edge cases (holes, several contours on a slice, one slice only, the image
// border), ROI selection and listing, several ROIs in one pass, SEG binary and fractional.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "radiomics/radiomics.hpp"
#include "support/dicom_cases.hpp"
#include "support/volumes.hpp"

namespace {

using namespace radiomics;
namespace dicom = radiomics::test::dicom;

const dicom::DicomCases& cases() {
  static const dicom::SharedStudy study("dicom_masks");
  return study.cases();
}

std::vector<std::uint8_t> inside(const LabelMap& m) {
  std::vector<std::uint8_t> out;
  for (auto v : m.data) out.push_back(v != 0);
  return out;
}

std::size_t count(const std::vector<std::uint8_t>& m) {
  return static_cast<std::size_t>(std::count(m.begin(), m.end(), 1));
}

TEST(DicomMasks, SeriesIsReadWithItsRescale) {
  const SeriesImage image = read_image_series(cases().series.string());
  ASSERT_EQ(image.image.geometry.size, cases().grid.size);
  for (int a = 0; a < 3; ++a) {
    EXPECT_NEAR(image.image.geometry.spacing[a], cases().grid.spacing[a], 1e-9);
    EXPECT_NEAR(image.image.geometry.origin[a], cases().grid.origin[a], 1e-9);
  }
  EXPECT_EQ(image.image.data[0], -100.0f)
      << "stored values are HU + 1024; the intercept is applied";
  EXPECT_EQ(image.frame_of_reference_uid, cases().frame_uid);
}

TEST(DicomMasks, EveryRtstructEdgeCaseMatchesItsExpectedMask) {
  const SeriesImage image = read_image_series(cases().series.string());
  for (const std::string& name : cases().roi_names) {
    SCOPED_TRACE(name);
    const auto rois = read_roi_masks(cases().rtstruct.string(), image, {name});
    ASSERT_EQ(rois.size(), 1u);
    EXPECT_EQ(inside(rois[0].mask), cases().expected.at(name));
    EXPECT_GT(count(cases().expected.at(name)), 0u);
  }
  // The numbers the cases rely on: a ring of 80 - 24 = 56 voxels on slices 2 and 3, with an
  // island of 4 in the hole on slice 2; the border ROI covers its whole slice.
  EXPECT_EQ(count(cases().expected.at("ring with island")), 60u + 56u);
  EXPECT_EQ(count(cases().expected.at("border")), 120u);
}

TEST(DicomMasks, RoisAreListedInFileOrder) {
  const auto bare = list_rois(cases().rtstruct.string());
  ASSERT_EQ(bare.size(), 6u);
  EXPECT_EQ(bare[0].name, "box");
  EXPECT_EQ(bare[0].number, 10);
  EXPECT_EQ(bare[0].slices, 3u);
  EXPECT_EQ(bare[3].slices, 1u) << "one slice";
  EXPECT_EQ(bare[5].name, "marker");
  EXPECT_EQ(bare[5].slices, 0u) << "a POINT contour has no plane";
  for (const auto& roi : bare) EXPECT_FALSE(roi.voxels.has_value());

  const auto on_image = list_rois(cases().rtstruct.string(), cases().series.string());
  ASSERT_EQ(on_image.size(), 5u) << "the marker has no voxels";
  for (const auto& roi : on_image) {
    SCOPED_TRACE(roi.name);
    EXPECT_EQ(roi.voxels, std::optional<std::size_t>(count(cases().expected.at(roi.name))));
  }
}

TEST(DicomMasks, SelectionByNameNumberListOrAll) {
  const SeriesImage image = read_image_series(cases().series.string());
  const auto picked = read_roi_masks(cases().rtstruct.string(), image, {"one slice", "10"});
  ASSERT_EQ(picked.size(), 2u);
  EXPECT_EQ(picked[0].name, "one slice") << "selection order";
  EXPECT_EQ(picked[1].name, "box") << "by ROI number";
  const auto all = read_roi_masks(cases().rtstruct.string(), image, {"all"});
  ASSERT_EQ(all.size(), cases().roi_names.size()) << "all ROIs with an area";
  try {
    read_roi_masks(cases().rtstruct.string(), image, {});
    FAIL() << "several ROIs and none chosen";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--roi"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'ring with island'"), std::string::npos) << e.what();
  }
  try {
    read_roi_masks(cases().rtstruct.string(), image, {"marker"});
    FAIL() << "a marker has no area";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no closed planar contour"), std::string::npos)
        << e.what();
  }
}

TEST(DicomMasks, SeveralRoisInOnePassEqualSingleRoiRuns) {
  const Extractor extractor(Settings::from_json_text(
      R"({"families": ["morphology", "statistics", "glcm"],
          "discretisation": {"method": "fixed_bin_number", "bin_count": 8}})"));
  const auto rows =
      extract_rois(extractor, cases().series.string(), cases().rtstruct.string(), {"all"});
  ASSERT_EQ(rows.size(), cases().roi_names.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string& name = cases().roi_names[r];
    SCOPED_TRACE(name);
    EXPECT_EQ(rows[r].find_info("roi"), name);
    const auto single =
        extract_rois(extractor, cases().series.string(), cases().rtstruct.string(), {name});
    ASSERT_EQ(single.size(), 1u);
    EXPECT_EQ(single[0].info(), rows[r].info());
    EXPECT_EQ(single[0].warnings(), rows[r].warnings());
    ASSERT_EQ(single[0].values().size(), rows[r].values().size());
    for (std::size_t i = 0; i < rows[r].values().size(); ++i) {
      const auto& [tag, value] = rows[r].values()[i];
      EXPECT_EQ(single[0].values()[i].first, tag);
      EXPECT_TRUE(value == single[0].values()[i].second ||
                  (std::isnan(value) && std::isnan(single[0].values()[i].second)))
          << tag;
    }
    // And the same numbers as the expected mask given as a label map.
    LabelMap expected;
    expected.geometry = read_image_series(cases().series.string()).image.geometry;
    for (auto v : cases().expected.at(name)) expected.data.push_back(v);
    const FeatureTable direct =
        extractor.run(read_image_series(cases().series.string()).image.view(), expected.view());
    ASSERT_EQ(direct.values().size(), rows[r].values().size());
    EXPECT_EQ(direct.find("morph_volume"), rows[r].find("morph_volume"));
    EXPECT_EQ(direct.find("stat_mean"), rows[r].find("stat_mean"));
  }
}

TEST(DicomMasks, RoiInAnotherFrameOfReferenceIsAnError) {
  const auto dir = test::temp_dir("dicom_masks_frame");
  dicom::RtRoi roi;
  roi.name = "elsewhere";
  roi.frame_uid = "1.2.3.4.5";
  roi.contours.push_back(dicom::rectangle(cases().grid, 1.5, 1.5, 4.5, 4.5, 2));
  dicom::write_rtstruct(dir / "rs.dcm", cases().frame_uid, {roi});
  const SeriesImage image = read_image_series(cases().series.string());
  try {
    read_roi_masks((dir / "rs.dcm").string(), image, {"elsewhere"});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("Frame of Reference 1.2.3.4.5"), std::string::npos)
        << e.what();
  }
}

TEST(DicomMasks, BinarySegSegmentsByNumberOrLabel) {
  const SeriesImage image = read_image_series(cases().series.string());
  EXPECT_TRUE(is_roi_file(cases().seg.string()));
  const auto by_label = read_roi_masks(cases().seg.string(), image, {"islands"});
  ASSERT_EQ(by_label.size(), 1u);
  EXPECT_EQ(by_label[0].number, 2);
  EXPECT_EQ(inside(by_label[0].mask), cases().expected.at("islands"));
  const auto by_number = read_roi_masks(cases().seg.string(), image, {"1"});
  ASSERT_EQ(by_number.size(), 1u);
  EXPECT_EQ(by_number[0].name, "box");
  EXPECT_EQ(inside(by_number[0].mask), cases().expected.at("box"));

  const auto listed = list_rois(cases().seg.string());
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].voxels, std::optional<std::size_t>(count(cases().expected.at("box"))));
  EXPECT_EQ(listed[0].slices, 3u);
  EXPECT_EQ(listed[1].voxels, std::optional<std::size_t>(count(cases().expected.at("islands"))));
  EXPECT_EQ(listed[1].slices, 1u);
}

TEST(DicomMasks, FractionalSegIsInsideFromHalfTheMaximum) {
  const SeriesImage image = read_image_series(cases().series.string());
  const auto rois = read_roi_masks(cases().seg_fractional.string(), image, {});
  ASSERT_EQ(rois.size(), 1u);
  EXPECT_EQ(rois[0].name, "gradient");
  EXPECT_EQ(inside(rois[0].mask), cases().expected.at("gradient"));
}

TEST(DicomMasks, SegOnAnotherGridIsAnError) {
  // The same segmentation against an image with another in-plane spacing, and one shifted by a
  // third of a voxel: resampling a SEG is refused, not done silently.
  SeriesImage image = read_image_series(cases().series.string());
  SeriesImage coarse = image;
  coarse.image.geometry.spacing[0] = 2.0;
  EXPECT_THROW(read_roi_masks(cases().seg.string(), coarse, {"box"}), InputError);
  SeriesImage shifted = image;
  shifted.image.geometry.origin[1] += 0.5;
  try {
    read_roi_masks(cases().seg.string(), shifted, {"box"});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("voxel grid"), std::string::npos) << e.what();
  }
}

}  // namespace

namespace {

TEST(DicomMasks, ReadingAnRtstructAsALabelMapSaysHowToReadIt) {
  try {
    radiomics::read_label_map(cases().rtstruct.string());
    FAIL() << "no error";
  } catch (const radiomics::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("extract_rois"), std::string::npos) << e.what();
  }
}

}  // namespace

namespace {

TEST(DicomMasks, AllOnAStructureSetWithoutAreasIsAnError) {
  const auto dir = radiomics::test::temp_dir("dicom_masks_markers");
  radiomics::test::dicom::RtRoi marker;
  marker.name = "isocentre";
  marker.type = "POINT";
  marker.contours.push_back(
      {{cases().grid.origin[0] + 2, cases().grid.origin[1] + 3, cases().grid.origin[2]}});
  radiomics::test::dicom::write_rtstruct(dir / "rs.dcm", cases().frame_uid, {marker});
  const radiomics::Extractor extractor(radiomics::Settings{});
  try {
    radiomics::extract_rois(extractor, cases().series.string(), (dir / "rs.dcm").string(), {"all"});
    FAIL() << "no error";
  } catch (const radiomics::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no ROI with an area"), std::string::npos) << e.what();
  }
}

}  // namespace
