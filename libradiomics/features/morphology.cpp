// Morphological features (IBSI manual 3.1, HCUG). Mesh features use a marching-cubes mesh of the
// morphological mask (features/morphology_mesh.cpp), PCA features the morphological voxel
// centres X_c, and intensity-weighted features the intensity mask.
#include "features/morphology.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <cstddef>
#include <functional>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include <Eigen/Eigenvalues>
#include <unsupported/Eigen/FFT>

#include "core/fft.hpp"
#include "core/parallel.hpp"
#include "features/morphology_mesh.hpp"

namespace radiomics::morphology {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = std::numbers::pi;

constexpr std::array<FeatureInfo, 25> kFeatures{{
    {"morph_volume", "RNU0", "Volume (mesh)", "V = |sum_k a_k . (b_k x c_k) / 6|"},
    {"morph_vol_approx", "YEKZ", "Volume (voxel counting)", "sum_k V_k over the N_v voxels"},
    {"morph_area_mesh", "C0JK", "Surface area (mesh)", "A = sum_k |ab_k x ac_k| / 2"},
    {"morph_av", "2PR5", "Surface to volume ratio", "A / V"},
    {"morph_comp_1", "SKGS", "Compactness 1", "V / (pi^(1/2) A^(3/2))"},
    {"morph_comp_2", "BQWJ", "Compactness 2", "36 pi V^2 / A^3"},
    {"morph_sph_dispr", "KRCK", "Spherical disproportion", "A / (36 pi V^2)^(1/3)"},
    {"morph_sphericity", "QCFX", "Sphericity", "(36 pi V^2)^(1/3) / A"},
    {"morph_asphericity", "25C7", "Asphericity", "(A^3 / (36 pi V^2))^(1/3) - 1"},
    {"morph_com", "KLMA", "Centre of mass shift", "||CoM_geom - CoM_gl||_2"},
    {"morph_diam", "L0JK", "Maximum 3D diameter", "max ||X_vx,k1 - X_vx,k2||_2 over the convex hull vertices"},
    {"morph_pca_maj_axis", "TDIC", "Major axis length", "4 sqrt(lambda_major)"},
    {"morph_pca_min_axis", "P9VJ", "Minor axis length", "4 sqrt(lambda_minor)"},
    {"morph_pca_least_axis", "7J51", "Least axis length", "4 sqrt(lambda_least)"},
    {"morph_pca_elongation", "Q3CK", "Elongation", "sqrt(lambda_minor / lambda_major)"},
    {"morph_pca_flatness", "N17B", "Flatness", "sqrt(lambda_least / lambda_major)"},
    {"morph_vol_dens_aabb", "PBX1", "Volume density (axis-aligned bounding box)", "V / V_aabb"},
    {"morph_area_dens_aabb", "R59B", "Area density (axis-aligned bounding box)", "A / A_aabb"},
    {"morph_vol_dens_aee", "6BDE", "Volume density (approximate enclosing ellipsoid)", "3 V / (4 pi a b c)"},
    {"morph_area_dens_aee", "RDD2", "Area density (approximate enclosing ellipsoid)",
     "A / A_aee, A_aee = 4 pi a b sum_{nu=0}^{20} (alpha beta)^nu / (1 - 4 nu^2) P_nu((alpha^2 + beta^2) / (2 alpha beta))"},
    {"morph_vol_dens_conv_hull", "R3ER", "Volume density (convex hull)", "V / V_convex"},
    {"morph_area_dens_conv_hull", "7T7F", "Area density (convex hull)", "A / A_convex"},
    {"morph_integ_int", "99N0", "Integrated intensity", "V / N_v,gl sum_k X_gl,k"},
    {"morph_moran_i", "N365", "Moran's I index",
     "N_v,gl / sum w_k1k2 * sum w_k1k2 (X_k1 - mu)(X_k2 - mu) / sum_k (X_k - mu)^2, k1 != k2, w = 1 / ||X_c,k1 - X_c,k2||"},
    {"morph_geary_c", "NPT7", "Geary's C measure",
     "(N_v,gl - 1) / (2 sum w_k1k2) * sum w_k1k2 (X_k1 - X_k2)^2 / sum_k (X_k - mu)^2, k1 != k2"},
}};

/// x / y, NaN where y is 0 (an undefined ratio is NaN, never inf).
double ratio(double x, double y) { return y != 0.0 ? x / y : kNaN; }

/// Calls fn(c) for the centre c (mm) of every voxel in `mask`, in raster order: the point set
/// X_c, visited instead of stored (a 300^3 ROI would need 650 MB of points).
template <class Fn>
void for_each_centre(const Grid3& grid, const std::vector<std::uint8_t>& mask, Fn&& fn) {
  for (int z = 0; z < grid.size[2]; ++z)
    for (int y = 0; y < grid.size[1]; ++y)
      for (int x = 0; x < grid.size[0]; ++x)
        if (mask[grid.index(x, y, z)] != 0)
          fn(Eigen::Vector3d(x * grid.spacing[0], y * grid.spacing[1], z * grid.spacing[2]));
}

/// Compactness 1, IBSI SKGS: V / (pi^(1/2) A^(3/2)).
double compactness_1(double v, double a) { return ratio(v, std::sqrt(kPi) * std::pow(a, 1.5)); }
/// Compactness 2, IBSI BQWJ: 36 pi V^2 / A^3.
double compactness_2(double v, double a) { return ratio(36.0 * kPi * v * v, a * a * a); }
/// Spherical disproportion, IBSI KRCK: A / (36 pi V^2)^(1/3).
double spherical_disproportion(double v, double a) { return ratio(a, std::cbrt(36.0 * kPi * v * v)); }
/// Sphericity, IBSI QCFX: (36 pi V^2)^(1/3) / A.
double sphericity(double v, double a) { return ratio(std::cbrt(36.0 * kPi * v * v), a); }
/// Asphericity, IBSI 25C7: (A^3 / (36 pi V^2))^(1/3) - 1.
double asphericity(double v, double a) { return spherical_disproportion(v, a) - 1.0; }

/// Centre of mass shift, IBSI KLMA: distance between the centroid of the morphological voxel
/// centres and the intensity-weighted centroid of the intensity-mask voxel centres.
double centre_of_mass_shift(const Roi& roi, std::size_t n_morph) {
  Eigen::Vector3d com_geom = Eigen::Vector3d::Zero();
  for_each_centre(roi.grid, roi.morph_mask, [&](const Eigen::Vector3d& c) { com_geom += c; });
  com_geom /= static_cast<double>(n_morph);
  Eigen::Vector3d weighted = Eigen::Vector3d::Zero();
  double total = 0.0;
  const Grid3& g = roi.grid;
  for (int z = 0; z < g.size[2]; ++z)
    for (int y = 0; y < g.size[1]; ++y)
      for (int x = 0; x < g.size[0]; ++x)
        if (roi.int_mask[g.index(x, y, z)] != 0) {
          const double x_gl = roi.intensity[g.index(x, y, z)];
          weighted += x_gl * Eigen::Vector3d(x * g.spacing[0], y * g.spacing[1], z * g.spacing[2]);
          total += x_gl;
        }
  if (total == 0.0) return kNaN;  // no intensity mass: the weighted centroid is undefined
  return (com_geom - weighted / total).norm();
}

/// Maximum 3D diameter, IBSI L0JK: the largest vertex distance. The convex hull holds both
/// ends of the longest chord, so only its vertices are compared (O(n_hull^2)).
double maximum_diameter(const std::vector<Eigen::Vector3d>& hull_vertices) {
  double max_sq = 0.0;
  for (std::size_t i = 0; i < hull_vertices.size(); ++i)
    for (std::size_t j = i + 1; j < hull_vertices.size(); ++j)
      max_sq = std::max(max_sq, (hull_vertices[i] - hull_vertices[j]).squaredNorm());
  return std::sqrt(max_sq);
}

/// PCA eigenvalues (lambda_major, lambda_minor, lambda_least) of the voxel centres X_c. The
/// covariance is normalised by N - 1 (sample covariance), as the IBSI reference
/// implementations do (numpy.cov); the digital phantom's axis lengths confirm it.
std::array<double, 3> pca_eigenvalues(const Grid3& grid, const std::vector<std::uint8_t>& mask, std::size_t n) {
  if (n < 2) return {0.0, 0.0, 0.0};
  Eigen::Vector3d mean = Eigen::Vector3d::Zero();
  for_each_centre(grid, mask, [&](const Eigen::Vector3d& c) { mean += c; });
  mean /= static_cast<double>(n);
  Eigen::Matrix3d cov = Eigen::Matrix3d::Zero();
  for_each_centre(grid, mask, [&](const Eigen::Vector3d& c) { cov += (c - mean) * (c - mean).transpose(); });
  cov /= static_cast<double>(n - 1);
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> solver(cov, Eigen::EigenvaluesOnly);
  const Eigen::Vector3d ascending = solver.eigenvalues().cwiseMax(0.0);  // clip round-off below 0
  return {ascending[2], ascending[1], ascending[0]};
}

/// Surface area of an ellipsoid with semi-axes a >= b >= c (IBSI RDD2): the Legendre series
/// A = 4 pi a b sum_nu (alpha beta)^nu / (1 - 4 nu^2) P_nu((alpha^2 + beta^2) / (2 alpha beta)),
/// alpha = sqrt(1 - b^2/a^2), beta = sqrt(1 - c^2/a^2), stopped after nu = 20 as the manual does.
/// q_nu = (alpha beta)^nu P_nu(s / t) with s = (alpha^2 + beta^2)/2, t = alpha beta follows from
/// Bonnet's recursion multiplied by t^(nu+1):
/// (nu + 1) q_{nu+1} = (2 nu + 1) s q_nu - nu t^2 q_{nu-1}; this stays finite when alpha or beta
/// is 0 (a spheroid), where P_nu's argument would divide by zero.
double ellipsoid_area(double a, double b, double c) {
  constexpr int kLastDegree = 20;
  const double alpha = std::sqrt(std::max(0.0, 1.0 - b * b / (a * a)));
  const double beta = std::sqrt(std::max(0.0, 1.0 - c * c / (a * a)));
  const double s = (alpha * alpha + beta * beta) / 2.0;
  const double t = alpha * beta;
  double q_prev = 1.0;  // q_0
  double q = s;         // q_1
  double sum = 1.0 + q / (1.0 - 4.0);
  for (int nu = 1; nu < kLastDegree; ++nu) {
    const double q_next = ((2.0 * nu + 1.0) * s * q - nu * t * t * q_prev) / (nu + 1.0);
    q_prev = q;
    q = q_next;
    const double nu_next = nu + 1.0;
    sum += q / (1.0 - 4.0 * nu_next * nu_next);
  }
  return 4.0 * kPi * a * b * sum;
}

/// DFT of a real array that is even along every axis (v[j] = v[l - j]), such as the
/// inverse-distance kernel: the DFT is real and even too, so only frequencies 0..l/2 of each axis
/// are stored (1/8 of the grid, instead of a complex array of the full grid). Each axis is
/// transformed along lines rebuilt to full length by the symmetry.
class EvenSpectrum {
 public:
  /// `value(j0, j1, j2)` gives the array for 0 <= j_a <= l_a / 2.
  template <class Value>
  EvenSpectrum(const std::array<int, 3>& l, Value value) : l_(l) {
    for (std::size_t a = 0; a < 3; ++a) h_[a] = l[a] / 2 + 1;
    values_.resize(static_cast<std::size_t>(h_[0]) * static_cast<std::size_t>(h_[1]) * static_cast<std::size_t>(h_[2]));
    for (int j0 = 0; j0 < h_[0]; ++j0)
      for (int j1 = 0; j1 < h_[1]; ++j1)
        for (int j2 = 0; j2 < h_[2]; ++j2) values_[index(j0, j1, j2)] = value(j0, j1, j2);
    Eigen::FFT<double> fft;
    // Stored with k2 fastest: convolve() reads the spectrum along k2 for one (k0, k1) at a time.
    const std::array<std::size_t, 3> stride{static_cast<std::size_t>(h_[1]) * static_cast<std::size_t>(h_[2]),
                                            static_cast<std::size_t>(h_[2]), 1};
    for (std::size_t axis = 0; axis < 3; ++axis) {
      const auto len = static_cast<std::size_t>(l_[axis]);
      const auto half = static_cast<std::size_t>(h_[axis]);
      if (len == 1) continue;  // the DFT of length 1 is the identity
      std::vector<std::complex<double>> line(len);
      std::vector<std::complex<double>> transformed(len);
      for (std::size_t start = 0; start < values_.size(); ++start) {
        if ((start / stride[axis]) % half != 0) continue;  // one start per line along `axis`
        for (std::size_t k = 0; k < len; ++k) line[k] = values_[start + std::min(k, len - k) * stride[axis]];
        fft.fwd(transformed, line);
        for (std::size_t k = 0; k < half; ++k) values_[start + k * stride[axis]] = transformed[k].real();
      }
    }
  }

