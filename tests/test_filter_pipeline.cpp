// Features of filtered images through the whole chain (IBSI 2 order): interpolation and
// re-segmentation on the original intensities, the filter over the whole image, features inside
// the ROI under the filter's column prefix; morphology and local intensity on the image only.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "preprocess/prepare_roi.hpp"
#include "preprocess/regions.hpp"
#include "radiomics/radiomics.hpp"
#include "support/volumes.hpp"

namespace {

using namespace radiomics;

/// A 20^3 image of random integers in [0, 100) and a mask: a box of half-width r around `centre`.
Image random_image(std::size_t n = 20) {
  Image im;
  im.geometry = test::cube_geometry(n, 2.0);
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> u(0, 99);
  for (std::size_t i = 0; i < im.geometry.voxel_count(); ++i)
    im.data.push_back(static_cast<float>(u(rng)));
  return im;
}

LabelMap box_at(std::size_t n, std::array<int, 3> centre, int r) {
  LabelMap m;
  m.geometry = test::cube_geometry(n, 2.0);
  m.data.assign(m.geometry.voxel_count(), 0);
  for (int z = 0; z < static_cast<int>(n); ++z)
    for (int y = 0; y < static_cast<int>(n); ++y)
      for (int x = 0; x < static_cast<int>(n); ++x)
        if (std::abs(x - centre[0]) <= r && std::abs(y - centre[1]) <= r &&
            std::abs(z - centre[2]) <= r)
          m.data[m.geometry.index(static_cast<std::size_t>(x), static_cast<std::size_t>(y),
                                  static_cast<std::size_t>(z))] = 1;
  return m;
}

FeatureTable run(const Image& im, const LabelMap& m, const std::string& json) {
  return Extractor(Settings::from_json_text(json)).run(im.view(), m.view());
}

double value(const FeatureTable& t, const std::string& tag) {
  const auto v = t.find(tag);
  EXPECT_TRUE(v.has_value()) << tag;
  return v.value_or(std::numeric_limits<double>::quiet_NaN());
}

TEST(FilterPipeline, ResponseMapColumnsBesideTheImagesOwn) {
  const Image im = random_image();
  const LabelMap m = box_at(20, {10, 10, 10}, 4);
  const FeatureTable t =
      run(im, m, R"({"discretisation": {"method": "fixed_bin_number", "bin_count": 8},
      "filtering": {"families": ["statistics", "glcm"],
                    "filters": [{"type": "log", "sigma": 3}, {"type": "wavelet", "wavelet": "db3", "band": "LLH"}]}})");
  EXPECT_TRUE(t.find("morph_volume"));
  EXPECT_TRUE(t.find("stat_mean"));
  EXPECT_TRUE(t.find("log_s3_stat_mean"));
  EXPECT_TRUE(t.find("wav_db3_l1_LLH_stat_mean"));
  EXPECT_TRUE(t.find("log_s3_cm_joint_max_3D_avg"));  // texture with the filtering discretisation
  EXPECT_FALSE(t.find("log_s3_morph_volume"));        // morphology: the image only
  EXPECT_FALSE(t.find("log_s3_loc_peak_loc"));
  EXPECT_FALSE(t.find("log_s3_ih_mean"));  // not asked for response maps
  EXPECT_NE(value(t, "log_s3_stat_mean"), value(t, "stat_mean"));
}

TEST(FilterPipeline, AnIdentityFilterReproducesTheImagesFeatures) {
  // A mean filter of support 1 is the identity: the map's ROI (crop, masks after interpolation
  // and re-segmentation on the original intensities) must give the image's statistics.
  const Image im = random_image();
  const LabelMap m = box_at(20, {9, 10, 11}, 5);
  const FeatureTable t = run(
      im, m, R"({"families": ["statistics"], "interpolation": {"spacing": 1.5, "method": "linear"},
      "resegmentation": {"range": [20, 80]},
      "filtering": {"filters": [{"type": "mean", "support": 1}]}})");
  for (const std::string tag :
       {"stat_mean", "stat_var", "stat_min", "stat_max", "stat_median", "stat_energy"})
    // Response maps are float32: equal to single precision.
    EXPECT_NEAR(value(t, "mean_m1_" + tag), value(t, tag), 1e-6 * std::fabs(value(t, tag))) << tag;
  EXPECT_GE(value(t, "mean_m1_stat_min"), 20.0);  // the re-segmentation range of the image
  EXPECT_LE(value(t, "mean_m1_stat_max"), 80.0);
}

