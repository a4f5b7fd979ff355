// Local intensity features (IBSI manual 3.2, 9ST6): the mean intensity in a 1 cm^3 sphere
// (radius r = (3/(4 pi))^(1/3) cm, about 6.2 mm, in world coordinates) around voxel centres.
// Only intensity-mask voxels are centres, but the sphere takes every voxel of the grid whose
// centre lies within r, in the ROI or not (the pipeline crops the grid with a margin for this);
// voxels beyond the grid edge are simply absent from the mean.
#include "features/local_intensity.hpp"

#include "radiomics/errors.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

namespace radiomics::local_intensity {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

constexpr FeatureInfo kFeatures[] = {
    {"loc_peak_loc", "VJGA", "Local intensity peak",
     "F = max over voxels k with X_k = max(X) of mean{X_j | ||c_j - c_k|| <= r}, r = (3/(4 pi))^(1/3) cm"},
    {"loc_peak_glob", "0F91", "Global intensity peak",
     "F = max over intensity-mask voxels k of mean{X_j | ||c_j - c_k|| <= r}, r = (3/(4 pi))^(1/3) cm"},
};

/// The sphere as x-runs: for each row offset (dy, dz) the voxels dx in [-half_width, half_width].
struct Run {
  int dy = 0;
  int dz = 0;
  int half_width = 0;
};

/// Runs of the voxel offsets whose centres lie within r of the centre voxel's (distance <= r),
/// restricted to rows that can meet the grid (|dy| < ny, |dz| < nz) and with half widths
/// capped at nx - 1 (such a run covers its whole row from any centre): at a fine spacing the
/// sphere spans thousands of voxels, the grid maybe a few hundred.
std::vector<Run> sphere_runs(const Grid3& g, double r) {
  const auto& spacing = g.spacing;
  const auto extent = [&](double s, int n) { return static_cast<int>(std::min(std::floor(r / s), n - 1.0)); };
  const int nx = g.size[0];
  std::vector<Run> runs;
  for (int dz = -extent(spacing[2], g.size[2]); dz <= extent(spacing[2], g.size[2]); ++dz)
    for (int dy = -extent(spacing[1], g.size[1]); dy <= extent(spacing[1], g.size[1]); ++dy) {
      const double d2_yz = (dy * spacing[1]) * (dy * spacing[1]) + (dz * spacing[2]) * (dz * spacing[2]);
      if (d2_yz > r * r) continue;
      // The largest hx with (hx * sx)^2 + d2_yz <= r^2: the same test as for the whole offset,
      // so the sphere is exactly {offset : |offset| <= r}. Start from the square root, then step
      // to the exact answer (capped at nx - 1).
      const auto inside = [&](int hx) { return (hx * spacing[0]) * (hx * spacing[0]) + d2_yz <= r * r; };
      int hx = static_cast<int>(std::min(std::floor(std::sqrt(r * r - d2_yz) / spacing[0]), nx - 1.0));
      while (hx > 0 && !inside(hx)) --hx;
      while (hx < nx - 1 && inside(hx + 1)) ++hx;
      runs.push_back({dy, dz, hx});
    }
  return runs;
}

/// Per-row prefix sums of intensities and of non-finite voxels, one row (y, z) after another
/// with nx + 1 entries each, so that a run's sum costs two lookups. Non-finite intensities add 0
/// to the sums and 1 to the count, so a NaN poisons only the spheres that contain it.
///
/// Only the planes a plane of centres reads are held: a ring of 2 r_z + 1 planes (r_z the
/// sphere's reach along z), filled as the centres advance, instead of the whole grid (12 bytes
/// per voxel: 324 MB for a 300^3 ROI).
class RowPrefix {
 public:
  RowPrefix(const Roi& roi, int reach_z)
      : roi_(roi),
        nx_(static_cast<std::size_t>(roi.grid.size[0])),
        ny_(static_cast<std::size_t>(roi.grid.size[1])),
        window_(static_cast<std::size_t>(std::min(2 * reach_z + 1, std::max(roi.grid.size[2], 1)))) {
    any_non_finite = std::any_of(roi.intensity.begin(), roi.intensity.end(), [](double v) { return !std::isfinite(v); });
    sum_.assign(window_ * ny_ * (nx_ + 1), 0.0);
    if (any_non_finite) non_finite_.assign(sum_.size(), 0);
  }