  std::size_t bytes() const { return values_.size() * sizeof(double); }

  /// The DFT at frequency (k0, k1, k2), 0 <= k_a < l_a.
  double operator()(int k0, int k1, int k2) const {
    return values_[index(std::min(k0, l_[0] - k0), std::min(k1, l_[1] - k1), std::min(k2, l_[2] - k2))];
  }
  /// The DFT along k2 at (k0, k1): entry j is frequency k2 = j and l2 - j (0 <= j <= l2 / 2).
  const double* along_k2(int k0, int k1) const {
    return &values_[index(std::min(k0, l_[0] - k0), std::min(k1, l_[1] - k1), 0)];
  }

 private:
  std::size_t index(int j0, int j1, int j2) const {
    return static_cast<std::size_t>(j2) +
           static_cast<std::size_t>(h_[2]) * (static_cast<std::size_t>(j1) + static_cast<std::size_t>(h_[1]) * static_cast<std::size_t>(j0));
  }
  std::array<int, 3> l_;
  std::array<int, 3> h_{};
  std::vector<double> values_;
};

using Complex = std::complex<double>;

/// The x-frequency planes kx_begin <= kx < kx_end of the DFT of a real field f over the box
/// n[0] x n[1] x n[2], zero-padded to the box l (l >= 2n - 1 per axis, so that circular
/// convolutions over l are the linear ones over n).
///
/// The DFT along x is kept as a half spectrum (f is real, so its spectrum is Hermitian): planes
/// 0..l[0]/2, each of n[1] x n[2] complex numbers; the y and z transforms are done one plane at a
/// time in a small l[1] x l[2] buffer, and rows and columns that are zero padding are never
/// transformed. The planes are independent, so they are spread over `threads` threads; each
/// plane's result lands in its own place, so the numbers do not depend on the number of threads.
class SpectrumPlanes {
 public:
  /// `row(y, z, values)` writes f along x (n[0] values) into `values`. The planes are kept in
  /// `storage`, which successive chunks and fields reuse (no new pages to clear each time).
  template <class Row>
  SpectrumPlanes(const std::array<int, 3>& n, const std::array<int, 3>& l, std::size_t kx_begin,
                 std::size_t kx_end, int threads, std::vector<Complex>& storage, Row&& row)
      : threads_(threads), kx_begin_(kx_begin), kx_end_(kx_end), spectrum_(storage) {
    for (std::size_t a = 0; a < 3; ++a) {
      n_[a] = static_cast<std::size_t>(n[a]);
      l_[a] = static_cast<std::size_t>(l[a]);
    }
    spectrum_.resize(std::max(spectrum_.size(), (kx_end_ - kx_begin_) * n_[1] * n_[2]));
    for_slices([&](std::size_t z) {
      Eigen::FFT<double> real_fft;
      real_fft.SetFlag(Eigen::FFT<double>::HalfSpectrum);
      std::vector<double> real_line(l_[0], 0.0);
      std::vector<Complex> half(l_[0] / 2 + 1);
      for (std::size_t y = 0; y < n_[1]; ++y) {
        std::fill(real_line.begin(), real_line.end(), 0.0);
        row(static_cast<int>(y), static_cast<int>(z), real_line.data());
        if (l_[0] == 1) half[0] = real_line[0];
        else real_fft.fwd(half, real_line);
        for (std::size_t kx = kx_begin_; kx < kx_end_; ++kx) spectrum_[at(kx, y, z)] = half[kx];
      }
    });
  }

