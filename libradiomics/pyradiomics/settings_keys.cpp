#include "pyradiomics/settings_keys.hpp"

namespace radiomics::pyradiomics {
namespace {

using H = SettingHandling;

constexpr std::string_view kFilterOnly =
    "changes no value: it configures a filtered image type (the IBSI 2 filters, not available in this version)";

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
    {"gradientUseSpacing", H::Warning, kFilterOnly},
    {"interpolator", H::Mapped,
     "`interpolation.method`: sitkNearestNeighbor, sitkLinear, sitkBSpline (default) map to nearest, linear, cubic; "
     "other interpolators are errors"},
    {"label", H::Mapped, "`label`"},
    {"label_channel", H::Mapped, "0 only; other channels are errors"},
    {"lbp2DMethod", H::Warning, kFilterOnly},
    {"lbp2DRadius", H::Warning, kFilterOnly},
    {"lbp2DSamples", H::Warning, kFilterOnly},
    {"lbp3DIcosphereRadius", H::Warning, kFilterOnly},
    {"lbp3DIcosphereSubdivision", H::Warning, kFilterOnly},
    {"lbp3DLevels", H::Warning, kFilterOnly},
    {"level", H::Warning, kFilterOnly},
    {"minimumROIDimensions", H::Mapped, "`pyradiomics.minimum_roi_dimensions`, checked on the ROI (default 2)"},
    {"minimumROISize", H::Mapped, "`pyradiomics.minimum_roi_size`, checked on the ROI"},
    {"normalize", H::Mapped, "false only; true (PyRadiomics' whole-image normalisation) is an error"},
    {"normalizeScale", H::Warning, "changes no value: it scales the normalisation, which has no counterpart"},
    {"padDistance", H::Warning,
     "changes no value of the Original image: libradiomics crops to the ROI itself (the padding serves filters)"},
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
    {"sigma", H::Warning, kFilterOnly},
    {"start_level", H::Warning, kFilterOnly},
    {"symmetricalGLCM", H::Mapped, "`texture.glcm_symmetric`"},
    {"voxelArrayShift", H::Mapped, "`pyradiomics.voxel_array_shift` (Energy, TotalEnergy, RootMeanSquared)"},
    {"wavelet", H::Warning, kFilterOnly},
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
