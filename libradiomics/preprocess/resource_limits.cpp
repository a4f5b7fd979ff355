#include "preprocess/resource_limits.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "features/local_intensity.hpp"
#include "radiomics/errors.hpp"

namespace radiomics {
namespace {

constexpr const char* kAxisNames[3] = {"x", "y", "z"};

/// Bytes per voxel of the interpolated grid while it is made: the interpolated intensities, the
/// mask's linear fractions with one intermediate separable pass and both masks (see
/// preprocess/interpolate.cpp); measured 18 on the whole CT phantom at 0.3 mm (261 million
/// voxels, 4.7 GB), with a margin.
constexpr double kBytesPerInterpolatedVoxel = 24.0;
/// Bytes per voxel of the cropped working grid once the families run: the Roi (intensities,
/// two masks), the discretised levels, local-intensity prefix sums, neighbourhood sums.
constexpr double kBytesPerCroppedVoxel = 40.0;
/// The most voxels a grid may have: indices stay far from integer limits.
constexpr double kMaxGridVoxels = 2.0e9;

std::string gigabytes(double bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g GB", bytes / 1e9);
  return text;
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

/// Smallest m >= n whose prime factors are 2, 3 and 5 (as morphology's FFT pads).
double fft_length(double n) {
  for (long long m = std::max(1LL, static_cast<long long>(n));; ++m) {
    long long r = m;
    for (const long long p : {2LL, 3LL, 5LL})
      while (r % p == 0) r /= p;
    if (r == 1) return static_cast<double>(m);
  }
}

[[noreturn]] void refuse(const std::string& what, double bytes, double limit, const std::string& change) {
  throw InputError(what + " needs about " + gigabytes(bytes) + " of memory, above the limit of " + gigabytes(limit) +
                   ": " + change + ", or raise the setting memory_limit_gb");
}

}  // namespace

bool plausible_spacing(double mm) { return std::isfinite(mm) && mm >= kMinSpacingMm && mm <= kMaxSpacingMm; }

void check_spacing(const std::array<double, 3>& spacing_mm, const std::string& whose) {
  for (std::size_t a = 0; a < 3; ++a)
    if (!plausible_spacing(spacing_mm[a]))
      throw InputError(whose + " voxel spacing along " + kAxisNames[a] + " is " + number(spacing_mm[a]) +
                       " mm, outside the plausible range " + number(kMinSpacingMm) + " to " + number(kMaxSpacingMm) +
                       " mm (1 um to 1 m): check the spacing and its units");
}

double memory_limit_bytes(const Settings& settings) {
  if (settings.memory_limit_gb) return *settings.memory_limit_gb * 1e9;
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGE_SIZE);
  double physical = pages > 0 && page_size > 0 ? static_cast<double>(pages) * static_cast<double>(page_size) : 8e9;
  rlimit limit{};
  if (::getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    physical = std::min(physical, static_cast<double>(limit.rlim_cur));
  return physical / 2.0;
}

void check_resources(const WorkPlan& plan, const Settings& settings) {
  const double limit = memory_limit_bytes(settings);
  const InterpolationSettings& interp = settings.interpolation;
  // The grid the families work on: the ROI's box in the final spacing, plus the local-intensity
  // margin, within the (interpolated) block.
  std::array<double, 3> final_spacing{};
  double interpolated = 1.0;
  double whole_interpolated = 1.0;  // the whole image's grid, which the diagnostics describe
  double cropped = 1.0;
  // Moran's I / Geary's C: the kernel's spectrum (an eighth of the padded box) and as much of the
  // field's, see morphology.cpp.
  std::array<double, 3> roi_final{};
  std::array<double, 3> padded{};
  for (std::size_t a = 0; a < 3; ++a) {
    const bool resampled = interp.enabled && !(a == 2 && settings.slice_wise) && !plan.keep[a];
    final_spacing[a] = resampled ? interp.spacing[a] : plan.spacing[a];
    const double scale = plan.spacing[a] / final_spacing[a];
    const double block = resampled ? std::ceil(plan.block[a] * scale) : plan.block[a];
    const double roi = std::max(1.0, std::ceil(plan.roi_extent[a] * scale));
    const double margin = std::ceil(local_intensity::sphere_radius_mm() / final_spacing[a]) + 1.0;
    interpolated *= block;
    const double image = plan.image[a] > 0 ? plan.image[a] : plan.block[a];
    whole_interpolated *= resampled ? std::ceil(image * scale) : image;
    cropped *= std::min(block, roi + 2.0 * margin);
    roi_final[a] = roi;
    padded[a] = fft_length(2.0 * roi - 1.0);
    if (!resampled) continue;
    if (block > kMaxGridVoxels)
      throw InputError("interpolation to " + number(final_spacing[a]) + " mm makes " + number(block) + " voxels along " +
                       kAxisNames[a] + ": choose a coarser interpolation.spacing");
  }
  if (interp.enabled) {
    const std::string to = "interpolation to (" + number(final_spacing[0]) + ", " + number(final_spacing[1]) + ", " +
                           number(final_spacing[2]) + ") mm";
    if (interpolated > kMaxGridVoxels)
      throw InputError(to + " makes a grid of " + number(interpolated) +
                       " voxels around the ROI, more than the supported 2e9: choose a coarser interpolation.spacing");
    if (settings.diagnostics && whole_interpolated > kMaxGridVoxels)
      throw InputError("the diagnostics describe the whole interpolated image, and " + to + " makes it " +
                       number(whole_interpolated) +
                       " voxels, more than the supported 2e9: turn diagnostics off or choose a coarser "
                       "interpolation.spacing");
    if (interpolated * kBytesPerInterpolatedVoxel > limit)
      refuse(to + " (" + number(interpolated) + " voxels)", interpolated * kBytesPerInterpolatedVoxel, limit,
             "choose a coarser interpolation.spacing");
  }
  if (cropped * kBytesPerCroppedVoxel > limit)
    refuse("the ROI with its local-intensity margin (" + number(cropped) + " voxels)", cropped * kBytesPerCroppedVoxel,
           limit, "use a smaller ROI or a coarser interpolation.spacing");
  if (settings.family_enabled(Family::Morphology) && settings.exact_moran_geary) {
    // The kernel's spectrum and at most as many bytes of the field's (see morphology.cpp).
    const double kernel = 8.0 * (std::floor(padded[0] / 2.0) + 1.0) * (std::floor(padded[1] / 2.0) + 1.0) *
                          (std::floor(padded[2] / 2.0) + 1.0);
    const double bytes = 2.0 * std::max(kernel, 64.0 * (1 << 20));
    if (bytes > limit)
      refuse("Moran's I and Geary's C over the ROI's bounding box (" + number(roi_final[0]) + " x " +
                 number(roi_final[1]) + " x " + number(roi_final[2]) + " voxels)",
             bytes, limit, "set morphology.exact_moran_geary to false, or use a smaller ROI or coarser spacing");
  }
}

void throw_input_error(const std::string& message) { throw InputError(message); }

std::string out_of_memory_message(const std::string& input, const Settings& settings, const char* detail) {
  return input + ": the extraction ran out of memory (" + detail + "; the limit for one extraction is " +
         gigabytes(memory_limit_bytes(settings)) +
         ", setting memory_limit_gb): use a coarser interpolation.spacing, a smaller ROI or fewer families";
}

}  // namespace radiomics
