// The registry: the families in IBSI order, each pointing at its family file's constexpr table.
// Nothing registers itself; adding a family means adding one row here.
#include "radiomics/registry.hpp"

#include <array>

#include "features/glcm.hpp"
#include "features/gldzm.hpp"
#include "features/glrlm.hpp"
#include "features/glszm.hpp"
#include "features/intensity_histogram.hpp"
#include "features/intensity_volume_histogram.hpp"
#include "features/local_intensity.hpp"
#include "features/morphology.hpp"
#include "features/ngldm.hpp"
#include "features/ngtdm.hpp"
#include "features/statistics.hpp"
#include "texture/texture.hpp"

namespace radiomics {
namespace {

std::array<FamilyInfo, kFamilyCount> make_families() {
  return {{
      {Family::Morphology, "morphology", "morph_", "HCUG", "Morphology", morphology::feature_infos(), false, false},
      {Family::LocalIntensity, "local_intensity", "loc_", "9ST6", "Local intensity", local_intensity::feature_infos(), false, false},
      {Family::Statistics, "statistics", "stat_", "UHIW", "Intensity-based statistics", statistics::feature_infos(), false, false},
      {Family::IntensityHistogram, "intensity_histogram", "ih_", "ZVCW", "Intensity histogram", intensity_histogram::feature_infos(), false, false},
      {Family::IntensityVolumeHistogram, "intensity_volume_histogram", "ivh_", "P88C", "Intensity-volume histogram", intensity_volume_histogram::feature_infos(), false, false},
      {Family::Glcm, "glcm", "cm_", "LFYI", "Grey level co-occurrence matrix", glcm::feature_infos(), true, true},
      {Family::Glrlm, "glrlm", "rlm_", "TP0I", "Grey level run length matrix", glrlm::feature_infos(), true, true},
      {Family::Glszm, "glszm", "szm_", "9SAK", "Grey level size zone matrix", glszm::feature_infos(), true, false},
      {Family::Gldzm, "gldzm", "dzm_", "VMDZ", "Grey level distance zone matrix", gldzm::feature_infos(), true, false},
      {Family::Ngtdm, "ngtdm", "ngt_", "IPET", "Neighbourhood grey tone difference matrix", ngtdm::feature_infos(), true, false},
      {Family::Ngldm, "ngldm", "ngl_", "REK0", "Neighbouring grey level dependence matrix", ngldm::feature_infos(), true, false},
  }};
}

}  // namespace

std::span<const FamilyInfo> families() {
  // Immutable after construction: the tables themselves are constexpr in the family files.
  static const std::array<FamilyInfo, kFamilyCount> kFamilies = make_families();
  return kFamilies;
}

const FamilyInfo& family_info(Family f) { return families()[static_cast<std::size_t>(f)]; }

std::vector<Aggregation> aggregations_of(const FamilyInfo& family) {
  std::vector<Aggregation> out;
  if (!family.textured) return out;
  for (Aggregation a : kAllAggregations)
    if (texture::applies(a, family.directional)) out.push_back(a);
  return out;
}

std::vector<std::string> all_tags() {
  std::vector<std::string> tags;
  for (const FamilyInfo& family : families()) {
    const std::vector<Aggregation> aggregations = aggregations_of(family);
    for (const FeatureInfo& feature : family.features) {
      if (aggregations.empty()) tags.emplace_back(feature.tag);
      for (Aggregation a : aggregations) tags.push_back(std::string(feature.tag) + aggregation_suffix(a));
    }
  }
  return tags;
}

}  // namespace radiomics
