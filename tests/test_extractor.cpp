// The Extractor on bad input: each case is a typed exception with a message naming the
// problem, or a documented result (NaN with a warning), never a crash or a silent number.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "radiomics/radiomics.hpp"
#include "support/volumes.hpp"

namespace {

using namespace radiomics;
using radiomics::test::box_mask;
using radiomics::test::pattern_image;

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

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

}  // namespace
