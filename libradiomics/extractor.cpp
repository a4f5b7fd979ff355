// The one extraction core. Reads like the IBSI pipeline: prepare the ROIs (checks,
// interpolation, re-segmentation, filters, crop), then each enabled family on the
// representation it needs (morphological mask, intensity mask, discretised intensities), for
// the image and for each filter's response map (columns <prefix>_<tag>).
#include "radiomics/extractor.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <functional>
#include <optional>
#include <variant>

#include "core/fft.hpp"
#include "core/labels.hpp"
#include "core/parallel.hpp"
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
#include "io/read_image_internal.hpp"
#include "preprocess/discretise.hpp"
#include "preprocess/prepare_roi.hpp"
#include "preprocess/regions.hpp"  // count_inside
#include "pyradiomics/extract.hpp"
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

/// Flags use outside the range where features are known to be meaningful (RQS 2.0 asks
/// for such safeguards). These never change values; they travel in the `warnings` column.
void add_scope_warnings(const Roi& roi, const PreparedRois::ImageHints& image, const Settings& s, FeatureTable& out) {
  const std::size_t n_morph = count_inside(roi.morph_mask);
  const std::size_t n_int = count_inside(roi.int_mask);
  if (n_morph < 27)
    out.warn("very small ROI (" + std::to_string(n_morph) + " voxels): shape and texture features are unreliable");
  if (n_morph > 0 && n_int * 2 < n_morph)
    out.warn("re-segmentation removed " + std::to_string(100 - (100 * n_int) / n_morph) + "% of the ROI");
  const auto& sp = roi.grid.spacing;
  const double ratio = std::max({sp[0], sp[1], sp[2]}) / std::min({sp[0], sp[1], sp[2]});
  if (!s.slice_wise && ratio > 2.0 && any_texture(s))
    out.warn("anisotropic voxels (spacing ratio " + std::to_string(ratio).substr(0, 4) +
             ") with 3D texture: consider interpolation to isotropic voxels or a 2D analysis");
  double lo = INFINITY, hi = -INFINITY;
  bool integers = true;
  for (std::size_t i = 0; i < roi.int_mask.size(); ++i)
    if (roi.int_mask[i]) {
      lo = std::min(lo, roi.intensity[i]);
      hi = std::max(hi, roi.intensity[i]);
      integers = integers && roi.intensity[i] == std::round(roi.intensity[i]);
    }
  if (s.modality == "CT" && (lo < -1100 || hi > 4000))
    out.warn("intensities outside the usual CT range [-1100, 4000] HU; is this image in HU?");
  // Integer intensities well below zero are almost surely CT in HU, where the CT defaults
  // (fixed bins of 25 HU, IVH in HU) are comparable between scans and the generic ones are not.
  // A tumour's ROI rarely goes below -500 HU; the air around the body does (the image's sample).
  if (std::isfinite(image.lowest) && image.integers) lo = std::min(lo, image.lowest);
  if (s.modality == "generic" && s.compatibility == Compatibility::Ibsi && integers && image.integers && lo <= -500)
    out.warn("the intensities look like CT in HU (integers down to " + std::to_string(static_cast<long long>(lo)) +
             "); set \"modality\": \"CT\" for the CT defaults (docs/configuration.md)");
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

/// Working memory a family allocates while it runs, in bytes, for a ROI grid of V voxels of
/// which n are in the intensity mask (what its largest arrays take; see each family's code).
/// Used to keep families whose arrays are as large as the ROI's own from running at the same
/// time: a 300^3 ROI with every family otherwise peaks above 1.3 GB.
double family_working_bytes(Family f, const Roi& roi, double n, const Settings& s) {
  const double v = static_cast<double>(roi.grid.count());
  switch (f) {
    case Family::Morphology: {
      if (!s.exact_moran_geary) return 2.0 * v;  // mesh and hull
      // Moran's I / Geary's C: the kernel's spectrum (an eighth of the padded box, 8 bytes per
      // entry) and at most as many bytes of the field's spectrum; see morphology.cpp.
      double kernel = 8.0;
      for (std::size_t a = 0; a < 3; ++a) kernel *= std::floor(fft_length(2 * roi.grid.size[a] - 1) / 2.0) + 1.0;
      return 2.0 * std::max(kernel, 64.0 * (1 << 20));
    }
    case Family::LocalIntensity: {
      // Row prefix sums (12 bytes per voxel) of the planes one plane of centres reaches.
      const double planes = 2.0 * std::ceil(local_intensity::sphere_radius_mm() / roi.grid.spacing[2]) + 1.0;
      return 12.0 * v * std::min(1.0, planes / std::max(1, roi.grid.size[2]));
    }
    case Family::Statistics: return 8.0 * n;  // the intensities, for the rank selections
    case Family::IntensityVolumeHistogram:    // its own levels, or sorted intensities without
      return s.ivh_discretisation.method == DiscretisationMethod::None ? 8.0 * n : 5.0 * v;
    case Family::Glszm: return 8.0 * v;             // union-find labels, zone levels and sizes
    case Family::Gldzm: return 12.0 * v;            // the same and the distance map
    default: return 0.0;                            // matrices of grey levels only
  }
}

/// The enabled families of one image (the original or a response map) under `s`. The families
/// are independent: each computes into its own table, on the threads asked for, and the tables
/// are joined in the registry's order, so the row is the same for any number of threads.
///
/// Memory: families run concurrently while their working memory (family_working_bytes) stays
/// within the size of the ROI's own arrays; one above that runs alone. The discretised families
/// start first and the discretised levels are freed when the last of them ends, before
/// morphology (the largest, with Moran's I) starts.
void compute_families(const Roi& roi, const Settings& s, FeatureTable& out) {
  DiscreteRoi levels;
  FeatureTable discretisation_notes;  // its warning keeps its place among the families'
  if (s.family_enabled(Family::IntensityHistogram) || any_texture(s)) {
    levels = discretise(roi, s.discretisation);
    if (any_texture(s) && levels.n_levels > kMaxTextureGreyLevels)
      throw InputError("discretisation gives " + std::to_string(levels.n_levels) +
                       " grey levels; texture families support at most " +
                       std::to_string(kMaxTextureGreyLevels) +
                       ": use fixed_bin_number or a wider fixed_bin_size");
    if (any_texture(s) && levels_present(levels) < 2)
      discretisation_notes.warn("only one grey level in the ROI after discretisation: most texture features are undefined (NaN)");
  }
  const double v = static_cast<double>(roi.grid.count());
  double n = 0.0;  // intensity-mask voxels
  for (std::uint8_t m : roi.int_mask) n += m != 0 ? 1.0 : 0.0;
  const double roi_bytes = v * (8.0 + 1.0 + 1.0) + (levels.level.empty() ? 0.0 : v * (4.0 + 1.0));
  constexpr double kMinBudget = 256e6;  // small ROIs: every family at once

  // parts[k] is the table of the k-th family in registry order.
  std::vector<FeatureTable> parts;
  parts.reserve(kFamilyCount + 1);  // no reallocation: the tasks hold indices
  std::vector<SizedTask> uses_levels, uses_roi;
  std::atomic<int> level_users_left{0};
  const auto family = [&](Family f, std::function<void(FeatureTable&)> compute) {
    if (!s.family_enabled(f)) return;
    parts.emplace_back();
    const std::size_t k = parts.size() - 1;
    // The families that read the discretised levels (the IVH discretises on its own).
    const bool discretised = family_info(f).textured || f == Family::IntensityHistogram;
    if (!discretised) {
      uses_roi.push_back({[compute = std::move(compute), &parts, k] { compute(parts[k]); },
                          family_working_bytes(f, roi, n, s)});
      return;
    }
    ++level_users_left;
    uses_levels.push_back({[compute = std::move(compute), &parts, k, &levels, &level_users_left] {
                             // The last discretised family to end frees the levels, whatever happens.
                             struct Release {
                               DiscreteRoi& levels;
                               std::atomic<int>& left;
                               ~Release() {
                                 if (--left == 0) levels = DiscreteRoi{};
                               }
                             } release{levels, level_users_left};
                             compute(parts[k]);
                           },
                           family_working_bytes(f, roi, n, s)});
  };
  family(Family::Morphology, [&](FeatureTable& t) { morphology::compute(roi, s, t); });
  family(Family::LocalIntensity, [&](FeatureTable& t) { local_intensity::compute(roi, t); });
  family(Family::Statistics, [&](FeatureTable& t) { statistics::compute(roi, t); });
  parts.push_back(std::move(discretisation_notes));
  family(Family::IntensityHistogram, [&](FeatureTable& t) { intensity_histogram::compute(levels, t); });
  family(Family::Glcm, [&](FeatureTable& t) { glcm::compute(levels, s, t); });
  family(Family::Glrlm, [&](FeatureTable& t) { glrlm::compute(levels, s, t); });
  family(Family::Glszm, [&](FeatureTable& t) { glszm::compute(levels, s, t); });
  family(Family::Gldzm, [&](FeatureTable& t) { gldzm::compute(levels, s, t); });
  family(Family::Ngtdm, [&](FeatureTable& t) { ngtdm::compute(levels, s, t); });
  family(Family::Ngldm, [&](FeatureTable& t) { ngldm::compute(levels, s, t); });
  family(Family::IntensityVolumeHistogram, [&](FeatureTable& t) { intensity_volume_histogram::compute(roi, s, t); });
  // Discretised families first, then the others with morphology (registered first) last.
  std::vector<SizedTask> tasks = std::move(uses_levels);
  const bool morphology_first = s.family_enabled(Family::Morphology);
  for (std::size_t i = morphology_first ? 1 : 0; i < uses_roi.size(); ++i) tasks.push_back(std::move(uses_roi[i]));
  if (morphology_first) tasks.push_back(std::move(uses_roi.front()));
  run_tasks_within(tasks, thread_count(s.threads), std::max(kMinBudget, roi_bytes));
  for (const FeatureTable& part : parts) out.append(part);
}

/// The features of a response map under its filter's column prefix ("log_s1.5_stat_mean");
/// its warnings name the filter.
void compute_response_map_families(const Roi& roi, const Settings& map_settings,
                                   const std::string& prefix, FeatureTable& out) {
  FeatureTable map_table;
  compute_families(roi, map_settings, map_table);
  for (const auto& [tag, value] : map_table.values()) out.add(prefix + "_" + tag, value);
  for (const std::string& w : map_table.warnings()) out.warn(prefix + ": " + w);
}

}  // namespace

