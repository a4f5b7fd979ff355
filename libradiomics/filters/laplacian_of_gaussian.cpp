// Laplacian of Gaussian (IBSI 2 manual, "Laplacian of Gaussian filter"). The manual's kernel in
// voxel units, for scale sigma (voxels) in d dimensions:
//   h(x) = -1/sigma^2 (2 pi sigma^2)^(-d/2) (d - |x|^2 / sigma^2) exp(-|x|^2 / (2 sigma^2)),
// sampled (not renormalised) over 1 + 2 floor(t sigma + 0.5) voxels per axis, t the truncation.
// It is a sum of d separable terms: with N_a(i) = (2 pi s_a^2)^(-1/2) exp(-i^2 / (2 s_a^2)) and
// D_a(i) = (i^2 / s_a^2 - 1) N_a(i),
//   h = 1/sigma_ref^2 sum_a D_a prod_{b != a} N_b,
// applied as 1D passes sharing their partial products (7 passes in 3D, 4 in 2D).
// On an anisotropic grid, s_a = sigma_mm / spacing_a per axis (the kernel is the Laplacian of
// Gaussian in mm, sampled on the grid), and sigma_ref = sigma_mm / (geometric mean spacing), so
// that an isotropic grid gives exactly the manual's kernel.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "filters/filters.hpp"

namespace radiomics::filters {
namespace {

struct AxisKernels {
  Kernel1D gaussian;   ///< N_a
  Kernel1D curvature;  ///< D_a
};

AxisKernels axis_kernels(double sigma_voxels, double truncate) {
  const int radius = static_cast<int>(std::floor(truncate * sigma_voxels + 0.5));
  AxisKernels k;
  const double norm = 1.0 / std::sqrt(2.0 * std::numbers::pi * sigma_voxels * sigma_voxels);
  for (int i = -radius; i <= radius; ++i) {
    const double q =
        static_cast<double>(i) * static_cast<double>(i) / (sigma_voxels * sigma_voxels);
    const double n = norm * std::exp(-0.5 * q);
    k.gaussian.push_back(n);
    k.curvature.push_back((q - 1.0) * n);
  }
  return k;
}

}  // namespace

std::vector<float> log_response(const FilterImage& image, const LogFilter& log,
                                const FilterSettings& filter, const std::string& key, int threads) {
  const Grid3& g = image.grid;
  const int d = filtered_axes(filter.volumetric);
  std::vector<AxisKernels> k;
  double log_spacing = 0.0;
  for (int a = 0; a < d; ++a) {
    const double spacing = g.spacing[static_cast<std::size_t>(a)];
    // Checked before the kernel is built: a sigma of metres at micrometre spacing would make a
    // kernel length beyond any integer (and any image).
    const double taps = 2.0 * std::floor(log.truncate * log.sigma_mm / spacing + 0.5) + 1.0;
    check_kernel_fits(g, a, static_cast<std::size_t>(std::min(taps, 1e15)), key + ".sigma",
                      "Laplacian of Gaussian kernel");
    k.push_back(axis_kernels(log.sigma_mm / spacing, log.truncate));
    log_spacing += std::log(spacing);
  }
  const double sigma_ref = log.sigma_mm / std::exp(log_spacing / d);
  // The response and one (2D) or two (3D) scratch buffers, each written by several passes in
  // turn: fresh buffers of a CT-sized volume cost more page faults than the passes cost work.
  const std::size_t n = image.values.size();
  const float* f = image.values.data();
  std::vector<float> sum(n);
  const Scratch s1 = scratch(n);
  const auto pass = [&](const float* in, float* out, int axis, const Kernel1D& kernel,
                        bool accumulate = false) {
    convolve_axis_into(in, out, g, axis, kernel, filter.boundary, threads, accumulate);
  };
  if (d == 3) {
    // D_x (N_y N_z f) + N_x (N_y D_z f + D_y N_z f)
    const Scratch s2 = scratch(n);
    float* nz = sum.data();  // N_z f, until the response overwrites it
    pass(f, nz, 2, k[2].gaussian);
    pass(f, s1.get(), 2, k[2].curvature);
    float* rest = s2.get();  // N_y D_z f + D_y N_z f
    pass(s1.get(), rest, 1, k[1].gaussian);
    pass(nz, rest, 1, k[1].curvature, true);
    pass(nz, s1.get(), 1, k[1].gaussian);
    pass(s1.get(), sum.data(), 0, k[0].curvature);
    pass(rest, sum.data(), 0, k[0].gaussian, true);
  } else {
    // D_x (N_y f) + N_x (D_y f)
    pass(f, s1.get(), 1, k[1].gaussian);
    pass(s1.get(), sum.data(), 0, k[0].curvature);
    pass(f, s1.get(), 1, k[1].curvature);
    pass(s1.get(), sum.data(), 0, k[0].gaussian, true);
  }
  const auto scale = static_cast<float>(1.0 / (sigma_ref * sigma_ref));
  for_each_voxel_block(sum.size(), threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) sum[i] *= scale;
  });
  return sum;
}

}  // namespace radiomics::filters
