// The Extractor on bad input: each case is a typed exception with a message naming the
// problem, or a documented result (NaN with a warning), never a crash or a silent number.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <vector>

#include "radiomics/radiomics.hpp"
#include "support/volumes.hpp"
#include "support/errors.hpp"
#include "support/tables.hpp"

namespace {

using namespace radiomics;
using radiomics::test::box_mask;
using radiomics::test::pattern_image;

using radiomics::test::message_of;

FeatureTable run(const Image& im, const LabelMap& m, const std::string& json = "{}") {
  return Extractor(Settings::from_json_text(json)).run(im.view(), m.view());
}

TEST(Extractor, GeometryMismatchNamesWhatDiffers) {
  const Image im = pattern_image(8);
  LabelMap m = box_mask(8, 2);
  m.geometry.spacing[1] = 1.5;
  EXPECT_NE(message_of([&] { run(im, m); }).find("spacing"), std::string::npos);
  m = box_mask(8, 2);
  m.geometry.origin[2] = 4.0;
  EXPECT_NE(message_of([&] { run(im, m); }).find("origin"), std::string::npos);
  m = box_mask(8, 2);
  m.geometry.direction = {0, 1, 0, 1, 0, 0, 0, 0, 1};
  EXPECT_NE(message_of([&] { run(im, m); }).find("direction"), std::string::npos);
  const LabelMap small = box_mask(6, 1);
  EXPECT_NE(message_of([&] { run(im, small); }).find("size"), std::string::npos);
  EXPECT_THROW(run(im, small), InputError);
}

TEST(Extractor, AbsentLabelListsLabelsPresent) {
  const Image im = pattern_image(8);
  const LabelMap m = box_mask(8, 2, 3);
  const std::string msg = message_of([&] { run(im, m); });
  EXPECT_NE(msg.find("label 1"), std::string::npos) << msg;
  EXPECT_NE(msg.find("3"), std::string::npos) << msg;
  EXPECT_NO_THROW(run(im, m, R"({"label": 3, "families": ["statistics"]})"));
}

TEST(Extractor, EmptyMaskIsAnError) {
  const Image im = pattern_image(8);
  LabelMap m = box_mask(8, 2);
  std::fill(m.data.begin(), m.data.end(), 0);
  EXPECT_THROW(run(im, m), InputError);
}

TEST(Extractor, NonFiniteIntensityInRoiIsAnError) {
  for (float bad : {NAN, INFINITY, -INFINITY}) {
    Image im = pattern_image(8);
    const LabelMap m = box_mask(8, 2);
    im.data[im.geometry.index(4, 4, 4)] = bad;
    EXPECT_NE(message_of([&] { run(im, m); }).find("finite"), std::string::npos);
  }
}

TEST(Extractor, OneVoxelRoiGivesFeaturesWithoutCrashOrInfinity) {
  const Image im = pattern_image(8);
  const LabelMap m = box_mask(8, 0);
  const FeatureTable t = run(im, m);
  EXPECT_GT(t.size(), 0u);
  for (const auto& [tag, v] : t.values()) EXPECT_FALSE(std::isinf(v)) << tag;
  EXPECT_FALSE(t.warnings().empty());
}

TEST(Extractor, ConstantIntensityGivesNaNTextureWithWarning) {
  Image im = pattern_image(8);
  std::fill(im.data.begin(), im.data.end(), 5.0f);
  const LabelMap m = box_mask(8, 2);
  const FeatureTable t = run(im, m);
  for (const auto& [tag, v] : t.values()) EXPECT_FALSE(std::isinf(v)) << tag;
  ASSERT_TRUE(t.find("stat_mean").has_value());
  EXPECT_DOUBLE_EQ(*t.find("stat_mean"), 5.0);
  ASSERT_TRUE(t.find("cm_corr_3D_avg").has_value());
  EXPECT_TRUE(std::isnan(*t.find("cm_corr_3D_avg")));  // correlation of a constant: undefined
  bool names_nan = false;
  for (const auto& w : t.warnings()) names_nan = names_nan || w.find("undefined for this ROI (NaN)") != std::string::npos;
  EXPECT_TRUE(names_nan) << "a NaN feature must come with a warning";
}

TEST(Extractor, MissingFilesAreFileNotFound) {
  const Extractor e(Settings{});
  EXPECT_THROW(e.run_files("/nonexistent/image.nii.gz", "/nonexistent/mask.nii.gz"), FileNotFound);
}

TEST(Extractor, CorruptFileIsAReadError) {
  const auto dir = radiomics::test::temp_dir("corrupt");
  const std::string path = (dir / "bad.nii.gz").string();
  std::ofstream(path) << "this is not a NIfTI file";
  EXPECT_THROW(read_image(path), Error);
}

TEST(Extractor, FileRoundTripAddsProvenance) {
  const auto dir = radiomics::test::temp_dir("provenance");
  const Image im = pattern_image(8);
  const LabelMap m = box_mask(8, 2);
  write_image(im, (dir / "image.nrrd").string());
  write_image(radiomics::test::as_image(m), (dir / "mask.mha").string());
  const FeatureTable t = Extractor(Settings::from_json_text(R"({"families": ["statistics"]})"))
                             .run_files((dir / "image.nrrd").string(), (dir / "mask.mha").string());
  EXPECT_EQ(t.find_info("image_sha256")->size(), 64u);
  EXPECT_EQ(t.find_info("library_version").value(), version());
  EXPECT_EQ(t.find_info("settings_digest")->size(), 16u);
  const FeatureTable direct = run(im, m, R"({"families": ["statistics"]})");
  EXPECT_DOUBLE_EQ(*t.find("stat_mean"), *direct.find("stat_mean"));
}

TEST(Extractor, NonIntegerMaskIsAnError) {
  const auto dir = radiomics::test::temp_dir("nonint");
  Image mask = radiomics::test::as_image(box_mask(8, 2));
  mask.data[0] = 0.5f;
  write_image(mask, (dir / "mask.nrrd").string());
  EXPECT_NE(message_of([&] { read_label_map((dir / "mask.nrrd").string()); }).find("non-integer"),
            std::string::npos);
}

/// Three labels side by side in a 12^3 image: 1 (x < 4), 3 (4 <= x < 8), 7 (x >= 8), in the
/// middle slab of y and z.
LabelMap three_labels() {
  LabelMap m;
  m.geometry = radiomics::test::cube_geometry(12);
  m.data.assign(m.geometry.voxel_count(), 0);
  for (std::size_t z = 2; z < 10; ++z)
    for (std::size_t y = 2; y < 10; ++y)
      for (std::size_t x = 0; x < 12; ++x) m.data[m.geometry.index(x, y, z)] = x < 4 ? 1 : (x < 8 ? 3 : 7);
  return m;
}

void expect_same_row(const FeatureTable& a, const FeatureTable& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a.values()[i].first, b.values()[i].first);
    const double x = a.values()[i].second, y = b.values()[i].second;
    EXPECT_TRUE(x == y || (std::isnan(x) && std::isnan(y))) << a.values()[i].first;  // to the bit
  }
  EXPECT_EQ(a.info(), b.info());
  EXPECT_EQ(a.warnings(), b.warnings());
}

