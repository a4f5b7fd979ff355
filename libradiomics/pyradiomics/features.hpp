// PyRadiomics mode's feature classes. Each returns the values of every feature of its class, in
// the crosswalk's order (NaN for features PyRadiomics deprecated without a value), computed with
// the IBSI families' code where the definitions coincide and PyRadiomics' conventions (the
// crosswalk's rules) where they do not.
#pragma once
#include <vector>

#include "core/roi.hpp"
#include "pyradiomics/crosswalk.hpp"
#include "radiomics/settings.hpp"

namespace radiomics::pyradiomics {

/// The features of one class, in crosswalk order.
std::vector<const Feature*> class_features(FeatureClass cls);

/// shape: mesh, PCA and diameters of the morphological mask.
std::vector<double> shape_values(const Roi& roi, const Settings& settings);

/// firstorder: intensities of the intensity mask; Entropy and Uniformity over `levels` (PyRadiomics'
/// discretisation), whose histogram has `histogram_bins` bins.
std::vector<double> first_order_values(const Roi& roi, const DiscreteRoi& levels, int histogram_bins,
                                       const Settings& settings);

/// glcm, glrlm, glszm, gldm, ngtdm over the discretised ROI, through the shared texture layer:
/// per direction and averaged (3D), or per in-plane direction over all slices (force2D).
std::vector<double> texture_values(FeatureClass cls, const DiscreteRoi& levels, const Settings& settings);

/// The largest distance between two points of a plane (x, y pairs); 0 for fewer than 2 points.
double max_planar_distance(std::vector<std::array<double, 2>> points);

}  // namespace radiomics::pyradiomics