  /// For every plane kx of the range, energy[kx] = sum over ky, kz of K^(kx, ky, kz) |F^|^2,
  /// doubled for planes whose conjugate plane l[0] - kx lies outside the half spectrum.
  void add_kernel_energy(const EvenSpectrum& kernel, std::vector<double>& energy) {
    for_planes([&](std::size_t kx, PlaneBuffers& b) {
      transform_plane_along_y(kx, b);
      double sum = 0.0;
      for (std::size_t ky = 0; ky < l_[1]; ++ky) {
        std::copy(b.plane.begin() + static_cast<std::ptrdiff_t>(ky * l_[2]),
                  b.plane.begin() + static_cast<std::ptrdiff_t>((ky + 1) * l_[2]), b.line_z.begin());
        transform(b.line_z, b);
        const double* k = kernel.along_k2(static_cast<int>(kx), static_cast<int>(ky));
        for (std::size_t kz = 0; kz < l_[2]; ++kz) sum += k[std::min(kz, l_[2] - kz)] * std::norm(b.line_z[kz]);
      }
      // Frequencies l0 - kx are the conjugates (same |F^|^2, same even kernel): every plane with
      // a distinct partner counts twice.
      const bool has_partner = kx != 0 && 2 * kx != l_[0];
      energy[kx] = has_partner ? 2.0 * sum : sum;
    });
  }