TEST(Extractor, SeveralLabelsGiveOneRowEachEqualToSingleLabelRuns) {
  const Image im = pattern_image(12);
  const LabelMap m = three_labels();
  Settings s = Settings::from_json_text(R"({"label": [7, 1]})");
  const std::vector<FeatureTable> rows = Extractor(s).run_labels(im.view(), m.view());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].find_info("label").value(), "7");  // in the order asked
  EXPECT_EQ(rows[1].find_info("label").value(), "1");
  expect_same_row(rows[0], run(im, m, R"({"label": 7})"));
  expect_same_row(rows[1], run(im, m, R"({"label": 1})"));

  s.select_labels("all");
  const std::vector<FeatureTable> all = Extractor(s).run_labels(im.view(), m.view());
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1].find_info("label").value(), "3");
  expect_same_row(all[1], run(im, m, R"({"label": 3})"));
  EXPECT_EQ(labels_present(m.view()), (std::vector<int>{1, 3, 7}));
}

TEST(Extractor, SeveralLabelsFromFilesShareTheReadingAndEqualSingleRuns) {
  const auto dir = radiomics::test::temp_dir("multi_label_files");
  write_image(pattern_image(12), (dir / "image.nrrd").string());
  write_image(radiomics::test::as_image(three_labels()), (dir / "mask.nrrd").string());
  Settings s = Settings::from_json_text(R"({"families": ["statistics", "glcm"]})");
  s.select_labels("3,7", "--label");
  const std::string image = (dir / "image.nrrd").string(), mask = (dir / "mask.nrrd").string();
  const std::vector<FeatureTable> rows = Extractor(s).run_files_labels(image, mask);
  ASSERT_EQ(rows.size(), 2u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    Settings single = Settings::from_json_text(R"({"families": ["statistics", "glcm"]})");
    single.label = i == 0 ? 3 : 7;
    expect_same_row(rows[i], Extractor(single).run_files(image, mask));
  }
}

