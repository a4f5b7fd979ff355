// Gabor filter (IBSI 2 manual, "Gabor kernels"): a 2D kernel in a plane, for scale sigma,
// aspect ratio gamma, wavelength lambda (mm) and orientation theta,
//   h(x, y) = exp(-(x'^2 + gamma^2 y'^2) / (2 sigma^2)) exp(i 2 pi x' / lambda),
//   x' = x cos(theta) + y sin(theta),  y' = -x sin(theta) + y cos(theta),
// with x along the plane's column axis and y along its row axis (in mm, so anisotropic pixels are
// handled). The response is the modulus of the complex convolution. Orientations theta + k step
// in [0, 360) are pooled; a 3D rotation-invariant filter also pools the axial, coronal and
// sagittal planes. The kernel spans the plane (as in the IBSI 2 consensus) but no more than
// kTruncate envelope widths. Convolution by FFT (Eigen's FFT module) of each slice, extended by
// the boundary condition and zero-padded to fast FFT lengths, so that the circular convolution
// equals the linear one over the extended slice.
#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <numbers>

#include "core/fft.hpp"
#include "core/parallel.hpp"
#include "filters/filters.hpp"

namespace radiomics::filters {
namespace {

/// The kernel is cut where the Gaussian envelope is below exp(-kTruncate^2 / 2).
constexpr double kTruncate = 4.0;

/// A plane of the grid: its row axis, column axis and the axis along which slices are taken.
struct Plane {
  int row;
  int col;
  int normal;
};
constexpr Plane kAxial{1, 0, 2};
constexpr Plane kCoronal{2, 0, 1};
constexpr Plane kSagittal{2, 1, 0};

/// An orientation to compute and how many of the requested orientations it stands for.
struct Orientation {
  double theta_deg;
  int weight;
};

/// The requested orientations theta + k step in [theta, theta + 360). The kernel at theta + 180
/// is the complex conjugate of the kernel at theta (x' and y' change sign), and the image is
/// real, so both give the same modulus: such a pair is computed once, with weight 2.
std::vector<Orientation> orientations(const GaborFilter& gabor) {
  std::vector<double> thetas{gabor.theta_deg};
  if (gabor.theta_step_deg) {
    thetas.clear();
    for (int k = 0;; ++k) {
      const double offset = k * *gabor.theta_step_deg;
      if (offset >= 360.0 - 1e-9) break;
      thetas.push_back(gabor.theta_deg + offset);
    }
  }
  std::vector<Orientation> out;
  for (double theta : thetas) {
    const auto opposite = std::find_if(out.begin(), out.end(), [&](const Orientation& o) {
      const double turn = std::fmod(std::fabs(theta - o.theta_deg), 360.0);
      return std::fabs(turn - 180.0) < 1e-9;
    });
    if (opposite != out.end())
      ++opposite->weight;
    else
      out.push_back({theta, 1});
  }
  return out;
}

/// The spectrum of the kernel at orientation `theta_deg` (degrees) on an FFT grid of `shape`
/// (columns, rows), spanning r_r rows and r_c columns either side of its centre, which is at
/// (0, 0).
std::vector<std::complex<double>> kernel_spectrum(const GaborFilter& gabor, double theta_deg,
                                                  int r_r, int r_c, double s_r, double s_c,
                                                  const std::array<int, 3>& shape) {
  const int l_c = shape[0];
  const int l_r = shape[1];
  const double theta = theta_deg * std::numbers::pi / 180.0;
  std::vector<std::complex<double>> kernel(static_cast<std::size_t>(l_r) *
                                           static_cast<std::size_t>(l_c));
  for (int u = -r_r; u <= r_r; ++u)
    for (int v = -r_c; v <= r_c; ++v) {
      const double y = u * s_r;
      const double x = v * s_c;
      const double xr = x * std::cos(theta) + y * std::sin(theta);
      const double yr = -x * std::sin(theta) + y * std::cos(theta);
      const double envelope = std::exp(-(xr * xr + gabor.gamma * gabor.gamma * yr * yr) /
                                       (2.0 * gabor.sigma_mm * gabor.sigma_mm));
      kernel[static_cast<std::size_t>((v + l_c) % l_c) +
             static_cast<std::size_t>(l_c) * static_cast<std::size_t>((u + l_r) % l_r)] =
          std::polar(envelope, 2.0 * std::numbers::pi * xr / gabor.lambda_mm);
    }
  fft_3d(kernel, shape, false);
  return kernel;
}

/// Filters every slice of one plane with every orientation and pools into `pooled`. The slices
/// are shared among the threads: each writes only its own voxels, pooled over the orientations
/// in their order as on one thread.
void filter_plane(const FilterImage& image, const GaborFilter& gabor,
                  const std::vector<Orientation>& thetas, const Plane& p, Boundary boundary,
                  Pooling pooling, std::vector<float>& pooled, int threads) {
  const Grid3& g = image.grid;
  const int n_r = g.size[static_cast<std::size_t>(p.row)];
  const int n_c = g.size[static_cast<std::size_t>(p.col)];
  const int n_s = g.size[static_cast<std::size_t>(p.normal)];
  const double s_r = g.spacing[static_cast<std::size_t>(p.row)];
  const double s_c = g.spacing[static_cast<std::size_t>(p.col)];
  const double envelope_mm = gabor.sigma_mm * std::max(1.0, 1.0 / gabor.gamma);
  const int plane_radius = std::max(n_r, n_c) / 2;
  const int r_r =
      std::min(plane_radius, static_cast<int>(std::ceil(kTruncate * envelope_mm / s_r)));
  const int r_c =
      std::min(plane_radius, static_cast<int>(std::ceil(kTruncate * envelope_mm / s_c)));
  const int l_r = fft_length(n_r + 2 * r_r);
  const int l_c = fft_length(n_c + 2 * r_c);
  const std::array<int, 3> shape{l_c, l_r, 1};
  const auto area = static_cast<std::size_t>(l_r) * static_cast<std::size_t>(l_c);
  const auto at = [&](int row, int col) {
    return static_cast<std::size_t>(col) +
           static_cast<std::size_t>(l_c) * static_cast<std::size_t>(row);
  };

  // Kernel spectra, one per orientation, with the kernel centre at (0, 0).
  std::vector<std::vector<std::complex<double>>> spectra(thetas.size());
  for_each_strided(thetas.size(), threads, [&](std::size_t first, std::size_t stride) {
    for (std::size_t t = first; t < thetas.size(); t += stride)
      spectra[t] = kernel_spectrum(gabor, thetas[t].theta_deg, r_r, r_c, s_r, s_c, shape);
  });

  // The slices shared among the threads (a single slice gets them all for its transforms).
  const int per_slice = n_s == 1 ? threads : 1;
  const auto slices = [&](std::size_t first, std::size_t stride) {
    std::vector<std::complex<double>> slice(area);
    std::vector<std::complex<double>> product(area);
    std::array<int, 3> voxel{};
    for (auto s = static_cast<int>(first); s < n_s; s += static_cast<int>(stride)) {
      voxel[static_cast<std::size_t>(p.normal)] = s;
      std::fill(slice.begin(), slice.end(), std::complex<double>{});
      for (int t_r = 0; t_r < n_r + 2 * r_r; ++t_r) {
        const int i_r = boundary_index(t_r - r_r, n_r, boundary);
        if (i_r < 0) continue;
        voxel[static_cast<std::size_t>(p.row)] = i_r;
        for (int t_c = 0; t_c < n_c + 2 * r_c; ++t_c) {
          const int i_c = boundary_index(t_c - r_c, n_c, boundary);
          if (i_c < 0) continue;
          voxel[static_cast<std::size_t>(p.col)] = i_c;
          slice[at(t_r, t_c)] = image.values[g.index(voxel[0], voxel[1], voxel[2])];
        }
      }
      fft_3d(slice, shape, false, per_slice);
      for (std::size_t t = 0; t < spectra.size(); ++t) {
        const auto& spectrum = spectra[t];
        const auto weight = static_cast<float>(thetas[t].weight);
        for (std::size_t i = 0; i < area; ++i) product[i] = slice[i] * spectrum[i];
        fft_3d(product, shape, true, per_slice);
        for (int i_r = 0; i_r < n_r; ++i_r) {
          voxel[static_cast<std::size_t>(p.row)] = i_r;
          for (int i_c = 0; i_c < n_c; ++i_c) {
            voxel[static_cast<std::size_t>(p.col)] = i_c;
            const auto modulus = static_cast<float>(std::abs(product[at(i_r + r_r, i_c + r_c)]));
            float& out = pooled[g.index(voxel[0], voxel[1], voxel[2])];
            out = pooling == Pooling::Max ? std::max(out, modulus) : out + weight * modulus;
          }
        }
      }
    }
  };
  for_each_strided(static_cast<std::size_t>(n_s), threads, slices);
}

}  // namespace

std::vector<float> gabor_response(const FilterImage& image, const GaborFilter& gabor,
                                  const FilterSettings& filter, const std::string&, int threads) {
  const std::vector<Orientation> thetas = orientations(gabor);
  int requested = 0;
  for (const Orientation& o : thetas) requested += o.weight;
  std::vector<Plane> planes{kAxial};
  if (filter.volumetric && filter.rotation_invariant) planes = {kAxial, kCoronal, kSagittal};
  // A single orientation in a single plane is not pooled: the mean of one map is the map.
  const Pooling pooling = requested * planes.size() > 1 ? filter.pooling : Pooling::Mean;
  std::vector<float> pooled(image.values.size(), pooling == Pooling::Max
                                                     ? -std::numeric_limits<float>::infinity()
                                                     : 0.0F);
  for (const Plane& p : planes)
    filter_plane(image, gabor, thetas, p, filter.boundary, pooling, pooled, threads);
  if (pooling == Pooling::Mean) {
    const auto scale = static_cast<float>(
        1.0 / static_cast<double>(static_cast<std::size_t>(requested) * planes.size()));
    for_each_voxel_block(pooled.size(), threads, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) pooled[i] *= scale;
    });
  }
  return pooled;
}

}  // namespace radiomics::filters