TEST(FilterPipeline, TheFilterRunsOverTheWholeImageNotACropAroundTheRoi) {
  // ROI at the image border: the boundary condition acts at the border of the image. The
  // chain's statistics equal those of the whole-image response map (radiomics::filter_image)
  // inside the mask, and zero and mirror padding differ there.
  const Image im = random_image();
  const LabelMap m = box_at(20, {2, 10, 10}, 2);
  for (const char* boundary : {"zero", "mirror"}) {
    const std::string json =
        std::string(R"({"filtering": {"filters": [{"type": "laws", "kernel": "E5L5S5",
        "energy": true, "delta": 2, "boundary": ")") +
        boundary + R"("}]}})";
    const Settings s = Settings::from_json_text(json);
    const Image map = filter_image(im.view(), s);
    double sum = 0, lo = INFINITY, hi = -INFINITY;
    int count = 0;
    for (std::size_t i = 0; i < map.data.size(); ++i)
      if (m.data[i] == 1) {
        sum += map.data[i];
        lo = std::min(lo, static_cast<double>(map.data[i]));
        hi = std::max(hi, static_cast<double>(map.data[i]));
        ++count;
      }
    const FeatureTable t = run(im, m, json);
    const std::string prefix = s.filtering.filters[0].prefix + "_";
    EXPECT_NEAR(value(t, prefix + "stat_mean"), sum / count, 1e-4) << boundary;
    EXPECT_DOUBLE_EQ(value(t, prefix + "stat_min"), lo) << boundary;
    EXPECT_DOUBLE_EQ(value(t, prefix + "stat_max"), hi) << boundary;
  }
  const auto mean_with = [&](const char* boundary) {
    return value(
        run(im, m,
            std::string(
                R"({"filtering": {"filters": [{"type": "mean", "support": 5, "boundary": ")") +
                boundary + R"("}]}})"),
        "mean_m5_stat_mean");
  };
  EXPECT_GT(std::fabs(mean_with("zero") - mean_with("mirror")), 1.0);
}

TEST(FilterPipeline, OriginalImageFeaturesCanBeLeftOut) {
  const Image im = random_image();
  const LabelMap m = box_at(20, {10, 10, 10}, 4);
  const FeatureTable t = run(im, m, R"({"filtering": {"original_image": false,
      "filters": [{"type": "simoncelli", "level": 1}]}})");
  EXPECT_EQ(t.values().size(), 18u);
  for (const auto& [tag, v] : t.values()) EXPECT_EQ(tag.rfind("simoncelli_l1_stat_", 0), 0u) << tag;
}

TEST(FilterPipeline, NanOutsideTheRoiIsAnErrorOnlyWhenFiltering) {
  // Without filters a NaN outside the ROI is never read; a filter would spread it into the ROI.
  Image im = random_image();
  im.data[0] = std::numeric_limits<float>::quiet_NaN();
  const LabelMap m = box_at(20, {10, 10, 10}, 3);
  EXPECT_NO_THROW(run(im, m, R"({"families": ["statistics"]})"));
  try {
    run(im, m, R"({"filtering": {"filters": [{"type": "mean", "support": 3}]}})");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("filtering.filters[0]"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("non-finite"), std::string::npos) << e.what();
  }
}

TEST(FilterPipeline, ThreeDFilterOnASingleSliceNamesTheKey) {
  Image im = random_image();
  im.geometry.size[2] = 1;
  im.data.resize(20 * 20);
  LabelMap m = box_at(20, {10, 10, 0}, 3);
  m.geometry.size[2] = 1;
  m.data.resize(20 * 20);
  try {
    run(im, m, R"({"filtering": {"filters": [{"type": "log", "sigma": 2}]}})");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("filtering.filters[0].dimensions"), std::string::npos)
        << e.what();
  }
  EXPECT_NO_THROW(
      run(im, m, R"({"analysis": "2D", "filtering": {"filters": [{"type": "log", "sigma": 2}]}})"));
}

}  // namespace