TEST(Extractor, LabelsSharingTheWholeImageShareItsFilteringAndEqualSingleRuns) {
  // A Gabor filter reads the whole image, so every label needs the whole (interpolated) image:
  // the labels share its interpolation and each filter's response map (prepare_label_rois), and
  // each row must still equal the single-label run, diagnostics included, to the bit. A compact
  // filter (LoG) keeps each label on its own block.
  const Image im = pattern_image(12);
  const LabelMap m = three_labels();
  for (const char* filter : {R"({"type": "gabor", "sigma": 2, "lambda": 3, "gamma": 1, "theta": 0})",
                             R"({"type": "log", "sigma": 1.0})"}) {
    const std::string body = std::string(R"("families": ["statistics", "glcm", "morphology"], "diagnostics": true,
      "interpolation": {"spacing": 0.8, "method": "linear"}, "resegmentation": {"range": [0, 200]},
      "discretisation": {"method": "fixed_bin_number", "bin_count": 8},
      "filtering": {"families": ["statistics"], "filters": [)") + filter + "]}";
    const std::vector<FeatureTable> rows =
        Extractor(Settings::from_json_text("{" + body + R"(, "label": "all"})")).run_labels(im.view(), m.view());
    ASSERT_EQ(rows.size(), 3u);
    for (std::size_t k = 0; k < 3; ++k) {
      const std::string label = rows[k].find_info("label").value();
      SCOPED_TRACE(std::string(filter) + ", label " + label);
      const FeatureTable single = run(im, m, "{" + body + ", \"label\": " + label + "}");
      EXPECT_TRUE(single.find("int_mask_vox_count_reseg_roi").has_value());
      expect_same_row(rows[k], single);
    }
  }
}

TEST(Extractor, AnAbsentLabelAmongSeveralFailsBeforeAnyWorkAndNamesThePresentOnes) {
  const Image im = pattern_image(12);
  const LabelMap m = three_labels();
  const std::string msg =
      message_of([&] { Extractor(Settings::from_json_text(R"({"label": [1, 5]})")).run_labels(im.view(), m.view()); });
  EXPECT_NE(msg.find("label 5 not found"), std::string::npos) << msg;
  EXPECT_NE(msg.find("1, 3, 7"), std::string::npos) << msg;
  LabelMap empty = m;
  std::fill(empty.data.begin(), empty.data.end(), 0);
  Settings all;
  all.select_labels("all");
  EXPECT_THROW(Extractor(all).run_labels(im.view(), empty.view()), InputError);
}

TEST(Extractor, LabelSelectionTextIsValidated) {
  Settings s;
  for (const char* bad : {"", "1,,3", "one", "1.5", "all,1", "1,1", "99999999999"})
    EXPECT_THROW(s.select_labels(bad, "--label"), SettingsError) << bad;
  try {
    s.select_labels("x", "--label");
  } catch (const SettingsError& e) {
    EXPECT_NE(std::string(e.what()).find("--label"), std::string::npos) << e.what();
  }
  s.select_labels("4");
  EXPECT_EQ(s.label, 4);
  EXPECT_FALSE(s.several_labels());
}

/// An image in HU whose ROI (up to 200 HU) stops below the re-segmentation upper bound (1000 HU),
/// with fixed bins of 25 HU from 0: the levels present reach 9, the bound's level is 41. The
/// pattern's values 0..10 become 0, 40, ..., 200 HU with about half the voxels at 200 HU, so the
/// top bin (9) is the fullest.
FeatureTable grey_level_convention_run(const std::string& grey_levels, const char* range = "[0, 1000]") {
  Image im = pattern_image(10);
  for (float& v : im.data) v = 40.0f * std::min(v, 5.0f);
  const LabelMap m = box_mask(10, 3);
  return run(im, m, std::string(R"({"families": ["intensity_histogram", "glcm"],
      "resegmentation": {"range": )") + range + R"(},
      "discretisation": {"method": "fixed_bin_size", "bin_width": 25)" + grey_levels + "}}");
}

