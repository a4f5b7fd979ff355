// The `radiomics` program as a user runs it: exit status, one line on stderr for errors, no
// output file left behind on failure, CSV and JSON output.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "output/csv_table.hpp"
#include "support/dicom_cases.hpp"
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

/// The files of a folder, without the program's own stdout/stderr captures.
std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name != "stdout.txt" && name != "stderr.txt") names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
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
  EXPECT_EQ(entries(dir), std::vector<std::string>{"f.csv"});  // no temporary left
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
    for (const auto& entry : fs::directory_iterator(dir))  // the writer's temporary: .out.csv.XXXXXX
      EXPECT_NE(entry.path().filename().string().rfind(".out.csv", 0), 0u) << c.name;
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

namespace {

TEST(Cli, FeatureReferenceDocIsUpToDate) {
  // docs/features.md is generated by `radiomics features --markdown`; regenerate it when the
  // registry changes.
  const auto dir = radiomics::test::temp_dir("cli_features_doc");
  const CliRun r = run_cli("features --markdown", dir);
  ASSERT_EQ(r.status, 0);
  EXPECT_EQ(r.out, slurp(fs::path(RADIOMICS_SOURCE_DIR) / "docs" / "features.md"))
      << "docs/features.md is stale: run build/cli/radiomics features --markdown > docs/features.md";
}

}  // namespace

namespace {

TEST(Cli, SettingsPrintsTheEffectiveSettings) {
  const auto dir = radiomics::test::temp_dir("cli_settings");
  CliRun r = run_cli("settings", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\"fixed_bin_number\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"bin_count\": 1000"), std::string::npos) << r.out;  // IVH default, pretty-printed
  EXPECT_NE(r.out.find("\"ngldm_alpha\""), std::string::npos) << r.out;       // every key
  r = run_cli("settings --config " + kData + "configs/config_a.json", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\"bin_width\": 25.0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"grey_levels\": \"highest_present\""), std::string::npos) << r.out;
  // Every key, null for a stage that is off, and the output is a configuration in its own right.
  for (const char* config : {"", "configs/config_a.json", "configs/config_c.json"}) {
    r = run_cli(std::string("settings") + (*config ? " --config " + kData + config : ""), dir);
    ASSERT_EQ(r.status, 0) << r.err;
    if (!*config) {
      for (const char* off : {"\"interpolation\": null", "\"filtering\": null", "\"memory_limit_gb\": null",
                              "\"compatibility\": \"ibsi\""})
        EXPECT_NE(r.out.find(off), std::string::npos) << off << " in " << r.out;
    }
    std::ofstream(dir / "printed.json") << r.out;
    const CliRun again = run_cli("settings --config " + (dir / "printed.json").string(), dir);
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_EQ(again.out, r.out) << config;
  }
  r = run_cli("settings --config /nonexistent.json", dir);
  EXPECT_NE(r.status, 0);
  EXPECT_EQ(lines(r.err), 1) << r.err;
}

TEST(Cli, SeveralLabelsGiveOneRowEach) {
  const auto dir = radiomics::test::temp_dir("cli_labels");
  // A mask with labels 2 and 5: the ROI box and, below it, a second box.
  radiomics::LabelMap m = radiomics::test::box_mask(12, 2, 2);
  for (std::size_t x = 0; x < 4; ++x)
    for (std::size_t y = 0; y < 4; ++y) m.data[m.geometry.index(x, y, 0)] = 5;
  radiomics::write_image(radiomics::test::pattern_image(12), (dir / "image.nrrd").string());
  radiomics::write_image(radiomics::test::as_image(m), (dir / "mask.nrrd").string());
  const std::string io = "--image " + (dir / "image.nrrd").string() + " --mask " + (dir / "mask.nrrd").string();
  CliRun r = run_cli("extract " + io + " --label all --output " + (dir / "f.csv").string(), dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(lines(slurp(dir / "f.csv")), 3);  // header + labels 2 and 5
  r = run_cli("extract " + io + " --label 5,3", dir);
  EXPECT_NE(r.status, 0);
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("labels present: 2, 5"), std::string::npos) << r.err;
}

// --- Several labels in one run: every column of every row equals the single-label run. ---

