// PyRadiomics mode's part of the extraction: after the shared pre-processing (prepare_roi), the
// ROI checks PyRadiomics makes, then the selected feature classes, written under PyRadiomics'
// column names in the order asked.
#include "pyradiomics/extract.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "pyradiomics/crosswalk.hpp"
#include "pyradiomics/discretise.hpp"
#include "pyradiomics/features.hpp"
#include "pyradiomics/image_types.hpp"
#include "radiomics/errors.hpp"

namespace radiomics::pyradiomics {
namespace {

/// PyRadiomics' checkMask: the ROI must span at least minimumROIDimensions axes (extent > 1
/// voxel) and hold at least minimumROISize voxels.
void check_roi(const Roi& roi, const PyRadiomicsSettings& s) {
  std::array<int, 3> lo{roi.grid.size[0], roi.grid.size[1], roi.grid.size[2]};
  std::array<int, 3> hi{-1, -1, -1};
  long long n = 0;
  for (int z = 0; z < roi.grid.size[2]; ++z)
    for (int y = 0; y < roi.grid.size[1]; ++y)
      for (int x = 0; x < roi.grid.size[0]; ++x)
        if (roi.morph_mask[roi.grid.index(x, y, z)]) {
          const std::array<int, 3> p{x, y, z};
          for (std::size_t a = 0; a < 3; ++a) {
            lo[a] = std::min(lo[a], p[a]);
            hi[a] = std::max(hi[a], p[a]);
          }
          ++n;
        }
  int dimensions = 0;
  for (std::size_t a = 0; a < 3; ++a) dimensions += hi[a] > lo[a] ? 1 : 0;
  if (dimensions < s.minimum_roi_dimensions)
    throw InputError("the ROI spans " + std::to_string(dimensions) + " dimension(s); minimumROIDimensions asks for " +
                     std::to_string(s.minimum_roi_dimensions));
  if (s.minimum_roi_size && n < *s.minimum_roi_size)
    throw InputError("the ROI has " + std::to_string(n) + " voxels; minimumROISize asks for at least " +
                     std::to_string(*s.minimum_roi_size));
}

}  // namespace

std::vector<const Feature*> class_features(FeatureClass cls) {
  std::vector<const Feature*> out;
  for (const Feature& f : features())
    if (f.cls == cls) out.push_back(&f);
  return out;
}

std::vector<const Feature*> selected_features(const Settings& settings) {
  std::vector<const Feature*> out;
  if (settings.pyradiomics.features.empty()) {
    for (const Feature& f : features())
      if (f.is_default) out.push_back(&f);
    return out;
  }
  for (const std::string& key : settings.pyradiomics.features) {
    const Feature* f = find_feature(key);
    if (f == nullptr || f->rule == Rule::Deprecated)
      throw SettingsError("setting 'pyradiomics.features': '" + key + "' is not a PyRadiomics feature with a value");
    out.push_back(f);
  }
  return out;
}

namespace {

/// The features in `wanted` of one image (the image itself or a response map), appended as
/// "<image_type>_<class>_<Name>" in the order of `wanted`.
void compute_image(const Roi& roi, const Settings& settings, const std::vector<const Feature*>& wanted,
                   const std::string& image_type, FeatureTable& out) {
  const auto uses = [&](FeatureClass c) {
    return std::any_of(wanted.begin(), wanted.end(), [c](const Feature* f) { return f->cls == c; });
  };
  // Each class once, in crosswalk order; discretised once for all classes that need it.
  std::array<std::vector<double>, kClassCount> values;
  if (uses(FeatureClass::Shape)) values[0] = shape_values(roi, settings);
  const bool discretised = std::any_of(wanted.begin(), wanted.end(), [](const Feature* f) { return f->cls != FeatureClass::Shape; });
  if (discretised) {
    int bins = 0;
    const DiscreteRoi levels = discretise(roi, settings.discretisation, &bins);
    for (const ClassInfo& c : classes()) {
      if (c.cls == FeatureClass::Shape || !uses(c.cls)) continue;
      values[static_cast<std::size_t>(c.cls)] = c.cls == FeatureClass::FirstOrder
                                                    ? first_order_values(roi, levels, bins, settings)
                                                    : texture_values(c.cls, levels, settings);
    }
  }
  for (const Feature* f : wanted) {
    const std::vector<const Feature*> members = class_features(f->cls);
    const auto at = static_cast<std::size_t>(std::find(members.begin(), members.end(), f) - members.begin());
    out.add(image_type + "_" + feature_key(*f), values[static_cast<std::size_t>(f->cls)][at]);
  }
}

std::vector<const Feature*> shape_only(std::vector<const Feature*> features, bool shape) {
  std::erase_if(features, [shape](const Feature* f) { return (f->cls == FeatureClass::Shape) != shape; });
  return features;
}

}  // namespace

void compute(const PreparedRois& rois, const Settings& settings, FeatureTable& out) {
  check_roi(rois.image, settings.pyradiomics);
  const std::vector<const Feature*> wanted = selected_features(settings);
  compute_image(rois.image, settings, settings.filtering.original_image ? wanted : shape_only(wanted, true),
                "original", out);
  if (rois.response_maps.empty()) return;
  // PyRadiomics passes the same settings to every image type; libradiomics' filtered images
  // share filtering.discretisation (an image type's own binWidth, see params.cpp).
  Settings map_settings = settings;
  map_settings.discretisation = settings.filtering.discretisation;
  const std::vector<const Feature*> map_features = shape_only(wanted, false);
  for (std::size_t i = 0; i < rois.response_maps.size(); ++i) {
    const FilterSettings& filter = settings.filtering.filters[i];
    Roi map = rois.response_maps[i];
    const double scale = response_scale(filter, map.grid.spacing);
    if (scale != 1.0)
      for (double& v : map.intensity) v *= scale;
    compute_image(map, map_settings, map_features, filter.prefix, out);
  }
}

}  // namespace radiomics::pyradiomics
