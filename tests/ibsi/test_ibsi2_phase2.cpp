// IBSI 2 phase 2: each of the 18 configurations (filtered CT phantom, intensity statistics)
// runs and outputs exactly the 18 intensity statistics of its response map (of the image itself
// for 1A/1B): one column ending in each stat_ tag. The reference values are held out of the
// project's data, so the values themselves are not compared here.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "radiomics/ibsi.hpp"
#include "radiomics/radiomics.hpp"

namespace {

const std::string kData = std::string(RADIOMICS_SOURCE_DIR) + "/ibsi_phantom";

const std::vector<std::string> kIds = {"1A", "1B", "2A", "2B", "3A", "3B", "4A", "4B", "5A",
                                       "5B", "6A", "6B", "7A", "7B", "8A", "8B", "9A", "9B"};

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

class Phase2 : public testing::TestWithParam<std::string> {};

TEST_P(Phase2, OutputsExactlyTheEighteenStatisticsOfItsResponseMap) {
  const std::string id = GetParam();
  radiomics::ibsi::FeatureCase c;
  for (const auto& k : radiomics::ibsi::ibsi2_phase2_cases(kData))
    if (k.id == id) c = k;
  ASSERT_EQ(c.id, id) << "no configuration " << id;
  const radiomics::Settings settings = radiomics::Settings::from_file(c.config);
  const radiomics::FeatureTable table = radiomics::Extractor(settings).run_files(c.image, c.mask);

  const auto& stats = radiomics::family_info(radiomics::Family::Statistics).features;
  ASSERT_EQ(stats.size(), 18u);
  ASSERT_EQ(table.values().size(), 18u);
  const bool filtered = id[0] != '1';
  ASSERT_EQ(settings.filtering.filters.size(), filtered ? 1u : 0u);
  const std::string prefix = filtered ? settings.filtering.filters[0].prefix + "_" : "";
  for (const radiomics::FeatureInfo& f : stats) {
    int matches = 0;
    for (const auto& [tag, value] : table.values())
      if (ends_with(tag, std::string(f.tag))) {
        ++matches;
        EXPECT_EQ(tag, prefix + std::string(f.tag));
        EXPECT_TRUE(std::isfinite(value)) << tag;
      }
    EXPECT_EQ(matches, 1) << f.tag;
  }
}

INSTANTIATE_TEST_SUITE_P(Ibsi2, Phase2, testing::ValuesIn(kIds),
                         [](const testing::TestParamInfo<std::string>& p) {
                           return "Config" + p.param;
                         });

TEST(Ibsi2Phase2, EveryConfigurationIsShipped) {
  std::vector<std::string> ids;
  for (const auto& c : radiomics::ibsi::ibsi2_phase2_cases(kData)) ids.push_back(c.id);
  EXPECT_EQ(ids, kIds);
}

}  // namespace
