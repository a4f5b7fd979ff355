// Interpolation onto the IBSI grid: grid size and alignment, and nearest, linear and cubic
// B-spline interpolation on arrays small enough to compute by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "preprocess/interpolate.hpp"

namespace radiomics {
namespace {

/// A 1-D line along x as a volume of n x 1 x 1.
std::vector<double> resample_line(const std::vector<double>& line, const AxisSampling& axis,
                                  InterpolationMethod method, Outside outside) {
  const std::array<int, 3> size{static_cast<int>(line.size()), 1, 1};
  return resample(line, size, {axis, AxisSampling{1, 0.0, 1.0}, AxisSampling{1, 0.0, 1.0}}, method,
                  outside);
}

TEST(IbsiGrid, CtPhantomInPlaneAxis) {
  // 204 voxels of 0.977 mm -> ceil(204 * 0.977 / 2) = ceil(99.65) = 100 voxels of 2 mm.
  const AxisSampling s = ibsi_axis_sampling(204, 0.977, 2.0);
  EXPECT_EQ(s.size, 100);
  EXPECT_DOUBLE_EQ(s.step, 2.0 / 0.977);
  // Grid centres aligned: the middle of the new grid is the middle of the old one.
  EXPECT_NEAR(s.first + 0.5 * (s.size - 1) * s.step, 0.5 * (204 - 1), 1e-9);
  EXPECT_NEAR(s.first, 101.5 - 49.5 * 2.0 / 0.977, 1e-12);
  EXPECT_EQ(ibsi_axis_sampling(201, 0.977, 2.0).size, 99);
}

TEST(IbsiGrid, CtPhantomSliceAxis) {
  // 60 slices of 3 mm -> 90 slices of 2 mm; the first lies 1/6 voxel before the first slice.
  const AxisSampling s = ibsi_axis_sampling(60, 3.0, 2.0);
  EXPECT_EQ(s.size, 90);
  EXPECT_NEAR(s.first, 29.5 - 44.5 * 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(s.first, -1.0 / 6.0, 1e-12);
}

TEST(IbsiGrid, ExactMultipleDoesNotGainAVoxel) {
  // 5 voxels of 1 mm -> ceil(2.5) = 3 voxels of 2 mm at 0, 2, 4.
  const AxisSampling a = ibsi_axis_sampling(5, 1.0, 2.0);
  EXPECT_EQ(a.size, 3);
  EXPECT_DOUBLE_EQ(a.first, 0.0);
  // 4 voxels of 1 mm -> exactly 2 voxels of 2 mm at 0.5 and 2.5.
  const AxisSampling b = ibsi_axis_sampling(4, 1.0, 2.0);
  EXPECT_EQ(b.size, 2);
  EXPECT_DOUBLE_EQ(b.first, 0.5);
  // 3 voxels of 0.7 mm -> 0.7 * 3 / 0.1 = 21 (not 22 through rounding of 20.999...).
  EXPECT_EQ(ibsi_axis_sampling(3, 0.7, 0.1).size, 21);
  // Same spacing: the identity.
  EXPECT_TRUE(ibsi_axis_sampling(7, 1.5, 1.5).is_identity(7));
}

TEST(Linear, DownsampleHalfway) {
  const auto out = resample_line({0, 10, 20, 30}, ibsi_axis_sampling(4, 1.0, 2.0),
                                 InterpolationMethod::Linear, Outside::kNearestEdge);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_DOUBLE_EQ(out[0], 5.0);   // at 0.5
  EXPECT_DOUBLE_EQ(out[1], 25.0);  // at 2.5
}

TEST(Linear, UpsampleTakesEdgeValueOutside) {
  // 3 voxels of 2 mm -> 6 of 1 mm at -0.25, 0.25, 0.75, 1.25, 1.75, 2.25.
  const AxisSampling s = ibsi_axis_sampling(3, 2.0, 1.0);
  ASSERT_EQ(s.size, 6);
  EXPECT_DOUBLE_EQ(s.first, -0.25);
  const auto out = resample_line({0, 10, 40}, s, InterpolationMethod::Linear, Outside::kNearestEdge);
  const std::vector<double> expected{0.0, 2.5, 7.5, 17.5, 32.5, 40.0};
  ASSERT_EQ(out.size(), expected.size());
  for (std::size_t i = 0; i < out.size(); ++i) EXPECT_NEAR(out[i], expected[i], 1e-12) << i;
}

TEST(Linear, MaskIsZeroOutsideTheGrid) {
  const auto out = resample_line({1, 1, 1}, ibsi_axis_sampling(3, 2.0, 1.0),
                                 InterpolationMethod::Linear, Outside::kZero);
  const std::vector<double> expected{0.0, 1.0, 1.0, 1.0, 1.0, 0.0};
  ASSERT_EQ(out.size(), expected.size());
  for (std::size_t i = 0; i < out.size(); ++i) EXPECT_NEAR(out[i], expected[i], 1e-12) << i;
}

TEST(Nearest, PicksClosestVoxel) {
  const auto out = resample_line({0, 10, 40}, ibsi_axis_sampling(3, 2.0, 1.0),
                                 InterpolationMethod::Nearest, Outside::kNearestEdge);
  const std::vector<double> expected{0.0, 0.0, 10.0, 10.0, 40.0, 40.0};
  ASSERT_EQ(out.size(), expected.size());
  for (std::size_t i = 0; i < out.size(); ++i) EXPECT_DOUBLE_EQ(out[i], expected[i]) << i;
}

TEST(Linear, TrilinearIsExactOnALinearFunction) {
  // f = x + 10 y + 100 z on a 2 x 2 x 2 grid; the centre of the cube has f = 55.5.
  std::vector<double> v;
  for (int z = 0; z < 2; ++z)
    for (int y = 0; y < 2; ++y)
      for (int x = 0; x < 2; ++x) v.push_back(x + 10.0 * y + 100.0 * z);
  const AxisSampling centre{1, 0.5, 1.0};
  const auto out = resample(v, {2, 2, 2}, {centre, centre, centre}, InterpolationMethod::Linear,
                            Outside::kNearestEdge);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NEAR(out[0], 55.5, 1e-12);
}

TEST(Linear, AxesAreResampledIndependently) {
  // 3 x 2 x 1 volume, x resampled at 0.5 and 1.5, y kept: rows are averaged pairwise.
  const std::vector<double> v{0, 2, 6, 10, 20, 40};
  const auto out = resample(v, {3, 2, 1}, {AxisSampling{2, 0.5, 1.0}, AxisSampling{2, 0.0, 1.0},
                                           AxisSampling{1, 0.0, 1.0}},
                            InterpolationMethod::Linear, Outside::kNearestEdge);
  const std::vector<double> expected{1, 4, 15, 30};
  ASSERT_EQ(out.size(), expected.size());
  for (std::size_t i = 0; i < out.size(); ++i) EXPECT_DOUBLE_EQ(out[i], expected[i]) << i;
}

TEST(Cubic, InterpolatesTheSamples) {
  // An interpolating spline passes through the samples, also next to the edges.
  const std::vector<double> line{3, -1, 4, 1, -5, 9, 2, 6, 5, 3};
  const auto out = resample_line(line, AxisSampling{9, 0.0, 1.0}, InterpolationMethod::Cubic,
                                 Outside::kNearestEdge);
  ASSERT_EQ(out.size(), 9u);
  for (std::size_t i = 0; i < out.size(); ++i) EXPECT_NEAR(out[i], line[i], 1e-9) << i;
}

TEST(Cubic, ReproducesQuadraticAwayFromTheEdges) {
  // Cubic B-spline interpolation reproduces polynomials up to degree 3; the edge condition
  // decays as |z|^d = 0.268^d, negligible 25 voxels in.
  auto p = [](double x) { return 0.5 * x * x - 3.0 * x + 2.0; };
  std::vector<double> line;
  for (int i = 0; i < 60; ++i) line.push_back(p(i));
  const AxisSampling s{5, 25.3, 2.35};
  const auto out = resample_line(line, s, InterpolationMethod::Cubic, Outside::kNearestEdge);
  for (int j = 0; j < s.size; ++j) EXPECT_NEAR(out[static_cast<std::size_t>(j)], p(s.first + j * s.step), 1e-7) << j;
}

TEST(Cubic, ReproducesLinearRampIn3D) {
  const int n = 40;
  std::vector<double> v;
  auto f = [](double x, double y, double z) { return 2.0 * x - 3.0 * y + 0.5 * z + 7.0; };
  for (int z = 0; z < n; ++z)
    for (int y = 0; y < n; ++y)
      for (int x = 0; x < n; ++x) v.push_back(f(x, y, z));
  const AxisSampling s{3, 18.25, 1.7};
  const auto out = resample(v, {n, n, n}, {s, s, s}, InterpolationMethod::Cubic, Outside::kNearestEdge);
  ASSERT_EQ(out.size(), 27u);
  for (int k = 0; k < 3; ++k)
    for (int j = 0; j < 3; ++j)
      for (int i = 0; i < 3; ++i)
        EXPECT_NEAR(out[static_cast<std::size_t>(i + 3 * (j + 3 * k))],
                    f(s.first + i * s.step, s.first + j * s.step, s.first + k * s.step), 1e-8);
}

TEST(Cubic, ConstantStaysConstantBeyondTheEdge) {
  const auto out = resample_line(std::vector<double>(6, 42.0), AxisSampling{5, -0.8, 1.6},
                                 InterpolationMethod::Cubic, Outside::kNearestEdge);
  for (double v : out) EXPECT_NEAR(v, 42.0, 1e-9);
}

}  // namespace
}  // namespace radiomics
