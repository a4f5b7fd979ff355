// DICOM series + RTSTRUCT read by libradiomics against the NIfTI copies of the same data: the
// IBSI CT phantom (ibsi_phantom/ct_phantom/dicom, ROI GTV-1) and the nine series of the sarcoma
// cohort (CT, MR_T1 and PET of three patients; DICOM in tests/data/sarcoma, NIfTI images and
// masks in examples/cohort). The rasterised masks must equal the NIfTI masks (which MIRP and the
// IBSI converted from the same RTSTRUCTs) voxel for voxel, the images must hold the same
// intensities (CT rescaled to HU, MR as stored, PET in SUV; tolerances below), and a DICOM +
// RTSTRUCT extraction must give the features of the NIfTI extraction.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "radiomics/radiomics.hpp"

namespace {

namespace fs = std::filesystem;
using namespace radiomics;

const std::string kPhantom = std::string(RADIOMICS_SOURCE_DIR) + "/ibsi_phantom/ct_phantom/";
const std::string kPhantomSeries = kPhantom + "dicom/image";
const std::string kPhantomRtstruct = kPhantom + "dicom/mask/DCM_RS_00060.dcm";

std::size_t count_inside(const LabelMap& m) {
  std::size_t n = 0;
  for (auto v : m.data) n += v != 0;
  return n;
}

void expect_same_geometry(const Geometry& a, const Geometry& b) {
  ASSERT_EQ(a.size, b.size);
  for (int k = 0; k < 3; ++k) {
    EXPECT_NEAR(a.spacing[k], b.spacing[k], 1e-4);
    EXPECT_NEAR(a.origin[k], b.origin[k], 1e-3);
  }
  for (int k = 0; k < 9; ++k) EXPECT_NEAR(a.direction[k], b.direction[k], 1e-6);
}

/// Number of voxels where the masks differ (inside in one, outside in the other).
std::size_t differing_voxels(const LabelMap& a, const LabelMap& b) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < a.data.size(); ++i) n += (a.data[i] != 0) != (b.data[i] != 0);
  return n;
}

TEST(CtPhantomDicom, ImageAndMaskEqualTheNiftiCopy) {
  const SeriesImage dicom = read_image_series(kPhantomSeries);
  const Image nifti = read_image(kPhantom + "image.nii.gz");
  expect_same_geometry(dicom.image.geometry, nifti.geometry);
  ASSERT_EQ(dicom.image.data.size(), nifti.data.size());
  for (std::size_t i = 0; i < nifti.data.size(); ++i)
    ASSERT_EQ(dicom.image.data[i], nifti.data[i]) << "voxel " << i;
  EXPECT_EQ(dicom.modality, "CT");
  EXPECT_FALSE(dicom.frame_of_reference_uid.empty());

  const std::vector<RoiMask> rois = read_roi_masks(kPhantomRtstruct, dicom, {"GTV-1"});
  ASSERT_EQ(rois.size(), 1u);
  EXPECT_EQ(rois[0].name, "GTV-1");
  EXPECT_EQ(rois[0].number, 1);
  const LabelMap nifti_mask = read_label_map(kPhantom + "mask.nii.gz");
  expect_same_geometry(rois[0].mask.geometry, nifti_mask.geometry);
  EXPECT_EQ(count_inside(rois[0].mask), 125256u);  // the IBSI's ROI voxel count
  EXPECT_EQ(differing_voxels(rois[0].mask, nifti_mask), 0u);
}