/// A 64 x 56 x 20 image of 0.8 x 0.8 x 2.5 mm (smooth structure plus a deterministic texture,
/// not integers) and a mask with labels 1, 3 and 7. Label 1 touches the image's border, 3 and 7
/// touch each other, and 1 is far from both: each label's working block (the ROI with the margins
/// of interpolation, filter and local intensity sphere) is a different part of the image, so a
/// chain that shares the interpolated image or a filter response between labels is compared with
/// one that cut each label's own block.
struct LabelStudy {
  fs::path image, mask;
};

const LabelStudy& label_study() {
  static const LabelStudy study = [] {
    const fs::path dir = radiomics::test::temp_dir("cli_label_study");
    radiomics::Geometry g;
    g.size = {64, 56, 20};
    g.spacing = {0.8, 0.8, 2.5};
    radiomics::Image image;
    image.geometry = g;
    radiomics::LabelMap mask;
    mask.geometry = g;
    mask.data.assign(g.voxel_count(), 0);
    for (std::size_t z = 0; z < g.size[2]; ++z)
      for (std::size_t y = 0; y < g.size[1]; ++y)
        for (std::size_t x = 0; x < g.size[0]; ++x) {
          const auto xi = static_cast<double>(x), yi = static_cast<double>(y), zi = static_cast<double>(z);
          const unsigned hash = (static_cast<unsigned>(x) * 73856093u) ^ (static_cast<unsigned>(y) * 19349663u) ^
                                (static_cast<unsigned>(z) * 83492791u);
          image.data.push_back(static_cast<float>(100.0 + 40.0 * std::sin(0.3 * xi) * std::cos(0.2 * yi) + 6.0 * zi +
                                                  static_cast<double>(hash % 1000u) / 50.0));
          const double dx = (xi - 40.0) * 0.8, dy = (yi - 30.0) * 0.8, dz = (zi - 10.0) * 2.5;
          int label = 0;
          if (x <= 7 && y >= 4 && y <= 13 && z >= 2 && z <= 8) label = 1;
          else if (dx * dx + dy * dy + dz * dz <= 6.0 * 6.0) label = 3;
          else if (x >= 46 && x <= 58 && y >= 22 && y <= 40 && z >= 6 && z <= 14 && (x <= 52 || y <= 30)) label = 7;
          mask.data[g.index(x, y, z)] = label;
        }
    LabelStudy s{dir / "image.nrrd", dir / "mask.nrrd"};
    radiomics::write_image(image, s.image.string());
    radiomics::write_image(radiomics::test::as_image(mask), s.mask.string());
    return s;
  }();
  return study;
}

struct LabelCase {
  std::string name, config;
  /// 0: every cell equal as written (shortest round-trip decimal, so the doubles are equal).
  /// Else the relative tolerance of feature values (provenance columns stay exact).
  double tolerance = 0.0;
};

void PrintTo(const LabelCase& c, std::ostream* os) { *os << c.name; }

class CliLabels : public ::testing::TestWithParam<LabelCase> {};

/// Header and rows of a CSV file.
std::vector<std::vector<std::string>> csv_records(const fs::path& p) { return radiomics::csv::parse(slurp(p)); }

/// Every cell of `row` equals the one of `single` (the single-label run's row), both under `header`.
void expect_same_row(const std::vector<std::string>& header, const std::vector<std::string>& row,
                     const std::vector<std::string>& single, double tolerance, const std::string& what) {
  ASSERT_EQ(row.size(), header.size()) << what;
  ASSERT_EQ(single.size(), header.size()) << what;
  const std::size_t first_feature =
      static_cast<std::size_t>(std::find(header.begin(), header.end(), "warnings") - header.begin()) + 1;
  std::string differences;
  int count = 0;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (row[i] == single[i]) continue;
    if (tolerance > 0 && i >= first_feature) {
      const double a = std::strtod(row[i].c_str(), nullptr), b = std::strtod(single[i].c_str(), nullptr);
      if (std::abs(a - b) <= tolerance * std::max({1.0, std::abs(a), std::abs(b)})) continue;
    }
    if (++count <= 10) differences += "\n  " + header[i] + ": " + row[i] + " (single-label run: " + single[i] + ")";
  }
  EXPECT_EQ(count, 0) << what << ": " << count << " column(s) differ from the single-label run" << differences;
}

