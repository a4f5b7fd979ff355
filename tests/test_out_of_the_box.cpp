// A first run as a new user makes it: no configuration, real scans (the bundled IBSI CT phantom
// and the CT, MR and PET scans of the sample cohort in examples/cohort). Every family must be
// computed and at least 90 % of the feature columns must be finite, through the library and
// through the `radiomics` program alike.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "output/csv_table.hpp"
#include "radiomics/radiomics.hpp"
#include "support/volumes.hpp"

namespace {

namespace fs = std::filesystem;
using namespace radiomics;

const std::string kRoot = RADIOMICS_SOURCE_DIR;

struct Scan {
  std::string name, image, mask;
};
void PrintTo(const Scan& scan, std::ostream* os) { *os << scan.name; }

std::vector<Scan> scans() {
  std::vector<Scan> out{{"ct_phantom", kRoot + "/ibsi_phantom/ct_phantom/image.nii.gz",
                         kRoot + "/ibsi_phantom/ct_phantom/mask.nii.gz"}};
  for (const char* patient : {"STS_001", "STS_002", "STS_003"})
    for (const char* modality : {"CT", "MR_T1", "PET"}) {
      const std::string stem = kRoot + "/examples/cohort/" + patient + "/" + modality;
      out.push_back({std::string(patient) + "_" + modality, stem + "_image.nii.gz", stem + "_mask.nii.gz"});
    }
  return out;
}

double finite_fraction(const FeatureTable& t) {
  std::size_t finite = 0;
  for (const auto& [tag, value] : t.values()) finite += std::isfinite(value) ? 1 : 0;
  return t.size() ? static_cast<double>(finite) / static_cast<double>(t.size()) : 0.0;
}

class OutOfTheBox : public ::testing::TestWithParam<Scan> {};

TEST_P(OutOfTheBox, DefaultSettingsGiveFiniteFeaturesOfEveryFamily) {
  const Scan& scan = GetParam();
  const FeatureTable t = Extractor(Settings{}).run_files(scan.image, scan.mask);
  EXPECT_GE(finite_fraction(t), 0.9) << scan.name;
  for (const FamilyInfo& family : families()) {
    bool found = false;
    for (const auto& [tag, value] : t.values()) found = found || tag.rfind(family.prefix, 0) == 0;
    EXPECT_TRUE(found) << scan.name << ": no " << family.prefix << " column";
  }
}

std::string scan_name(const ::testing::TestParamInfo<Scan>& info) { return info.param.name; }
INSTANTIATE_TEST_SUITE_P(Scans, OutOfTheBox, ::testing::ValuesIn(scans()), scan_name);

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The program as a new user runs it, with no configuration, on every scan: its CSV has one row
// whose feature columns (those after `warnings`; before it come the provenance columns) are at
// least 90 % finite, with a column of every family, and the settings digest of the defaults.
TEST(OutOfTheBox, CliWithoutConfigurationOnCtMrAndPet) {
  const auto dir = test::temp_dir("out_of_the_box_cli");
  const std::string default_digest = Settings{}.digest();
  for (const Scan& scan : scans()) {
    const fs::path csv = dir / (scan.name + ".csv");
    const std::string cmd = std::string(RADIOMICS_CLI) + " extract --image " + scan.image + " --mask " +
                            scan.mask + " --output " + csv.string() + " 2> " + (dir / "err.txt").string();
    ASSERT_EQ(std::system(cmd.c_str()), 0) << scan.name << ": " << slurp(dir / "err.txt");
    const auto records = csv::parse(slurp(csv));
    ASSERT_EQ(records.size(), 2u) << scan.name << ": a header and one row";
    const std::vector<std::string>& header = records[0];
    const std::vector<std::string>& row = records[1];
    ASSERT_EQ(row.size(), header.size()) << scan.name;
    const auto warnings = std::find(header.begin(), header.end(), "warnings");
    ASSERT_NE(warnings, header.end()) << scan.name;
    const auto first_feature = static_cast<std::size_t>(warnings - header.begin()) + 1;
    const auto digest = std::find(header.begin(), header.end(), "settings_digest");
    ASSERT_NE(digest, header.end()) << scan.name;
    EXPECT_EQ(row[static_cast<std::size_t>(digest - header.begin())], default_digest) << scan.name;

    std::size_t features = 0, finite = 0;
    for (std::size_t i = first_feature; i < header.size(); ++i) {
      ++features;
      // The writer gives NaN / Inf / -Inf for values that are not finite; anything else that
      // does not read whole as a number is counted as not finite too.
      char* end = nullptr;
      const double v = std::strtod(row[i].c_str(), &end);
      finite += !row[i].empty() && *end == '\0' && std::isfinite(v) ? 1 : 0;
    }
    ASSERT_GT(features, 0u) << scan.name;
    EXPECT_GE(static_cast<double>(finite) / static_cast<double>(features), 0.9)
        << scan.name << ": " << finite << " of " << features << " feature columns finite";
    for (const FamilyInfo& family : families()) {
      const bool found = std::any_of(header.begin() + static_cast<std::ptrdiff_t>(first_feature), header.end(),
                                     [&](const std::string& name) { return name.rfind(family.prefix, 0) == 0; });
      EXPECT_TRUE(found) << scan.name << ": no " << family.prefix << " column";
    }
  }
}

TEST(OutOfTheBox, CtModalityTakesTheCtDefaults) {
  const Settings ct = Settings::from_json_text(R"({"modality": "CT"})");
  EXPECT_EQ(ct.discretisation.method, DiscretisationMethod::FixedBinSize);
  EXPECT_EQ(ct.discretisation.bin_width, 25.0);
  EXPECT_EQ(ct.ivh_discretisation.method, DiscretisationMethod::None);
  const Scan phantom = scans().front();
  const FeatureTable t = Extractor(ct).run_files(phantom.image, phantom.mask);
  EXPECT_GE(finite_fraction(t), 0.9);
  // An explicit discretisation still wins over the modality's default.
  const Settings fbn = Settings::from_json_text(
      R"({"modality": "CT", "discretisation": {"method": "fixed_bin_number", "bin_count": 16}})");
  EXPECT_EQ(fbn.discretisation.method, DiscretisationMethod::FixedBinNumber);
  EXPECT_EQ(fbn.ivh_discretisation.method, DiscretisationMethod::None);
}

bool has_ct_hint(const FeatureTable& t) {
  for (const std::string& w : t.warnings())
    if (w.find("look like CT in HU") != std::string::npos && w.find("\"modality\": \"CT\"") != std::string::npos)
      return true;
  return false;
}

// Without "modality", a scan in HU gets a hint to set it (the CT defaults are comparable between
// scans; the generic ones are not): the phantom, whose ROI reaches -500 HU, and the sarcoma CTs,
// whose tumours stop above -250 HU but whose images hold the air around the body. MR and PET do
// not, nor a CT run that names its modality.
TEST(OutOfTheBox, HounsfieldLikeIntensitiesWithoutModalityWarn) {
  for (const Scan& scan : scans()) {
    const bool ct = scan.name == "ct_phantom" || scan.name.find("_CT") != std::string::npos;
    EXPECT_EQ(has_ct_hint(Extractor(Settings{}).run_files(scan.image, scan.mask)), ct) << scan.name;
  }
  const Scan ct = scans()[1];
  ASSERT_EQ(ct.name, "STS_001_CT");
  EXPECT_FALSE(has_ct_hint(Extractor(Settings::from_json_text(R"({"modality": "CT"})")).run_files(ct.image, ct.mask)));
}

TEST(OutOfTheBox, LabelZeroFromSettingsBuiltInCodeIsAnError) {
  // The configuration parser refuses label 0; settings built in C++ meet the chain's check.
  const Scan phantom = scans().front();
  Settings s;
  s.label = 0;
  try {
    Extractor(s).run_files(phantom.image, phantom.mask);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("label 0 is the background"), std::string::npos) << e.what();
  }
}

}  // namespace
