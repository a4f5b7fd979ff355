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
  const Boundary b = filter.boundary;
  const auto pass = [&](const std::vector<float>& in, int axis, const Kernel1D& kernel) {
    return convolve_axis(in, g, axis, kernel, b, threads);
  };
  std::vector<float> sum;
  if (d == 3) {
    // D_x (N_y N_z f) + N_x (N_y D_z f + D_y N_z f), in three buffers of the image's size.
    const std::vector<float> nz = pass(image.values, 2, k[2].gaussian);
    std::vector<float> rest = pass(pass(image.values, 2, k[2].curvature), 1, k[1].gaussian);
    convolve_axis_add(nz, g, 1, k[1].curvature, b, rest, threads);
    sum = pass(pass(nz, 1, k[1].gaussian), 0, k[0].curvature);
    convolve_axis_add(rest, g, 0, k[0].gaussian, b, sum, threads);
  } else {
    // D_x (N_y f) + N_x (D_y f)
    sum = pass(pass(image.values, 1, k[1].gaussian), 0, k[0].curvature);
    convolve_axis_add(pass(image.values, 1, k[1].curvature), g, 0, k[0].gaussian, b, sum, threads);
  }
  const auto scale = static_cast<float>(1.0 / (sigma_ref * sigma_ref));
  for_each_voxel_block(sum.size(), threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) sum[i] *= scale;
  });
  return sum;
}

}  // namespace radiomics::filters
