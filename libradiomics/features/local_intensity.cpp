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

/// Runs of the voxel offsets whose centres lie within r of the centre voxel's (distance <= r).
std::vector<Run> sphere_runs(const std::array<double, 3>& spacing, double r) {
  const auto extent = [&](double s) { return static_cast<int>(std::floor(r / s)); };
  std::vector<Run> runs;
  for (int dz = -extent(spacing[2]); dz <= extent(spacing[2]); ++dz)
    for (int dy = -extent(spacing[1]); dy <= extent(spacing[1]); ++dy) {
      const double d2_yz = (dy * spacing[1]) * (dy * spacing[1]) + (dz * spacing[2]) * (dz * spacing[2]);
      if (d2_yz > r * r) continue;
      int hx = 0;
      // Same test as for the whole offset, so the sphere is exactly {offset : |offset| <= r}.
      while (((hx + 1) * spacing[0]) * ((hx + 1) * spacing[0]) + d2_yz <= r * r) ++hx;
      runs.push_back({dy, dz, hx});
    }
  return runs;
}

/// Prefix sums of the intensities along x, one row (y, z) after another with nx + 1 entries
/// each, so that a run's sum costs two lookups: the global peak is O(N_v * rows of the sphere).
/// Per-row prefix sums of intensities and of non-finite voxels. Non-finite intensities add 0 to
/// the sums and 1 to the count, so a NaN poisons only the spheres that contain it.
struct RowPrefix {
  std::vector<double> sum;
  std::vector<std::uint32_t> non_finite;
};

RowPrefix row_prefix_sums(const Roi& roi) {
  const Grid3& g = roi.grid;
  const auto nx = static_cast<std::size_t>(g.size[0]);
  const std::size_t rows = g.count() / std::max<std::size_t>(nx, 1);
  RowPrefix p{std::vector<double>(rows * (nx + 1), 0.0), std::vector<std::uint32_t>(rows * (nx + 1), 0)};
  for (std::size_t row = 0; row < rows; ++row)
    for (std::size_t x = 0; x < nx; ++x) {
      const double v = roi.intensity[row * nx + x];
      const bool finite = std::isfinite(v);
      p.sum[row * (nx + 1) + x + 1] = p.sum[row * (nx + 1) + x] + (finite ? v : 0.0);
      p.non_finite[row * (nx + 1) + x + 1] = p.non_finite[row * (nx + 1) + x] + (finite ? 0u : 1u);
    }
  return p;
}

/// Mean intensity of the grid voxels in the sphere centred on voxel (x, y, z).
/// Throws InputError when the sphere holds a non-finite intensity: the peak would be undefined.
double sphere_mean(const Roi& roi, const RowPrefix& prefix, const std::vector<Run>& runs,
                   int x, int y, int z) {
  const Grid3& g = roi.grid;
  const auto stride = static_cast<std::size_t>(g.size[0]) + 1;
  double sum = 0.0;
  double count = 0.0;
  for (const Run& run : runs) {
    const int yy = y + run.dy;
    const int zz = z + run.dz;
    if (!g.contains(0, yy, zz)) continue;
    const int x0 = std::max(0, x - run.half_width);
    const int x1 = std::min(g.size[0] - 1, x + run.half_width);
    const std::size_t row = static_cast<std::size_t>(yy) + static_cast<std::size_t>(g.size[1]) * static_cast<std::size_t>(zz);
    const std::size_t hi = row * stride + static_cast<std::size_t>(x1) + 1;
    const std::size_t lo = row * stride + static_cast<std::size_t>(x0);
    if (prefix.non_finite[hi] != prefix.non_finite[lo])
      throw InputError("non-finite intensity (NaN or Inf) within " + std::to_string(sphere_radius_mm()).substr(0, 4) +
                       " mm of the ROI, inside the local intensity peak sphere");
    sum += prefix.sum[hi] - prefix.sum[lo];
    count += x1 - x0 + 1;
  }
  return sum / count;
}

}  // namespace

double sphere_radius_mm() { return std::cbrt(3.0 / (4.0 * std::numbers::pi)) * 10.0; }

std::span<const FeatureInfo> feature_infos() { return kFeatures; }

void compute(const Roi& roi, FeatureTable& out) {
  const Grid3& g = roi.grid;
  const std::vector<Run> runs = sphere_runs(g.spacing, sphere_radius_mm());
  const RowPrefix prefix = row_prefix_sums(roi);

  double max_intensity = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < roi.int_mask.size(); ++i)
    if (roi.int_mask[i]) max_intensity = std::max(max_intensity, roi.intensity[i]);

  double local_peak = kNaN;
  double global_peak = kNaN;
  for (int z = 0; z < g.size[2]; ++z)
    for (int y = 0; y < g.size[1]; ++y)
      for (int x = 0; x < g.size[0]; ++x) {
        const std::size_t i = g.index(x, y, z);
        if (!roi.int_mask[i]) continue;
        const double mean = sphere_mean(roi, prefix, runs, x, y, z);
        global_peak = std::isnan(global_peak) ? mean : std::max(global_peak, mean);
        // Several voxels may share the maximum intensity: the manual takes the highest peak.
        if (roi.intensity[i] == max_intensity)
          local_peak = std::isnan(local_peak) ? mean : std::max(local_peak, mean);
      }
  if (std::isnan(global_peak))
    out.warn("local intensity: the intensity mask is empty; loc_ features are NaN");
  out.add(std::string(kFeatures[0].tag), local_peak);
  out.add(std::string(kFeatures[1].tag), global_peak);
}

}  // namespace radiomics::local_intensity
