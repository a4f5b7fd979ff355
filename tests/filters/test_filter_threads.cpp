// The filters share their work among threads (filters/separable.cpp, core/fft.cpp): every
// filter kind gives the same response map to the bit on 1 and on 3 threads. The image's sizes
// are not multiples of 3, so that the threads get unequal shares of rows, lines and slices.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "filters/filters.hpp"
#include "support/filter_images.hpp"

namespace {

using namespace radiomics;
using namespace radiomics::filters;

FilterImage noise(std::array<int, 3> size, std::array<double, 3> spacing = {1.0, 1.0, 1.5}) {
  FilterImage im = test::filter_image_of(size, spacing);
  std::mt19937 rng(11);
  std::normal_distribution<float> n(100.0F, 40.0F);
  for (float& v : im.values) v = n(rng);
  return im;
}

FilterSettings settings_of(FilterKind kind, bool volumetric, Boundary b = Boundary::Mirror,
                           bool rotation_invariant = false, Pooling pooling = Pooling::Mean) {
  FilterSettings f;
  f.kind = std::move(kind);
  f.volumetric = volumetric;
  f.boundary = b;
  f.rotation_invariant = rotation_invariant;
  f.pooling = pooling;
  return f;
}

/// Filters on 1 and on 3 threads and expects the same bits at every voxel.
void expect_same_bits(const FilterImage& im, const FilterSettings& f) {
  const FilterImage one = apply_filter(im, f, "f", 1);
  const FilterImage three = apply_filter(im, f, "f", 3);
  ASSERT_EQ(one.values.size(), three.values.size());
  std::size_t differing = 0;
  for (std::size_t i = 0; i < one.values.size(); ++i)
    if (std::memcmp(&one.values[i], &three.values[i], sizeof(float)) != 0) ++differing;
  EXPECT_EQ(differing, 0U) << filter_type_name(f.kind) << ": " << differing << " of "
                           << one.values.size() << " voxels differ";
}

TEST(FilterThreads, MeanIsTheSameOnOneAndThreeThreads) {
  const FilterImage im = noise({23, 19, 17});
  expect_same_bits(im, settings_of(MeanFilter{5}, true, Boundary::Zero));
  expect_same_bits(im, settings_of(MeanFilter{3}, false, Boundary::Periodic));
}

TEST(FilterThreads, LaplacianOfGaussianIsTheSameOnOneAndThreeThreads) {
  const FilterImage im = noise({23, 19, 17});
  expect_same_bits(im, settings_of(LogFilter{1.5, 4.0}, true));
  expect_same_bits(im, settings_of(LogFilter{2.0, 3.0}, false, Boundary::Nearest));
}

TEST(FilterThreads, LawsIsTheSameOnOneAndThreeThreads) {
  const FilterImage im = noise({23, 19, 17});
  // Rotation invariant (24 orientations pooled) with the energy map, by mean and by max.
  expect_same_bits(im, settings_of(LawsFilter{"L5E5S3", true, 2}, true, Boundary::Mirror, true,
                                   Pooling::Mean));
  expect_same_bits(im, settings_of(LawsFilter{"E5W5R5", false, 0}, true, Boundary::Zero, true,
                                   Pooling::Max));
  expect_same_bits(im, settings_of(LawsFilter{"L5S5", true, 3}, false, Boundary::Periodic, true));
}

TEST(FilterThreads, GaborIsTheSameOnOneAndThreeThreads) {
  const FilterImage im = noise({23, 19, 17});
  // Orientations pooled in the axial plane, and in the three orthogonal planes.
  expect_same_bits(im, settings_of(GaborFilter{3.0, 0.7, 4.0, 10.0, 45.0}, false,
                                   Boundary::Mirror, false, Pooling::Mean));
  expect_same_bits(im, settings_of(GaborFilter{2.0, 1.5, 3.0, 0.0, 60.0}, true, Boundary::Zero,
                                   true, Pooling::Max));
  expect_same_bits(im, settings_of(GaborFilter{2.0, 1.5, 3.0, 0.0, 60.0}, true, Boundary::Nearest,
                                   true, Pooling::Mean));
  // A single slice: its transforms get the threads.
  expect_same_bits(noise({31, 29, 1}), settings_of(GaborFilter{3.0, 0.5, 5.0, 30.0, {}}, false));
}

TEST(FilterThreads, SeparableWaveletsAreTheSameOnOneAndThreeThreads) {
  const FilterImage im = noise({23, 19, 17});
  expect_same_bits(im, settings_of(WaveletFilter{"haar", "HHL", 1}, true));
  expect_same_bits(im, settings_of(WaveletFilter{"db3", "LLH", 2}, true, Boundary::Periodic, true,
                                   Pooling::Mean));
  expect_same_bits(im, settings_of(WaveletFilter{"coif1", "HL", 1}, false, Boundary::Zero, true,
                                   Pooling::Max));
}

TEST(FilterThreads, SimoncelliIsTheSameOnOneAndThreeThreads) {
  const FilterImage im = noise({23, 19, 17});
  expect_same_bits(im, settings_of(SimoncelliFilter{1}, true, Boundary::Mirror));
  expect_same_bits(im, settings_of(SimoncelliFilter{2}, true, Boundary::Periodic));
  expect_same_bits(im, settings_of(SimoncelliFilter{1}, false, Boundary::Zero));
  // A single slice: its transforms get the threads.
  expect_same_bits(noise({31, 29, 1}), settings_of(SimoncelliFilter{2}, false));
}

}  // namespace
