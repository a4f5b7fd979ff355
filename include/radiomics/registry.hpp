// The one list of features. Each family file defines a constexpr table of FeatureInfo; the
// registry concatenates them (libradiomics/registry.cpp). Feature selection, CSV column order,
// `radiomics features`, Python's features() and docs/features.md all come from here.
#pragma once
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "radiomics/settings.hpp"

namespace radiomics {

struct FeatureInfo {
  std::string_view tag;      ///< IBSI reference tag without aggregation suffix ("cm_joint_max")
  std::string_view ibsi_id;  ///< 4-character IBSI identifier ("GYBY")
  std::string_view name;     ///< one-line description ("Joint maximum")
  std::string_view formula;  ///< formula in the manual's notation (plain text / LaTeX)
};

struct FamilyInfo {
  Family family;
  std::string_view name;     ///< "glcm"
  std::string_view prefix;   ///< "cm_"
  std::string_view ibsi_id;  ///< IBSI identifier of the family
  std::string_view title;    ///< "Grey level co-occurrence matrix"
  std::span<const FeatureInfo> features;
  bool textured;             ///< tags carry an aggregation suffix
  bool directional;          ///< GLCM, GLRLM: six aggregations; else three
};

/// Every family, in IBSI order.
std::span<const FamilyInfo> families();
const FamilyInfo& family_info(Family f);

/// The aggregations a texture family is computed with (none for the other families).
std::vector<Aggregation> aggregations_of(const FamilyInfo& family);

/// Every full tag a family can produce (with aggregation suffixes for texture families).
std::vector<std::string> all_tags();

}  // namespace radiomics
