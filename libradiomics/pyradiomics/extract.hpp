// PyRadiomics mode (Settings::compatibility == Compatibility::PyRadiomics): the features of a
// prepared ROI under PyRadiomics' definitions and column names. The Extractor calls compute()
// instead of the IBSI families; everything PyRadiomics-specific lives in this folder.
#pragma once
#include <vector>

#include "core/roi.hpp"
#include "preprocess/prepare_roi.hpp"
#include "pyradiomics/crosswalk.hpp"
#include "radiomics/feature_table.hpp"
#include "radiomics/settings.hpp"

namespace radiomics::pyradiomics {

/// The features the settings select (PyRadiomics' defaults when the list is empty), in output
/// order. Throws SettingsError for an unknown or value-less (deprecated) feature key.
std::vector<const Feature*> selected_features(const Settings& settings);

/// Checks the ROI as PyRadiomics does (minimumROIDimensions, minimumROISize; InputError), then
/// appends the selected features: those of the image as "original_<class>_<Name>" (only shape
/// when filtering.original_image is false: PyRadiomics computes shape whatever the image types),
/// then, for each filter of settings.filtering, those of its response map but shape, as
/// "<image type>_<class>_<Name>" (the filter's prefix, "log-sigma-1-0-mm-3D"), discretised with
/// filtering.discretisation.
void compute(const PreparedRois& rois, const Settings& settings, FeatureTable& out);

}  // namespace radiomics::pyradiomics
