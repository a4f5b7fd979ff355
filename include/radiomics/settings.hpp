// Typed settings of one extraction. Built from a JSON configuration by Settings::from_json
// (libradiomics/settings.cpp lists every key once, with its type, default and meaning;
// docs/configuration.md is the user-facing description).
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

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

struct DiscretisationSettings {
  DiscretisationMethod method = DiscretisationMethod::None;
  double bin_width = 25.0;  ///< fixed bin size
  int bin_count = 32;       ///< fixed bin number
  /// Lower edge of the first bin for fixed bin size. When unset: the re-segmentation lower
  /// bound if there is one, else the ROI minimum (IBSI manual, "Fixed bin size").
  std::optional<double> lower_bound;
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

struct Settings {
  /// Slice-wise (2D) analysis: interpolation in-plane, texture per slice. Else volumetric (3D).
  bool slice_wise = false;
  /// Imaging modality: "CT" rounds intensities to integer HU on load and after interpolation.
  std::string modality = "generic";
  /// Round intensities to the nearest integer after loading and after interpolation.
  /// Unset: true for CT, false otherwise.
  std::optional<bool> round_intensities;
  int label = 1;  ///< mask label forming the ROI

  InterpolationSettings interpolation;
  ResegmentationSettings resegmentation;
  DiscretisationSettings discretisation;      ///< intensity histogram and texture
  DiscretisationSettings ivh_discretisation;  ///< intensity-volume histogram
  TextureSettings texture;
  std::vector<Family> families;  ///< empty: all families
  bool exact_moran_geary = true; ///< exact Moran's I and Geary's C (FFT); else skipped
  bool diagnostics = false;      ///< add the IBSI diagnostic columns (img_dim_x_init_img, ...)
  /// Memory one extraction may use (GB); a stage whose estimate exceeds it is refused before it
  /// allocates. Unset: half of the physical memory. Left out of digest(): it never changes a
  /// value, only whether an extraction runs.
  std::optional<double> memory_limit_gb;

  bool family_enabled(Family f) const;
  bool rounds_intensities() const;
  /// The aggregations in effect (the explicit list or the analysis default).
  std::vector<Aggregation> effective_aggregations() const;

  /// Parses a JSON document. Throws SettingsError naming the offending key.
  static Settings from_json_text(const std::string& json_text);
  /// Reads and parses a JSON file. Throws FileNotFound / SettingsError.
  static Settings from_file(const std::string& path);
  /// The effective settings as canonical JSON (every key, defaults filled in).
  std::string to_json_text() const;
  /// A short digest of to_json_text(), written with every output row.
  std::string digest() const;
};

/// Tag suffix of an aggregation, as in the IBSI reference files ("_2_5D_avg", "_3D", ...);
/// configuration files name aggregations by the suffix without its underscore ("2_5D_avg").
const char* aggregation_suffix(Aggregation a);

}  // namespace radiomics