TEST_P(CliLabels, EveryColumnOfEveryRowEqualsTheSingleLabelRun) {
  const LabelCase& c = GetParam();
  const LabelStudy& study = label_study();
  const auto dir = radiomics::test::temp_dir("cli_labels_" + c.name);
  std::ofstream(dir / "config.json") << c.config;
  const std::string base = "extract --image " + study.image.string() + " --mask " + study.mask.string() +
                           " --config " + (dir / "config.json").string();
  const auto extract = [&](const std::string& labels) {
    const fs::path out = dir / ("labels_" + labels + ".csv");
    const CliRun r = run_cli(base + " --label " + labels + " --output " + out.string(), dir);
    EXPECT_EQ(r.status, 0) << labels << ": " << r.err;
    return csv_records(out);
  };
  std::map<std::string, std::vector<std::vector<std::string>>> single;
  for (const char* label : {"1", "3", "7"}) {
    single[label] = extract(label);
    ASSERT_EQ(single[label].size(), 2u) << label;
  }
  const std::vector<std::string>& header = single["1"][0];
  for (const char* labels : {"1,3,7", "all"}) {
    const auto several = extract(labels);
    ASSERT_EQ(several.size(), 4u) << labels << ": a header and a row for each of 1, 3 and 7";
    ASSERT_EQ(several[0], header) << labels;
    for (std::size_t r = 1; r < several.size(); ++r) {
      const std::string label = several[r].at(static_cast<std::size_t>(
          std::find(header.begin(), header.end(), "label") - header.begin()));
      ASSERT_TRUE(single.count(label)) << labels << ": row of label " << label;
      EXPECT_EQ(label, std::string(1, "137"[r - 1])) << labels << ": rows in the order 1, 3, 7";
      EXPECT_EQ(single[label][0], header) << label;
      expect_same_row(header, several[r], single[label][1], c.tolerance,
                      c.name + ", --label " + labels + ", label " + label);
    }
  }
}

// The families that read the discretised levels and a response map's families are kept few where
// a filter runs: the response map's columns are what those cases are about.
const LabelCase kLabelCases[] = {
    {"Diagnostics", R"({"diagnostics": true})"},
    {"LinearInterpolation", R"({"diagnostics": true, "interpolation": {"spacing": 1, "method": "linear"}})"},
    // Cubic is the one case with a tolerance. A cubic B-spline sample depends on the whole image
    // (its prefilter is recursive), and a single-label run interpolates only its label's block,
    // cut 14 voxels beyond the margins of the ROI (interpolation_reach in
    // libradiomics/preprocess/prepare_roi.cpp: "about 1e-8 of the intensities' scale"). A chain
    // that interpolates the image once for all labels therefore gives samples that differ in the
    // last bits: on this image, the statistics features of the whole image's interpolation differ
    // from the block's by up to 3e-15 (relative). Linear and nearest interpolation and the LoG
    // filter read a bounded neighbourhood and are equal to the bit (checked the same way), so
    // they are compared exactly. 1e-6 lies far above rounding and far below any real difference
    // (another ROI, another grid).
    {"CubicInterpolation", R"({"interpolation": {"spacing": 1, "method": "cubic"}})", 1e-6},
    {"LogFilterWithInterpolation", R"({"interpolation": {"spacing": 1, "method": "linear"},
        "filtering": {"filters": [{"type": "log", "sigma": 1.5}], "families": ["statistics", "intensity_histogram", "glcm"]}})"},
    // Gabor reads the whole image, so every label's working block is the whole image, even with
    // cubic interpolation: exact.
    {"GaborFilterWithCubicInterpolation", R"({"interpolation": {"spacing": 1, "method": "cubic"},
        "filtering": {"filters": [{"type": "gabor", "sigma": 3, "gamma": 1, "lambda": 4, "theta_step": 90,
                                   "dimensions": "2D"}],
                      "families": ["statistics", "intensity_histogram", "glcm"]}})"},
};

std::string label_case_name(const ::testing::TestParamInfo<LabelCase>& info) { return info.param.name; }
INSTANTIATE_TEST_SUITE_P(Configurations, CliLabels, ::testing::ValuesIn(kLabelCases), label_case_name);

