// Mean filter (IBSI 2 manual, "Mean filter"): the average over a cube (2D: square) of M voxels
// per side, M odd, as one 1D pass of weights 1/M per filtered axis.
#include "filters/filters.hpp"

namespace radiomics::filters {

std::vector<float> mean_response(const FilterImage& image, const MeanFilter& mean,
                                 const FilterSettings& filter, const std::string& key,
                                 int threads) {
  const auto m = static_cast<std::size_t>(mean.support);
  const Kernel1D box(m, 1.0 / static_cast<double>(m));
  std::vector<Kernel1D> kernels;
  for (int a = 0; a < filtered_axes(filter.volumetric); ++a) {
    check_kernel_fits(image.grid, a, m, key + ".support", "mean filter");
    kernels.push_back(box);
  }
  return convolve_separable(image.values, image.grid, kernels, filter.boundary, threads);
}

}  // namespace radiomics::filters