  /// Computes plane z's prefix sums into its slot of the ring (replacing plane z - window).
  void load(int z) {
    for (std::size_t y = 0; y < ny_; ++y) {
      const std::size_t row = y + ny_ * static_cast<std::size_t>(z);
      const std::size_t at = offset(static_cast<int>(y), z);
      for (std::size_t x = 0; x < nx_; ++x) {
        const double v = roi_.intensity[row * nx_ + x];
        const bool finite = std::isfinite(v);
        sum_[at + x + 1] = sum_[at + x] + (finite ? v : 0.0);
        if (any_non_finite) non_finite_[at + x + 1] = non_finite_[at + x] + (finite ? 0u : 1u);
      }
    }
  }

  /// The prefix sums of row (y, z); plane z must be one of the last `window` loaded.
  const double* sum(int y, int z) const { return &sum_[offset(y, z)]; }
  const std::uint32_t* non_finite(int y, int z) const { return &non_finite_[offset(y, z)]; }

  bool any_non_finite = false;

 private:
  std::size_t offset(int y, int z) const {
    return (static_cast<std::size_t>(y) + ny_ * (static_cast<std::size_t>(z) % window_)) * (nx_ + 1);
  }
  const Roi& roi_;
  std::size_t nx_, ny_, window_;
  std::vector<double> sum_;
  std::vector<std::uint32_t> non_finite_;
};

/// Sphere sums of one plane of centres, restricted to the intensity-mask voxels' x-range of
/// each row. Every centre adds its runs in the order of `runs`, each as a difference of two
/// prefix sums, so its sum is the same number, bit for bit, as a loop over its runs would give;
/// the plane-wise order only makes the additions stream through memory.
struct PlaneSums {
  std::vector<double> sum;
  std::vector<double> count;
  std::vector<std::uint32_t> non_finite;
};

void sum_plane(const Roi& roi, const RowPrefix& prefix, const std::vector<Run>& runs, int z,
               const std::vector<int>& row_lo, const std::vector<int>& row_hi, PlaneSums& plane) {
  const Grid3& g = roi.grid;
  const int nx = g.size[0];
  const int ny = g.size[1];
  for (int y = 0; y < ny; ++y)
    for (int x = row_lo[static_cast<std::size_t>(y)]; x <= row_hi[static_cast<std::size_t>(y)]; ++x) {
      const auto i = static_cast<std::size_t>(y) * static_cast<std::size_t>(nx) + static_cast<std::size_t>(x);
      plane.sum[i] = 0.0;
      plane.count[i] = 0.0;
      if (prefix.any_non_finite) plane.non_finite[i] = 0;
    }
  for (const Run& run : runs) {
    const int zz = z + run.dz;
    if (zz < 0 || zz >= g.size[2]) continue;
    const int h = run.half_width;
    for (int y = std::max(0, -run.dy); y < std::min(ny, ny - run.dy); ++y) {
      const int lo = row_lo[static_cast<std::size_t>(y)];
      const int hi = row_hi[static_cast<std::size_t>(y)];
      if (lo > hi) continue;
      const double* p = prefix.sum(y + run.dy, zz);
      double* sum = &plane.sum[static_cast<std::size_t>(y) * static_cast<std::size_t>(nx)];
      double* count = &plane.count[static_cast<std::size_t>(y) * static_cast<std::size_t>(nx)];
      // Centres whose run is clipped by neither edge form the middle range: there the run is
      // [x - h, x + h], two contiguous reads per centre that the compiler vectorises.
      const int mid_lo = std::max(lo, h);
      const int mid_hi = std::min(hi, nx - 1 - h);
      const auto clipped = [&](int x) {
        const int x0 = std::max(0, x - h);
        const int x1 = std::min(nx - 1, x + h);
        sum[x] += p[x1 + 1] - p[x0];
        count[x] += x1 - x0 + 1;
      };
      for (int x = lo; x <= std::min(hi, mid_lo - 1); ++x) clipped(x);
      const double width = 2.0 * h + 1.0;
      for (int x = mid_lo; x <= mid_hi; ++x) {
        sum[x] += p[x + h + 1] - p[x - h];
        count[x] += width;
      }
      for (int x = std::max(lo, mid_hi + 1); x <= hi; ++x) {
        if (x >= mid_lo) clipped(x);
      }
      if (!prefix.any_non_finite) continue;
      const std::uint32_t* q = prefix.non_finite(y + run.dy, zz);
      std::uint32_t* bad = &plane.non_finite[static_cast<std::size_t>(y) * static_cast<std::size_t>(nx)];
      for (int x = lo; x <= hi; ++x) bad[x] += q[std::min(nx - 1, x + h) + 1] - q[std::max(0, x - h)];
    }
  }
}

/// Centre-voxel operations above which the peaks are refused: about a minute of work. A fine
/// spacing makes the sphere span very many voxel rows (0.1 mm: 12000 rows per centre).
constexpr double kMaxSphereWork = 3e10;

}  // namespace