TEST(Cli, LabelZeroIsAnError) {
  // 0 is the background: a ROI of label 0 would be everything outside the segmentations, so
  // `--label 0` is refused like `--label 0,2` (it used to extract the background).
  const auto dir = radiomics::test::temp_dir("cli_label_zero");
  radiomics::write_image(radiomics::test::pattern_image(12), (dir / "image.nrrd").string());
  radiomics::write_image(radiomics::test::as_image(radiomics::test::box_mask(12, 2, 2)), (dir / "mask.nrrd").string());
  const std::string io = "--image " + (dir / "image.nrrd").string() + " --mask " + (dir / "mask.nrrd").string();
  for (const char* labels : {"0", "0,2", "2,0"}) {
    const CliRun r = run_cli("extract " + io + " --label " + labels, dir);
    EXPECT_NE(r.status, 0) << labels;
    EXPECT_EQ(lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find("setting '--label': 0 is the background"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << labels;
  }
  std::ofstream(dir / "zero.json") << R"({"label": 0})";
  const CliRun r = run_cli("extract " + io + " --config " + (dir / "zero.json").string(), dir);
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("setting 'label': 0 is the background"), std::string::npos) << r.err;
}

}  // namespace

// --- DICOM: RTSTRUCT/SEG masks by ROI, `radiomics rois`, several ROIs in one run. ---

namespace {

const radiomics::test::dicom::DicomCases& dicom_cases() {
  static const radiomics::test::dicom::SharedStudy study("cli_dicom_cases");
  return study.cases();
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) out.push_back(line);
  return out;
}

TEST(CliDicom, RoisListsStructureSetsSegmentationsAndLabelMaps) {
  const auto dir = radiomics::test::temp_dir("cli_rois");
  const auto& c = dicom_cases();
  CliRun r = run_cli("rois " + c.rtstruct.string(), dir);
  ASSERT_EQ(r.status, 0) << r.err;
  auto rows = split_lines(r.out);
  ASSERT_EQ(rows.size(), 7u) << r.out;
  EXPECT_EQ(rows[0], "number\tname\tslices\tvoxels");
  EXPECT_EQ(rows[1], "10\tbox\t3\t? (give --image)");

  r = run_cli("rois " + c.rtstruct.string() + " --image " + c.series.string(), dir);
  ASSERT_EQ(r.status, 0) << r.err;
  rows = split_lines(r.out);
  ASSERT_EQ(rows.size(), 6u) << "the marker has no voxels: " << r.out;
  EXPECT_EQ(rows[1], "10\tbox\t3\t75");
  EXPECT_EQ(rows[4], "40\tone slice\t1\t6");

  r = run_cli("rois " + c.seg.string(), dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(split_lines(r.out).at(1), "1\tbox\t3\t75");

  r = run_cli("rois " + kData + "ct_phantom/mask.nii.gz", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(split_lines(r.out).at(1), "1\t1\t26\t125256");
}

TEST(CliDicom, SeveralRoisGiveOneRowEachEqualToSingleRuns) {
  const auto dir = radiomics::test::temp_dir("cli_multi_roi");
  const auto& c = dicom_cases();
  std::ofstream(dir / "config.json") << R"({"families": ["morphology", "statistics", "glszm"],
      "discretisation": {"method": "fixed_bin_number", "bin_count": 8}})";
  const std::string base = "extract --image " + c.series.string() + " --mask " + c.rtstruct.string() +
                           " --config " + (dir / "config.json").string();
  const CliRun all = run_cli(base + " --roi all", dir);
  ASSERT_EQ(all.status, 0) << all.err;
  const auto rows = split_lines(all.out);
  ASSERT_EQ(rows.size(), 1 + c.roi_names.size());
  EXPECT_EQ(rows[0].rfind("roi,roi_number,image,mask,", 0), 0u) << rows[0];
  for (std::size_t i = 0; i < c.roi_names.size(); ++i) {
    const std::string& name = c.roi_names[i];
    EXPECT_EQ(rows[i + 1].rfind(name + ",", 0), 0u) << rows[i + 1];
    const CliRun single = run_cli(base + " --roi '" + name + "'", dir);
    ASSERT_EQ(single.status, 0) << single.err;
    EXPECT_EQ(split_lines(single.out), (std::vector<std::string>{rows[0], rows[i + 1]})) << name;
  }
  const CliRun two = run_cli(base + " --roi 'one slice,10'", dir);
  ASSERT_EQ(two.status, 0) << two.err;
  const auto picked = split_lines(two.out);
  ASSERT_EQ(picked.size(), 3u);
  EXPECT_EQ(picked[1].rfind("one slice,40,", 0), 0u);
  EXPECT_EQ(picked[2].rfind("box,10,", 0), 0u);
}

