// The `radiomics` program as a user runs it: exit status, one line on stderr for errors, no
// output file left behind on failure, CSV and JSON output.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/volumes.hpp"

namespace {

namespace fs = std::filesystem;
const std::string kData = std::string(RADIOMICS_SOURCE_DIR) + "/ibsi_phantom/";
const std::string kPhantom = "--image " + kData + "digital_phantom/image.nii.gz --mask " + kData +
                             "digital_phantom/mask.nii.gz";

struct CliRun {
  int status;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

CliRun run_cli(const std::string& args, const fs::path& dir) {
  const fs::path out = dir / "stdout.txt", err = dir / "stderr.txt";
  const std::string cmd = std::string(RADIOMICS_CLI) + " " + args + " > " + out.string() + " 2> " + err.string();
  const int rc = std::system(cmd.c_str());
  return {WEXITSTATUS(rc), slurp(out), slurp(err)};
}

int lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

TEST(Cli, ExtractsDigitalPhantomToCsv) {
  const auto dir = radiomics::test::temp_dir("cli_csv");
  const fs::path csv = dir / "f.csv";
  const CliRun r = run_cli("extract " + kPhantom + " --config " + kData +
                            "configs/digital_phantom.json --output " + csv.string(), dir);
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string text = slurp(csv);
  EXPECT_EQ(lines(text), 2);  // header + one row
  EXPECT_NE(text.find("morph_volume"), std::string::npos);
  EXPECT_NE(text.find("library_version"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "f.csv.partial"));
}

TEST(Cli, WritesJsonWhenAskedAndCsvToStdout) {
  const auto dir = radiomics::test::temp_dir("cli_json");
  const fs::path json = dir / "f.json";
  ASSERT_EQ(run_cli("extract " + kPhantom + " --output " + json.string(), dir).status, 0);
  EXPECT_NE(slurp(json).find("\"features\""), std::string::npos);
  const CliRun r = run_cli("extract " + kPhantom, dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(lines(r.out), 2);
  EXPECT_NE(r.out.find("stat_mean"), std::string::npos);
}

struct BadCase {
  const char* name;
  std::string args;
  const char* expected;  // text the one-line message must contain
};

TEST(Cli, BadInputIsOneLineNonZeroAndNoOutputFile) {
  const auto dir = radiomics::test::temp_dir("cli_bad");
  std::ofstream(dir / "bad.json") << R"({"discretisation": {"method": "fixed_bin_size", "bin_width": -1}})";
  std::ofstream(dir / "broken.json") << "{";
  std::ofstream(dir / "corrupt.nii.gz") << "not an image";
  // A mask with a different spacing than the phantom image.
  radiomics::Image mask = radiomics::test::as_image(radiomics::test::box_mask(4, 1));
  radiomics::write_image(mask, (dir / "other_grid.nrrd").string());
  const std::string img = "--image " + kData + "digital_phantom/image.nii.gz";
  const std::string msk = "--mask " + kData + "digital_phantom/mask.nii.gz";
  const std::vector<BadCase> cases = {
      {"missing image", "--image " + (dir / "none.nii.gz").string() + " " + msk, "not found"},
      {"missing mask", img + " --mask " + (dir / "none.nii.gz").string(), "not found"},
      {"missing config", kPhantom + " --config " + (dir / "none.json").string(), "not found"},
      {"bad config value", kPhantom + " --config " + (dir / "bad.json").string(), "discretisation.bin_width"},
      {"config not JSON", kPhantom + " --config " + (dir / "broken.json").string(), "JSON"},
      {"wrong label", kPhantom + " --label 7", "label 7"},
      {"corrupt image", "--image " + (dir / "corrupt.nii.gz").string() + " " + msk, "corrupt.nii.gz"},
      {"geometry mismatch", img + " --mask " + (dir / "other_grid.nrrd").string(), "size"},
  };
  for (const auto& c : cases) {
    const fs::path out = dir / "out.csv";
    const CliRun r = run_cli("extract " + c.args + " --output " + out.string(), dir);
    EXPECT_NE(r.status, 0) << c.name;
    EXPECT_EQ(lines(r.err), 1) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << c.name << ": " << r.err;
    EXPECT_FALSE(fs::exists(out)) << c.name;
    EXPECT_FALSE(fs::exists(dir / "out.csv.partial")) << c.name;
  }
}

TEST(Cli, FeaturesListsTheRegistry) {
  const auto dir = radiomics::test::temp_dir("cli_features");
  const CliRun r = run_cli("features", dir);
  ASSERT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("morph_volume"), std::string::npos);
  EXPECT_NE(r.out.find("cm_joint_max"), std::string::npos);
  // 169 IBSI 1 features with reference values: 25 morph, 2 loc, 18 stat, 23 ih, 6 ivh,
  // 25 cm, 16 rlm, 16 szm, 16 dzm, 5 ngt, 17 ngl.
  EXPECT_EQ(lines(r.out), 169);
}

}  // namespace
