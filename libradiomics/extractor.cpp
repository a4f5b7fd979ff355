// The one extraction core. Reads like the IBSI pipeline: prepare the ROI (checks,
// interpolation, re-segmentation, crop), then each enabled family on the representation it
// needs (morphological mask, intensity mask, discretised intensities).
#include "radiomics/extractor.hpp"

#include <algorithm>
#include <cmath>

#include "features/glcm.hpp"
#include "features/gldzm.hpp"
#include "features/glrlm.hpp"
#include "features/glszm.hpp"
#include "features/intensity_histogram.hpp"
#include "features/intensity_volume_histogram.hpp"
#include "features/local_intensity.hpp"
#include "features/morphology.hpp"
#include "features/ngldm.hpp"
#include "features/ngtdm.hpp"
#include "features/statistics.hpp"
#include "io/checksum.hpp"
#include "preprocess/discretise.hpp"
#include "preprocess/prepare_roi.hpp"
#include "preprocess/resource_limits.hpp"
#include "radiomics/errors.hpp"

namespace radiomics {
namespace {

bool any_texture(const Settings& s) {
  for (Family f : {Family::Glcm, Family::Glrlm, Family::Glszm, Family::Gldzm, Family::Ngtdm, Family::Ngldm})
    if (s.family_enabled(f)) return true;
  return false;
}

/// Texture matrices are dense (GLCM: N_g x N_g); above this many grey levels they would need
/// gigabytes, and such a discretisation is almost certainly a mistake (e.g. no discretisation
/// of raw CT or MR intensities).
constexpr int kMaxTextureGreyLevels = 2048;

/// Grey levels that actually occur in the intensity mask (N_g counts levels of the scheme).
int levels_present(const DiscreteRoi& roi) {
  std::vector<bool> seen(static_cast<std::size_t>(roi.n_levels) + 1, false);
  int count = 0;
  for (std::int32_t l : roi.level)
    if (l > 0 && !seen[static_cast<std::size_t>(l)]) {
      seen[static_cast<std::size_t>(l)] = true;
      ++count;
    }
  return count;
}

std::size_t count_set(const std::vector<std::uint8_t>& mask) {
  return static_cast<std::size_t>(std::count(mask.begin(), mask.end(), std::uint8_t{1}));
}

/// Flags use outside the range where features are known to be meaningful (RQS 2.0 asks
/// for such safeguards). These never change values; they travel in the `warnings` column.
void add_scope_warnings(const Roi& roi, const Settings& s, FeatureTable& out) {
  const std::size_t n_morph = count_set(roi.morph_mask);
  const std::size_t n_int = count_set(roi.int_mask);
  if (n_morph < 27)
    out.warn("very small ROI (" + std::to_string(n_morph) + " voxels): shape and texture features are unreliable");
  if (n_morph > 0 && n_int * 2 < n_morph)
    out.warn("re-segmentation removed " + std::to_string(100 - (100 * n_int) / n_morph) + "% of the ROI");
  const auto& sp = roi.grid.spacing;
  const double ratio = std::max({sp[0], sp[1], sp[2]}) / std::min({sp[0], sp[1], sp[2]});
  if (!s.slice_wise && ratio > 2.0 && any_texture(s))
    out.warn("anisotropic voxels (spacing ratio " + std::to_string(ratio).substr(0, 4) +
             ") with 3D texture: consider interpolation to isotropic voxels or a 2D analysis");
  if (s.modality == "CT") {
    double lo = INFINITY, hi = -INFINITY;
    for (std::size_t i = 0; i < roi.int_mask.size(); ++i)
      if (roi.int_mask[i]) {
        lo = std::min(lo, roi.intensity[i]);
        hi = std::max(hi, roi.intensity[i]);
      }
    if (lo < -1100 || hi > 4000)
      out.warn("intensities outside the usual CT range [-1100, 4000] HU; is this image in HU?");
  }
}

/// IBSI: a feature that is undefined for the ROI is reported as NaN; the warning says which, so
/// that NaN in a results table is never a mystery.
void warn_undefined_features(FeatureTable& out) {
  std::vector<std::string> undefined;
  for (const auto& [tag, value] : out.values())
    if (std::isnan(value)) undefined.push_back(tag);
  if (undefined.empty()) return;
  std::string list;
  for (std::size_t i = 0; i < std::min<std::size_t>(undefined.size(), 5); ++i)
    list += (i ? ", " : "") + undefined[i];
  if (undefined.size() > 5) list += ", ...";
  out.warn(std::to_string(undefined.size()) + " feature(s) undefined for this ROI (NaN): " + list);
}

}  // namespace

Extractor::Extractor(Settings settings) : settings_(std::move(settings)) {}

FeatureTable Extractor::run(const ImageView& image, const LabelMapView& mask) const {
  FeatureTable out;
  with_memory_errors_translated("the image array", settings_, [&] { extract_into(image, mask, out); });
  return out;
}

void Extractor::extract_into(const ImageView& image, const LabelMapView& mask, FeatureTable& out,
                             const std::function<void()>& release_inputs) const {
  out.add_info("label", std::to_string(settings_.label));
  out.add_info("library_version", version());
  out.add_info("git_revision", git_revision());
  out.add_info("settings_digest", settings_.digest());

  const Roi roi = prepare_roi(image, mask, settings_, settings_.diagnostics ? &out : nullptr);
  if (release_inputs) release_inputs();
  add_scope_warnings(roi, settings_, out);

  const Settings& s = settings_;
  if (s.family_enabled(Family::Morphology)) morphology::compute(roi, s, out);
  if (s.family_enabled(Family::LocalIntensity)) local_intensity::compute(roi, out);
  if (s.family_enabled(Family::Statistics)) statistics::compute(roi, out);
  if (s.family_enabled(Family::IntensityHistogram) || any_texture(s)) {
    const DiscreteRoi levels = discretise(roi, s.discretisation);
    if (any_texture(s) && levels.n_levels > kMaxTextureGreyLevels)
      throw InputError("discretisation gives " + std::to_string(levels.n_levels) +
                       " grey levels; texture families support at most " +
                       std::to_string(kMaxTextureGreyLevels) +
                       ": use fixed_bin_number or a wider fixed_bin_size");
    if (any_texture(s) && levels_present(levels) < 2)
      out.warn("only one grey level in the ROI after discretisation: most texture features are undefined (NaN)");
    if (s.family_enabled(Family::IntensityHistogram)) intensity_histogram::compute(levels, out);
    if (s.family_enabled(Family::Glcm)) glcm::compute(levels, s, out);
    if (s.family_enabled(Family::Glrlm)) glrlm::compute(levels, s, out);
    if (s.family_enabled(Family::Glszm)) glszm::compute(levels, s, out);
    if (s.family_enabled(Family::Gldzm)) gldzm::compute(levels, s, out);
    if (s.family_enabled(Family::Ngtdm)) ngtdm::compute(levels, s, out);
    if (s.family_enabled(Family::Ngldm)) ngldm::compute(levels, s, out);
  }
  if (s.family_enabled(Family::IntensityVolumeHistogram)) intensity_volume_histogram::compute(roi, s, out);
  warn_undefined_features(out);
}

FeatureTable Extractor::run_files(const std::string& image_path, const std::string& mask_path) const {
  return with_memory_errors_translated(image_path, settings_, [&] {
    Image image = read_image(image_path);
    LabelMap mask = read_label_map(mask_path);
    FeatureTable out;
    out.add_info("image", image_path);
    out.add_info("mask", mask_path);
    out.add_info("image_sha256", sha256_file(image_path));
    out.add_info("mask_sha256", sha256_file(mask_path));
    // The whole image and mask are not needed once the ROI is cut out: free them before the
    // families run (a 512^2 x 300 CT holds 600 MB).
    extract_into(image.view(), mask.view(), out, [&] {
      image = Image{};
      mask = LabelMap{};
    });
    return out;
  });
}

}  // namespace radiomics