TEST(Extractor, GreyLevelCountOfFixedBinSizeIsTheHighestLevelPresentByDefault) {
  const FeatureTable by_default = grey_level_convention_run("");
  const FeatureTable present = grey_level_convention_run(R"(, "grey_levels": "highest_present")");
  const FeatureTable range = grey_level_convention_run(R"(, "grey_levels": "resegmentation_range")");
  // Without an upper bound both conventions agree: N_g is the highest level present.
  const FeatureTable open_range = grey_level_convention_run(R"(, "grey_levels": "resegmentation_range")", "[0, null]");
  for (const char* tag : {"cm_inv_diff_norm_3D_avg", "cm_inv_diff_mom_norm_3D_avg", "ih_min_grad", "ih_max_grad"}) {
    EXPECT_EQ(*by_default.find(tag), *present.find(tag)) << tag;
    EXPECT_EQ(*by_default.find(tag), *open_range.find(tag)) << tag;
  }
  // N_g enters the normalised inverse differences: they differ between the conventions.
  for (const char* tag : {"cm_inv_diff_norm_3D_avg", "cm_inv_diff_mom_norm_3D_avg"})
    EXPECT_NE(*present.find(tag), *range.find(tag)) << tag;
  // The histogram's top bin: a one-sided gradient at the highest level present (H_9 - H_8, the
  // largest rise), versus a central difference into the empty bin above it ((H_10 - H_8) / 2).
  EXPECT_GT(*present.find("ih_max_grad"), *range.find("ih_max_grad"));
  EXPECT_EQ(*present.find("ih_max_grad_g"), 9.0);
}

}  // namespace

namespace {

TEST(Extractor, ThreadsDoNotChangeTheRow) {
  const auto im = radiomics::test::pattern_image(16);
  const auto m = radiomics::test::box_mask(16, 5);
  const FeatureTable one = run(im, m, R"({"threads": 1, "texture": {"aggregations": "all"}})");
  for (const char* threads : {"2", "3", "8"}) {
    const FeatureTable many = run(im, m, std::string(R"({"threads": )") + threads + R"(, "texture": {"aggregations": "all"}})");
    expect_same_row(one, many);
  }
  EXPECT_GT(one.size(), 200u);
}

}  // namespace

#include "io/read_image_internal.hpp"

namespace radiomics {
namespace {

// A mask file of 8-bit labels is kept in that type by run_files (a quarter of the memory of
// 32-bit labels) and the image and mask are freed as soon as the ROI's block is cut out: the row
// equals the in-memory extraction with 32-bit labels, value for value, diagnostics included; an
// absent label still names the labels present.
TEST(Extractor, ByteMaskFilesGiveTheRowsOfThirtyTwoBitLabels) {
  const std::string data = std::string(RADIOMICS_SOURCE_DIR) + "/ibsi_phantom/";
  const std::string image_path = data + "ct_phantom/image.nii.gz", mask_path = data + "ct_phantom/mask.nii.gz";
  const StoredLabelMap stored = read_label_map_stored(mask_path);
  const ByteLabelMap* bytes = std::get_if<ByteLabelMap>(&stored);
  ASSERT_NE(bytes, nullptr) << "the CT phantom's mask stores 8-bit labels";
  const LabelMap labels = read_label_map(mask_path);
  ASSERT_EQ(bytes->data.size(), labels.data.size());
  for (std::size_t i = 0; i < labels.data.size(); ++i) ASSERT_EQ(bytes->data[i], labels.data[i]);
  // A float file is not kept as bytes (the CT phantom's image holds integers in float32).
  EXPECT_TRUE(std::holds_alternative<LabelMap>(read_label_map_stored(image_path)));

  Settings s = Settings::from_file(data + "configs/config_c.json");  // diagnostics on
  const FeatureTable from_files = Extractor(s).run_files(image_path, mask_path);
  const FeatureTable in_memory = Extractor(s).run(read_image(image_path).view(), labels.view());
  ASSERT_GT(in_memory.size(), 250u);
  test::expect_same_values(in_memory, from_files);
  s.label = 9;
  try {
    Extractor(s).run_files(image_path, mask_path);
    ADD_FAILURE() << "absent label accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("labels present: 1"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace radiomics