TEST(CtPhantomDicom, RoisAreListedWithAndWithoutTheImage) {
  EXPECT_TRUE(is_roi_file(kPhantomRtstruct));
  EXPECT_FALSE(is_roi_file(kPhantom + "mask.nii.gz"));
  EXPECT_FALSE(is_roi_file(kPhantomSeries));

  const std::vector<RoiInfo> bare = list_rois(kPhantomRtstruct);
  ASSERT_EQ(bare.size(), 1u);
  EXPECT_EQ(bare[0].number, 1);
  EXPECT_EQ(bare[0].name, "GTV-1");
  EXPECT_EQ(bare[0].slices, 26u);  // contour planes
  EXPECT_FALSE(bare[0].voxels.has_value());

  const std::vector<RoiInfo> on_image = list_rois(kPhantomRtstruct, kPhantomSeries);
  ASSERT_EQ(on_image.size(), 1u);
  EXPECT_EQ(on_image[0].slices, 26u);
  EXPECT_EQ(on_image[0].voxels, std::optional<std::size_t>(125256));

  const std::vector<RoiInfo> labels = list_rois(kPhantom + "mask.nii.gz");
  ASSERT_EQ(labels.size(), 1u);
  EXPECT_EQ(labels[0].number, 1);
  EXPECT_EQ(labels[0].voxels, std::optional<std::size_t>(125256));
  EXPECT_EQ(labels[0].slices, 26u);
}

TEST(CtPhantomDicom, RoiSelectionByNameNumberOrAll) {
  const SeriesImage image = read_image_series(kPhantomSeries);
  for (const std::vector<std::string>& selection :
       std::vector<std::vector<std::string>>{{}, {"1"}, {"all"}, {"GTV-1"}}) {
    const auto rois = read_roi_masks(kPhantomRtstruct, image, selection, 7);
    ASSERT_EQ(rois.size(), 1u);
    EXPECT_EQ(rois[0].name, "GTV-1");
    EXPECT_EQ(*std::max_element(rois[0].mask.data.begin(), rois[0].mask.data.end()), 7)
        << "the requested label";
  }
  try {
    read_roi_masks(kPhantomRtstruct, image, {"GTV-2"});
    FAIL() << "no error";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("no ROI 'GTV-2'"), std::string::npos) << message;
    EXPECT_NE(message.find("1 'GTV-1'"), std::string::npos)
        << "lists the ROIs present: " << message;
  }
  EXPECT_THROW(read_roi_masks(kPhantomRtstruct, image, {"GTV-1", "1"}), InputError)
      << "selected twice";
  EXPECT_THROW(read_roi_masks(kPhantom + "mask.nii.gz", image, {"1"}), InputError)
      << "not an RTSTRUCT";
  EXPECT_EQ(parse_roi_list("GTV-1, CTV ,2"), (std::vector<std::string>{"GTV-1", "CTV", "2"}));
  EXPECT_THROW(parse_roi_list("A,,B"), InputError);
}

TEST(CtPhantomDicom, AnotherFrameOfReferenceIsAnError) {
  SeriesImage image = read_image_series(kPhantomSeries);
  image.frame_of_reference_uid = "1.2.3.4";
  try {
    read_roi_masks(kPhantomRtstruct, image, {"GTV-1"});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("Frame of Reference"), std::string::npos) << e.what();
  }
}

TEST(CtPhantomDicom, ContoursOffTheImageSlicesAreAnError) {
  // The same image shifted by half a slice: every contour lies between two slices.
  SeriesImage image = read_image_series(kPhantomSeries);
  image.image.geometry.origin[2] += 0.5 * image.image.geometry.spacing[2];
  try {
    read_roi_masks(kPhantomRtstruct, image, {"GTV-1"});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("not on a slice of the image"), std::string::npos)
        << e.what();
  }
}

