// Boundary conditions, 1D passes and right-angle rotations (filters/separable.cpp,
// filters/rotations.cpp), checked against the definitions written out by hand and against a
// brute-force 3D convolution.
#include <gtest/gtest.h>

#include <random>

#include "filters/rotations.hpp"
#include "filters/separable.hpp"

namespace {

using radiomics::Boundary;
using radiomics::Grid3;
using radiomics::Pooling;
using namespace radiomics::filters;

TEST(Boundary, IndicesFollowTheManualsPatternsForRowABCD) {
  // Row a b c d = indices 0..3, read at positions -4..7.
  const int n = 4;
  const std::vector<int> zero{-1, -1, -1, -1, 0, 1, 2, 3, -1, -1, -1, -1};
  const std::vector<int> nearest{0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 3};
  const std::vector<int> periodic{0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3};
  const std::vector<int> mirror{3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0};  // d c b a | a b c d | d c b a
  for (int i = -4; i < 8; ++i) {
    const auto k = static_cast<std::size_t>(i + 4);
    EXPECT_EQ(boundary_index(i, n, Boundary::Zero), zero[k]) << i;
    EXPECT_EQ(boundary_index(i, n, Boundary::Nearest), nearest[k]) << i;
    EXPECT_EQ(boundary_index(i, n, Boundary::Periodic), periodic[k]) << i;
    EXPECT_EQ(boundary_index(i, n, Boundary::Mirror), mirror[k]) << i;
  }
  // Far outside (kernels longer than the image): mirror has period 2n, periodic n.
  EXPECT_EQ(boundary_index(-10, n, Boundary::Mirror), 1);  // = position -2
  EXPECT_EQ(boundary_index(17, n, Boundary::Periodic), 1);
}

TEST(ConvolveAxis, ImpulseShowsTheKernelUnflippedAlongEachAxis) {
  // Convolution: an impulse at p gives out[p - c + k] = w[k].
  const Kernel1D w{1.0, 2.0, 3.0};
  for (int axis = 0; axis < 3; ++axis) {
    Grid3 g;
    g.size = {5, 5, 5};
    std::vector<float> in(g.count(), 0.0F);
    in[g.index(2, 2, 2)] = 1.0F;
    const std::vector<float> out = convolve_axis(in, g, axis, w, Boundary::Zero, 1);
    std::array<int, 3> p{2, 2, 2};
    for (int k = 0; k < 3; ++k) {
      p[static_cast<std::size_t>(axis)] = 2 - 1 + k;
      EXPECT_FLOAT_EQ(out[g.index(p[0], p[1], p[2])],
                      static_cast<float>(w[static_cast<std::size_t>(k)]))
          << axis;
    }
    double total = 0;
    for (float v : out) total += v;
    EXPECT_FLOAT_EQ(static_cast<float>(total), 6.0F);
  }
}

TEST(ConvolveSeparable, EqualsBruteForceConvolutionOfTheExtendedImage) {
  Grid3 g;
  g.size = {7, 6, 5};
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(-1.0F, 1.0F);
  std::vector<float> in(g.count());
  for (float& v : in) v = u(rng);
  // Kernels longer than the image along z exercise indices far outside.
  const std::vector<Kernel1D> k{
      {0.5, -1.0, 2.0}, {1.0, 0.25, -0.5, 0.75, 2.0}, {1, 2, 3, 4, 5, 6, 7}};
  for (Boundary b : {Boundary::Zero, Boundary::Nearest, Boundary::Periodic, Boundary::Mirror}) {
    // On 3 threads: the shared passes give the definition's values too.
    const std::vector<float> fast = convolve_separable(in, g, k, b, 3);
    for (int z = 0; z < g.size[2]; ++z)
      for (int y = 0; y < g.size[1]; ++y)
        for (int x = 0; x < g.size[0]; ++x) {
          double sum = 0.0;
          for (int kz = 0; kz < 7; ++kz)
            for (int ky = 0; ky < 5; ++ky)
              for (int kx = 0; kx < 3; ++kx) {
                const int sx = boundary_index(x + 1 - kx, g.size[0], b);
                const int sy = boundary_index(y + 2 - ky, g.size[1], b);
                const int sz = boundary_index(z + 3 - kz, g.size[2], b);
                if (sx < 0 || sy < 0 || sz < 0) continue;
                sum += k[0][static_cast<std::size_t>(kx)] * k[1][static_cast<std::size_t>(ky)] *
                       k[2][static_cast<std::size_t>(kz)] * in[g.index(sx, sy, sz)];
              }
          EXPECT_NEAR(fast[g.index(x, y, z)], sum, 1e-4)
              << static_cast<int>(b) << " " << x << y << z;
        }
  }
}

TEST(Rotations, ThreeDistinctAsymmetricKernelsGive24FiltersIn3DAnd4In2D) {
  const Kernel1D a{1, 2, 0}, b{0, 1, 3}, c{5, 0, 1};
  EXPECT_EQ(right_angle_rotations({{a, b, c}, {}}).size(), 24u);
  EXPECT_EQ(right_angle_rotations({{a, b}, {}}).size(), 4u);
  // A kernel the same along every axis and symmetric is its own rotations.
  const Kernel1D s{1, 2, 1};
  EXPECT_EQ(right_angle_rotations({{s, s, s}, {}}).size(), 1u);
  // Every rotation keeps one kernel per axis, drawn from the original three (or reversed).
  for (const SeparableSet& r : right_angle_rotations({{a, b, c}, {}}))
    ASSERT_EQ(r.kernels.size(), 3u);
}

TEST(Rotations, TwoDRotationsAreTheQuarterTurns) {
  // 90 degrees: the x kernel becomes the reversed y kernel, the y kernel the x kernel.
  const Kernel1D a{1, 2, 0}, b{0, 1, 3};
  const auto r = right_angle_rotations({{a, b}, {}});
  const auto has = [&](const Kernel1D& x, const Kernel1D& y) {
    for (const auto& s : r)
      if (s.kernels[0] == x && s.kernels[1] == y) return true;
    return false;
  };
  EXPECT_TRUE(has(a, b));
  EXPECT_TRUE(has(reversed(b), a));
  EXPECT_TRUE(has(reversed(a), reversed(b)));
  EXPECT_TRUE(has(b, reversed(a)));
  EXPECT_FALSE(has(b, a));  // a reflection, not a rotation
}

TEST(Pool, MaxAndMean) {
  Pool max(Pooling::Max), mean(Pooling::Mean);
  for (const std::vector<float>& r : {std::vector<float>{1, -4}, std::vector<float>{3, -2}}) {
    max.add(r);
    mean.add(r);
  }
  EXPECT_EQ(std::move(max).result(), (std::vector<float>{3, -2}));
  EXPECT_EQ(std::move(mean).result(), (std::vector<float>{2, -3}));
}

}  // namespace
