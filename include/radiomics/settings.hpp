// Typed settings of one extraction. Built from a JSON configuration by Settings::from_json
// (libradiomics/settings.cpp lists every key once, with its type, default and meaning;
// docs/configuration.md is the user-facing description).
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "radiomics/filter_settings.hpp"

namespace radiomics {

/// Feature families, in the order of the IBSI manual's chapter 3.
enum class Family {
  Morphology,
  LocalIntensity,
  Statistics,
  IntensityHistogram,
  IntensityVolumeHistogram,
  Glcm,
  Glrlm,
  Glszm,
  Gldzm,
  Ngtdm,
  Ngldm,
};
inline constexpr int kFamilyCount = 11;

/// Texture aggregation methods (IBSI manual, "Aggregating features" of each texture family).
/// The directional families (GLCM, GLRLM) use the six first; the others use the last three.
enum class Aggregation {
  Avg2D,     ///< _2D_avg   (BTW3): per slice and direction, averaged
  Comb2D,    ///< _2D_comb  (SUJT): per slice, directions merged, averaged over slices
  Avg2_5D,   ///< _2_5D_avg (JJUI): per direction, slices merged, averaged over directions
  Comb2_5D,  ///< _2_5D_comb(ZW7Z): all slices and directions merged
  Avg3D,     ///< _3D_avg   (ITBB): per 3D direction, averaged
  Comb3D,    ///< _3D_comb  (IAZD): all 3D directions merged
  Slice2D,   ///< _2D       (8QNN): per slice, averaged
  Merged2_5D,  ///< _2_5D   (62GR): slices merged
  Volume3D,  ///< _3D       (KOBO): whole volume
};

/// Every aggregation, in the order of the IBSI reference files.
inline constexpr Aggregation kAllAggregations[] = {
    Aggregation::Avg2D,   Aggregation::Comb2D,  Aggregation::Avg2_5D,   Aggregation::Comb2_5D,
    Aggregation::Avg3D,   Aggregation::Comb3D,  Aggregation::Slice2D,   Aggregation::Merged2_5D,
    Aggregation::Volume3D};

enum class InterpolationMethod { Nearest, Linear, Cubic };

struct InterpolationSettings {
  bool enabled = false;
  /// New voxel spacing (mm) along x, y, z. In a slice-wise (2D) analysis z is left unchanged.
  std::array<double, 3> spacing{1.0, 1.0, 1.0};
  InterpolationMethod method = InterpolationMethod::Linear;
  /// A voxel of the interpolated mask is in the ROI when its linearly interpolated value is at
  /// least this partial-volume threshold (IBSI default 0.5).
  double mask_threshold = 0.5;
};

struct ResegmentationSettings {
  std::optional<double> lower;          ///< keep intensities >= lower (inclusive)
  std::optional<double> upper;          ///< keep intensities <= upper (inclusive)
  std::optional<double> outlier_sigma;  ///< keep mean +- k*SD (population SD over the ROI)
};

enum class DiscretisationMethod { None, FixedBinSize, FixedBinNumber };

/// How many grey levels N_g a fixed bin size discretisation has (it matters for features that
/// divide by N_g, e.g. cm_inv_diff_norm, and for the histogram gradient at the top bin).
enum class GreyLevelCount {
  /// N_g = the highest grey level present in the ROI, as the IBSI reference implementations
  /// (MIRP) take it. The default.
  HighestPresent,
  /// N_g = the level of the re-segmentation upper bound when there is one, so that ROIs
  /// processed alike share N_g (libradiomics 0.1's convention).
  ResegmentationRange,
};

struct DiscretisationSettings {
  DiscretisationMethod method = DiscretisationMethod::FixedBinNumber;
  double bin_width = 25.0;  ///< fixed bin size
  int bin_count = 32;       ///< fixed bin number
  /// Lower edge of the first bin for fixed bin size. When unset: the re-segmentation lower
  /// bound if there is one, else the ROI minimum (IBSI manual, "Fixed bin size").
  std::optional<double> lower_bound;
  GreyLevelCount grey_levels = GreyLevelCount::HighestPresent;  ///< fixed bin size only