TEST(CtPhantomDicom, ExtractRoisRowEqualsTheNiftiRun) {
  // A small configuration (morphology and statistics) keeps this fast; the IBSI configurations
  // run in tests/ibsi/test_ct_phantom.cpp.
  const Extractor extractor(
      Settings::from_json_text(R"({"families": ["morphology", "statistics"]})"));
  const auto rows = extract_rois(extractor, kPhantomSeries, kPhantomRtstruct, {"all"});
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_GE(rows[0].info().size(), 2u);
  EXPECT_EQ(rows[0].info()[0], (std::pair<std::string, std::string>{"roi", "GTV-1"}));
  EXPECT_EQ(rows[0].info()[1], (std::pair<std::string, std::string>{"roi_number", "1"}));
  EXPECT_EQ(rows[0].find_info("image"), kPhantomSeries);
  const FeatureTable nifti =
      extractor.run_files(kPhantom + "image.nii.gz", kPhantom + "mask.nii.gz");
  ASSERT_EQ(rows[0].values().size(), nifti.values().size());
  for (std::size_t i = 0; i < nifti.values().size(); ++i) {
    EXPECT_EQ(rows[0].values()[i].first, nifti.values()[i].first);
    // Same voxels; the spacing differs in the last digits (DICOM decimal strings vs NIfTI
    // float32), which moves size-dependent features by less than 1e-6 relative.
    const double expected = nifti.values()[i].second;
    EXPECT_NEAR(rows[0].values()[i].second, expected, 1e-6 * std::max(1.0, std::fabs(expected)))
        << nifti.values()[i].first;
  }
  // A label map mask takes no ROI selection.
  EXPECT_THROW(extract_rois(extractor, kPhantom + "image.nii.gz", kPhantom + "mask.nii.gz", {"1"}),
               InputError);
}

/// One sarcoma series as DICOM (image folder + RTSTRUCT, tests/data/sarcoma) and as NIfTI
/// (image and the mask MIRP converted from the RTSTRUCT, examples/cohort).
struct CohortCase {
  std::string name, modality, image, rtstruct, nifti_image, nifti_mask, roi;
};

std::vector<CohortCase> cohort_cases() {
  std::vector<CohortCase> cases;
  const std::string dicom = std::string(RADIOMICS_SOURCE_DIR) + "/tests/data/sarcoma/";
  const std::string nifti = std::string(RADIOMICS_SOURCE_DIR) + "/examples/cohort/";
  for (const std::string patient : {"STS_001", "STS_002", "STS_003"})
    for (const std::string modality : {"CT", "MR_T1", "PET"}) {
      const std::string series = dicom + patient + "/" + modality + "/";
      const std::string prefix = nifti + patient + "/" + modality;
      cases.push_back({patient + "_" + modality, modality, series + "image", series + "mask/RS.dcm",
                       prefix + "_image.nii.gz", prefix + "_mask.nii.gz", "GTV_Mass_" + modality});
    }
  return cases;
}

class SarcomaDicom : public ::testing::TestWithParam<CohortCase> {};

// Each case's rasterised RTSTRUCT equals its NIfTI mask voxel for voxel: same rule (voxel centre
// inside the polygon), same grid. No boundary voxel differs in any of the nine series.
TEST_P(SarcomaDicom, RtstructMaskEqualsTheNiftiMask) {
  const CohortCase& c = GetParam();
  const SeriesImage image = read_image_series(c.image);
  const auto rois = read_roi_masks(c.rtstruct, image, {c.roi});
  ASSERT_EQ(rois.size(), 1u);
  const LabelMap nifti = read_label_map(c.nifti_mask);
  expect_same_geometry(rois[0].mask.geometry, nifti.geometry);
  EXPECT_GT(count_inside(nifti), 0u);
  EXPECT_EQ(count_inside(rois[0].mask), count_inside(nifti));
  EXPECT_EQ(differing_voxels(rois[0].mask, nifti), 0u);
  if (image.modality == "PT") {
    // Units GML: SUV as stored (each slice's rescale slope applied), never converted again.
    float highest = 0;
    for (float v : image.image.data) highest = std::max(highest, v);
    EXPECT_GT(highest, 1.0f);
    EXPECT_LT(highest, 100.0f) << "an SUV, not an activity in Bq/ml";
  }
}

