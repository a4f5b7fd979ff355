// The filter families against analytic results (filters/*.cpp) and their bad-input errors.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "filters/filters.hpp"
#include "radiomics/errors.hpp"
#include "support/filter_images.hpp"

namespace {

using namespace radiomics;
using namespace radiomics::filters;

FilterImage image_of(std::array<int, 3> size, std::array<double, 3> spacing = {1, 1, 1}) {
  return test::filter_image_of(size, spacing);
}

template <class Kind>
FilterSettings settings_of(Kind kind, bool volumetric = true, Boundary b = Boundary::Mirror) {
  FilterSettings f;
  f.kind = kind;
  f.volumetric = volumetric;
  f.boundary = b;
  return f;
}

float at(const FilterImage& im, int x, int y, int z) { return im.values[im.grid.index(x, y, z)]; }

TEST(MeanFilter, KeepsAConstantAndAveragesTheWindow) {
  FilterImage im = image_of({9, 9, 9});
  for (float& v : im.values) v = 3.0F;
  const FilterImage out = apply_filter(im, settings_of(MeanFilter{5}), "f");
  for (float v : out.values) EXPECT_NEAR(v, 3.0F, 1e-5);
  // Zero padding: a corner voxel sees 3 x 3 x 3 of the 5 x 5 x 5 window.
  const FilterImage zero = apply_filter(im, settings_of(MeanFilter{5}, true, Boundary::Zero), "f");
  EXPECT_NEAR(at(zero, 0, 0, 0), 3.0 * 27.0 / 125.0, 1e-5);
  // 2D: the window is 5 x 5 in-plane only.
  FilterImage ramp = image_of({9, 9, 9});
  for (int z = 0; z < 9; ++z)
    for (int y = 0; y < 9; ++y)
      for (int x = 0; x < 9; ++x) ramp.values[ramp.grid.index(x, y, z)] = static_cast<float>(z);
  const FilterImage flat =
      apply_filter(ramp, settings_of(MeanFilter{5}, false, Boundary::Zero), "f");
  EXPECT_NEAR(at(flat, 4, 4, 7), 7.0F, 1e-5);
}

TEST(LaplacianOfGaussian, GivesTheLaplacianOfAQuadratic) {
  // f = x^2 + y^2 + z^2 (voxels): the manual's kernel approximates the Laplacian of the
  // Gaussian-smoothed image, which is 6 for any sigma, away from the border (truncated at 6 sigma
  // here, so that the kernel's tails do not matter).
  FilterImage im = image_of({41, 41, 41});
  for (int z = 0; z < 41; ++z)
    for (int y = 0; y < 41; ++y)
      for (int x = 0; x < 41; ++x)
        im.values[im.grid.index(x, y, z)] =
            static_cast<float>((x - 20) * (x - 20) + (y - 20) * (y - 20) + (z - 20) * (z - 20));
  const FilterImage out = apply_filter(im, settings_of(LogFilter{2.0, 6.0}), "f");
  EXPECT_NEAR(at(out, 20, 20, 20), 6.0, 0.002);
  EXPECT_NEAR(at(out, 18, 21, 19), 6.0, 0.002);
  // 2D: x^2 + y^2 only.
  const FilterImage in_plane = apply_filter(im, settings_of(LogFilter{2.0, 6.0}, false), "f");
  EXPECT_NEAR(at(in_plane, 20, 20, 20), 4.0, 0.002);
  // The manual's truncation at 4 sigma loses a little of the kernel's tails (0.4 % here).
  EXPECT_NEAR(at(apply_filter(im, settings_of(LogFilter{2.0, 4.0}), "f"), 20, 20, 20), 6.0, 0.03);
}

TEST(LaplacianOfGaussian, ScalesWithTheSpacingAsTheManualsVoxelKernel) {
  // sigma in mm: sigma 4 mm on 2 mm voxels is sigma 2 voxels, and the response is the
  // Laplacian in voxel units (x^2 in voxels -> 2).
  FilterImage im = image_of({41, 41, 41}, {2, 2, 2});
  for (int z = 0; z < 41; ++z)
    for (int y = 0; y < 41; ++y)
      for (int x = 0; x < 41; ++x)
        im.values[im.grid.index(x, y, z)] = static_cast<float>((x - 20) * (x - 20));
  EXPECT_NEAR(at(apply_filter(im, settings_of(LogFilter{4.0, 4.0}), "f"), 20, 20, 20), 2.0, 0.01);
  // Anisotropic (1, 1, 2) mm, f = x^2 + z^2 in voxels = x_mm^2 + z_mm^2 / 4: the Laplacian in mm is
  // 2.5, scaled by the squared geometric mean spacing 2^(2/3).
  FilterImage an = image_of({41, 41, 41}, {1, 1, 2});
  for (int z = 0; z < 41; ++z)
    for (int y = 0; y < 41; ++y)
      for (int x = 0; x < 41; ++x)
        an.values[an.grid.index(x, y, z)] =
            static_cast<float>((x - 20) * (x - 20) + (z - 20) * (z - 20));
  EXPECT_NEAR(at(apply_filter(an, settings_of(LogFilter{3.0, 4.0}), "f"), 20, 20, 20),
              2.5 * std::cbrt(4.0), 0.03);
}

TEST(Laws, KernelsHaveUnitNormAndTheImpulseResponseIsTheirOuterProduct) {
  for (const char* name : {"L5", "E5", "S5", "W5", "R5", "L3", "E3", "S3"}) {
    double norm = 0;
    for (double t : laws_kernel(name)) norm += t * t;
    EXPECT_NEAR(norm, 1.0, 1e-12) << name;
  }
  EXPECT_TRUE(laws_kernel("X5").empty());
  FilterImage im = image_of({11, 11, 11});
  im.values[im.grid.index(5, 5, 5)] = 1.0F;
  const FilterImage out =
      apply_filter(im, settings_of(LawsFilter{"L5E5S3", false, 7}, true, Boundary::Zero), "f");
  const Kernel1D l5 = laws_kernel("L5"), e5 = laws_kernel("E5"), s3 = laws_kernel("S3");
  EXPECT_NEAR(at(out, 4, 7, 6), l5[1] * e5[4] * s3[2], 1e-6);
  EXPECT_NEAR(at(out, 7, 3, 4), l5[4] * e5[0] * s3[0], 1e-6);
}

TEST(Laws, RotationInvariantResponseTurnsWithTheImage) {
  // Rotating the image by 90 degrees about z rotates a rotation-invariant response with it.
  FilterImage im = image_of({12, 12, 12});
  for (std::size_t i = 0; i < im.values.size(); ++i)
    im.values[i] = static_cast<float>((i * 7919) % 97);
  FilterImage turned = im;
  for (int z = 0; z < 12; ++z)
    for (int y = 0; y < 12; ++y)
      for (int x = 0; x < 12; ++x) turned.values[im.grid.index(11 - y, x, z)] = at(im, x, y, z);
  FilterSettings f = settings_of(LawsFilter{"E5L5S5", true, 2}, true, Boundary::Periodic);
  f.rotation_invariant = true;
  f.pooling = Pooling::Max;
  const FilterImage a = apply_filter(im, f, "f");
  const FilterImage b = apply_filter(turned, f, "f");
  for (int z = 0; z < 12; ++z)
    for (int y = 0; y < 12; ++y)
      for (int x = 0; x < 12; ++x)
        ASSERT_NEAR(at(b, 11 - y, x, z), at(a, x, y, z), 1e-3) << x << y << z;
}

TEST(Wavelets, FiltersAreOrthonormalWithVanishingMoments) {
  for (const std::string& family : wavelet_families()) {
    const Kernel1D h = wavelet_low_pass(family);
    const Kernel1D g = wavelet_high_pass(family);
    double sum = 0, energy = 0, g_sum = 0;
    for (std::size_t k = 0; k < h.size(); ++k) {
      sum += h[k];
      energy += h[k] * h[k];
      g_sum += g[k];
    }
    EXPECT_NEAR(sum, std::sqrt(2.0), 1e-12) << family;
    EXPECT_NEAR(energy, 1.0, 1e-12) << family;
    EXPECT_NEAR(g_sum, 0.0, 1e-12) << family;
    for (std::size_t shift = 2; shift < h.size(); shift += 2) {  // orthogonal to its even shifts
      double dot = 0;
      for (std::size_t k = 0; k + shift < h.size(); ++k) dot += h[k] * h[k + shift];
      EXPECT_NEAR(dot, 0.0, 1e-12) << family << " shift " << shift;
    }
  }
  // db3 has 3 vanishing moments: sum k^m g[k] = 0 for m = 0, 1, 2.
  const Kernel1D g = wavelet_high_pass("db3");
  for (int m = 0; m < 3; ++m) {
    double moment = 0;
    for (std::size_t k = 0; k < g.size(); ++k) moment += std::pow(static_cast<double>(k), m) * g[k];
    EXPECT_NEAR(moment, 0.0, 1e-10) << m;
  }
  // PyWavelets' published db2 and coif1 decomposition low-pass filters.
  const Kernel1D db2{-0.12940952255092145, 0.22414386804185735, 0.836516303737469,
                     0.48296291314469025};
  const Kernel1D coif1{-0.01565572813546454, -0.0727326195128539, 0.38486484686420286,
                       0.8525720202122554,   0.3378976624578092,  -0.0727326195128539};
  for (std::size_t k = 0; k < 4; ++k) EXPECT_NEAR(wavelet_low_pass("db2")[k], db2[k], 1e-12);
  for (std::size_t k = 0; k < 6; ++k) EXPECT_NEAR(wavelet_low_pass("coif1")[k], coif1[k], 1e-12);
  EXPECT_TRUE(wavelet_low_pass("db99").empty());
}

TEST(Wavelets, HighPassBandsOfAConstantVanishAndLowPassScalesIt) {
  FilterImage im = image_of({16, 16, 16});
  for (float& v : im.values) v = 2.0F;
  for (int level : {1, 2}) {
    const FilterImage lll = apply_filter(im, settings_of(WaveletFilter{"db3", "LLL", level}), "f");
    const FilterImage hll = apply_filter(im, settings_of(WaveletFilter{"db3", "HLL", level}), "f");
    for (std::size_t i = 0; i < im.values.size(); ++i) {
      ASSERT_NEAR(lll.values[i], 2.0 * std::pow(2.0, 1.5 * level), 1e-4);  // (sqrt 2)^3 per level
      ASSERT_NEAR(hll.values[i], 0.0, 1e-4);
    }
  }
}

TEST(Gabor, ImpulseResponseModulusIsTheGaussianEnvelope) {
  // theta = 0: x' = x, y' = y; |h| = exp(-(x^2 + gamma^2 y^2) / (2 sigma^2)), x and y in mm
  // (pixels of 0.5 x 0.75 mm).
  FilterImage im = image_of({33, 33, 3}, {0.5, 0.75, 2.0});
  im.values[im.grid.index(16, 16, 1)] = 1.0F;
  const GaborFilter g{2.0, 0.5, 3.0, 0.0, {}};
  const FilterImage out = apply_filter(im, settings_of(g, false, Boundary::Zero), "f");
  const auto envelope = [&](double x, double y) { return std::exp(-(x * x + 0.25 * y * y) / 8.0); };
  EXPECT_NEAR(at(out, 16, 16, 1), 1.0, 1e-6);
  EXPECT_NEAR(at(out, 20, 16, 1), envelope(2.0, 0.0), 1e-6);
  EXPECT_NEAR(at(out, 16, 22, 1), envelope(0.0, 4.5), 1e-6);
  EXPECT_NEAR(at(out, 13, 12, 1), envelope(-1.5, -3.0), 1e-6);
  EXPECT_NEAR(at(out, 16, 16, 0), 0.0, 1e-6);  // 2D: slices stay apart
  // theta = 90 degrees: x' = y, y' = -x.
  const FilterImage turned =
      apply_filter(im, settings_of(GaborFilter{2.0, 0.5, 3.0, 90.0, {}}, false, Boundary::Zero), "f");
  EXPECT_NEAR(at(turned, 20, 16, 1), envelope(0.0, 2.0), 1e-6);
  EXPECT_NEAR(at(turned, 16, 22, 1), envelope(4.5, 0.0), 1e-6);
}

TEST(Gabor, OrientationPoolingIsTheMeanOfEachOrientationsMap) {
  // Pooling over theta_step 60 (0, 60, ..., 300) equals the mean of the six single-orientation
  // maps (the implementation computes opposite orientations once); max pooling their maximum.
  FilterImage im = image_of({24, 20, 2}, {1.0, 1.5, 1.0});
  for (std::size_t i = 0; i < im.values.size(); ++i)
    im.values[i] = static_cast<float>((i * 37) % 11);
  std::vector<float> mean(im.values.size(), 0.0F), max(im.values.size(), -1.0F);
  for (int k = 0; k < 6; ++k) {
    const FilterImage one =
        apply_filter(im, settings_of(GaborFilter{3.0, 0.7, 4.0, 10.0 + 60.0 * k, {}}, false), "f");
    for (std::size_t i = 0; i < mean.size(); ++i) {
      mean[i] += one.values[i] / 6.0F;
      max[i] = std::max(max[i], one.values[i]);
    }
  }
  FilterSettings pooled = settings_of(GaborFilter{3.0, 0.7, 4.0, 10.0, 60.0}, false);
  const FilterImage by_mean = apply_filter(im, pooled, "f");
  pooled.pooling = Pooling::Max;
  const FilterImage by_max = apply_filter(im, pooled, "f");
  for (std::size_t i = 0; i < mean.size(); ++i) {
    ASSERT_NEAR(by_mean.values[i], mean[i], 1e-4);
    ASSERT_NEAR(by_max.values[i], max[i], 1e-4);
  }
}

TEST(Simoncelli, BandPassRemovesAConstantAndPeaksMidBand) {
  EXPECT_DOUBLE_EQ(simoncelli_transfer(0.5, 1), 1.0);
  EXPECT_NEAR(simoncelli_transfer(0.25, 1), 0.0, 1e-15);
  EXPECT_NEAR(simoncelli_transfer(1.0, 1), 0.0, 1e-15);
  EXPECT_DOUBLE_EQ(simoncelli_transfer(0.25, 2), 1.0);
  EXPECT_EQ(simoncelli_transfer(0.1, 1), 0.0);
  FilterImage im = image_of({16, 16, 16});
  for (float& v : im.values) v = 5.0F;
  for (Boundary b : {Boundary::Periodic, Boundary::Mirror, Boundary::Nearest}) {
    const FilterImage out = apply_filter(im, settings_of(SimoncelliFilter{1}, true, b), "f");
    for (float v : out.values) ASSERT_NEAR(v, 0.0, 1e-3);
  }
}

TEST(FilterReach, IsTheKernelsHalfWidthOverLevelsOrientationsAndEnergy) {
  const std::array<double, 3> mm{1.0, 1.0, 2.0};
  using Reach = std::optional<std::array<int, 3>>;
  EXPECT_EQ(filter_reach(settings_of(MeanFilter{5}), mm), (Reach{{2, 2, 2}}));
  EXPECT_EQ(filter_reach(settings_of(MeanFilter{5}, false), mm), (Reach{{2, 2, 0}}));
  // 1 + 2 floor(4 sigma / spacing + 0.5) taps: sigma 2 mm is 2 voxels in x, y and 1 in z.
  EXPECT_EQ(filter_reach(settings_of(LogFilter{2.0, 4.0}), mm), (Reach{{8, 8, 4}}));
  // Laws: the longest kernel (rotations move it to any axis) plus the energy window.
  EXPECT_EQ(filter_reach(settings_of(LawsFilter{"L3E5S3", true, 3}), mm), (Reach{{5, 5, 5}}));
  // db3 (6 taps, 7 with the appended zero): 3 at level 1, 3 + 6 at level 2.
  EXPECT_EQ(filter_reach(settings_of(WaveletFilter{"db3", "LLH", 2}), mm), (Reach{{9, 9, 9}}));
  EXPECT_EQ(filter_reach(settings_of(WaveletFilter{"haar", "HH", 1}, false), mm), (Reach{{1, 1, 0}}));
  EXPECT_FALSE(filter_reach(settings_of(GaborFilter{2.0, 1.0, 3.0, 0.0, {}}), mm));
  EXPECT_FALSE(filter_reach(settings_of(SimoncelliFilter{1}), mm));
  // An absurd sigma is capped, never an integer overflow (it is refused when the kernel is built).
  EXPECT_EQ(filter_reach(settings_of(LogFilter{1e300, 4.0}), mm), (Reach{{1000000000, 1000000000, 1000000000}}));
}

TEST(FilterErrors, ImagesThatCannotTakeTheFilterNameTheKey) {
  const auto message = [](const FilterImage& im, const FilterSettings& f) -> std::string {
    try {
      apply_filter(im, f, "filtering.filters[0]");
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  };
  const FilterImage slice = image_of({20, 20, 1});
  EXPECT_NE(message(slice, settings_of(MeanFilter{3})).find("filtering.filters[0].dimensions"),
            std::string::npos);
  EXPECT_EQ(message(slice, settings_of(MeanFilter{3}, false)), "no error");
  const FilterImage small = image_of({8, 8, 8});
  EXPECT_NE(message(small, settings_of(MeanFilter{9})).find("filtering.filters[0].support"),
            std::string::npos);
  EXPECT_NE(message(small, settings_of(LogFilter{3.0, 4.0})).find("filtering.filters[0].sigma"),
            std::string::npos);
  EXPECT_NE(message(small, settings_of(LogFilter{1e300, 4.0})).find("filtering.filters[0].sigma"),
            std::string::npos);
  EXPECT_NE(message(small, settings_of(WaveletFilter{"db3", "LLH", 2}))
                .find("filtering.filters[0].level"),
            std::string::npos);
  EXPECT_NE(message(small, settings_of(SimoncelliFilter{3})).find("filtering.filters[0].level"),
            std::string::npos);
  EXPECT_NE(
      message(small, settings_of(LawsFilter{"L5E5E5", true, 4})).find("filtering.filters[0].delta"),
      std::string::npos);
  FilterImage nan = image_of({8, 8, 8});
  nan.values[3] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_NE(message(nan, settings_of(MeanFilter{3})).find("non-finite"), std::string::npos);
}

}  // namespace
