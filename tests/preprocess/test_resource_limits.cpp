// Plausibility and resource limits (preprocess/resource_limits): checked before the work starts,
// each refusal names the value, the limit and what to change.
#include "preprocess/resource_limits.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <limits>
#include <string>

#include "radiomics/errors.hpp"
#include "support/errors.hpp"

namespace {

using namespace radiomics;

std::string message_of(const std::function<void()>& f) { return test::message_of<InputError>(f, ""); }

TEST(ResourceLimits, SpacingOutsideOneMicronToOneMetreIsRefusedNamingAxisAndValue) {
  EXPECT_NO_THROW(check_spacing({0.001, 1.0, 1000.0}, "the image's"));
  const std::string tiny = message_of([] { check_spacing({1.0, 1e-9, 1.0}, "the image's"); });
  EXPECT_NE(tiny.find("along y"), std::string::npos) << tiny;
  EXPECT_NE(tiny.find("1e-09"), std::string::npos) << tiny;
  EXPECT_NE(message_of([] { check_spacing({1.0, 1.0, 1e200}, "x"); }).find("along z"), std::string::npos);
  EXPECT_FALSE(message_of([] { check_spacing({std::numeric_limits<double>::infinity(), 1, 1}, "x"); }).empty());
  EXPECT_FALSE(message_of([] { check_spacing({std::numeric_limits<double>::quiet_NaN(), 1, 1}, "x"); }).empty());
}

TEST(ResourceLimits, MemoryLimitIsTheSettingOrHalfThePhysicalMemory) {
  Settings s;
  EXPECT_GT(memory_limit_bytes(s), 1e8);
  s.memory_limit_gb = 2.5;
  EXPECT_DOUBLE_EQ(memory_limit_bytes(s), 2.5e9);
}

TEST(ResourceLimits, MemoryLimitSettingParsesAndRoundTrips) {
  const Settings s = Settings::from_json_text(R"({"memory_limit_gb": 2.5})");
  ASSERT_TRUE(s.memory_limit_gb.has_value());
  EXPECT_DOUBLE_EQ(memory_limit_bytes(s), 2.5e9);
  EXPECT_EQ(Settings::from_json_text(s.to_json_text()).to_json_text(), s.to_json_text());
  // Unset, it prints as null; it stays out of the digest either way: it never changes a value.
  EXPECT_NE(Settings{}.to_json_text().find("\"memory_limit_gb\":null"), std::string::npos);
  EXPECT_EQ(s.digest(), Settings{}.digest());
  EXPECT_THROW(Settings::from_json_text(R"({"memory_limit_gb": -1})"), SettingsError);
}

TEST(ResourceLimits, InterpolatedGridBeyondTheLimitIsRefusedBeforeAllocating) {
  Settings s;
  s.interpolation.enabled = true;
  s.interpolation.spacing = {0.01, 0.01, 0.01};
  s.memory_limit_gb = 1.0;
  const WorkPlan plan{{100, 100, 100}, {1.0, 1.0, 1.0}, {10, 10, 10}};  // 1e12 voxels after
  const std::string m = message_of([&] { check_resources(plan, s); });
  EXPECT_NE(m.find("interpolation"), std::string::npos) << m;
  EXPECT_NE(m.find("interpolation.spacing"), std::string::npos) << m;
  // The same image without interpolation fits easily.
  s.interpolation.enabled = false;
  EXPECT_NO_THROW(check_resources(plan, s));
}

TEST(ResourceLimits, DiagnosticsOfAHugeWholeGridAreRefusedNamingThem) {
  // The diagnostics stream the whole interpolated image in tiles (memory stays small), but 4e10
  // voxels would take hours: refused, naming the diagnostics. The ROI's block alone fits.
  Settings s;
  s.interpolation.enabled = true;
  s.interpolation.spacing = {0.1, 0.1, 0.1};
  s.diagnostics = true;
  s.memory_limit_gb = 4.0;
  WorkPlan plan{{40, 40, 20}, {0.9, 0.9, 2.0}, {20, 20, 10}};
  plan.image = {512, 512, 100};
  const std::string m = message_of([&] { check_resources(plan, s); });
  EXPECT_NE(m.find("diagnostics"), std::string::npos) << m;
  EXPECT_NE(m.find("interpolation.spacing"), std::string::npos) << m;
  s.diagnostics = false;
  EXPECT_NO_THROW(check_resources(plan, s));
}

TEST(ResourceLimits, LargeRoiBeyondTheLimitIsRefusedNamingTheRoi) {
  Settings s;
  s.memory_limit_gb = 0.4;
  const WorkPlan plan{{300, 300, 300}, {1.0, 1.0, 1.0}, {300, 300, 300}};  // 27 million voxels
  const std::string m = message_of([&] { check_resources(plan, s); });
  EXPECT_NE(m.find("ROI"), std::string::npos) << m;
  EXPECT_NE(m.find("0.4 GB"), std::string::npos) << m;
  s.memory_limit_gb = 2.0;
  EXPECT_NO_THROW(check_resources(plan, s));
}

TEST(ResourceLimits, StandardLibraryMemoryErrorsNameTheInputAndTheLimit) {
  Settings s;
  s.memory_limit_gb = 3.0;
  const std::string m = message_of([&] {
    with_memory_errors_translated("scan.nii.gz", s, []() -> int { throw std::bad_alloc(); });
  });
  EXPECT_NE(m.find("scan.nii.gz"), std::string::npos) << m;
  EXPECT_NE(m.find("3 GB"), std::string::npos) << m;
  EXPECT_NE(m.find("memory_limit_gb"), std::string::npos) << m;
  const std::string l = message_of([&] {
    with_memory_errors_translated("scan.nii.gz", s, []() -> int { throw std::length_error("vector::_M_default_append"); });
  });
  EXPECT_NE(l.find("scan.nii.gz"), std::string::npos) << l;
}

}  // namespace