// The NIfTI images were converted from these DICOM series, so the intensities must agree voxel
// for voxel. Measured: CT (HU after the rescale) and MR identical in every voxel; PET (SUV)
// identical or one float32 unit in the last place apart (a quarter of the voxels; at most
// 1.9e-6 SUV, 1.2e-7 relative): each reader computes SUV = stored value x the slice's rescale
// slope in double and rounds it to float32, and the two round differently. So CT and MR must be
// equal, and PET within one float32 ulp, which no real conversion difference (a slope, an
// offset, a swapped slice) would meet.
TEST_P(SarcomaDicom, ImageEqualsTheNiftiImage) {
  const CohortCase& c = GetParam();
  const SeriesImage dicom = read_image_series(c.image);
  const Image nifti = read_image(c.nifti_image);
  expect_same_geometry(dicom.image.geometry, nifti.geometry);
  ASSERT_EQ(dicom.image.data.size(), nifti.data.size());
  const bool pet = c.modality == "PET";
  std::size_t differing = 0;
  for (std::size_t i = 0; i < nifti.data.size(); ++i) {
    const float a = dicom.image.data[i], b = nifti.data[i];
    if (a == b || (pet && std::nextafter(a, b) == b)) continue;
    if (++differing <= 5) ADD_FAILURE() << "voxel " << i << ": DICOM " << a << ", NIfTI " << b;
  }
  EXPECT_EQ(differing, 0u) << "voxels beyond the tolerance";
}

// A DICOM + RTSTRUCT extraction (extract_rois, as the command line runs it) gives the features of
// the NIfTI extraction: morphology, statistics and GLCM (default discretisation, 32 bins), 93
// values. Measured: at most 3.5e-7 relative (stat_kurt of STS_003 PET, from the float32 rounding
// of the SUVs above); CT and MR features within 5e-8, from the voxel spacing (DICOM decimal
// strings vs NIfTI float32). A voxel more or less in the ROI, or one changed intensity, moves
// some of these features by far more than the 1e-6 allowed.
TEST_P(SarcomaDicom, FeaturesEqualTheNiftiRun) {
  const CohortCase& c = GetParam();
  const Extractor extractor(
      Settings::from_json_text(R"({"families": ["morphology", "statistics", "glcm"]})"));
  const auto rows = extract_rois(extractor, c.image, c.rtstruct, {c.roi});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].find_info("roi"), c.roi);
  const FeatureTable nifti = extractor.run_files(c.nifti_image, c.nifti_mask);
  ASSERT_EQ(rows[0].values().size(), nifti.values().size());
  EXPECT_GT(nifti.values().size(), 90u);
  for (std::size_t i = 0; i < nifti.values().size(); ++i) {
    const auto& [tag, expected] = nifti.values()[i];
    const double actual = rows[0].values()[i].second;
    EXPECT_EQ(rows[0].values()[i].first, tag);
    if (std::isnan(expected))
      EXPECT_TRUE(std::isnan(actual)) << tag;
    else
      EXPECT_NEAR(actual, expected, 1e-6 * std::max(1.0, std::fabs(expected))) << tag;
  }
}

std::string case_name(const ::testing::TestParamInfo<CohortCase>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Cohort, SarcomaDicom, ::testing::ValuesIn(cohort_cases()), case_name);

// The repository carries all nine series (CI runs on a bare clone): a missing file fails here
// and in each case above; nothing is skipped.
TEST(SarcomaDicomData, EveryPatientAndModalityIsInTheRepository) {
  const std::vector<CohortCase> cases = cohort_cases();
  ASSERT_EQ(cases.size(), 9u);
  for (const CohortCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_TRUE(fs::is_directory(c.image));
    EXPECT_TRUE(fs::is_regular_file(c.rtstruct));
    EXPECT_TRUE(fs::is_regular_file(c.nifti_image));
    EXPECT_TRUE(fs::is_regular_file(c.nifti_mask));
  }
}

}  // namespace
