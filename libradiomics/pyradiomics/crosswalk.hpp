// The PyRadiomics feature table: every PyRadiomics feature of the Original image with its IBSI
// counterpart, how PyRadiomics mode obtains its value, and why IBSI mode gives another number
// where it does. One table feeds PyRadiomics mode's computation and column names, parameter-file
// validation, `radiomics features --pyradiomics` and docs/pyradiomics.md.
#pragma once
#include <span>
#include <string>
#include <string_view>

#include "radiomics/settings.hpp"

namespace radiomics::pyradiomics {

/// PyRadiomics' feature classes of the Original image, in PyRadiomics' default order.
enum class FeatureClass { Shape, FirstOrder, Glcm, Glrlm, Glszm, Gldm, Ngtdm };
inline constexpr int kClassCount = 7;

struct ClassInfo {
  FeatureClass cls;
  std::string_view name;  ///< PyRadiomics' name: "glcm"
  Family family;          ///< the IBSI family that has its counterparts
  /// Aggregation suffix of its IBSI counterparts in a 3D analysis ("_3D_avg"; "" for non-texture).
  std::string_view ibsi_suffix;
};

/// How PyRadiomics mode computes a feature. `Ibsi` takes the IBSI feature's value (for texture
/// classes: per matrix, before averaging over directions); the others are PyRadiomics'
/// conventions, each implemented once in libradiomics/pyradiomics/.
enum class Rule {
  Ibsi,
  Deprecated,         ///< PyRadiomics computes no value (deprecated there); cannot be selected
  KurtosisNotExcess,  ///< m4 / m2^2 (IBSI: excess kurtosis, -3)
  ShiftedEnergy,      ///< sum (x + c)^2, c = voxelArrayShift
  ShiftedRms,         ///< sqrt(mean (x + c)^2)
  TotalEnergy,        ///< voxel volume x ShiftedEnergy
  StandardDeviation,  ///< sqrt(population variance)
  HistogramEntropy,   ///< -sum p log2(p + eps) over the discretised histogram
  AxisLength,         ///< 4 sqrt(lambda), covariance divided by N (IBSI reference: N - 1)
  Diameter2DSlice,    ///< largest vertex distance within a plane of constant z
  Diameter2DColumn,   ///< ... of constant y
  Diameter2DRow,      ///< ... of constant x
  JointEntropy,       ///< -sum p_ij log2(p_ij + eps)
  DifferenceEntropy,  ///< -sum p_{x-y} log2(p_{x-y} + eps)
  SumEntropy,         ///< -sum p_{x+y} log2(p_{x+y} + eps)
  MatrixEntropy,      ///< -sum p_ij log2(p_ij + eps) of a run, zone or dependence matrix
  CorrelationFlatOne, ///< IBSI correlation; 1 where undefined (sigma = 0, a flat matrix)
  Imc1FlatZero,       ///< IBSI information correlation 1; 0 where undefined (HX = HY = 0)
  Mcc,                ///< maximal correlation coefficient: sqrt(second largest eigenvalue of Q)
};

/// Whether IBSI mode (same image, mask, bin width or count, 3D) gives PyRadiomics' value.
enum class Agreement {
  Identical,  ///< same definition, same number
  Binning,    ///< same definition of the discretised grey levels: identical with binCount;
              ///< with binWidth only when the ROI minimum is a multiple of the bin width
  Differs,    ///< another definition (note says which)
  NoTag,      ///< no IBSI feature
};

struct Feature {
  FeatureClass cls;
  std::string_view name;      ///< PyRadiomics' feature name: "Idmn"
  std::string_view ibsi_tag;  ///< IBSI tag without aggregation suffix, "" when there is none
  Rule rule;
  bool is_default;  ///< enabled when the class is selected without a feature list
  Agreement agreement;
  std::string_view note;  ///< one line: why IBSI mode differs, or a remark
};

std::span<const ClassInfo> classes();
const ClassInfo& class_info(FeatureClass c);
/// Every PyRadiomics feature, class by class in kClassCount order, features in PyRadiomics'
/// output order (its feature methods sorted by name).
std::span<const Feature> features();

/// "original_glcm_Idmn": PyRadiomics' column name of a feature of the Original image.
std::string column_name(const Feature& f);
/// "glcm_Idmn": the key of a feature in PyRadiomicsSettings::features.
std::string feature_key(const Feature& f);
/// The feature whose key (see feature_key) is `key`, or nullptr.
const Feature* find_feature(std::string_view key);

}  // namespace radiomics::pyradiomics