 private:
  /// One thread's working buffers for the planes, with its own FFT object (its cache of plans
  /// is not shared between threads).
  struct PlaneBuffers {
    PlaneBuffers(std::size_t l1, std::size_t l2) : plane(l1 * l2), line_y(l1), line_z(l2) {}
    std::vector<Complex> plane;  // plane[ky * l2 + z]
    std::vector<Complex> line_y, line_z, work;
    Eigen::FFT<double> fft;
  };

  std::size_t at(std::size_t kx, std::size_t y, std::size_t z) const {
    return y + n_[1] * (z + n_[2] * (kx - kx_begin_));
  }

  /// A DFT of length 1 is the identity (and kissfft fails on it).
  static void transform(std::vector<Complex>& line, PlaneBuffers& b) {
    if (line.size() == 1) return;
    b.fft.fwd(b.work, line);
    line.swap(b.work);
  }

  /// The DFT along y of plane kx, into b.plane (z beyond the box stays 0).
  void transform_plane_along_y(std::size_t kx, PlaneBuffers& b) {
    std::fill(b.plane.begin(), b.plane.end(), Complex{});
    for (std::size_t z = 0; z < n_[2]; ++z) {
      std::fill(b.line_y.begin(), b.line_y.end(), Complex{});
      for (std::size_t y = 0; y < n_[1]; ++y) b.line_y[y] = spectrum_[at(kx, y, z)];
      transform(b.line_y, b);
      for (std::size_t ky = 0; ky < l_[1]; ++ky) b.plane[ky * l_[2] + z] = b.line_y[ky];
    }
  }

