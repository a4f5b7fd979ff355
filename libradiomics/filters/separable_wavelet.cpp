// Separable wavelets, undecimated (IBSI 2 manual, "Separable wavelets"): the stationary wavelet
// transform by the a trous algorithm. Band "LHL" applies the decomposition low-pass filter along
// x, the high-pass along y and the low-pass along z. At level j > 1 the image is first low-passed
// along every axis at levels 1 .. j-1, and the filters of level l are those of level 1 with
// 2^(l-1) - 1 zeros between taps. Filters of even length get a zero tap appended, so that they
// have a centre voxel (the convention of the IBSI 2 consensus). Optionally rotation invariant:
// the right-angle rotations of the whole cascade pooled.
#include <cmath>

#include "filters/filters.hpp"
#include "filters/rotations.hpp"

namespace radiomics::filters {
namespace {

/// A filter of level 1 dilated to `level`: 2^(level-1) - 1 zeros between taps.
Kernel1D dilated(const Kernel1D& kernel, int level) {
  Kernel1D out = kernel;
  for (int l = 1; l < level; ++l) {
    Kernel1D next(2 * out.size() - 1, 0.0);
    for (std::size_t i = 0; i < out.size(); ++i) next[2 * i] = out[i];
    out = std::move(next);
  }
  return out;
}

std::vector<Kernel1D> dilated(const std::vector<Kernel1D>& kernels, int level) {
  std::vector<Kernel1D> out;
  for (const Kernel1D& k : kernels) out.push_back(dilated(k, level));
  return out;
}

}  // namespace

Kernel1D wavelet_low_pass(const std::string& family) {
  // Closed forms of the orthogonal scaling filters (Daubechies, "Ten lectures on wavelets",
  // 1992), listed in PyWavelets' decomposition order.
  if (family == "haar") return {1.0 / std::sqrt(2.0), 1.0 / std::sqrt(2.0)};
  if (family == "db2") {
    const double s3 = std::sqrt(3.0);
    const double c = 1.0 / (4.0 * std::sqrt(2.0));
    return {c * (1 - s3), c * (3 - s3), c * (3 + s3), c * (1 + s3)};
  }
  if (family == "db3") {
    const double s10 = std::sqrt(10.0);
    const double r = std::sqrt(5.0 + 2.0 * s10);
    const double c = 1.0 / (16.0 * std::sqrt(2.0));
    return {c * (1 + s10 - r),          c * (5 + s10 - 3 * r), c * (10 - 2 * s10 - 2 * r),
            c * (10 - 2 * s10 + 2 * r), c * (5 + s10 + 3 * r), c * (1 + s10 + r)};
  }
  if (family == "coif1") {
    const double s7 = std::sqrt(7.0);
    const double c = std::sqrt(2.0) / 32.0;
    return {c * (-3 + s7),     c * (1 - s7), c * (14 - 2 * s7),
            c * (14 + 2 * s7), c * (5 + s7), c * (1 - s7)};
  }
  return {};
}

Kernel1D wavelet_high_pass(const std::string& family) {
  const Kernel1D h = wavelet_low_pass(family);
  Kernel1D g(h.size());
  for (std::size_t k = 0; k < h.size(); ++k) g[k] = (k % 2 == 0 ? -1.0 : 1.0) * h[h.size() - 1 - k];
  return g;
}

std::vector<std::string> wavelet_families() { return {"haar", "db2", "db3", "coif1"}; }

std::vector<float> wavelet_response(const FilterImage& image, const WaveletFilter& wavelet,
                                    const FilterSettings& filter, const std::string& key,
                                    int threads) {
  const int d = filtered_axes(filter.volumetric);
  const Kernel1D low = odd_length(wavelet_low_pass(wavelet.wavelet));
  const Kernel1D high = odd_length(wavelet_high_pass(wavelet.wavelet));
  SeparableSet set;
  for (int a = 0; a < d; ++a) {
    set.kernels.push_back(wavelet.band[static_cast<std::size_t>(a)] == 'L' ? low : high);
    if (wavelet.level > 1) set.pre_filter.push_back(low);
    check_kernel_fits(image.grid, a, dilated(low, wavelet.level).size(), key + ".level",
                      "level-" + std::to_string(wavelet.level) + " " + wavelet.wavelet + " filter");
  }
  const std::vector<SeparableSet> orientations =
      filter.rotation_invariant ? right_angle_rotations(set) : std::vector<SeparableSet>{set};
  Pool pool(filter.pooling, threads);
  for (const SeparableSet& o : orientations) {
    // The image low-passed at levels 1 .. level-1; at level 1 the image itself, not a copy (a
    // copy of a CT volume took 3 % of a Haar decomposition).
    std::vector<float> low_passed;
    const std::vector<float>* current = &image.values;
    for (int level = 1; level < wavelet.level; ++level) {
      low_passed = convolve_separable(*current, image.grid, dilated(o.pre_filter, level),
                                      filter.boundary, threads);
      current = &low_passed;
    }
    pool.add(convolve_separable(*current, image.grid, dilated(o.kernels, wavelet.level),
                                filter.boundary, threads));
  }
  return std::move(pool).result();
}

}  // namespace radiomics::filters