namespace {

TEST(FilterPipeline, SettingsBuiltInCppGetTheDefaultPrefix) {
  const Image im = random_image();
  const LabelMap m = box_at(20, {10, 10, 10}, 4);
  Settings s;
  s.families = {Family::Statistics};
  FilterSettings log;
  log.kind = LogFilter{2.0, 4.0};
  s.filtering.filters.push_back(log);  // prefix left empty
  const FeatureTable t = Extractor(s).run(im.view(), m.view());
  EXPECT_TRUE(t.find("log_s2_stat_mean"));
  EXPECT_EQ(default_filter_prefix(log, true), "log_s2_3D");
}

}  // namespace

namespace {

/// A 40 x 36 x 24 image of random integers on anisotropic voxels and a box ROI of half-width 3.
Image anisotropic_image() {
  Image im;
  im.geometry.size = {96, 90, 40};
  im.geometry.spacing = {0.8, 0.9, 2.0};
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> u(-200, 300);
  for (std::size_t i = 0; i < im.geometry.voxel_count(); ++i)
    im.data.push_back(static_cast<float>(u(rng)));
  return im;
}

LabelMap box_in(const Geometry& g, std::array<int, 3> centre, int r) {
  LabelMap m;
  m.geometry = g;
  m.data.assign(g.voxel_count(), 0);
  for (std::size_t z = 0; z < g.size[2]; ++z)
    for (std::size_t y = 0; y < g.size[1]; ++y)
      for (std::size_t x = 0; x < g.size[0]; ++x)
        if (std::abs(static_cast<int>(x) - centre[0]) <= r &&
            std::abs(static_cast<int>(y) - centre[1]) <= r &&
            std::abs(static_cast<int>(z) - centre[2]) <= r)
          m.data[g.index(x, y, z)] = 1;
  return m;
}

/// Values of two prepared ROIs (same crop) where either mask is set; `tolerance` relative.
void expect_same_roi_values(const Roi& block, const Roi& whole, double tolerance, const std::string& what) {
  ASSERT_EQ(block.grid.size, whole.grid.size) << what;
  ASSERT_EQ(block.morph_mask, whole.morph_mask) << what;
  ASSERT_EQ(block.int_mask, whole.int_mask) << what;
  std::size_t compared = 0;
  for (std::size_t i = 0; i < block.intensity.size(); ++i) {
    if (!block.morph_mask[i]) continue;
    const double b = block.intensity[i], w = whole.intensity[i];
    if (tolerance == 0.0) {
      ASSERT_EQ(b, w) << what << ", voxel " << i;
    } else {
      ASSERT_NEAR(b, w, tolerance * std::max(1.0, std::fabs(w))) << what << ", voxel " << i;
    }
    ++compared;
  }
  EXPECT_GT(compared, 0u) << what;
}

TEST(FilterPipeline, FilteringABlockAroundTheRoiEqualsFilteringTheWholeImage) {
  // Compact filters run on a block of the image with a margin of their reach (the chain crops
  // before interpolating); ChainOptions::whole_image processes the whole image instead. The
  // prepared ROIs (masks, intensities, every response map) must be the same for a ROI inside the
  // image and one at its border: to the bit where the interpolation is nearest or linear; with
  // the cubic B-spline the ROI's block keeps a margin of 14 voxels, where the prefilter's reach has
  // decayed to 0.268^14 = 1e-8 (regions.hpp, interpolation_reach), hence a 1e-7 relative bound.
  const Image im = anisotropic_image();
  // Compact filters with zero, nearest and mirror boundaries: a block of the image. A periodic
  // boundary reads the far side of the image: the whole image either way (the second set).
  const std::vector<std::string> filter_sets = {
      R"({"type": "mean", "support": 5, "dimensions": "3D"})",
      R"({"type": "log", "sigma": 2.0, "boundary": "zero", "dimensions": "3D"})",
      R"({"type": "laws", "kernel": "L5E5E3", "energy": true, "delta": 3, "rotation_invariant": true,
       "dimensions": "3D"})",
      R"({"type": "wavelet", "wavelet": "db3", "band": "LLH", "level": 2, "rotation_invariant": true,
       "dimensions": "3D"})",
      R"({"type": "wavelet", "wavelet": "haar", "band": "HHH", "boundary": "nearest", "dimensions": "3D"})",
      R"({"type": "mean", "support": 3, "dimensions": "2D"})",
      R"({"type": "mean", "support": 3, "dimensions": "2D", "boundary": "periodic"})"};
  struct Chain {
    std::string json;
    bool cubic;
  };
  const std::vector<Chain> chains = {
      {"", false},
      {R"("interpolation": {"spacing": 1.0, "method": "linear"},)", false},
      {R"("interpolation": {"spacing": [1.2, 1.2, 1.5], "method": "cubic"}, "resegmentation": {"range": [-100, 250]},)",
       true},
      {R"("analysis": "2D", "interpolation": {"spacing": 0.7, "method": "cubic"},)", true}};
  std::size_t smaller_blocks = 0;
  for (const std::array<int, 3> centre : {std::array<int, 3>{48, 45, 20}, std::array<int, 3>{3, 45, 20}})
    for (const std::string& filters : filter_sets) {
      const LabelMap m = box_in(im.geometry, centre, 3);
      for (const Chain& chain : chains) {
        const Settings s = Settings::from_json_text("{" + chain.json + R"( "filtering": {"filters": [)" + filters + "]}}");
        const PreparedRois block = prepare_rois(im.view(), m.view(), s, nullptr);
        const PreparedRois whole = prepare_rois(im.view(), m.view(), s, nullptr, ChainOptions{true});
        const std::string what = chain.json + " ROI at x = " + std::to_string(centre[0]);
        const double tolerance = chain.cubic ? 1e-7 : 0.0;
        expect_same_roi_values(block.image, whole.image, tolerance, what + ", image");
        ASSERT_EQ(block.response_maps.size(), s.filtering.filters.size());
        ASSERT_EQ(whole.response_maps.size(), s.filtering.filters.size());
        for (std::size_t f = 0; f < block.response_maps.size(); ++f)
          expect_same_roi_values(block.response_maps[f], whole.response_maps[f], tolerance,
                                 what + ", filter " + std::to_string(f));
        // The comparison means something only if the default chain works on a block: for the ROI
        // inside the image with compact filters, the block is smaller than the image.
        if (filters.find("periodic") == std::string::npos && centre[0] == 48) {
          Region box;
          for (std::size_t a = 0; a < 3; ++a) {
            box.lo[a] = centre[a] - 3;
            box.hi[a] = centre[a] + 3;
          }
          const std::array<int, 3> size{96, 90, 40};
          if (working_region(box, size, s, im.geometry, axes_keeping_spacing(s, box)).count() <
              im.geometry.voxel_count())
            ++smaller_blocks;
        }
      }
    }
  EXPECT_EQ(smaller_blocks, (filter_sets.size() - 1) * chains.size());
}