TEST(CliDicom, AbsentRoiIsOneLineListingTheNames) {
  const auto dir = radiomics::test::temp_dir("cli_absent_roi");
  const auto& c = dicom_cases();
  const CliRun r = run_cli("extract --image " + c.series.string() + " --mask " + c.rtstruct.string() +
                               " --roi GTV --output " + (dir / "out.csv").string(),
                           dir);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("no ROI 'GTV'; ROIs present: 10 'box', 20 'ring with island'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "out.csv"));
}

}  // namespace

namespace {

const std::string kCheckerboard = kData + "ibsi2_phantoms/checkerboard/image.nii.gz";

void write_text(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

TEST(CliFilter, WritesTheChosenFiltersMapOnTheInputGrid) {
  const auto dir = radiomics::test::temp_dir("cli_filter");
  write_text(dir / "two.json", R"({"filtering": {"filters": [{"type": "mean", "support": 3},
                                                              {"type": "log", "sigma": 4}]}})");
  const fs::path out = dir / "log.nii.gz";
  // Two filters: --filter is required, and a failure leaves no file behind.
  CliRun r = run_cli("filter --image " + kCheckerboard + " --config " +
                         (dir / "two.json").string() + " --output " + out.string(),
                     dir);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("mean_m3, log_s4"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  r = run_cli("filter --image " + kCheckerboard + " --config " + (dir / "two.json").string() +
                  " --output " + out.string() + " --filter log_s4",
              dir);
  ASSERT_EQ(r.status, 0) << r.err;
  const radiomics::Image map = radiomics::read_image(out.string());
  const radiomics::Image image = radiomics::read_image(kCheckerboard);
  EXPECT_EQ(map.geometry.size, image.geometry.size);
  EXPECT_EQ(map.geometry.spacing, image.geometry.spacing);
  for (const auto& entry : fs::directory_iterator(dir))
    EXPECT_EQ(entry.path().string().find("partial"), std::string::npos) << entry.path();
  // --threads overrides the configuration's threads; the map is the same.
  const fs::path out3 = dir / "log3.nii.gz";
  r = run_cli("filter --image " + kCheckerboard + " --config " + (dir / "two.json").string() +
                  " --output " + out3.string() + " --filter log_s4 --threads 3",
              dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(radiomics::read_image(out3.string()).data, map.data);
}

TEST(CliFilter, BadFilterSettingsAreOneLineNamingTheKey) {
  const auto dir = radiomics::test::temp_dir("cli_filter_bad");
  write_text(
      dir / "bad.json",
      R"({"filtering": {"filters": [{"type": "wavelet", "wavelet": "db9", "band": "LLH"}]}})");
  const CliRun r =
      run_cli("filter --image " + kCheckerboard + " --config " + (dir / "bad.json").string() +
                  " --output " + (dir / "x.nii.gz").string(),
              dir);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("filtering.filters[0].wavelet"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "x.nii.gz"));
}

}  // namespace

