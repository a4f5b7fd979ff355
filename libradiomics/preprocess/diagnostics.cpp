// The IBSI diagnostic values of the chain's stages (see diagnostics.hpp).
#include "preprocess/diagnostics.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "core/parallel.hpp"
#include "core/stored_volumes.hpp"

namespace radiomics {
namespace {

/// Running sum, minimum and maximum, combined in a fixed order.
struct Accumulator {
  double sum = 0.0;
  std::size_t n = 0;
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    sum += v;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    ++n;
  }
  void add(const Accumulator& other) {
    sum += other.sum;
    lo = std::min(lo, other.lo);
    hi = std::max(hi, other.hi);
    n += other.n;
  }
  Summary summary() const {
    Summary s;
    if (n == 0) return s;
    s.mean = sum / static_cast<double>(n);
    s.min = lo;
    s.max = hi;
    return s;
  }
};

}  // namespace

void add_image_diagnostics(FeatureTable& table, const Grid3& grid, const Summary& s, const std::string& suffix) {
  for (std::size_t a = 0; a < 3; ++a) table.add(std::string("img_dim_") + kAxisNames[a] + suffix, grid.size[a]);
  for (std::size_t a = 0; a < 3; ++a) table.add(std::string("vox_dim_") + kAxisNames[a] + suffix, grid.spacing[a]);
  table.add("mean_int" + suffix, s.mean);
  table.add("min_int" + suffix, s.min);
  table.add("max_int" + suffix, s.max);
}

void add_roi_diagnostics(FeatureTable& table, const ImageBlock& block, const LabelMasks& masks,
                         const std::array<int, 3>& whole_size, const std::string& suffix) {
  const Region int_box = bounding_box(block.grid, masks.int_mask);
  const Region morph_box = bounding_box(block.grid, masks.morph_mask);
  for (std::size_t a = 0; a < 3; ++a)
    table.add(std::string("int_mask_dim_") + kAxisNames[a] + suffix, whole_size[a]);
  for (std::size_t a = 0; a < 3; ++a)
    table.add(std::string("int_mask_bb_dim_") + kAxisNames[a] + suffix, int_box.size(a));
  for (std::size_t a = 0; a < 3; ++a)
    table.add(std::string("morph_mask_bb_dim_") + kAxisNames[a] + suffix, morph_box.size(a));
  table.add("int_mask_vox_count" + suffix, static_cast<double>(count_inside(masks.int_mask)));
  table.add("morph_mask_vox_count" + suffix, static_cast<double>(count_inside(masks.morph_mask)));
  Accumulator acc;
  for (std::size_t i = 0; i < block.intensity.size(); ++i)
    if (masks.int_mask[i]) acc.add(block.intensity[i]);
  const Summary s = acc.summary();
  table.add("int_mask_mean_int" + suffix, s.mean);
  table.add("int_mask_min_int" + suffix, s.min);
  table.add("int_mask_max_int" + suffix, s.max);
}

template <class ImageV>
Summary image_summary(const ImageV& image, const Settings& settings) {
  Accumulator acc;
  const std::size_t n = image.geometry.voxel_count();
  const bool round = settings.rounds_intensities();
  for (std::size_t i = 0; i < n; ++i) {
    const auto v = static_cast<double>(image[i]);
    acc.add(round ? std::nearbyint(v) : v);
  }
  return acc.summary();
}

template <class ImageV>
Summary interpolated_image_summary(const ImageV& image, const Settings& settings, const std::array<bool, 3>& keep,
                                   std::array<int, 3>& whole_size) {
  const Geometry& g = image.geometry;
  const std::array<int, 3> size = image_size(g);
  std::array<AxisSampling, 3> whole;
  for (std::size_t a = 0; a < 3; ++a) {
    whole[a] = whole_axis_sampling(settings, size[a], g.spacing[a], a, keep[a]);
    whole_size[a] = whole[a].size;
  }
  const auto margin = static_cast<int>(exact_interpolation_reach(settings.interpolation.method)) + 1;
  constexpr double kTileVoxels = 4e6;
  const int side = std::max(8, static_cast<int>(std::sqrt(kTileVoxels / std::max(1, whole[2].size))));
  // The tiles' sample ranges along x and y; an axis that keeps its spacing is not cut.
  const auto ranges = [&](std::size_t a) {
    std::vector<std::array<int, 2>> r;
    const int step = keep[a] ? whole[a].size : side;
    for (int k = 0; k < whole[a].size; k += step) r.push_back({k, std::min(whole[a].size, k + step)});
    return r;
  };
  const auto xs = ranges(0), ys = ranges(1);
  std::vector<Accumulator> tiles(xs.size() * ys.size());
  std::vector<std::function<void()>> tasks;
  const bool round = settings.rounds_intensities();
  for (std::size_t ty = 0; ty < ys.size(); ++ty)
    for (std::size_t tx = 0; tx < xs.size(); ++tx)
      tasks.push_back([&, tx, ty] {
        std::array<AxisSampling, 3> axes{whole[0], whole[1], whole[2]};
        std::array<int, 3> lo{0, 0, 0}, hi{size[0] - 1, size[1] - 1, size[2] - 1};
        const std::array<std::array<int, 2>, 2> k{xs[tx], ys[ty]};
        for (std::size_t a = 0; a < 2; ++a) {
          if (keep[a]) continue;
          const AxisSampling& w = whole[a];
          lo[a] = std::max(0, static_cast<int>(std::floor(w.first + k[a][0] * w.step)) - margin);
          hi[a] = std::min(size[a] - 1, static_cast<int>(std::ceil(w.first + (k[a][1] - 1) * w.step)) + margin);
          axes[a] = AxisSampling{k[a][1] - k[a][0], w.first, w.step, k[a][0], static_cast<double>(lo[a])};
        }
        const std::array<int, 3> block{hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, size[2]};
        std::vector<double> values;
        values.reserve(static_cast<std::size_t>(block[0]) * static_cast<std::size_t>(block[1]) *
                       static_cast<std::size_t>(block[2]));
        for (int z = 0; z < size[2]; ++z)
          for (int y = lo[1]; y <= hi[1]; ++y)
            for (int x = lo[0]; x <= hi[0]; ++x) {
              const auto v = static_cast<double>(
                  image[g.index(static_cast<std::size_t>(x), static_cast<std::size_t>(y), static_cast<std::size_t>(z))]);
              values.push_back(round ? std::nearbyint(v) : v);
            }
        std::vector<double> out = resample(values, block, axes, settings.interpolation.method, Outside::kNearestEdge);
        if (round) round_intensities(out);
        Accumulator& acc = tiles[ty * xs.size() + tx];
        for (double v : out) acc.add(v);
      });
  run_tasks(tasks, thread_count(settings.threads));
  Accumulator total;
  for (const Accumulator& t : tiles) total.add(t);
  return total.summary();
}

#define RADIOMICS_IMAGE_SUMMARIES(ImageV)                                        \
  template Summary image_summary(const ImageV&, const Settings&);                \
  template Summary interpolated_image_summary(const ImageV&, const Settings&,    \
                                              const std::array<bool, 3>&, std::array<int, 3>&);
RADIOMICS_IMAGE_SUMMARIES(ImageView)
RADIOMICS_IMAGE_SUMMARIES(ShortImageView)
RADIOMICS_IMAGE_SUMMARIES(UShortImageView)
#undef RADIOMICS_IMAGE_SUMMARIES

}  // namespace radiomics
