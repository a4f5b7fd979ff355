// Plausibility and resource limits, checked before the work starts (docs/safeguards.md lists
// them). A voxel spacing outside any scanner's range (a header in the wrong units, a corrupt
// field) would give absurd geometry: infinite mesh areas, Qhull crashes, spheres of millions of
// voxels. A setting that asks for an enormous grid (interpolation to 0.1 um) would otherwise
// run out of memory after minutes. Each check names the value and says what to change.
#pragma once
#include <array>
#include <cstddef>
#include <new>
#include <stdexcept>
#include <string>

#include "radiomics/settings.hpp"

namespace radiomics {

/// Plausible voxel spacing on every axis, in mm: 1 um to 1 m. Microscopy and whole-body scans
/// both lie well inside.
inline constexpr double kMinSpacingMm = 1e-3;
inline constexpr double kMaxSpacingMm = 1e3;

/// Throws InputError when a spacing is not finite or outside [kMinSpacingMm, kMaxSpacingMm];
/// the message names `whose` spacing ("image", a file path), the axis and the value.
void check_spacing(const std::array<double, 3>& spacing_mm, const std::string& whose);

/// True when `mm` lies within the plausible range.
bool plausible_spacing(double mm);

/// The memory one extraction may use, in bytes: settings.memory_limit_gb when set, else half
/// of the physical memory (and of the address-space limit, when one is set).
double memory_limit_bytes(const Settings& settings);

/// What the pipeline will work on, known right after the ROI is found and before anything
/// large is allocated.
struct WorkPlan {
  std::array<int, 3> block{0, 0, 0};           ///< voxels of the image block read for the ROI
  std::array<double, 3> spacing{1.0, 1.0, 1.0};  ///< mm, of the image
  std::array<int, 3> roi_extent{0, 0, 0};      ///< voxels of the ROI's bounding box (image grid)
  std::array<bool, 3> keep{false, false, false};  ///< axes interpolation leaves as they are
  std::array<int, 3> image{0, 0, 0};           ///< voxels of the whole image (0: the block)
};

/// Estimates the memory of each stage (interpolated grid, cropped ROI with the local-intensity
/// margin, padded FFT box of Moran's I / Geary's C, neighbourhood sums of NGTDM and NGLDM) and
/// throws InputError naming the stage, the estimate and the limit, and what to change, when one
/// exceeds memory_limit_bytes(settings). Also refuses an interpolated grid of more than 2e9
/// voxels, whatever the memory, and diagnostics of a whole interpolated image of more than 2e9
/// voxels (they are streamed in tiles, so they cost time, not memory).
void check_resources(const WorkPlan& plan, const Settings& settings);

/// Throws InputError(message) (keeps errors.hpp out of this header's users' way).
[[noreturn]] void throw_input_error(const std::string& message);

/// The message for a failed allocation or an oversized array during the extraction of `input`,
/// naming the limit and what to change (the estimates above should have refused it first).
std::string out_of_memory_message(const std::string& input, const Settings& settings, const char* detail);

/// Runs `work` (one extraction); std::bad_alloc and std::length_error become an InputError
/// naming `input` and the memory limit, never "std::bad_alloc" alone.
template <class Work>
auto with_memory_errors_translated(const std::string& input, const Settings& settings, Work&& work) {
  try {
    return work();
  } catch (const std::bad_alloc&) {
    throw_input_error(out_of_memory_message(input, settings, "out of memory"));
  } catch (const std::length_error& e) {
    throw_input_error(out_of_memory_message(input, settings, e.what()));
  }
}

}  // namespace radiomics