// --- Where --output writes (issue 10): through a unique temporary file renamed into place for
// a regular file; in place for a device or FIFO; a symlink's target, never the link itself; a
// failed write or close is an error, for stdout too. ---
namespace {

TEST(CliOutput, SymlinkKeepsTheLinkAndWritesItsTarget) {
  const auto dir = radiomics::test::temp_dir("cli_out_symlink");
  fs::create_directories(dir / "real");
  fs::create_symlink(dir / "real" / "target.csv", dir / "link.csv");  // dangling until written
  const CliRun r = run_cli("extract " + kPhantom + " --output " + (dir / "link.csv").string(), dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::is_symlink(dir / "link.csv"));
  EXPECT_EQ(lines(slurp(dir / "real" / "target.csv")), 2);
  EXPECT_EQ(entries(dir / "real"), std::vector<std::string>{"target.csv"});  // no temporary left
}

TEST(CliOutput, FifoIsWrittenInPlace) {
  const auto dir = radiomics::test::temp_dir("cli_out_fifo");
  const fs::path fifo = dir / "pipe.csv";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = slurp(fifo); });  // opening blocks until the writer opens
  const CliRun r = run_cli("extract " + kPhantom + " --output " + fifo.string(), dir);
  // Should the program not have opened the FIFO, release the reader (it sees end of file).
  const int release = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
  if (release >= 0) ::close(release);
  reader.join();
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::is_fifo(fifo)) << "the FIFO was replaced";
  EXPECT_EQ(lines(received), 2);
  EXPECT_EQ(entries(dir), std::vector<std::string>{"pipe.csv"});
}

TEST(CliOutput, FailedWriteToADeviceIsAnError) {
  if (!fs::is_character_file("/dev/full")) GTEST_SKIP() << "no /dev/full";
  const auto dir = radiomics::test::temp_dir("cli_out_full");
  // Through a link of our own: a program that replaced the link instead of writing through it
  // would leave /dev/full itself alone (and fail this test).
  fs::create_symlink("/dev/full", dir / "full.csv");
  const CliRun r = run_cli("extract " + kPhantom + " --output " + (dir / "full.csv").string(), dir);
  EXPECT_NE(r.status, 0);
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_TRUE(fs::is_symlink(dir / "full.csv"));
  EXPECT_TRUE(fs::is_character_file("/dev/full"));
  EXPECT_EQ(entries(dir), std::vector<std::string>{"full.csv"});
}

TEST(CliOutput, FailedWriteToStdoutIsAnError) {
  const auto dir = radiomics::test::temp_dir("cli_out_stdout");
  const std::string cli = std::string(RADIOMICS_CLI) + " extract " + kPhantom;
  const fs::path err = dir / "stderr.txt";
  if (fs::is_character_file("/dev/full")) {
    const int full = std::system((cli + " > /dev/full 2> " + err.string()).c_str());
    EXPECT_NE(WEXITSTATUS(full), 0) << "stdout on /dev/full";
    EXPECT_EQ(lines(slurp(err)), 1) << slurp(err);
  }
  const int closed = std::system((cli + " >&- 2> " + err.string()).c_str());
  EXPECT_NE(WEXITSTATUS(closed), 0) << "closed stdout";
  EXPECT_EQ(lines(slurp(err)), 1) << slurp(err);
}

TEST(CliOutput, EndlessConfigurationIsRefusedQuickly) {
  // Was: 4.1 GB read from /dev/zero before failing.
  if (!fs::is_character_file("/dev/zero")) GTEST_SKIP() << "no /dev/zero";
  const auto dir = radiomics::test::temp_dir("cli_config_zero");
  const CliRun r = run_cli("extract " + kPhantom + " --config /dev/zero", dir);
  EXPECT_NE(r.status, 0);
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("16 MiB"), std::string::npos) << r.err;
}

TEST(CliOutput, ConcurrentRunsNeverInterleave) {
  const auto dir = radiomics::test::temp_dir("cli_out_concurrent");
  const fs::path out = dir / "shared.csv";
  const fs::path single = dir / "single.csv";
  ASSERT_EQ(run_cli("extract " + kPhantom + " --output " + single.string(), dir).status, 0);
  const std::string expected = slurp(single);
  const std::string cmd = std::string(RADIOMICS_CLI) + " extract " + kPhantom + " --output " + out.string() + " 2>/dev/null";
  for (int round = 0; round < 8; ++round) {
    std::vector<std::thread> runs;
    for (int k = 0; k < 3; ++k) runs.emplace_back([&] { (void)std::system(cmd.c_str()); });
    for (auto& t : runs) t.join();
    ASSERT_EQ(slurp(out), expected) << "round " << round;
  }
  EXPECT_EQ(entries(dir), (std::vector<std::string>{"shared.csv", "single.csv"}));
}

}  // namespace
