// Morphological features (IBSI manual 3.1, HCUG): mesh, voxel point set, convex hull, PCA axes,
// Moran's I and Geary's C. Uses the morphological mask; intensity-weighted features
// (centre of mass shift, integrated intensity, Moran, Geary) use the intensity mask.
#pragma once
#include <cstddef>
#include <span>
#include <utility>

#include "core/roi.hpp"
#include "radiomics/feature_table.hpp"
#include "radiomics/registry.hpp"
#include "radiomics/settings.hpp"

namespace radiomics::morphology {

std::span<const FeatureInfo> feature_infos();
void compute(const Roi& roi, const Settings& settings, FeatureTable& out);

/// Moran's I and Geary's C as compute() gives them, on `threads` threads, holding at most
/// `spectrum_bytes` of Fourier planes at a time (0: the default, about the kernel's spectrum;
/// tests force many small chunks). The value is the same, to the bit, for any of both.
std::pair<double, double> moran_geary(const Roi& roi, int threads, std::size_t spectrum_bytes = 0);

}  // namespace radiomics::morphology
