#include "pyradiomics/settings_keys.hpp"

namespace radiomics::pyradiomics {
namespace {

using H = SettingHandling;

constexpr std::string_view kUnmappedImageType =
    "changes no value: it configures a filtered image type without an IBSI 2 counterpart (Gradient, LBP2D, LBP3D)";

// Alphabetical, as in PyRadiomics' parameter schema.
constexpr SettingKey kKeys[] = {
    {"additionalInfo", H::Mapped,
     "`diagnostics`: true adds libradiomics' diagnostic columns (IBSI diagnostics, not PyRadiomics' `diagnostics_*`)"},
    {"binCount", H::Mapped, "`discretisation` fixed_bin_number with PyRadiomics' bin edges; wins over binWidth"},
    {"binWidth", H::Mapped,
     "`discretisation` fixed_bin_size with PyRadiomics' bin edges (multiples of the width); default 25"},
    {"correctMask", H::Warning,
     "changes no value: a mask is never resampled onto the image; image and mask of different geometry are an error"},
    {"distances", H::Mapped, "[1] only (the default); other distances are an error"},
    {"force2D", H::Mapped,
     "`\"analysis\": \"2D\"`: GLCM and GLRLM per in-plane direction over all slices (`_2_5D_avg`), zones, dependences "
     "and NGTDM of in-plane neighbours over all slices (`_2_5D`)"},
    {"force2Ddimension", H::Mapped, "0 only (axial slices); 1 and 2 are errors"},
    {"geometryTolerance", H::Warning,
     "changes no value: image and mask geometry are compared with libradiomics' own tolerance (1e-4, relative)"},
    {"gldm_a", H::Mapped, "`texture.ngldm_alpha`"},
    {"gradientUseSpacing", H::Warning, kUnmappedImageType},
    {"interpolator", H::Mapped,
     "`interpolation.method`: sitkNearestNeighbor, sitkLinear, sitkBSpline (default) map to nearest, linear, cubic; "
     "other interpolators are errors"},
    {"label", H::Mapped, "`label`"},
    {"label_channel", H::Mapped, "0 only; other channels are errors"},
    {"lbp2DMethod", H::Warning, kUnmappedImageType},
    {"lbp2DRadius", H::Warning, kUnmappedImageType},
    {"lbp2DSamples", H::Warning, kUnmappedImageType},
    {"lbp3DIcosphereRadius", H::Warning, kUnmappedImageType},
    {"lbp3DIcosphereSubdivision", H::Warning, kUnmappedImageType},
    {"lbp3DLevels", H::Warning, kUnmappedImageType},
    {"level", H::Mapped,
     "imageType Wavelet: how many decomposition levels (default 1), from start_level + 1; start_level + level at "
     "most 8"},
    {"minimumROIDimensions", H::Mapped, "`pyradiomics.minimum_roi_dimensions`, checked on the ROI (default 2)"},
    {"minimumROISize", H::Mapped, "`pyradiomics.minimum_roi_size`, checked on the ROI"},
    {"normalize", H::Mapped, "false only; true (PyRadiomics' whole-image normalisation) is an error"},
    {"normalizeScale", H::Warning, "changes no value: it scales the normalisation, which has no counterpart"},
    {"padDistance", H::Warning,
     "changes no value: libradiomics crops to the ROI itself, and its filters read the image as far as their kernels "
     "reach"},
    {"preCrop", H::Warning, "changes no value: libradiomics always crops to the ROI before resampling"},
    {"removeOutliers", H::Warning, "changes no value: it belongs to the normalisation, which has no counterpart"},
    {"resampledPixelSpacing", H::Mapped,
     "`interpolation.spacing` on PyRadiomics' grid (aligned with the image corner; 0 keeps an axis, as does an "
     "axis the ROI spans with one voxel); the mask by nearest neighbour"},
    {"resegmentMode", H::Mapped,
     "absolute (default): `resegmentation.range`; sigma with [-k, k]: `resegmentation.outlier_sigma` k; relative is "
     "an error"},
    {"resegmentRange", H::Mapped, "`resegmentation`, as resegmentMode says"},
    {"resegmentShape", H::Mapped, "false only (re-segmentation changes the intensity mask only); true is an error"},
    {"sigma", H::Mapped,
     "imageType LoG: one `log` filter per scale (mm, > 0), image type `log-sigma-<sigma>-mm-3D`; a warning without "
     "LoG in imageType"},
    {"start_level", H::Mapped, "imageType Wavelet: the decomposition levels skipped (default 0)"},
    {"symmetricalGLCM", H::Mapped, "`texture.glcm_symmetric`"},
    {"voxelArrayShift", H::Mapped, "`pyradiomics.voxel_array_shift` (Energy, TotalEnergy, RootMeanSquared)"},
    {"wavelet", H::Mapped,
     "imageType Wavelet: the `wavelet` filters' family: coif1 (default), haar (= db1), db2, db3; other families are "
     "errors"},
    {"weightingNorm", H::Mapped,
     "null (default): features averaged over directions; no_weighting: `pyradiomics.merge_directions` (directions "
     "summed, IBSI `_comb`); manhattan, euclidean, infinity (exp(-d^2) weights) are errors"},
};

}  // namespace

std::span<const SettingKey> setting_keys() { return kKeys; }

const SettingKey* find_setting_key(std::string_view name) {
  for (const SettingKey& k : kKeys)
    if (k.name == name) return &k;
  return nullptr;
}

}  // namespace radiomics::pyradiomics