  /// Runs work(kx, buffers) for every plane of the range, on the threads asked for.
  template <class Work>
  void for_planes(Work&& work) {
    for_each_strided(kx_end_ - kx_begin_, threads_, [&](std::size_t first, std::size_t stride) {
      PlaneBuffers b(l_[1], l_[2]);
      for (std::size_t kx = kx_begin_ + first; kx < kx_end_; kx += stride) work(kx, b);
    });
  }

  /// Runs work(z) for every z of the box, on the threads asked for.
  template <class Work>
  void for_slices(Work&& work) {
    for_each_strided(n_[2], threads_, [&](std::size_t first, std::size_t stride) {
      for (std::size_t z = first; z < n_[2]; z += stride) work(z);
    });
  }

  int threads_;
  std::size_t kx_begin_, kx_end_;
  std::array<std::size_t, 3> n_{}, l_{};
  std::vector<Complex>& spectrum_;  // spectrum_[y + n1 * (z + n2 * (kx - kx_begin))]
};

/// Bytes of spectrum held at once by kernel_energy: at most as much as the kernel's spectrum
/// (and 64 MB for small boxes, which then need a single pass).
std::size_t spectrum_budget(const EvenSpectrum& kernel) { return std::max<std::size_t>(64u << 20, kernel.bytes()); }

/// f . (K * f) = sum_k f_k (K * f)_k for a real field f over the box n (given row by row), by
/// Parseval's theorem over the padded box l: 1/L sum over frequencies of K^ |F^|^2 (L the number
/// of padded cells). Forward transforms only, and no array of the padded box's size: the
/// x-frequency planes are taken in as few chunks as keep the spectrum within spectrum_budget
/// (the x transforms are redone per chunk). The per-plane sums are added in plane order, so the
/// value does not depend on the chunks or the threads.
template <class Row>
double kernel_energy(const std::array<int, 3>& n, const std::array<int, 3>& l, const EvenSpectrum& kernel,
                     int threads, std::size_t spectrum_bytes, std::vector<Complex>& storage, Row&& row) {
  const std::size_t h0 = static_cast<std::size_t>(l[0]) / 2 + 1;
  const std::size_t plane_bytes = sizeof(Complex) * static_cast<std::size_t>(n[1]) * static_cast<std::size_t>(n[2]);
  const std::size_t budget = spectrum_bytes > 0 ? spectrum_bytes : spectrum_budget(kernel);
  const std::size_t per_chunk = std::clamp<std::size_t>(budget / plane_bytes, 1, h0);
  std::vector<double> energy(h0, 0.0);
  for (std::size_t begin = 0; begin < h0; begin += per_chunk)
    SpectrumPlanes(n, l, begin, std::min(h0, begin + per_chunk), threads, storage, row)
        .add_kernel_energy(kernel, energy);
  double total = 0.0;
  for (double e : energy) total += e;
  return total / (static_cast<double>(l[0]) * static_cast<double>(l[1]) * static_cast<double>(l[2]));
}

struct Autocorrelation {
  double moran_i = kNaN;
  double geary_c = kNaN;
};

/// Moran's I (IBSI N365) and Geary's C (IBSI NPT7), exact, over the intensity mask.
/// With m the mask indicator, z = X_gl - mu inside the mask (0 outside) and K the
/// inverse-distance kernel (K(0) = 0, which excludes k1 = k2), the all-pairs sums are
///   sum w = m . (K * m),   sum w z_k1 z_k2 = z . (K * z),
///   sum w (X_k1 - X_k2)^2 = 2 z^2 . (K * m) - 2 z . (K * z).
/// Each is a sum f . (K * g) over the bounding box, found in Fourier space over the box
/// zero-padded to at least 2n - 1 per axis (so that the circular convolution equals the linear
/// one): O(n log n) instead of the O(n^2) pair loop, with forward transforms only (kernel_energy)
/// and about the kernel's spectrum (an eighth of the padded box, in doubles) twice in memory.
/// Centring on mu avoids cancellation in the Moran sum.
Autocorrelation spatial_autocorrelation(const Roi& roi, int threads, std::size_t spectrum_bytes) {
  const Grid3& g = roi.grid;
  std::array<int, 3> lo{g.size[0], g.size[1], g.size[2]};
  std::array<int, 3> hi{-1, -1, -1};
  double sum_x = 0.0;
  double x_min = std::numeric_limits<double>::infinity();
  double x_max = -x_min;
  std::size_t n_v = 0;
  for (int z = 0; z < g.size[2]; ++z)
    for (int y = 0; y < g.size[1]; ++y)
      for (int x = 0; x < g.size[0]; ++x)
        if (roi.int_mask[g.index(x, y, z)] != 0) {
          const std::array<int, 3> p{x, y, z};
          for (std::size_t a = 0; a < 3; ++a) {
            lo[a] = std::min(lo[a], p[a]);
            hi[a] = std::max(hi[a], p[a]);
          }
          const double v = roi.intensity[g.index(x, y, z)];
          sum_x += v;
          x_min = std::min(x_min, v);
          x_max = std::max(x_max, v);
          ++n_v;
        }
  if (n_v < 2) return {};  // no voxel pairs
  // One intensity: both are 0/0 (undefined) and the transforms are skipped; computing them would
  // only measure the rounding of mu.
  if (x_min == x_max) return {};
  const double mu = sum_x / static_cast<double>(n_v);

  std::array<int, 3> n{};
  std::array<int, 3> l{};
  for (std::size_t a = 0; a < 3; ++a) {
    n[a] = hi[a] - lo[a] + 1;
    l[a] = fft_length(2 * n[a] - 1);
  }
  // Spectrum of the kernel K (zero beyond the bounding box's extent n - 1 and at 0).
  const EvenSpectrum kernel_spectrum(l, [&](int dx, int dy, int dz) {
    if ((dx == 0 && dy == 0 && dz == 0) || dx >= n[0] || dy >= n[1] || dz >= n[2]) return 0.0;
    return 1.0 / std::hypot(dx * g.spacing[0], dy * g.spacing[1], dz * g.spacing[2]);
  });

  const auto index = [&](int x, int y, int z) { return g.index(x + lo[0], y + lo[1], z + lo[2]); };
  // The intensity-mask voxels: sum z^2 and its mean s (the scale of q = z^2 below).
  double sum_z2 = 0.0;
  for (int z = 0; z < n[2]; ++z)
    for (int y = 0; y < n[1]; ++y)
      for (int x = 0; x < n[0]; ++x) {
        const std::size_t i = index(x, y, z);
        if (roi.int_mask[i] != 0) sum_z2 += (roi.intensity[i] - mu) * (roi.intensity[i] - mu);
      }
  const double s = sum_z2 / static_cast<double>(n_v);
  // Row writers of the fields: m, z = (X - mu) m, and s m + sign q with q = z^2 m.
  const auto mask_row = [&](int y, int z, double* values) {
    for (int x = 0; x < n[0]; ++x) values[x] = roi.int_mask[index(x, y, z)] != 0 ? 1.0 : 0.0;
  };
  const auto centred_row = [&](int y, int z, double* values) {
    for (int x = 0; x < n[0]; ++x) {
      const std::size_t i = index(x, y, z);
      values[x] = roi.int_mask[i] != 0 ? roi.intensity[i] - mu : 0.0;
    }
  };
  const auto mixed_row = [&](double sign) {
    return [&, sign](int y, int z, double* values) {
      for (int x = 0; x < n[0]; ++x) {
        const std::size_t i = index(x, y, z);
        const double d = roi.intensity[i] - mu;
        values[x] = roi.int_mask[i] != 0 ? s + sign * d * d : 0.0;
      }
    };
  };
  std::vector<Complex> storage;  // the Fourier planes of every field in turn
  const double sum_w = kernel_energy(n, l, kernel_spectrum, threads, spectrum_bytes, storage, mask_row);
  const double sum_wzz = kernel_energy(n, l, kernel_spectrum, threads, spectrum_bytes, storage, centred_row);
  // q . (K * m) by polarisation: (E(s m + q) - E(s m - q)) / (4 s), with E(f) = f . (K * f); the
  // scale s puts both fields on the same footing, so the difference loses few digits.
  const double sum_z2_km = (kernel_energy(n, l, kernel_spectrum, threads, spectrum_bytes, storage, mixed_row(1.0)) -
                            kernel_energy(n, l, kernel_spectrum, threads, spectrum_bytes, storage, mixed_row(-1.0))) /
                           (4.0 * s);
  const auto n_gl = static_cast<double>(n_v);
  Autocorrelation result;
  result.moran_i = ratio(n_gl * sum_wzz, sum_w * sum_z2);
  result.geary_c = ratio((n_gl - 1.0) * (2.0 * sum_z2_km - 2.0 * sum_wzz), 2.0 * sum_w * sum_z2);
  return result;
}

}  // namespace

