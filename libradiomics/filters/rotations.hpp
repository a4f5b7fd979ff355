// Rotation invariance of separable filters (IBSI 2 manual, "Rotation invariance"): a separable
// kernel is rotated by right angles, which permutes its 1D kernels between axes and reverses
// some of them, and the responses of all rotations are pooled voxel by voxel.
#pragma once
#include <vector>

#include "filters/separable.hpp"
#include "radiomics/filter_settings.hpp"

namespace radiomics::filters {

/// A separable filter: one kernel per filtered axis (x first), and optionally a second
/// separable kernel that is rotated together with it (the low-pass pre-filter of a level > 1
/// wavelet decomposition).
struct SeparableSet {
  std::vector<Kernel1D> kernels;
  std::vector<Kernel1D> pre_filter;
  bool operator==(const SeparableSet&) const = default;
};

/// The distinct filters of the right-angle rotations of `set`: the 24 proper rotations of the
/// cube in 3D, the 4 rotations of the square in 2D (number of kernels = dimensions). A rotation
/// maps axis a to axis p(a) with sign s_a: the kernel on axis a becomes the kernel of axis p(a),
/// reversed when s_a = -1, with det = +1. Duplicates are removed: each distinct filter is the
/// image of equally many rotations, so mean and max pooling over the distinct ones equal
/// pooling over all of them.
std::vector<SeparableSet> right_angle_rotations(const SeparableSet& set);

/// Voxel-wise pooling of response maps, in the order they are added (the mean's sum depends on
/// it); each voxel's pooling runs on one of up to `threads` threads.
class Pool {
 public:
  explicit Pool(Pooling method, int threads = 1) : method_(method), threads_(threads) {}
  void add(std::vector<float> response);
  /// The pooled map (the mean divides by the number of maps added).
  std::vector<float> result() &&;

 private:
  Pooling method_;
  int threads_;
  std::vector<float> pooled_;
  int count_ = 0;
};

}  // namespace radiomics::filters