  static DiscretisationSettings none() {
    DiscretisationSettings d;
    d.method = DiscretisationMethod::None;
    return d;
  }
  static DiscretisationSettings fixed_bin_number(int bins) {
    DiscretisationSettings d;
    d.bin_count = bins;
    return d;
  }
  static DiscretisationSettings fixed_bin_size(double width) {
    DiscretisationSettings d;
    d.method = DiscretisationMethod::FixedBinSize;
    d.bin_width = width;
    return d;
  }
};

enum class DistanceWeighting { None, Manhattan, Euclidean, Chebyshev };

struct TextureSettings {
  /// Aggregations to compute. Empty means the default for the analysis: the 3D ones for a
  /// volumetric analysis, the 2D and 2.5D ones for a slice-wise analysis.
  std::vector<Aggregation> aggregations;
  int glcm_distance = 1;  ///< Chebyshev distance delta of the co-occurring voxel
  bool glcm_symmetric = true;
  int ngtdm_distance = 1;
  int ngldm_distance = 1;
  int ngldm_alpha = 0;  ///< coarseness parameter alpha of the NGLDM
  /// Distance weighting of directional matrices (IBSI 6CK8); none by default.
  DistanceWeighting distance_weighting = DistanceWeighting::None;
};

/// Whose conventions an extraction follows where the definitions differ.
enum class Compatibility {
  Ibsi,         ///< the IBSI manual's definitions and tags (the default)
  PyRadiomics,  ///< PyRadiomics' definitions and column names (docs/pyradiomics.md)
};

/// Settings that only PyRadiomics mode has (libradiomics/pyradiomics/; docs/pyradiomics.md).
struct PyRadiomicsSettings {
  /// Features to compute, as "class_Name" ("glcm_Idmn"), in output order. Empty: PyRadiomics'
  /// default features of every feature class.
  std::vector<std::string> features;
  double voxel_array_shift = 0.0;  ///< voxelArrayShift: added to intensities in Energy, RMS
  /// weightingNorm "no_weighting": GLCM and GLRLM matrices of all directions are summed before
  /// the features (IBSI "comb" aggregation) instead of features averaged over directions.
  bool merge_directions = false;
  int minimum_roi_dimensions = 2;             ///< minimumROIDimensions: 1, 2 or 3
  std::optional<long long> minimum_roi_size;  ///< minimumROISize: fewest ROI voxels
};

/// Features of filtered images (IBSI 2): each filter's response map, computed after
/// re-segmentation over the whole image, gets the intensity-based families listed here, with
/// columns named <filter prefix>_<tag> (docs/filters.md).
struct FilteringSettings {
  std::vector<FilterSettings> filters;
  /// Also compute the features of the image itself (plain tags). Morphology and local intensity
  /// are only ever computed on the image itself.
  bool original_image = true;
  /// Families computed on every response map (intensity-based only).
  std::vector<Family> families{Family::Statistics};
  /// Discretisation of response maps, whose intensities are not in the image's units.
  DiscretisationSettings discretisation = DiscretisationSettings::fixed_bin_number(32);
  DiscretisationSettings ivh_discretisation = DiscretisationSettings::fixed_bin_number(1000);
};

struct Settings {
  /// IBSI (default) or PyRadiomics conventions and column names.
  Compatibility compatibility = Compatibility::Ibsi;
  PyRadiomicsSettings pyradiomics;  ///< used in PyRadiomics mode only
  /// Remarks on the configuration that change no value (e.g. a PyRadiomics setting without
  /// effect here); every output row carries them in its warnings. Not part of to_json_text().
  std::vector<std::string> warnings;

  /// Slice-wise (2D) analysis: interpolation in-plane, texture per slice. Else volumetric (3D).
  bool slice_wise = false;
  /// Imaging modality: "CT" rounds intensities to integer HU on load and after interpolation.
  std::string modality = "generic";
  /// Round intensities to the nearest integer after loading and after interpolation.
  /// Unset: true for CT, false otherwise.
  std::optional<bool> round_intensities;
  int label = 1;  ///< mask label forming the ROI of one extraction (Extractor::run)
  /// Several labels in one pass (Extractor::run_labels, one row each); empty: just `label`.
  std::vector<int> labels;
  bool all_labels = false;  ///< every non-zero label present in the mask, one row each

  InterpolationSettings interpolation;
  ResegmentationSettings resegmentation;
  /// Intensity histogram and texture. Default: 32 bins (fixed bin number), meaningful in any
  /// unit; a configuration with "modality": "CT" defaults to fixed bin size 25 HU instead.
  DiscretisationSettings discretisation;
  /// Intensity-volume histogram. Default: 1000 bins (fixed bin number); with "modality": "CT"
  /// the integer HU themselves (method none).
  DiscretisationSettings ivh_discretisation = DiscretisationSettings::fixed_bin_number(1000);
  TextureSettings texture;
  std::vector<Family> families;  ///< empty: all families
  bool exact_moran_geary = true; ///< exact Moran's I and Geary's C (FFT); else skipped
  bool diagnostics = false;      ///< add the IBSI diagnostic columns (img_dim_x_init_img, ...)
  /// Threads inside one extraction (families run concurrently); 0: one per core. Results are
  /// identical to the bit for any value, so it is not part of the settings digest.
  int threads = 0;
  FilteringSettings filtering;   ///< IBSI 2 filters and the features of their response maps
  /// Memory one extraction may use (GB); a stage whose estimate exceeds it is refused before it
  /// allocates. Unset: half of the physical memory. Left out of digest(): it never changes a
  /// value, only whether an extraction runs.
  std::optional<double> memory_limit_gb;

  bool family_enabled(Family f) const;
  bool rounds_intensities() const;
  /// The aggregations in effect (the explicit list or the analysis default).
  std::vector<Aggregation> effective_aggregations() const;

  /// The settings for the features of response maps: these settings with the filtering
  /// section's families and discretisations.
  Settings for_response_maps() const;

  /// Parses a JSON document. Throws SettingsError naming the offending key.
  static Settings from_json_text(const std::string& json_text);
  /// Reads and parses a configuration file: JSON, or a PyRadiomics parameter file (.yaml or
  /// .yml, PyRadiomics mode). Throws FileNotFound / SettingsError.
  static Settings from_file(const std::string& path);
  /// The effective settings as JSON: every key, defaults filled in, null for a stage that is off
  /// (interpolation, filtering) and for an unset optional value; it parses back to the same
  /// settings. `indent` >= 0 pretty-prints.
  std::string to_json_text(int indent = -1) const;
  /// Sets the label selection from text: "3", "1,3,7" or "all" (the CLI's --label, Python's
  /// label=). Throws SettingsError naming `key` for anything else.
  void select_labels(const std::string& text, const std::string& key = "label");
  /// Whether the selection asks for more than the one label `label` (a list or "all").
  bool several_labels() const { return all_labels || labels.size() > 1; }
  /// A short digest of the settings' canonical JSON (to_json_text without the stages that are
  /// off and the unset optional values, so that digests of earlier results tables still match),
  /// written with every output row.
  std::string digest() const;
};

/// Tag suffix of an aggregation, as in the IBSI reference files ("_2_5D_avg", "_3D", ...);
/// configuration files name aggregations by the suffix without its underscore ("2_5D_avg").
const char* aggregation_suffix(Aggregation a);

}  // namespace radiomics
