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

namespace {

/// A structure set whose ROIs reach beyond the image in-plane: a body contour around the whole
/// field of view on slices 1-3, one reaching out of the right edge, one inside (no warning), and
/// one beside the image on a slice it has (nothing left once clipped).
struct ClippedCase {
  std::filesystem::path rtstruct;
  std::vector<std::uint8_t> body, partly;
};

ClippedCase write_clipped_case(const std::filesystem::path& dir) {
  const Geometry& g = cases().grid;
  ClippedCase c{dir / "rs_clipped.dcm", std::vector<std::uint8_t>(g.voxel_count(), 0),
                std::vector<std::uint8_t>(g.voxel_count(), 0)};
  const auto roi = [](int number, std::string name) {
    dicom::RtRoi r;
    r.number = number;
    r.name = std::move(name);
    return r;
  };
  dicom::RtRoi body = roi(1, "body"), partly = roi(2, "partly outside"), box = roi(3, "box"),
               beside = roi(4, "beside");
  for (std::size_t z = 1; z <= 3; ++z)
    body.contours.push_back(dicom::rectangle(g, -4.5, -3.5, 15.5, 13.5, z));
  // The image ends at x index 11.5: the two corners at 14.5 lie outside.
  partly.contours.push_back(dicom::rectangle(g, 6.5, 4.5, 14.5, 8.5, 2));
  for (std::size_t z = 1; z <= 3; ++z)  // the shared study's "box"
    box.contours.push_back(dicom::rectangle(g, 2.5, 1.5, 7.5, 6.5, z));
  beside.contours.push_back(dicom::rectangle(g, 13, 11, 16, 14, 2));
  for (std::size_t z = 0; z < g.size[2]; ++z)
    for (std::size_t y = 0; y < g.size[1]; ++y)
      for (std::size_t x = 0; x < g.size[0]; ++x) {
        c.body[g.index(x, y, z)] = z >= 1 && z <= 3;
        c.partly[g.index(x, y, z)] = z == 2 && x >= 7 && y >= 5 && y <= 8;
      }
  dicom::write_rtstruct(c.rtstruct, cases().frame_uid, {body, partly, box, beside});
  return c;
}

TEST(DicomMasks, RoiBeyondTheImageIsClippedWithAWarning) {
  const auto dir = test::temp_dir("dicom_masks_clipped");
  const ClippedCase c = write_clipped_case(dir);
  const SeriesImage image = read_image_series(cases().series.string());
  const auto rois = read_roi_masks(c.rtstruct.string(), image, {"body", "partly outside", "box"});
  ASSERT_EQ(rois.size(), 3u);
  EXPECT_EQ(inside(rois[0].mask), c.body);
  EXPECT_EQ(count(c.body), 3u * 120u);
  EXPECT_EQ(rois[0].warnings, (std::vector<std::string>{
                                  "ROI clipped to the image: 12 of 12 contour points lie outside "
                                  "it in-plane"}));
  EXPECT_EQ(inside(rois[1].mask), c.partly);
  EXPECT_EQ(count(c.partly), 20u);
  EXPECT_EQ(rois[1].warnings,
            (std::vector<std::string>{"ROI clipped to the image: 2 of 4 contour points lie outside "
                                      "it in-plane"}));
  EXPECT_EQ(inside(rois[2].mask), cases().expected.at("box")) << "the box of the shared study";
  EXPECT_TRUE(rois[2].warnings.empty());

  // The warning reaches each clipped ROI's row (the `warnings` column), and only those.
  const Extractor extractor(Settings::from_json_text(R"({"families": ["statistics"]})"));
  const auto rows = extract_rois(extractor, cases().series.string(), c.rtstruct.string(),
                                 {"body", "partly outside", "box"});
  ASSERT_EQ(rows.size(), 3u);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& w = rows[r].warnings();
    const bool clipped = std::any_of(w.begin(), w.end(), [](const std::string& m) {
      return m.rfind("ROI clipped to the image: ", 0) == 0;
    });
    EXPECT_EQ(clipped, r < 2) << rows[r].find_info("roi").value_or("?");
  }
  EXPECT_EQ(rows[1].warnings().front(), rois[1].warnings.front());
}

TEST(DicomMasks, RoiWithNothingInsideTheImageIsAnErrorNamingIt) {
  const auto dir = test::temp_dir("dicom_masks_beside");
  const ClippedCase c = write_clipped_case(dir);
  const SeriesImage image = read_image_series(cases().series.string());
  try {
    read_roi_masks(c.rtstruct.string(), image, {"beside"});
    FAIL() << "no error";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("ROI 'beside' covers no voxel of the image once clipped"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("4 of 4 contour points"), std::string::npos) << message;
  }
  // With --roi all the run stops on it, naming it, rather than writing a row without features.
  const Extractor extractor(Settings::from_json_text(R"({"families": ["statistics"]})"));
  try {
    extract_rois(extractor, cases().series.string(), c.rtstruct.string(), {"all"});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'beside'"), std::string::npos) << e.what();
  }
  // A listing shows it with 0 voxels instead.
  const auto listed = list_rois(c.rtstruct.string(), cases().series.string());
  ASSERT_EQ(listed.size(), 4u);
  EXPECT_EQ(listed[3].name, "beside");
  EXPECT_EQ(listed[3].voxels, std::optional<std::size_t>(0));
  EXPECT_EQ(listed[0].voxels, std::optional<std::size_t>(3 * 120));
}

TEST(DicomMasks, RoiOnAPlaneBeyondTheSlicesStaysAnError) {
  // Clipping is in-plane only: a contour below the first slice belongs to no slice of this image.
  const auto dir = test::temp_dir("dicom_masks_below");
  const Geometry& g = cases().grid;
  dicom::RtRoi below;
  below.name = "below";
  below.contours.push_back(dicom::rectangle(g, 2.5, 1.5, 7.5, 6.5, 0));
  for (auto& p : below.contours[0]) p[2] -= g.spacing[2];
  dicom::write_rtstruct(dir / "rs.dcm", cases().frame_uid, {below});
  try {
    read_roi_masks((dir / "rs.dcm").string(), read_image_series(cases().series.string()), {});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("ROI 'below': contour point"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("not on a slice of the image"), std::string::npos)
        << e.what();
  }
}

}  // namespace