std::span<const FeatureInfo> feature_infos() { return kFeatures; }

std::pair<double, double> moran_geary(const Roi& roi, int threads, std::size_t spectrum_bytes) {
  const Autocorrelation ac = spatial_autocorrelation(roi, threads, spectrum_bytes);
  return {ac.moran_i, ac.geary_c};
}

void compute(const Roi& roi, const Settings& settings, FeatureTable& out) {
  // Moran's I and Geary's C close the table; without the exact computation they are omitted.
  const std::size_t n_out = settings.exact_moran_geary ? kFeatures.size() : kFeatures.size() - 2;
  std::size_t next = 0;
  const auto emit = [&](double value) {
    if (next < n_out) out.add(std::string(kFeatures[next].tag), value);
    ++next;
  };

  const auto n_morph = static_cast<std::size_t>(
      std::count_if(roi.morph_mask.begin(), roi.morph_mask.end(), [](std::uint8_t m) { return m != 0; }));
  if (n_morph == 0) {
    out.warn("morphology: the morphological mask is empty; morphological features are undefined");
    for (std::size_t i = 0; i < kFeatures.size(); ++i) emit(kNaN);
    return;
  }

  // The mesh and the hull live in this block only: they are freed before Moran's I allocates its
  // spectra (a 300^3 ROI's mesh holds about 50 MB).
  double v = 0.0;
  {
    const Mesh mesh = marching_cubes(roi.grid, roi.morph_mask);
    v = mesh_volume(mesh);
    const double a = mesh_area(mesh);
    const double voxel_volume = roi.grid.spacing[0] * roi.grid.spacing[1] * roi.grid.spacing[2];
    emit(v);                                                       // RNU0
    emit(static_cast<double>(n_morph) * voxel_volume);            // YEKZ
    emit(a);                                                       // C0JK
    emit(ratio(a, v));                                             // 2PR5
    emit(compactness_1(v, a));
    emit(compactness_2(v, a));
    emit(spherical_disproportion(v, a));
    emit(sphericity(v, a));
    emit(asphericity(v, a));
    emit(centre_of_mass_shift(roi, n_morph));

    // The marching-cubes mesh of a non-empty mask always spans 3D, so Qhull succeeds; should it
    // fail all the same, the hull's features are undefined and the table says so.
    const std::optional<ConvexHull> hull = convex_hull(mesh.vertices);
    if (!hull) out.warn("morphology: the convex hull could not be computed; morph_diam and the convex hull densities are NaN");
    emit(hull ? maximum_diameter(hull->vertices) : kNaN);

    const auto [l_major, l_minor, l_least] = pca_eigenvalues(roi.grid, roi.morph_mask, n_morph);
    if (l_major == 0.0)
      out.warn("morphology: the ROI has no spatial extent for PCA; elongation and flatness are undefined");
    if (l_least == 0.0)
      out.warn("morphology: a PCA eigenvalue is 0; the approximate enclosing ellipsoid densities are undefined");
    emit(4.0 * std::sqrt(l_major));  // TDIC
    emit(4.0 * std::sqrt(l_minor));  // P9VJ
    emit(4.0 * std::sqrt(l_least));  // 7J51
    emit(std::sqrt(ratio(l_minor, l_major)));  // Q3CK
    emit(std::sqrt(ratio(l_least, l_major)));  // N17B

    // Axis-aligned bounding box of the mesh vertices (the same box as of the hull vertices).
    Eigen::Vector3d lo = mesh.vertices.front();
    Eigen::Vector3d hi = lo;
    for (const auto& p : mesh.vertices) {
      lo = lo.cwiseMin(p);
      hi = hi.cwiseMax(p);
    }
    const Eigen::Vector3d e = hi - lo;
    emit(ratio(v, e.prod()));                                            // PBX1
    emit(ratio(a, 2.0 * (e[0] * e[1] + e[1] * e[2] + e[0] * e[2])));     // R59B

    // Approximate enclosing ellipsoid: semi-axes 2 sqrt(lambda).
    const double s_a = 2.0 * std::sqrt(l_major);
    const double s_b = 2.0 * std::sqrt(l_minor);
    const double s_c = 2.0 * std::sqrt(l_least);
    emit(ratio(3.0 * v, 4.0 * kPi * s_a * s_b * s_c));                    // 6BDE
    emit(l_least > 0.0 ? ratio(a, ellipsoid_area(s_a, s_b, s_c)) : kNaN);  // RDD2

    emit(hull ? ratio(v, hull->volume) : kNaN);  // R3ER
    emit(hull ? ratio(a, hull->area) : kNaN);    // 7T7F
  }

  // The intensity-mask voxels in voxel order, summed in place (a copy would hold 8 bytes per
  // ROI voxel while Moran's I runs).
  double sum = 0.0;
  std::size_t n_gl = 0;
  for (std::size_t i = 0; i < roi.int_mask.size(); ++i)
    if (roi.int_mask[i]) {
      sum += roi.intensity[i];
      ++n_gl;
    }
  if (n_gl == 0) out.warn("morphology: the intensity mask is empty; integrated intensity is undefined");
  emit(n_gl == 0 ? kNaN : v * sum / static_cast<double>(n_gl));  // 99N0

  if (settings.exact_moran_geary) {
    const Autocorrelation ac = spatial_autocorrelation(roi, thread_count(settings.threads), 0);
    if (std::isnan(ac.moran_i) || std::isnan(ac.geary_c))
      out.warn("morphology: Moran's I and Geary's C need two or more voxels of differing intensity");
    emit(ac.moran_i);
    emit(ac.geary_c);
  }
}

}  // namespace radiomics::morphology
