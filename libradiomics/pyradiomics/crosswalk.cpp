// The PyRadiomics feature table (see crosswalk.hpp). Facts about PyRadiomics' definitions come
// from its documentation and source (AIM-Harvard/pyradiomics, radiomics/*.py); the IBSI side is
// the registry's. The test tests/test_pyradiomics.cpp checks every IBSI tag against the registry
// and every default feature against PyRadiomics' reference outputs.
#include "pyradiomics/crosswalk.hpp"

#include <array>

namespace radiomics::pyradiomics {
namespace {

using C = FeatureClass;
using R = Rule;
using A = Agreement;

constexpr std::array<ClassInfo, kClassCount> kClasses{{
    {C::Shape, "shape", Family::Morphology, ""},
    {C::FirstOrder, "firstorder", Family::Statistics, ""},
    {C::Glcm, "glcm", Family::Glcm, "_3D_avg"},
    {C::Glrlm, "glrlm", Family::Glrlm, "_3D_avg"},
    {C::Glszm, "glszm", Family::Glszm, "_3D"},
    {C::Gldm, "gldm", Family::Ngldm, "_3D"},
    {C::Ngtdm, "ngtdm", Family::Ngtdm, "_3D"},
}};

// Recurring notes.
constexpr std::string_view kMesh =
    "PyRadiomics' marching-cubes table resolves ambiguous cubes differently (within 0.06 % on the reference cases)";
constexpr std::string_view kEps =
    "PyRadiomics adds eps = 2.2e-16 inside the logarithm: differs only for a single grey level (-3.2e-16, not 0)";
constexpr std::string_view kNone = "";

constexpr Feature kFeatures[] = {
    // shape (PyRadiomics shape.py): mesh features from its marching cubes, PCA of voxel centres.
    {C::Shape, "Compactness1", "morph_comp_1", R::Ibsi, false, A::Differs, kMesh},
    {C::Shape, "Compactness2", "morph_comp_2", R::Ibsi, false, A::Differs, kMesh},
    {C::Shape, "Elongation", "morph_pca_elongation", R::Ibsi, true, A::Identical, kNone},
    {C::Shape, "Flatness", "morph_pca_flatness", R::Ibsi, true, A::Identical, kNone},
    {C::Shape, "LeastAxisLength", "morph_pca_least_axis", R::AxisLength, true, A::Differs,
     "covariance divided by N, not N - 1: smaller by sqrt((N - 1) / N), N the ROI voxels"},
    {C::Shape, "MajorAxisLength", "morph_pca_maj_axis", R::AxisLength, true, A::Differs,
     "covariance divided by N, not N - 1: smaller by sqrt((N - 1) / N), N the ROI voxels"},
    {C::Shape, "Maximum2DDiameterColumn", "", R::Diameter2DColumn, true, A::NoTag,
     "largest distance between mesh vertices of equal y (coronal plane)"},
    {C::Shape, "Maximum2DDiameterRow", "", R::Diameter2DRow, true, A::NoTag,
     "largest distance between mesh vertices of equal x (sagittal plane)"},
    {C::Shape, "Maximum2DDiameterSlice", "", R::Diameter2DSlice, true, A::NoTag,
     "largest distance between mesh vertices of equal z (axial plane)"},
    {C::Shape, "Maximum3DDiameter", "morph_diam", R::Ibsi, true, A::Identical, kNone},
    {C::Shape, "MeshVolume", "morph_volume", R::Ibsi, true, A::Differs, kMesh},
    {C::Shape, "MinorAxisLength", "morph_pca_min_axis", R::AxisLength, true, A::Differs,
     "covariance divided by N, not N - 1: smaller by sqrt((N - 1) / N), N the ROI voxels"},
    {C::Shape, "SphericalDisproportion", "morph_sph_dispr", R::Ibsi, false, A::Differs, kMesh},
    {C::Shape, "Sphericity", "morph_sphericity", R::Ibsi, true, A::Differs, kMesh},
    {C::Shape, "SurfaceArea", "morph_area_mesh", R::Ibsi, true, A::Differs, kMesh},
    {C::Shape, "SurfaceVolumeRatio", "morph_av", R::Ibsi, true, A::Differs, kMesh},
    {C::Shape, "VoxelVolume", "morph_vol_approx", R::Ibsi, true, A::Identical, kNone},

    // firstorder (firstorder.py): intensities of the (re-segmented) ROI.
    {C::FirstOrder, "10Percentile", "stat_p10", R::Ibsi, true, A::Identical, kNone},
    {C::FirstOrder, "90Percentile", "stat_p90", R::Ibsi, true, A::Identical, kNone},
    {C::FirstOrder, "Energy", "stat_energy", R::ShiftedEnergy, true, A::Identical,
     "identical with voxelArrayShift 0 (PyRadiomics adds the shift to every intensity)"},
    {C::FirstOrder, "Entropy", "ih_entropy", R::HistogramEntropy, true, A::Binning, kEps},
    {C::FirstOrder, "InterquartileRange", "stat_iqr", R::Ibsi, true, A::Identical, kNone},
    {C::FirstOrder, "Kurtosis", "stat_kurt", R::KurtosisNotExcess, true, A::Differs,
     "IBSI defines excess kurtosis (m4 / m2^2 - 3); PyRadiomics' is 3 higher"},
    {C::FirstOrder, "Maximum", "stat_max", R::Ibsi, true, A::Identical, kNone},
    {C::FirstOrder, "MeanAbsoluteDeviation", "stat_mad", R::Ibsi, true, A::Identical, kNone},
    {C::FirstOrder, "Mean", "stat_mean", R::Ibsi, true, A::Identical, kNone},
    {C::FirstOrder, "Median", "stat_median", R::Ibsi, true, A::Identical, kNone},
    {C::FirstOrder, "Minimum", "stat_min", R::Ibsi, true, A::Identical, kNone},
    {C::FirstOrder, "Range", "stat_range", R::Ibsi, true, A::Identical, kNone},
    {C::FirstOrder, "RobustMeanAbsoluteDeviation", "stat_rmad", R::Ibsi, true, A::Identical, kNone},
    {C::FirstOrder, "RootMeanSquared", "stat_rms", R::ShiftedRms, true, A::Identical,
     "identical with voxelArrayShift 0 (PyRadiomics adds the shift to every intensity)"},
    {C::FirstOrder, "Skewness", "stat_skew", R::Ibsi, true, A::Identical, kNone},
    {C::FirstOrder, "StandardDeviation", "", R::StandardDeviation, false, A::NoTag,
     "sqrt of the variance (stat_var); not enabled by default in PyRadiomics"},
    {C::FirstOrder, "TotalEnergy", "", R::TotalEnergy, true, A::NoTag,
     "Energy times the voxel volume (mm^3)"},
    {C::FirstOrder, "Uniformity", "ih_uniformity", R::Ibsi, true, A::Binning, kNone},
    {C::FirstOrder, "Variance", "stat_var", R::Ibsi, true, A::Identical, kNone},

    // glcm (glcm.py): per direction (13 in 3D), averaged; symmetric by default.
    {C::Glcm, "Autocorrelation", "cm_auto_corr", R::Ibsi, true, A::Binning, kNone},
    {C::Glcm, "ClusterProminence", "cm_clust_prom", R::Ibsi, true, A::Binning, kNone},
    {C::Glcm, "ClusterShade", "cm_clust_shade", R::Ibsi, true, A::Binning, kNone},
    {C::Glcm, "ClusterTendency", "cm_clust_tend", R::Ibsi, true, A::Binning, kNone},
    {C::Glcm, "Contrast", "cm_contrast", R::Ibsi, true, A::Binning, kNone},
    {C::Glcm, "Correlation", "cm_corr", R::CorrelationFlatOne, true, A::Binning,
     "a direction without grey level spread counts as 1 in PyRadiomics (IBSI: undefined, left out)"},
    {C::Glcm, "DifferenceAverage", "cm_diff_avg", R::Ibsi, true, A::Binning, kNone},
    {C::Glcm, "DifferenceEntropy", "cm_diff_entr", R::DifferenceEntropy, true, A::Binning, kEps},
    {C::Glcm, "DifferenceVariance", "cm_diff_var", R::Ibsi, true, A::Binning, kNone},
    {C::Glcm, "Dissimilarity", "cm_dissimilarity", R::Deprecated, false, A::Binning,
     "deprecated in PyRadiomics (equals DifferenceAverage), which computes no value"},
    {C::Glcm, "Homogeneity1", "cm_inv_diff", R::Deprecated, false, A::Binning,
     "deprecated in PyRadiomics (equals Id), which computes no value"},
    {C::Glcm, "Homogeneity2", "cm_inv_diff_mom", R::Deprecated, false, A::Binning,
     "deprecated in PyRadiomics (equals Idm), which computes no value"},
    {C::Glcm, "Id", "cm_inv_diff", R::Ibsi, true, A::Binning, kNone},
    {C::Glcm, "Idm", "cm_inv_diff_mom", R::Ibsi, true, A::Binning, kNone},
    {C::Glcm, "Idmn", "cm_inv_diff_mom_norm", R::Ibsi, true, A::Binning,
     "N_g is the highest grey level present in both (IBSI grey_levels \"highest_present\")"},
    {C::Glcm, "Idn", "cm_inv_diff_norm", R::Ibsi, true, A::Binning,
     "N_g is the highest grey level present in both (IBSI grey_levels \"highest_present\")"},
    {C::Glcm, "Imc1", "cm_info_corr1", R::Imc1FlatZero, true, A::Binning,
     "a direction with a single grey level counts as 0 in PyRadiomics (IBSI: undefined, left out)"},
    {C::Glcm, "Imc2", "cm_info_corr2", R::Ibsi, true, A::Binning, kNone},
    {C::Glcm, "InverseVariance", "cm_inv_var", R::Ibsi, true, A::Binning, kNone},
    {C::Glcm, "JointAverage", "cm_joint_avg", R::Ibsi, true, A::Binning, kNone},
    {C::Glcm, "JointEnergy", "cm_energy", R::Ibsi, true, A::Binning, kNone},
    {C::Glcm, "JointEntropy", "cm_joint_entr", R::JointEntropy, true, A::Binning, kEps},
    {C::Glcm, "MCC", "", R::Mcc, true, A::NoTag,
     "maximal correlation coefficient, sqrt of the second largest eigenvalue of Q; 1 for one grey level"},
    {C::Glcm, "MaximumProbability", "cm_joint_max", R::Ibsi, true, A::Binning, kNone},
    {C::Glcm, "SumAverage", "cm_sum_avg", R::Ibsi, true, A::Binning, kNone},
    {C::Glcm, "SumEntropy", "cm_sum_entr", R::SumEntropy, true, A::Binning, kEps},
    {C::Glcm, "SumSquares", "cm_joint_var", R::Ibsi, true, A::Binning, kNone},
    {C::Glcm, "SumVariance", "cm_sum_var", R::Deprecated, false, A::Binning,
     "deprecated in PyRadiomics (equals ClusterTendency), which computes no value"},

    // glrlm (glrlm.py): per direction (13 in 3D), averaged.
    {C::Glrlm, "GrayLevelNonUniformity", "rlm_glnu", R::Ibsi, true, A::Binning, kNone},
    {C::Glrlm, "GrayLevelNonUniformityNormalized", "rlm_glnu_norm", R::Ibsi, true, A::Binning, kNone},
    {C::Glrlm, "GrayLevelVariance", "rlm_gl_var", R::Ibsi, true, A::Binning, kNone},
    {C::Glrlm, "HighGrayLevelRunEmphasis", "rlm_hgre", R::Ibsi, true, A::Binning, kNone},
    {C::Glrlm, "LongRunEmphasis", "rlm_lre", R::Ibsi, true, A::Binning, kNone},
    {C::Glrlm, "LongRunHighGrayLevelEmphasis", "rlm_lrhge", R::Ibsi, true, A::Binning, kNone},
    {C::Glrlm, "LongRunLowGrayLevelEmphasis", "rlm_lrlge", R::Ibsi, true, A::Binning, kNone},
    {C::Glrlm, "LowGrayLevelRunEmphasis", "rlm_lgre", R::Ibsi, true, A::Binning, kNone},
    {C::Glrlm, "RunEntropy", "rlm_rl_entr", R::MatrixEntropy, true, A::Binning, kEps},
    {C::Glrlm, "RunLengthNonUniformity", "rlm_rlnu", R::Ibsi, true, A::Binning, kNone},
    {C::Glrlm, "RunLengthNonUniformityNormalized", "rlm_rlnu_norm", R::Ibsi, true, A::Binning, kNone},
    {C::Glrlm, "RunPercentage", "rlm_r_perc", R::Ibsi, true, A::Binning, kNone},
    {C::Glrlm, "RunVariance", "rlm_rl_var", R::Ibsi, true, A::Binning, kNone},
    {C::Glrlm, "ShortRunEmphasis", "rlm_sre", R::Ibsi, true, A::Binning, kNone},
    {C::Glrlm, "ShortRunHighGrayLevelEmphasis", "rlm_srhge", R::Ibsi, true, A::Binning, kNone},
    {C::Glrlm, "ShortRunLowGrayLevelEmphasis", "rlm_srlge", R::Ibsi, true, A::Binning, kNone},

    // glszm (glszm.py): 26-connected zones in 3D.
    {C::Glszm, "GrayLevelNonUniformity", "szm_glnu", R::Ibsi, true, A::Binning, kNone},
    {C::Glszm, "GrayLevelNonUniformityNormalized", "szm_glnu_norm", R::Ibsi, true, A::Binning, kNone},
    {C::Glszm, "GrayLevelVariance", "szm_gl_var", R::Ibsi, true, A::Binning, kNone},
    {C::Glszm, "HighGrayLevelZoneEmphasis", "szm_hgze", R::Ibsi, true, A::Binning, kNone},
    {C::Glszm, "LargeAreaEmphasis", "szm_lze", R::Ibsi, true, A::Binning, kNone},
    {C::Glszm, "LargeAreaHighGrayLevelEmphasis", "szm_lzhge", R::Ibsi, true, A::Binning, kNone},
    {C::Glszm, "LargeAreaLowGrayLevelEmphasis", "szm_lzlge", R::Ibsi, true, A::Binning, kNone},
    {C::Glszm, "LowGrayLevelZoneEmphasis", "szm_lgze", R::Ibsi, true, A::Binning, kNone},
    {C::Glszm, "SizeZoneNonUniformity", "szm_zsnu", R::Ibsi, true, A::Binning, kNone},
    {C::Glszm, "SizeZoneNonUniformityNormalized", "szm_zsnu_norm", R::Ibsi, true, A::Binning, kNone},
    {C::Glszm, "SmallAreaEmphasis", "szm_sze", R::Ibsi, true, A::Binning, kNone},
    {C::Glszm, "SmallAreaHighGrayLevelEmphasis", "szm_szhge", R::Ibsi, true, A::Binning, kNone},
    {C::Glszm, "SmallAreaLowGrayLevelEmphasis", "szm_szlge", R::Ibsi, true, A::Binning, kNone},
    {C::Glszm, "ZoneEntropy", "szm_zs_entr", R::MatrixEntropy, true, A::Binning, kEps},
    {C::Glszm, "ZonePercentage", "szm_z_perc", R::Ibsi, true, A::Binning, kNone},
    {C::Glszm, "ZoneVariance", "szm_zs_var", R::Ibsi, true, A::Binning, kNone},

    // gldm (gldm.py): the IBSI NGLDM with alpha = gldm_a, distance 1.
    {C::Gldm, "DependenceEntropy", "ngl_dc_entr", R::MatrixEntropy, true, A::Binning, kEps},
    {C::Gldm, "DependenceNonUniformity", "ngl_dcnu", R::Ibsi, true, A::Binning, kNone},
    {C::Gldm, "DependenceNonUniformityNormalized", "ngl_dcnu_norm", R::Ibsi, true, A::Binning, kNone},
    {C::Gldm, "DependencePercentage", "ngl_dc_perc", R::Deprecated, false, A::Binning,
     "deprecated in PyRadiomics (always 1), which computes no value"},
    {C::Gldm, "DependenceVariance", "ngl_dc_var", R::Ibsi, true, A::Binning, kNone},
    {C::Gldm, "GrayLevelNonUniformity", "ngl_glnu", R::Ibsi, true, A::Binning, kNone},
    {C::Gldm, "GrayLevelNonUniformityNormalized", "ngl_glnu_norm", R::Deprecated, false, A::Binning,
     "deprecated in PyRadiomics (equals firstorder Uniformity), which computes no value"},
    {C::Gldm, "GrayLevelVariance", "ngl_gl_var", R::Ibsi, true, A::Binning, kNone},
    {C::Gldm, "HighGrayLevelEmphasis", "ngl_hgce", R::Ibsi, true, A::Binning, kNone},
    {C::Gldm, "LargeDependenceEmphasis", "ngl_hde", R::Ibsi, true, A::Binning, kNone},
    {C::Gldm, "LargeDependenceHighGrayLevelEmphasis", "ngl_hdhge", R::Ibsi, true, A::Binning, kNone},
    {C::Gldm, "LargeDependenceLowGrayLevelEmphasis", "ngl_hdlge", R::Ibsi, true, A::Binning, kNone},
    {C::Gldm, "LowGrayLevelEmphasis", "ngl_lgce", R::Ibsi, true, A::Binning, kNone},
    {C::Gldm, "SmallDependenceEmphasis", "ngl_lde", R::Ibsi, true, A::Binning, kNone},
    {C::Gldm, "SmallDependenceHighGrayLevelEmphasis", "ngl_ldhge", R::Ibsi, true, A::Binning, kNone},
    {C::Gldm, "SmallDependenceLowGrayLevelEmphasis", "ngl_ldlge", R::Ibsi, true, A::Binning, kNone},

    // ngtdm (ngtdm.py): 26 neighbours in 3D, incomplete neighbourhoods kept.
    {C::Ngtdm, "Busyness", "ngt_busyness", R::Ibsi, true, A::Binning, kNone},
    {C::Ngtdm, "Coarseness", "ngt_coarseness", R::Ibsi, true, A::Binning, kNone},
    {C::Ngtdm, "Complexity", "ngt_complexity", R::Ibsi, true, A::Binning, kNone},
    {C::Ngtdm, "Contrast", "ngt_contrast", R::Ibsi, true, A::Binning, kNone},
    {C::Ngtdm, "Strength", "ngt_strength", R::Ibsi, true, A::Binning, kNone},
};

}  // namespace

std::span<const ClassInfo> classes() { return kClasses; }

const ClassInfo& class_info(FeatureClass c) { return kClasses[static_cast<std::size_t>(c)]; }

std::span<const Feature> features() { return kFeatures; }

std::string feature_key(const Feature& f) {
  return std::string(class_info(f.cls).name) + "_" + std::string(f.name);
}

std::string column_name(const Feature& f) { return "original_" + feature_key(f); }

const Feature* find_feature(std::string_view key) {
  for (const Feature& f : kFeatures)
    if (feature_key(f) == key) return &f;
  return nullptr;
}

}  // namespace radiomics::pyradiomics
