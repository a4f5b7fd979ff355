// The whole image-processing chain on small synthetic volumes: input checks and their
// messages, rounding, re-segmentation of the intensity mask only, cropping and diagnostics.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "preprocess/prepare_roi.hpp"
#include "radiomics/errors.hpp"
#include "support/tables.hpp"

namespace radiomics {
namespace {

Geometry cube(std::size_t n, double spacing = 1.0) {
  Geometry g;
  g.size = {n, n, n};
  g.spacing = {spacing, spacing, spacing};
  return g;
}

struct Case {
  Image image;
  LabelMap mask;
};

/// An n^3 image with intensity x + y + z and a label-1 cube [lo, hi]^3.
Case make_case(std::size_t n, std::size_t lo, std::size_t hi, double spacing = 1.0) {
  Case c;
  c.image.geometry = c.mask.geometry = cube(n, spacing);
  c.image.data.resize(n * n * n);
  c.mask.data.assign(n * n * n, 0);
  for (std::size_t z = 0; z < n; ++z)
    for (std::size_t y = 0; y < n; ++y)
      for (std::size_t x = 0; x < n; ++x) {
        const std::size_t i = c.image.geometry.index(x, y, z);
        c.image.data[i] = static_cast<float>(x + y + z);
        if (x >= lo && x <= hi && y >= lo && y <= hi && z >= lo && z <= hi) c.mask.data[i] = 1;
      }
  return c;
}

std::string message_of(const Case& c, const Settings& s) {
  try {
    prepare_roi(c.image.view(), c.mask.view(), s, nullptr);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CheckGeometry, NamesWhatDiffers) {
  const Geometry a = cube(4);
  Geometry b = a;
  EXPECT_NO_THROW(check_same_geometry(a, b));
  b.spacing[2] = 1.00001;  // within the 1e-4 tolerance
  EXPECT_NO_THROW(check_same_geometry(a, b));

  b = a;
  b.size[1] = 5;
  try {
    check_same_geometry(a, b);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_TRUE(contains(e.what(), "size")) << e.what();
    EXPECT_TRUE(contains(e.what(), "(4, 4, 4)") && contains(e.what(), "(4, 5, 4)")) << e.what();
  }
  b = a;
  b.spacing[0] = 1.5;
  try {
    check_same_geometry(a, b);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_TRUE(contains(e.what(), "spacing") && contains(e.what(), "1.5")) << e.what();
  }
  b = a;
  b.origin[2] = -10.0;
  try {
    check_same_geometry(a, b);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_TRUE(contains(e.what(), "origin") && contains(e.what(), "-10")) << e.what();
  }
  b = a;
  b.direction = {-1, 0, 0, 0, -1, 0, 0, 0, 1};
  try {
    check_same_geometry(a, b);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_TRUE(contains(e.what(), "direction")) << e.what();
  }
}

TEST(PrepareRoi, GeometryMismatchIsAnInputError) {
  Case c = make_case(6, 1, 3);
  c.mask.geometry.spacing[0] = 2.0;
  EXPECT_TRUE(contains(message_of(c, Settings{}), "spacing"));
}

TEST(PrepareRoi, MissingLabelListsLabelsPresent) {
  Case c = make_case(6, 1, 2);
  c.mask.data[c.mask.geometry.index(5, 5, 5)] = 3;
  Settings s;
  s.label = 2;
  EXPECT_EQ(message_of(c, s), "label 2 not found in mask; labels present: 1, 3");
}

TEST(PrepareRoi, EmptyMaskIsAnInputError) {
  Case c = make_case(6, 1, 2);
  c.mask.data.assign(c.mask.data.size(), 0);
  EXPECT_TRUE(contains(message_of(c, Settings{}), "empty")) << message_of(c, Settings{});
}

TEST(PrepareRoi, NonFiniteIntensityInRoiIsAnInputError) {
  Case c = make_case(6, 1, 3);
  c.image.data[c.image.geometry.index(2, 2, 2)] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_TRUE(contains(message_of(c, Settings{}), "non-finite"));
  // Outside the ROI it does no harm without interpolation.
  Case d = make_case(6, 1, 3);
  d.image.data[d.image.geometry.index(5, 5, 5)] = std::numeric_limits<float>::infinity();
  EXPECT_EQ(message_of(d, Settings{}), "");
}

TEST(PrepareRoi, EmptyAfterResegmentationIsAnInputError) {
  Case c = make_case(6, 1, 3);
  Settings s;
  s.resegmentation.lower = 100;
  EXPECT_TRUE(contains(message_of(c, s), "re-segmentation"));
}

TEST(PrepareRoi, CtRoundsHalfToEven) {
  Case c = make_case(3, 0, 2);
  c.image.data[0] = 1.5f;
  c.image.data[1] = 2.5f;
  c.image.data[2] = -0.6f;
  Settings s;
  s.modality = "CT";
  Roi roi = prepare_roi(c.image.view(), c.mask.view(), s, nullptr);
  EXPECT_EQ(roi.intensity[0], 2.0);
  EXPECT_EQ(roi.intensity[1], 2.0);
  EXPECT_EQ(roi.intensity[2], -1.0);
  s.modality = "MR";
  roi = prepare_roi(c.image.view(), c.mask.view(), s, nullptr);
  EXPECT_EQ(roi.intensity[0], 1.5);
}

TEST(PrepareRoi, ResegmentationChangesTheIntensityMaskOnly) {
  Case c = make_case(6, 0, 5);  // whole image; intensities 0..15
  Settings s;
  s.resegmentation.lower = 3;
  s.resegmentation.upper = 10;
  const Roi roi = prepare_roi(c.image.view(), c.mask.view(), s, nullptr);
  std::size_t morph = 0;
  for (std::size_t i = 0; i < roi.intensity.size(); ++i) {
    morph += roi.morph_mask[i];
    EXPECT_EQ(roi.int_mask[i] != 0, roi.intensity[i] >= 3 && roi.intensity[i] <= 10) << i;
  }
  EXPECT_EQ(morph, 216u);
  EXPECT_EQ(roi.reseg_lower, 3.0);
  EXPECT_EQ(roi.reseg_upper, 10.0);
}

TEST(PrepareRoi, NoResegmentationLeavesAnOpenRange) {
  const Case c = make_case(4, 1, 2);
  const Roi roi = prepare_roi(c.image.view(), c.mask.view(), Settings{}, nullptr);
  EXPECT_TRUE(std::isinf(roi.reseg_lower) && std::isinf(roi.reseg_upper));
  EXPECT_EQ(roi.morph_mask, roi.int_mask);
}

TEST(PrepareRoi, CropsWithLocalIntensityMargin) {
  // Spacing 1 mm: margin ceil(6.2035) + 1 = 8 voxels; a single voxel at 15 gives 7..23.
  const Case c = make_case(30, 15, 15);
  Roi roi = prepare_roi(c.image.view(), c.mask.view(), Settings{}, nullptr);
  EXPECT_EQ(roi.grid.size, (std::array<int, 3>{17, 17, 17}));
  EXPECT_EQ(roi.morph_mask[roi.grid.index(8, 8, 8)], 1);
  EXPECT_EQ(roi.intensity[roi.grid.index(8, 8, 8)], 45.0);
  EXPECT_EQ(roi.intensity[roi.grid.index(0, 0, 0)], 21.0);  // voxel (7, 7, 7)
  // Near the border the margin is clipped to the image.
  const Case d = make_case(30, 2, 3);
  roi = prepare_roi(d.image.view(), d.mask.view(), Settings{}, nullptr);
  EXPECT_EQ(roi.grid.size, (std::array<int, 3>{12, 12, 12}));  // 0 .. 3 + 8
  // Coarser voxels need fewer margin voxels: 3 mm -> ceil(2.07) + 1 = 4.
  const Case e = make_case(30, 15, 15, 3.0);
  roi = prepare_roi(e.image.view(), e.mask.view(), Settings{}, nullptr);
  EXPECT_EQ(roi.grid.size, (std::array<int, 3>{9, 9, 9}));
  EXPECT_EQ(roi.grid.spacing[0], 3.0);
}

TEST(PrepareRoi, InterpolationOntoIbsiGrid) {
  // 8^3 voxels of 1 mm -> 4^3 of 2 mm at old coordinates 0.5, 2.5, 4.5, 6.5.
  const Case c = make_case(8, 0, 7);
  Settings s;
  s.interpolation.enabled = true;
  s.interpolation.spacing = {2.0, 2.0, 2.0};
  Roi roi = prepare_roi(c.image.view(), c.mask.view(), s, nullptr);
  EXPECT_EQ(roi.grid.size, (std::array<int, 3>{4, 4, 4}));
  EXPECT_EQ(roi.grid.spacing[2], 2.0);
  // Linear interpolation of x + y + z is exact: 0.5 * 3 at the first voxel.
  EXPECT_NEAR(roi.intensity[0], 1.5, 1e-12);
  EXPECT_NEAR(roi.intensity[roi.grid.index(3, 1, 0)], 6.5 + 2.5 + 0.5, 1e-12);
  // Slice-wise: in-plane only, slices kept.
  s.slice_wise = true;
  roi = prepare_roi(c.image.view(), c.mask.view(), s, nullptr);
  EXPECT_EQ(roi.grid.size, (std::array<int, 3>{4, 4, 8}));
  EXPECT_EQ(roi.grid.spacing[2], 1.0);
  EXPECT_NEAR(roi.intensity[roi.grid.index(0, 0, 5)], 6.0, 1e-12);
}

TEST(PrepareRoi, MaskThresholdOnInterpolatedFraction) {
  // ROI x in 0..2 of a 6-voxel line sampled at 0.5, 2.5, 4.5: fractions 1, 0.5, 0.
  Case c;
  c.image.geometry = c.mask.geometry = cube(1);
  c.image.geometry.size = c.mask.geometry.size = {6, 1, 1};
  c.image.data.assign(6, 1.0f);
  c.mask.data = {1, 1, 1, 0, 0, 0};
  Settings s;
  s.interpolation.enabled = true;
  s.interpolation.spacing = {2.0, 1.0, 1.0};
  Roi roi = prepare_roi(c.image.view(), c.mask.view(), s, nullptr);
  EXPECT_EQ(roi.morph_mask, (std::vector<std::uint8_t>{1, 1, 0}));  // 0.5 >= 0.5
  s.interpolation.mask_threshold = 0.6;
  roi = prepare_roi(c.image.view(), c.mask.view(), s, nullptr);
  EXPECT_EQ(roi.morph_mask, (std::vector<std::uint8_t>{1, 0, 0}));
}

TEST(PrepareRoi, DiagnosticsOfEveryStage) {
  const Case c = make_case(8, 2, 5);  // 64 voxels, intensities 6..15
  Settings s;
  s.diagnostics = true;
  s.resegmentation.upper = 10;
  FeatureTable t;
  prepare_roi(c.image.view(), c.mask.view(), s, &t);
  EXPECT_EQ(t.size(), 2u * 9u + 3u * 14u);
  EXPECT_EQ(t.find("img_dim_x_init_img"), 8.0);
  EXPECT_EQ(t.find("vox_dim_z_interp_img"), 1.0);
  EXPECT_EQ(t.find("mean_int_init_img"), 10.5);
  EXPECT_EQ(t.find("max_int_init_img"), 21.0);
  EXPECT_EQ(t.find("int_mask_bb_dim_y_init_roi"), 4.0);
  EXPECT_EQ(t.find("int_mask_vox_count_interp_roi"), 64.0);
  EXPECT_EQ(t.find("int_mask_mean_int_init_roi"), 10.5);
  EXPECT_EQ(t.find("int_mask_max_int_reseg_roi"), 10.0);
  EXPECT_EQ(t.find("morph_mask_vox_count_reseg_roi"), 64.0);
  // Voxels of [2, 5]^3 with x + y + z <= 10 stay in the intensity mask.
  std::size_t kept = 0;
  for (int z = 2; z <= 5; ++z)
    for (int y = 2; y <= 5; ++y)
      for (int x = 2; x <= 5; ++x) kept += x + y + z <= 10;
  EXPECT_EQ(t.find("int_mask_vox_count_reseg_roi"), static_cast<double>(kept));

  FeatureTable none;
  s.diagnostics = false;
  prepare_roi(c.image.view(), c.mask.view(), s, &none);
  EXPECT_EQ(none.size(), 0u);
}

}  // namespace
}  // namespace radiomics

#include <algorithm>
#include <cstdint>

#include "preprocess/interpolate.hpp"
#include "radiomics/extractor.hpp"

namespace radiomics {
namespace {

// The chain crops to the ROI (plus the local-intensity and interpolation margins) before
// interpolating; a filter with a periodic boundary reads the whole image, so the chain then
// interpolates the whole image. The original image's features must be bit-identical either way:
// the cropped grid is a block of the whole-image IBSI grid.
TEST(PrepareRoi, CroppingBeforeInterpolationChangesNothing) {
  const std::string data = std::string(RADIOMICS_SOURCE_DIR) + "/ibsi_phantom/";
  const Image image = read_image(data + "ct_phantom/image.nii.gz");
  const LabelMap mask = read_label_map(data + "ct_phantom/mask.nii.gz");
  for (const char* config : {"config_b.json", "config_c.json", "config_e.json"}) {
    SCOPED_TRACE(config);
    Settings cropped = Settings::from_file(data + "configs/" + config);
    Settings whole = cropped;
    FilterSettings periodic;
    periodic.kind = MeanFilter{3};
    periodic.boundary = Boundary::Periodic;
    periodic.prefix = "periodic_mean";
    whole.filtering.filters.push_back(periodic);
    whole.filtering.families = {Family::Statistics};
    const FeatureTable a = Extractor(whole).run(image.view(), mask.view());
    const FeatureTable b = Extractor(cropped).run(image.view(), mask.view());
    ASSERT_GT(b.size(), 200u);
    test::expect_same_values(b, a);
  }
}

// The diagnostics of the interpolated image describe the whole image, which is interpolated
// tile by tile and never held: its size, minimum, maximum and mean are those of interpolating
// the whole image at once (here 500 x 500 x 125 samples, several tiles).
TEST(PrepareRoi, InterpolatedImageDiagnosticsAreThoseOfTheWholeImage) {
  Case c = make_case(40, 18, 21, 10.0);
  c.image.geometry.size[2] = c.mask.geometry.size[2] = 10;
  c.image.data.resize(40 * 40 * 10);
  c.mask.data.assign(40 * 40 * 10, 0);
  std::uint32_t seed = 3;
  for (std::size_t i = 0; i < c.image.data.size(); ++i) {
    seed = seed * 1664525u + 1013904223u;
    c.image.data[i] = static_cast<float>(seed >> 20) / 7.0f - 100.0f;
  }
  for (std::size_t z = 4; z <= 5; ++z)
    for (std::size_t y = 18; y <= 21; ++y)
      for (std::size_t x = 18; x <= 21; ++x) c.mask.data[c.mask.geometry.index(x, y, z)] = 1;
  Settings s;
  s.diagnostics = true;
  s.interpolation.enabled = true;
  s.interpolation.method = InterpolationMethod::Cubic;
  s.interpolation.spacing = {0.8, 0.8, 0.8};
  FeatureTable t;
  prepare_roi(c.image.view(), c.mask.view(), s, &t);

  std::array<AxisSampling, 3> axes;
  for (std::size_t a = 0; a < 3; ++a) axes[a] = ibsi_axis_sampling(a < 2 ? 40 : 10, 10.0, 0.8);
  const std::vector<double> values(c.image.data.begin(), c.image.data.end());
  const std::vector<double> whole =
      resample(values, {40, 40, 10}, axes, InterpolationMethod::Cubic, Outside::kNearestEdge);
  ASSERT_EQ(whole.size(), 500u * 500u * 125u);
  double sum = 0.0;
  for (double v : whole) sum += v;
  EXPECT_EQ(t.find("img_dim_x_interp_img"), 500.0);
  EXPECT_EQ(t.find("img_dim_z_interp_img"), 125.0);
  EXPECT_EQ(t.find("int_mask_dim_y_interp_roi"), 500.0);
  EXPECT_EQ(t.find("min_int_interp_img"), *std::min_element(whole.begin(), whole.end()));
  EXPECT_EQ(t.find("max_int_interp_img"), *std::max_element(whole.begin(), whole.end()));
  EXPECT_NEAR(*t.find("mean_int_interp_img"), sum / static_cast<double>(whole.size()), 1e-9);
}

}  // namespace
}  // namespace radiomics
