// Laws kernels (IBSI 2 manual, "Laws kernels"): a separable kernel built from the 1D kernels
// L (level), E (edge), S (spot), W (wave), R (ripple) of length 5 and L, E, S of length 3, each
// normalised to unit L2 norm; "L5E5E5" is L5 along x, E5 along y and E5 along z. Optionally
// rotation invariant (the responses of the kernel's right-angle rotations pooled) and an energy
// map: the mean absolute (pooled) response over a window of 2 delta + 1 voxels per side.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "filters/filters.hpp"
#include "filters/rotations.hpp"

namespace radiomics::filters {

Kernel1D laws_kernel(const std::string& name) {
  struct Named {
    const char* name;
    Kernel1D taps;
  };
  static const Named kKernels[] = {
      {"L5", {1, 4, 6, 4, 1}},   {"E5", {-1, -2, 0, 2, 1}}, {"S5", {-1, 0, 2, 0, -1}},
      {"W5", {-1, 2, 0, -2, 1}}, {"R5", {1, -4, 6, -4, 1}}, {"L3", {1, 2, 1}},
      {"E3", {-1, 0, 1}},        {"S3", {-1, 2, -1}},
  };
  for (const Named& k : kKernels) {
    if (name != k.name) continue;
    double norm = 0.0;
    for (double t : k.taps) norm += t * t;
    Kernel1D out = k.taps;
    for (double& t : out) t /= std::sqrt(norm);
    return out;
  }
  return {};
}

std::vector<float> laws_response(const FilterImage& image, const LawsFilter& laws,
                                 const FilterSettings& filter, const std::string& key,
                                 int threads) {
  const int d = filtered_axes(filter.volumetric);
  SeparableSet set;
  for (std::size_t i = 0; i + 1 < laws.kernel.size(); i += 2)
    set.kernels.push_back(laws_kernel(laws.kernel.substr(i, 2)));
  for (int a = 0; a < d; ++a)
    check_kernel_fits(image.grid, a, set.kernels[static_cast<std::size_t>(a)].size(),
                      key + ".kernel", "Laws kernel");
  const std::vector<SeparableSet> orientations =
      filter.rotation_invariant ? right_angle_rotations(set) : std::vector<SeparableSet>{set};
  Pool pool(filter.pooling, threads);
  for (const SeparableSet& o : orientations)
    pool.add(convolve_separable(image.values, image.grid, o.kernels, filter.boundary, threads));
  std::vector<float> response = std::move(pool).result();
  if (!laws.energy) return response;

  // Energy: the rotation-invariant response first, then its local mean absolute value.
  for_each_voxel_block(response.size(), threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) response[i] = std::fabs(response[i]);
  });
  const auto window = static_cast<std::size_t>(2 * laws.delta + 1);
  const Kernel1D box(window, 1.0 / static_cast<double>(window));
  std::vector<Kernel1D> boxes;
  for (int a = 0; a < d; ++a) {
    check_kernel_fits(image.grid, a, window, key + ".delta", "Laws energy window");
    boxes.push_back(box);
  }
  return convolve_separable(response, image.grid, boxes, filter.boundary, threads);
}

}  // namespace radiomics::filters
