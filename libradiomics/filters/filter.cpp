// The filter stage: checks common to every filter, then the family's own function.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <string>
#include <type_traits>
#include <variant>

#include "core/parallel.hpp"
#include "filters/filters.hpp"
#include "pyradiomics/image_types.hpp"
#include "radiomics/errors.hpp"
#include "radiomics/filter.hpp"

namespace radiomics::filters {
namespace {

constexpr const char* kAxisNames[3] = {"x", "y", "z"};

}  // namespace

void check_kernel_fits(const Grid3& grid, int axis, std::size_t length, const std::string& key,
                       const std::string& what) {
  const auto n = static_cast<std::size_t>(grid.size[static_cast<std::size_t>(axis)]);
  if (length > n)
    throw InputError(key + ": the " + what + " spans " + std::to_string(length) + " voxels along " +
                     kAxisNames[axis] + ", more than the image's " + std::to_string(n) +
                     " (use a smaller kernel or a larger image)");
}

std::optional<std::array<int, 3>> filter_reach(const FilterSettings& filter,
                                               const std::array<double, 3>& spacing) {
  const int d = filtered_axes(filter.volumetric);
  std::array<int, 3> reach{0, 0, 0};
  const auto all_axes = [&](int r) {
    for (int a = 0; a < d; ++a) reach[static_cast<std::size_t>(a)] = r;
  };
  if (const auto* m = std::get_if<MeanFilter>(&filter.kind)) all_axes((m->support - 1) / 2);
  if (const auto* l = std::get_if<LogFilter>(&filter.kind))
    for (int a = 0; a < d; ++a)  // as laplacian_of_gaussian.cpp sizes the kernel
      // Capped (a kernel longer than any image is refused when it is built) so that an absurd
      // sigma cannot overflow the integer.
      reach[static_cast<std::size_t>(a)] = static_cast<int>(std::min(
          std::floor(l->truncate * l->sigma_mm / spacing[static_cast<std::size_t>(a)] + 0.5), 1e9));
  if (const auto* l = std::get_if<LawsFilter>(&filter.kind)) {
    // Rotations move kernels between axes: the longest one bounds every axis.
    int longest = 0;
    for (std::size_t i = 0; i + 1 < l->kernel.size(); i += 2)
      longest = std::max(longest, static_cast<int>(laws_kernel(l->kernel.substr(i, 2)).size()) / 2);
    all_axes(longest + (l->energy ? l->delta : 0));
  }
  if (const auto* w = std::get_if<WaveletFilter>(&filter.kind)) {
    // Half-width c of the (odd) level-1 filter, doubled at every level: c (2^level - 1).
    const int c = static_cast<int>(odd_length(wavelet_low_pass(w->wavelet)).size()) / 2;
    all_axes(c * ((1 << w->level) - 1));
  }
  if (std::holds_alternative<GaborFilter>(filter.kind) ||
      std::holds_alternative<SimoncelliFilter>(filter.kind))
    return std::nullopt;
  return reach;
}

FilterImage apply_filter(const FilterImage& image, const FilterSettings& filter,
                         const std::string& key, int threads) {
  threads = thread_count(threads);
  const Grid3& g = image.grid;
  if (image.values.size() != g.count() || g.count() == 0)
    throw InputError(key + ": the image to filter is empty");
  if (filter.volumetric && g.size[2] < 2)
    throw InputError(key +
                     ".dimensions: a 3D filter needs more than one slice; the image has 1 "
                     "(use \"dimensions\": \"2D\")");
  // A filter mixes every voxel with its neighbours: a single NaN would spread into the ROI.
  std::atomic<std::size_t> non_finite = 0;
  for_each_voxel_block(image.values.size(), threads, [&](std::size_t begin, std::size_t end) {
    std::size_t here = 0;
    for (std::size_t i = begin; i < end; ++i)
      if (!std::isfinite(image.values[i])) ++here;
    non_finite += here;
  });
  if (non_finite > 0)
    throw InputError(
        key + ": the image has " + std::to_string(non_finite) +
        " non-finite (NaN or infinite) intensities; a filter reads the whole image, so "
        "they would spread into the response map");
  FilterImage out{g, {}};
  out.values = std::visit(
      [&](const auto& kind) -> std::vector<float> {
        using Kind = std::decay_t<decltype(kind)>;
        if constexpr (std::is_same_v<Kind, MeanFilter>)
          return mean_response(image, kind, filter, key, threads);
        else if constexpr (std::is_same_v<Kind, LogFilter>)
          return log_response(image, kind, filter, key, threads);
        else if constexpr (std::is_same_v<Kind, LawsFilter>)
          return laws_response(image, kind, filter, key, threads);
        else if constexpr (std::is_same_v<Kind, GaborFilter>)
          return gabor_response(image, kind, filter, key, threads);
        else if constexpr (std::is_same_v<Kind, WaveletFilter>)
          return wavelet_response(image, kind, filter, key, threads);
        else
          return simoncelli_response(image, kind, filter, key, threads);
      },
      filter.kind);
  return out;
}

}  // namespace radiomics::filters

namespace radiomics {

const char* filter_type_name(const FilterKind& kind) {
  constexpr const char* kNames[] = {"mean", "log", "laws", "gabor", "wavelet", "simoncelli"};
  return kNames[kind.index()];
}

const char* boundary_name(Boundary b) {
  switch (b) {
    case Boundary::Zero:
      return "zero";
    case Boundary::Nearest:
      return "nearest";
    case Boundary::Periodic:
      return "periodic";
    case Boundary::Mirror:
      return "mirror";
  }
  return "";
}

}  // namespace radiomics

namespace radiomics {

Image filter_image(const ImageView& image, const Settings& settings, std::size_t index) {
  const auto& list = settings.filtering.filters;
  if (index >= list.size())
    throw SettingsError("setting 'filtering.filters': the configuration has " +
                        std::to_string(list.size()) + " filter(s), so there is no filter " +
                        std::to_string(index));
  if (image.data == nullptr) throw InputError("the image has no voxel data");
  filters::FilterImage in;
  for (std::size_t a = 0; a < 3; ++a) {
    if (image.geometry.size[a] == 0 || image.geometry.size[a] > 1u << 20)
      throw InputError("the image has an invalid size along " + std::string(1, "xyz"[a]) + ": " +
                       std::to_string(image.geometry.size[a]));
    in.grid.size[a] = static_cast<int>(image.geometry.size[a]);
    in.grid.spacing[a] = image.geometry.spacing[a];
  }
  in.values.assign(image.data, image.data + image.geometry.voxel_count());
  if (settings.rounds_intensities())
    for (float& v : in.values) v = std::nearbyint(v);
  filters::FilterImage out = filters::apply_filter(
      in, list[index], "filtering.filters[" + std::to_string(index) + "]", settings.threads);
  // PyRadiomics mode: the image PyRadiomics' image type gives (its LoG is scale-normalised).
  if (settings.compatibility == Compatibility::PyRadiomics) {
    const auto scale = static_cast<float>(pyradiomics::response_scale(list[index], in.grid.spacing));
    if (scale != 1.0f)
      for (float& v : out.values) v *= scale;
  }
  return Image{image.geometry, out.values};
}

std::size_t filter_index(const Settings& settings, const std::string& prefix) {
  const auto& list = settings.filtering.filters;
  std::string known;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].prefix == prefix) return i;
    known += (known.empty() ? "" : ", ") + list[i].prefix;
  }
  throw SettingsError("no filter with prefix '" + prefix + "' in the configuration (" +
                      (known.empty() ? std::string("it has no filters") : "filters: " + known) +
                      ")");
}

}  // namespace radiomics
