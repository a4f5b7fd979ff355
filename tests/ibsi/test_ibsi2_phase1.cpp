// IBSI 2 phase 1: for every configuration, `radiomics filter` on its phantom with the shipped
// configuration gives a response map within 1 % of the consensus map's range at every voxel
// (the IBSI criterion, theibsi/ibsi_2_reference_data). One test per configuration.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "radiomics/ibsi.hpp"
#include "radiomics/image.hpp"
#include "support/volumes.hpp"

namespace {

namespace fs = std::filesystem;
const std::string kData = std::string(RADIOMICS_SOURCE_DIR) + "/ibsi_phantom";

// The 30 configurations of phase 1 (IBSI 2 manual, chapter 5); cases.csv must list exactly these.
const std::vector<std::string> kIds = {"1A1", "1A2", "1A3", "1A4", "1B1", "2A",  "2B",  "2C",
                                       "3A1", "3A2", "3A3", "3B1", "3B2", "3B3", "3C1", "3C2",
                                       "3C3", "4A1", "4A2", "4B1", "4B2", "5A1", "5A2", "6A1",
                                       "6A2", "7A1", "7A2", "8A1", "8A2", "8A3"};

radiomics::ibsi::ResponseMapCase find_case(const std::string& id) {
  for (const auto& c : radiomics::ibsi::ibsi2_phase1_cases(kData))
    if (c.id == id) return c;
  ADD_FAILURE() << id << " is not in configs/ibsi2/phase1/cases.csv";
  return {};
}

class Phase1 : public testing::TestWithParam<std::string> {};

TEST_P(Phase1, CliMapWithinOnePercentOfConsensusRange) {
  const radiomics::ibsi::ResponseMapCase c = find_case(GetParam());
  ASSERT_FALSE(c.id.empty());
  const fs::path dir = radiomics::test::temp_dir("ibsi2_" + c.id);
  const fs::path output = dir / (c.id + ".nii.gz");
  const std::string command = std::string(RADIOMICS_CLI) + " filter --image " + c.image +
                              " --config " + c.config + " --output " + output.string() + " 2> " +
                              (dir / "err.txt").string();
  ASSERT_EQ(std::system(command.c_str()), 0) << command;

  const radiomics::Image map = radiomics::read_image(output.string());
  const radiomics::Image phantom = radiomics::read_image(c.image);
  const radiomics::Image consensus = radiomics::read_image(c.reference);
  // On the input's grid, float32.
  EXPECT_EQ(map.geometry.size, phantom.geometry.size);
  EXPECT_EQ(map.geometry.spacing, phantom.geometry.spacing);
  EXPECT_EQ(map.geometry.origin, phantom.geometry.origin);
  EXPECT_EQ(map.geometry.direction, phantom.geometry.direction);
  const radiomics::ibsi::MapScore score = radiomics::ibsi::compare_response_maps(map, consensus);
  EXPECT_GT(score.range, 0.0);
  EXPECT_TRUE(score.passed()) << c.id << ": max |map - consensus| = " << score.max_difference
                              << ", more than 1% of the consensus range " << score.range;
}

INSTANTIATE_TEST_SUITE_P(Ibsi2, Phase1, testing::ValuesIn(kIds),
                         [](const testing::TestParamInfo<std::string>& p) {
                           return "Config" + p.param;
                         });

TEST(Ibsi2Phase1, CaseListHasEveryConfigurationOnce) {
  const auto cases = radiomics::ibsi::ibsi2_phase1_cases(kData);
  ASSERT_EQ(cases.size(), kIds.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(cases[i].id, kIds[i]);
    EXPECT_TRUE(fs::exists(cases[i].image)) << cases[i].image;
    EXPECT_TRUE(fs::exists(cases[i].config)) << cases[i].config;
    EXPECT_TRUE(fs::exists(cases[i].reference)) << cases[i].reference;
  }
}

TEST(Ibsi2Phase1, ScoringCatchesAMapOffByMoreThanOnePercent) {
  // The pass rule itself can fail: a consensus map in [0, 100] and a map 1.5 off at one voxel.
  radiomics::Image consensus;
  consensus.geometry.size = {4, 1, 1};
  consensus.data = {0.0F, 50.0F, 100.0F, 20.0F};
  radiomics::Image computed = consensus;
  EXPECT_TRUE(radiomics::ibsi::compare_response_maps(computed, consensus).passed());
  computed.data[3] += 1.5F;
  const auto score = radiomics::ibsi::compare_response_maps(computed, consensus);
  EXPECT_DOUBLE_EQ(score.range, 100.0);
  EXPECT_NEAR(score.max_difference, 1.5, 1e-6);
  EXPECT_FALSE(score.passed());
}

}  // namespace
