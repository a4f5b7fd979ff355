// The registry against the IBSI reference files, both ways (PyRadiomics' "missing baseline"
// check): every reference tag is a registry tag, and every registry feature has a reference
// value in some IBSI file or is listed here with the reason it has none.
#include <gtest/gtest.h>

#include <set>

#include "radiomics/ibsi.hpp"
#include "radiomics/radiomics.hpp"

namespace {

const std::string kRef = std::string(RADIOMICS_SOURCE_DIR) + "/ibsi_phantom/reference/";

bool is_diagnostic(const std::string& tag) { return radiomics::ibsi::family_of_tag(tag) == "diag"; }

TEST(Registry, EveryReferenceTagIsARegistryTag) {
  const auto tags = radiomics::all_tags();
  const std::set<std::string> known(tags.begin(), tags.end());
  for (const char* file : {"digital_phantom.csv", "config_a.csv", "config_b.csv", "config_c.csv"})
    for (const auto& r : radiomics::ibsi::read_reference_csv(kRef + file)) {
      if (is_diagnostic(r.tag)) continue;
      EXPECT_TRUE(known.count(r.tag)) << r.tag << " (" << file << ") is not in the registry";
    }
}

TEST(Registry, EveryRegistryTagHasAReferenceValue) {
  std::set<std::string> referenced;
  for (const char* file : {"digital_phantom.csv", "config_a.csv", "config_b.csv", "config_c.csv"})
    for (const auto& r : radiomics::ibsi::read_reference_csv(kRef + file)) referenced.insert(r.tag);
  for (const auto& tag : radiomics::all_tags())
    EXPECT_TRUE(referenced.count(tag)) << tag << " has no IBSI reference value";
}

TEST(Registry, EveryFeatureHasIdNameAndFormula) {
  std::set<std::string> tags;
  for (const auto& family : radiomics::families()) {
    EXPECT_EQ(family.ibsi_id.size(), 4u) << family.name;
    for (const auto& f : family.features) {
      EXPECT_EQ(f.ibsi_id.size(), 4u) << f.tag;
      EXPECT_FALSE(f.name.empty()) << f.tag;
      EXPECT_FALSE(f.formula.empty()) << f.tag << " has no formula";
      EXPECT_EQ(f.tag.rfind(family.prefix, 0), 0u) << f.tag << " lacks prefix " << family.prefix;
      EXPECT_TRUE(tags.insert(std::string(f.tag)).second) << f.tag << " is registered twice";
    }
  }
}

}  // namespace
