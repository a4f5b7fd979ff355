// Where the chain works on the image grid: bounding boxes of masks and labels, the block of the
// image a ROI needs (its working region: the ROI's box plus the reach of the interpolation, the
// filters and the local-intensity sphere), the crop after re-segmentation, and the samples of the
// whole image's interpolation grid that fall inside a block. Working on a block makes the cost
// follow the ROI, not the image; the block's samples are those of whole-image processing, so the
// ROI gets the values whole-image processing gives (tested).
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/labels.hpp"
#include "core/roi.hpp"
#include "preprocess/interpolate.hpp"
#include "radiomics/errors.hpp"
#include "radiomics/extractor.hpp"  // labels_present
#include "radiomics/image.hpp"
#include "radiomics/settings.hpp"

namespace radiomics {

/// A block of a grid: voxels lo..hi (inclusive) along each axis; empty when lo > hi.
struct Region {
  std::array<int, 3> lo{0, 0, 0};
  std::array<int, 3> hi{-1, -1, -1};
  bool empty() const { return lo[0] > hi[0]; }
  int size(std::size_t a) const { return empty() ? 0 : hi[a] - lo[a] + 1; }
  std::size_t count() const {
    return static_cast<std::size_t>(size(0)) * static_cast<std::size_t>(size(1)) * static_cast<std::size_t>(size(2));
  }
  bool operator==(const Region&) const = default;
};

constexpr const char* kAxisNames[3] = {"x", "y", "z"};

/// The image's size as ints; an InputError for a zero or absurd size.
std::array<int, 3> image_size(const Geometry& g);

/// Bounding box of the non-zero voxels of a mask.
Region bounding_box(const Grid3& grid, const std::vector<std::uint8_t>& mask);

/// Number of non-zero voxels.
std::size_t count_inside(const std::vector<std::uint8_t>& mask);

/// The bounding box of each of `labels` (distinct, as the settings make them) in the mask, in one
/// pass over the labels; when a label is absent, the error lists the labels that are present.
template <class MaskView>
std::vector<Region> label_boxes(const MaskView& mask, const std::array<int, 3>& size, const std::vector<int>& labels) {
  for (int label : labels)
    if (label == 0)  // settings refuse it too; settings built in C++ reach here unchecked
      throw InputError("label 0 is the background (the voxels outside every ROI), not a ROI; choose a label other than 0");
  std::vector<Region> boxes(labels.size());
  for (Region& b : boxes) b.lo = size;
  // Sorted labels with their request index; a run of one label along x is looked up once.
  std::vector<std::pair<int, std::size_t>> order;
  for (std::size_t k = 0; k < labels.size(); ++k) order.emplace_back(labels[k], k);
  std::sort(order.begin(), order.end());
  std::size_t i = 0;
  int last_value = 0;
  std::ptrdiff_t last_box = -1;
  for (int z = 0; z < size[2]; ++z)
    for (int y = 0; y < size[1]; ++y)
      for (int x = 0; x < size[0]; ++x, ++i) {
        const auto value = static_cast<int>(mask[i]);
        if (value == 0) continue;
        if (value != last_value || last_box < 0) {
          last_value = value;
          const auto it = std::lower_bound(order.begin(), order.end(), std::make_pair(value, std::size_t{0}));
          last_box = it != order.end() && it->first == value ? static_cast<std::ptrdiff_t>(it->second) : -1;
          if (last_box < 0) continue;
        }
        Region& box = boxes[static_cast<std::size_t>(last_box)];
        box.lo = {std::min(box.lo[0], x), std::min(box.lo[1], y), std::min(box.lo[2], z)};
        box.hi = {std::max(box.hi[0], x), std::max(box.hi[1], y), std::max(box.hi[2], z)};
      }
  for (std::size_t k = 0; k < labels.size(); ++k)
    if (boxes[k].hi[0] < 0) throw_absent_label(labels[k], labels_present(mask));
  return boxes;
}

/// Axes that keep their spacing through interpolation: z in a slice-wise analysis; in PyRadiomics
/// mode, an axis with spacing 0 or one along which the ROI is a single voxel (PyRadiomics'
/// resampleImage).
std::array<bool, 3> axes_keeping_spacing(const Settings& settings, const Region& roi_box);

/// How far (in input voxels) an interpolated sample depends on the input: 2 voxels for nearest
/// and linear, 14 for the cubic B-spline, whose prefilter's influence decays as 0.268^k (a block
/// cut 14 voxels from a sample changes it by about 1e-8 of the intensities' scale).
double interpolation_reach(InterpolationMethod method);

/// The same, far enough for the cubic B-spline that a block's samples equal the whole image's to
/// the last bit (0.268^40 = 1e-23): the tiles of the diagnostics use it, where the extra margin
/// costs little; the ROI's block keeps interpolation_reach (a coarse PET upsampled would
/// otherwise interpolate most of the image).
double exact_interpolation_reach(InterpolationMethod method);

/// The image block that later stages need: the ROI's bounding box plus room for the local
/// intensity sphere (in the final spacing), for the filters' kernels, and for the interpolation
/// (interpolation_reach). The whole image for the Fourier-domain filters (Gabor, Simoncelli) and
/// periodic boundaries, which read the whole image; where the block meets the image border, a
/// zero, nearest or mirror boundary condition acts there as on the whole image. `whole_image`
/// asks for the whole image anyway (the tests' reference for the block's values).
Region working_region(const Region& roi_box, const std::array<int, 3>& size, const Settings& settings,
                      const Geometry& g, const std::array<bool, 3>& keep, bool whole_image = false);

/// The crop after re-segmentation: the bounding box of the morphological mask plus the
/// local-intensity margin ceil(r / spacing) + 1 voxels per axis, clipped to the grid.
Region crop_region(const Grid3& grid, const std::vector<std::uint8_t>& morph_mask);

/// The values of `region` of a grid, as a block of its own (x fastest).
template <class T>
std::vector<T> crop_values(const std::vector<T>& values, const Grid3& grid, const Region& region) {
  std::vector<T> out;
  out.reserve(region.count());
  for (int z = region.lo[2]; z <= region.hi[2]; ++z)
    for (int y = region.lo[1]; y <= region.hi[1]; ++y) {
      const auto row = values.begin() + static_cast<std::ptrdiff_t>(grid.index(region.lo[0], y, z));
      out.insert(out.end(), row, row + region.size(0));
    }
  return out;
}

/// The sampling of the whole image's axis `a` by the interpolation: the IBSI grid (PyRadiomics'
/// in its mode), or the identity for an axis that keeps its spacing.
AxisSampling whole_axis_sampling(const Settings& settings, int size, double spacing, std::size_t a, bool keep);

/// The samples of the grid of the whole image (`whole`, size `n` along the axis) that fall inside
/// the block lo..hi, away from its cut edges by the kernel's reach; expressed in the block's voxel
/// coordinates. Equals the whole-image grid when the block is the whole axis.
AxisSampling region_sampling(const AxisSampling& whole, int lo, int hi, int n, double reach);

}  // namespace radiomics
