// PyRadiomics mode (Settings::compatibility == Compatibility::PyRadiomics): the features of a
// prepared ROI under PyRadiomics' definitions and column names. The Extractor calls compute()
// instead of the IBSI families; everything PyRadiomics-specific lives in this folder.
#pragma once
#include <vector>

#include "core/roi.hpp"
#include "pyradiomics/crosswalk.hpp"
#include "radiomics/feature_table.hpp"
#include "radiomics/settings.hpp"

namespace radiomics::pyradiomics {

/// The features the settings select (PyRadiomics' defaults when the list is empty), in output
/// order. Throws SettingsError for an unknown or value-less (deprecated) feature key.
std::vector<const Feature*> selected_features(const Settings& settings);

/// Checks the ROI as PyRadiomics does (minimumROIDimensions, minimumROISize; InputError), then
/// appends every selected feature as "original_<class>_<Name>".
void compute(const Roi& roi, const Settings& settings, FeatureTable& out);

}  // namespace radiomics::pyradiomics