TEST(FilterPipeline, AWholeImageFilterKeepsTheBlockOfEveryLabelTheWholeImage) {
  // The working region itself: a compact filter gives a block around the ROI, a Fourier-domain
  // filter (Gabor) or a periodic boundary the whole image, and ChainOptions::whole_image always.
  const Image im = anisotropic_image();
  const std::array<int, 3> size{static_cast<int>(im.geometry.size[0]), static_cast<int>(im.geometry.size[1]),
                                static_cast<int>(im.geometry.size[2])};
  Region roi;
  roi.lo = {18, 16, 10};
  roi.hi = {22, 20, 14};
  const auto region_of = [&](const std::string& filter, bool whole) {
    const Settings s = Settings::from_json_text(R"({"filtering": {"filters": [)" + filter + "]}}");
    return working_region(roi, size, s, im.geometry, axes_keeping_spacing(s, roi), whole);
  };
  Region all;
  all.hi = {size[0] - 1, size[1] - 1, size[2] - 1};
  const Region compact = region_of(R"({"type": "mean", "support": 3})", false);
  EXPECT_LT(compact.count(), all.count());
  EXPECT_EQ(region_of(R"({"type": "mean", "support": 3})", true), all);
  EXPECT_EQ(region_of(R"({"type": "mean", "support": 3, "boundary": "periodic"})", false), all);
  EXPECT_EQ(region_of(R"({"type": "gabor", "sigma": 2, "lambda": 3, "gamma": 1, "theta": 0})", false), all);
}

}  // namespace