double sphere_radius_mm() { return std::cbrt(3.0 / (4.0 * std::numbers::pi)) * 10.0; }

std::span<const FeatureInfo> feature_infos() { return kFeatures; }

void compute(const Roi& roi, FeatureTable& out) {
  const Grid3& g = roi.grid;
  const std::vector<Run> runs = sphere_runs(g, sphere_radius_mm());

  double max_intensity = -std::numeric_limits<double>::infinity();
  std::size_t centres = 0;
  for (std::size_t i = 0; i < roi.int_mask.size(); ++i)
    if (roi.int_mask[i]) {
      max_intensity = std::max(max_intensity, roi.intensity[i]);
      ++centres;
    }
  const double work = static_cast<double>(centres) * static_cast<double>(runs.size());
  if (work > kMaxSphereWork) {
    char text[256];
    std::snprintf(text, sizeof text,
                  "local intensity: at a spacing of (%.3g, %.3g, %.3g) mm the 1 cm^3 sphere spans %zu voxel rows; "
                  "for %zu ROI voxels that is %.2g operations (limit %.0e)",
                  g.spacing[0], g.spacing[1], g.spacing[2], runs.size(), centres, work, kMaxSphereWork);
    throw InputError(std::string(text) + ": interpolate to a coarser spacing or leave out local_intensity");
  }
  int reach_z = 0;
  for (const Run& run : runs) reach_z = std::max(reach_z, std::abs(run.dz));
  RowPrefix prefix(roi, reach_z);
  for (int z = 0; z < std::min(reach_z, g.size[2]); ++z) prefix.load(z);

  const auto nx = static_cast<std::size_t>(g.size[0]);
  const auto ny = static_cast<std::size_t>(g.size[1]);
  PlaneSums plane{std::vector<double>(nx * ny), std::vector<double>(nx * ny),
                  std::vector<std::uint32_t>(prefix.any_non_finite ? nx * ny : 0)};
  std::vector<int> row_lo(ny), row_hi(ny);
  double local_peak = kNaN;
  double global_peak = kNaN;
  for (int z = 0; z < g.size[2]; ++z) {
    if (z + reach_z < g.size[2]) prefix.load(z + reach_z);  // the ring now holds z - r_z .. z + r_z
    bool any = false;
    for (int y = 0; y < g.size[1]; ++y) {
      int lo = g.size[0], hi = -1;
      for (int x = 0; x < g.size[0]; ++x)
        if (roi.int_mask[g.index(x, y, z)]) {
          lo = std::min(lo, x);
          hi = x;
        }
      row_lo[static_cast<std::size_t>(y)] = lo;
      row_hi[static_cast<std::size_t>(y)] = hi;
      any = any || hi >= 0;
    }
    if (!any) continue;
    sum_plane(roi, prefix, runs, z, row_lo, row_hi, plane);
    for (int y = 0; y < g.size[1]; ++y)
      for (int x = 0; x < g.size[0]; ++x) {
        const std::size_t i = g.index(x, y, z);
        if (!roi.int_mask[i]) continue;
        const std::size_t k = static_cast<std::size_t>(y) * nx + static_cast<std::size_t>(x);
        if (prefix.any_non_finite && plane.non_finite[k] != 0)
          throw InputError("non-finite intensity (NaN or Inf) within " + std::to_string(sphere_radius_mm()).substr(0, 4) +
                           " mm of the ROI, inside the local intensity peak sphere");
        const double mean = plane.sum[k] / plane.count[k];
        global_peak = std::isnan(global_peak) ? mean : std::max(global_peak, mean);
        // Several voxels may share the maximum intensity: the manual takes the highest peak.
        if (roi.intensity[i] == max_intensity)
          local_peak = std::isnan(local_peak) ? mean : std::max(local_peak, mean);
      }
  }
  if (std::isnan(global_peak))
    out.warn("local intensity: the intensity mask is empty; loc_ features are NaN");
  out.add(std::string(kFeatures[0].tag), local_peak);
  out.add(std::string(kFeatures[1].tag), global_peak);
}

}  // namespace radiomics::local_intensity