Extractor::Extractor(Settings settings) : settings_(std::move(settings)) {}

namespace {

/// The columns every row starts with: the label, the library and the settings.
void add_row_header(const Settings& settings, FeatureTable& out) {
  out.add_info("label", std::to_string(settings.label));
  out.add_info("library_version", version());
  out.add_info("git_revision", git_revision());
  out.add_info("settings_digest", settings.digest());
  for (const std::string& w : settings.warnings) out.warn(w);
}

/// The features of prepared ROIs (the image's and the response maps').
void compute_features(const PreparedRois& rois, const Settings& settings, FeatureTable& out) {
  add_scope_warnings(rois.image, rois.image_hints, settings, out);
  if (settings.compatibility == Compatibility::PyRadiomics) {
    // PyRadiomics' definitions and column names (libradiomics/pyradiomics/); its LoG and Wavelet
    // image types are the response maps of the IBSI 2 filters the parameter file lists.
    pyradiomics::compute(rois, settings, out);
    warn_undefined_features(out);
    return;
  }
  if (settings.filtering.original_image) compute_families(rois.image, settings, out);
  const Settings map_settings = settings.for_response_maps();
  for (std::size_t i = 0; i < rois.response_maps.size(); ++i) {
    // Settings built in C++ rather than parsed may leave the prefix to the default scheme.
    const FilterSettings& filter = settings.filtering.filters[i];
    const std::string prefix =
        filter.prefix.empty() ? default_filter_prefix(filter, settings.slice_wise) : filter.prefix;
    compute_response_map_families(rois.response_maps[i], map_settings, prefix, out);
  }
  warn_undefined_features(out);
}

/// The settings of one row of a multi-label run: exactly those of a single-label run, so that
/// the row (settings digest included) equals what Extractor::run gives for that label.
Settings single_label(Settings settings, int label) {
  settings.label = label;
  settings.labels.clear();
  settings.all_labels = false;
  return settings;
}

/// One row per label, appended to rows[k] (which may hold provenance columns): the chain shares
/// what does not depend on the label (prepare_label_rois), and each label's features are computed
/// and its ROIs freed as soon as they are ready.
template <class ImageV, class MaskView>
void extract_labels_into(const Settings& settings, const ImageV& image, const MaskView& mask,
                         const std::vector<int>& labels, std::vector<FeatureTable>& rows,
                         const std::function<void()>& release_inputs = {}) {
  std::vector<Settings> row_settings;
  std::vector<FeatureTable*> diagnostics;
  for (std::size_t k = 0; k < labels.size(); ++k) {
    row_settings.push_back(single_label(settings, labels[k]));
    add_row_header(row_settings[k], rows[k]);
    diagnostics.push_back(&rows[k]);
  }
  prepare_label_rois(image, mask, settings, labels, diagnostics, [&](std::size_t k, PreparedRois&& rois) {
    compute_features(rois, row_settings[k], rows[k]);
  }, release_inputs);
}

/// Provenance of a file-based extraction, the first columns of its row.
FeatureTable file_provenance(const std::string& image_path, const std::string& mask_path,
                             const std::string& image_sha256, const std::string& mask_sha256) {
  FeatureTable out;
  out.add_info("image", image_path);
  out.add_info("mask", mask_path);
  out.add_info("image_sha256", image_sha256);
  out.add_info("mask_sha256", mask_sha256);
  return out;
}

/// The labels the settings select in a mask: settings.label, or those of `labels` / "all"
/// checked against the labels present (see Extractor::run_labels).
template <class MaskView>
std::vector<int> labels_selected(const Settings& settings, const MaskView& mask) {
  if (!settings.several_labels()) return {settings.label};
  const std::vector<int> present = labels_present(mask);
  if (settings.all_labels) {
    if (present.empty()) throw InputError("label \"all\": the mask is empty (all voxels are 0)");
    return present;
  }
  for (int l : settings.labels)
    if (!std::binary_search(present.begin(), present.end(), l)) throw_absent_label(l, present);
  return settings.labels;
}

/// Reads the image and mask files once, then one row per selected label, each starting with the
/// paths and checksums. An image stored as 16-bit integers and a mask stored as 8-bit labels stay
/// in those types (half and a quarter of the memory; only the ROIs' blocks become floating point);
/// the image is read first, so its compressed file is freed before the mask is read, and both are
/// freed once the chain no longer reads them (a 512^2 x 300 CT held 600 MB).
std::vector<FeatureTable> extract_files(const Settings& settings, const std::string& image_path,
                                        const std::string& mask_path) {
  return with_memory_errors_translated(image_path, settings, [&] {
    StoredImage image = read_image_stored(image_path);
    StoredLabelMap mask = read_label_map_stored(mask_path);
    const std::vector<int> labels =
        std::visit([&](const auto& m) { return labels_selected(settings, m.view()); }, mask);
    std::vector<FeatureTable> rows(
        labels.size(), file_provenance(image_path, mask_path, sha256_file(image_path), sha256_file(mask_path)));
    const auto release = [&] {
      image = Image{};
      mask = LabelMap{};
    };
    std::visit([&](const auto& im, const auto& m) { extract_labels_into(settings, im.view(), m.view(), labels, rows, release); },
               image, mask);
    return rows;
  });
}

}  // namespace

FeatureTable Extractor::run(const ImageView& image, const LabelMapView& mask) const {
  std::vector<FeatureTable> rows(1);
  with_memory_errors_translated("the image array", settings_,
                                [&] { extract_labels_into(settings_, image, mask, {settings_.label}, rows); });
  return std::move(rows.front());
}

FeatureTable Extractor::run_files(const std::string& image_path, const std::string& mask_path) const {
  return std::move(extract_files(single_label(settings_, settings_.label), image_path, mask_path).front());
}

std::vector<int> Extractor::selected_labels(const LabelMapView& mask) const { return labels_selected(settings_, mask); }

std::vector<FeatureTable> Extractor::run_labels(const ImageView& image, const LabelMapView& mask) const {
  const std::vector<int> labels = selected_labels(mask);
  std::vector<FeatureTable> rows(labels.size());
  with_memory_errors_translated("the image array", settings_,
                                [&] { extract_labels_into(settings_, image, mask, labels, rows); });
  return rows;
}

std::vector<FeatureTable> Extractor::run_files_labels(const std::string& image_path,
                                                      const std::string& mask_path) const {
  return extract_files(settings_, image_path, mask_path);
}

}  // namespace radiomics
