// PyRadiomics compatibility: parameter files, PyRadiomics mode and its column names.
//
// The oracle is PyRadiomics itself: tests/pyradiomics/reference holds its outputs for the IBSI CT
// phantom and the nine cohort scans, with its defaults and with binCount 32. Each case must
// reproduce at least 100 of the 107 default features within 0.1 % (relative), and every feature
// that does not must be one the crosswalk explains (docs/pyradiomics.md).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "pyradiomics/crosswalk.hpp"
#include "pyradiomics/discretise.hpp"
#include "pyradiomics/features.hpp"
#include "pyradiomics/grid.hpp"
#include "radiomics/errors.hpp"
#include "radiomics/pyradiomics.hpp"
#include "radiomics/radiomics.hpp"
#include "support/errors.hpp"

namespace {

using namespace radiomics;
namespace py = radiomics::pyradiomics;

const std::string kRoot = RADIOMICS_SOURCE_DIR;
const std::string kData = kRoot + "/tests/pyradiomics/";

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// feature -> value of a reference CSV, in file order.
std::vector<std::pair<std::string, double>> read_reference(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  std::vector<std::pair<std::string, double>> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const auto comma = line.find(',');
    out.emplace_back(line.substr(0, comma), std::stod(line.substr(comma + 1)));
  }
  return out;
}

struct Case {
  std::string name, image, mask, params;
};
void PrintTo(const Case& c, std::ostream* os) { *os << c.name << "." << c.params; }

std::vector<Case> cases() {
  std::vector<Case> out;
  for (const char* params : {"default_original", "fbn32"}) {
    out.push_back({"ct_phantom", kRoot + "/ibsi_phantom/ct_phantom/image.nii.gz",
                   kRoot + "/ibsi_phantom/ct_phantom/mask.nii.gz", params});
    for (const char* patient : {"STS_001", "STS_002", "STS_003"})
      for (const char* modality : {"CT", "MR_T1", "PET"}) {
        const std::string stem = kRoot + "/examples/cohort/" + patient + "/" + modality;
        out.push_back({std::string(patient) + "_" + modality, stem + "_image.nii.gz", stem + "_mask.nii.gz", params});
      }
  }
  return out;
}

/// The crosswalk entry of a PyRadiomics column ("original_glcm_Idmn"), or nullptr.
const py::Feature* by_column(const std::string& column) {
  for (const py::Feature& f : py::features())
    if (py::column_name(f) == column) return &f;
  return nullptr;
}

bool within_tolerance(double value, double reference) {
  return value == reference || std::abs(value - reference) <= 1e-3 * std::abs(reference);
}

class ReferenceOutputs : public ::testing::TestWithParam<Case> {};

TEST_P(ReferenceOutputs, AtLeast100Of107DefaultFeaturesMatchPyRadiomics) {
  const Case& c = GetParam();
  const Settings settings = Settings::from_file(kData + "params/" + c.params + ".yaml");
  ASSERT_EQ(settings.compatibility, Compatibility::PyRadiomics);
  const FeatureTable table = Extractor(settings).run_files(c.image, c.mask);
  const auto reference = read_reference(kData + "reference/" + c.name + "." + c.params + ".csv");
  ASSERT_EQ(reference.size(), 107u);

  int matches = 0;
  std::string differing;
  for (const auto& [column, expected] : reference) {
    const std::optional<double> value = table.find(column);
    ASSERT_TRUE(value.has_value()) << "no column " << column;
    if (within_tolerance(*value, expected)) {
      ++matches;
      continue;
    }
    differing += "\n  " + column + ": " + std::to_string(*value) + " vs PyRadiomics " + std::to_string(expected);
    // A difference must be one the crosswalk explains.
    const py::Feature* f = by_column(column);
    ASSERT_NE(f, nullptr) << column;
    EXPECT_FALSE(f->note.empty()) << column << " differs from PyRadiomics and the crosswalk does not say why";
  }
  std::cout << "[ pyradiomics ] " << c.name << "." << c.params << ": " << matches << "/107 within 0.1 %"
            << (differing.empty() ? "" : "; differing:" + differing) << "\n";
  EXPECT_GE(matches, 100) << c.name << "." << c.params << " differs in:" << differing;
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) { return info.param.name + "_" + info.param.params; }

INSTANTIATE_TEST_SUITE_P(Cases, ReferenceOutputs, ::testing::ValuesIn(cases()), case_name);

// Both ways, as PyRadiomics' own "missing baseline" check: the default features are exactly the
// reference columns, in PyRadiomics' output order.
TEST(Crosswalk, DefaultFeaturesAreExactlyPyRadiomicsDefaultColumns) {
  std::vector<std::string> reference;
  for (const auto& [column, value] : read_reference(kData + "reference/ct_phantom.default_original.csv"))
    reference.push_back(column);
  EXPECT_EQ(py::default_columns(), reference);
}

TEST(Crosswalk, EveryIbsiTagIsInTheRegistry) {
  const std::vector<std::string> tags = all_tags();
  for (const py::Feature& f : py::features()) {
    if (f.ibsi_tag.empty()) {
      EXPECT_EQ(f.agreement, py::Agreement::NoTag) << py::column_name(f);
      continue;
    }
    const std::string tag = std::string(f.ibsi_tag) + std::string(py::class_info(f.cls).ibsi_suffix);
    EXPECT_NE(std::find(tags.begin(), tags.end(), tag), tags.end()) << py::column_name(f) << ": " << tag;
  }
}

TEST(Crosswalk, EveryDifferenceHasAReason) {
  for (const py::Feature& f : py::features()) {
    const bool explained = f.agreement == py::Agreement::Differs || f.agreement == py::Agreement::NoTag ||
                           f.rule == py::Rule::Deprecated;
    if (explained) {
      EXPECT_FALSE(f.note.empty()) << py::column_name(f);
    }
  }
}

// docs/pyradiomics.md is generated by `radiomics features --pyradiomics --markdown`.
TEST(Crosswalk, DocumentIsUpToDate) {
  EXPECT_EQ(py::crosswalk(true), slurp(kRoot + "/docs/pyradiomics.md"))
      << "docs/pyradiomics.md is stale: run build/cli/radiomics features --pyradiomics --markdown > docs/pyradiomics.md";
}

// ---------------------------------------------------------------------------------------------
// Parameter files.

TEST(ParameterFile, ReferenceFilesTranslate) {
  const Settings defaults = Settings::from_file(kData + "params/default_original.yaml");
  EXPECT_EQ(defaults.discretisation.method, DiscretisationMethod::FixedBinSize);
  EXPECT_EQ(defaults.discretisation.bin_width, 25.0);
  EXPECT_EQ(defaults.label, 1);
  EXPECT_TRUE(defaults.diagnostics);  // additionalInfo: true
  EXPECT_FALSE(defaults.interpolation.enabled);
  EXPECT_TRUE(defaults.pyradiomics.features.size() == 107u) << defaults.pyradiomics.features.size();
  const Settings fbn = Settings::from_file(kData + "params/fbn32.yaml");
  EXPECT_EQ(fbn.discretisation.method, DiscretisationMethod::FixedBinNumber);
  EXPECT_EQ(fbn.discretisation.bin_count, 32);
  EXPECT_FALSE(fbn.diagnostics);
}

TEST(ParameterFile, SettingsWithCounterparts) {
  const Settings s = py::settings_from_parameter_file(R"(
imageType: {Original: {}}
featureClass:
  glcm: [Idmn, MCC]
  firstorder:
setting:
  binCount: 16
  label: 3
  resampledPixelSpacing: [1, 1, 0]
  interpolator: sitkLinear
  resegmentRange: [-3, 3]
  resegmentMode: sigma
  force2D: true
  symmetricalGLCM: false
  gldm_a: 2
  voxelArrayShift: 1000
  weightingNorm: no_weighting
  minimumROIDimensions: 3
  minimumROISize: 50
  distances: [1]
)");
  EXPECT_EQ(s.discretisation.method, DiscretisationMethod::FixedBinNumber);
  EXPECT_EQ(s.discretisation.bin_count, 16);
  EXPECT_EQ(s.label, 3);
  ASSERT_TRUE(s.interpolation.enabled);
  EXPECT_EQ(s.interpolation.spacing, (std::array<double, 3>{1.0, 1.0, 0.0}));
  EXPECT_EQ(s.interpolation.method, InterpolationMethod::Linear);
  EXPECT_EQ(s.resegmentation.outlier_sigma, 3.0);
  EXPECT_TRUE(s.slice_wise);
  EXPECT_FALSE(s.texture.glcm_symmetric);
  EXPECT_EQ(s.texture.ngldm_alpha, 2);
  EXPECT_EQ(s.pyradiomics.voxel_array_shift, 1000.0);
  EXPECT_TRUE(s.pyradiomics.merge_directions);
  EXPECT_EQ(s.pyradiomics.minimum_roi_dimensions, 3);
  EXPECT_EQ(s.pyradiomics.minimum_roi_size, 50);
  // Feature lists in file order; a class without a list stands for its default features.
  ASSERT_GE(s.pyradiomics.features.size(), 3u);
  EXPECT_EQ(s.pyradiomics.features[0], "glcm_Idmn");
  EXPECT_EQ(s.pyradiomics.features[1], "glcm_MCC");
  EXPECT_EQ(s.pyradiomics.features[2], "firstorder_10Percentile");
  EXPECT_TRUE(s.warnings.empty());
  // The JSON form round-trips (digest and all).
  const Settings again = Settings::from_json_text(s.to_json_text());
  EXPECT_EQ(again.to_json_text(), s.to_json_text());
  EXPECT_EQ(again.pyradiomics.features, s.pyradiomics.features);
}

TEST(ParameterFile, DefaultsOfAnEmptyFileArePyRadiomicsDefaults) {
  const Settings s = py::settings_from_parameter_file("");
  EXPECT_EQ(s.compatibility, Compatibility::PyRadiomics);
  EXPECT_EQ(s.discretisation.method, DiscretisationMethod::FixedBinSize);
  EXPECT_EQ(s.discretisation.bin_width, 25.0);
  EXPECT_TRUE(s.pyradiomics.features.empty());  // every default feature
  EXPECT_EQ(py::settings_from_parameter_file("setting:\n  resampledPixelSpacing: [2, 2, 2]\n").interpolation.method,
            InterpolationMethod::Cubic);  // PyRadiomics' default interpolator, sitkBSpline
}

TEST(ParameterFile, KeysWithoutCounterpartAreErrorsNamingThem) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"setting: {bogus: 1}", "setting.bogus"},
      {"imageType: {Gradient: {}, Original: {}}", "imageType.Gradient"},
      {"imageType: {Exponential: {}}", "IBSI 2 filters"},
      {"setting: {normalize: true}", "setting.normalize"},
      {"setting: {resegmentMode: relative, resegmentRange: [0.1, 0.9]}", "setting.resegmentMode"},
      {"setting: {resegmentMode: sigma, resegmentRange: [-2, 3]}", "resegmentRange"},
      {"setting: {weightingNorm: manhattan}", "setting.weightingNorm"},
      {"setting: {distances: [1, 2]}", "setting.distances"},
      {"setting: {force2Ddimension: 1}", "setting.force2Ddimension"},
      {"setting: {resegmentShape: true}", "setting.resegmentShape"},
      {"setting: {interpolator: sitkGaussian, resampledPixelSpacing: [1, 1, 1]}", "setting.interpolator"},
      {"setting: {binWidth: -5}", "setting.binWidth"},
      {"setting: {label: one}", "setting.label"},
      {"featureClass: {glcm: [Idmnn]}", "Idmnn"},
      {"featureClass: {glcm: [Dissimilarity]}", "deprecated"},
      {"featureClass: {shape2D: }", "featureClass.shape2D"},
      {"featureClass: {texture: }", "featureClass.texture"},
      {"voxelSetting: {kernelRadius: 2}", "voxelSetting"},
      {"settings: {binWidth: 25}", "settings"},
      {"setting: [binWidth]", "setting"},
      {"setting: {binWidth: 25", "YAML"},
      {"setting: {[binWidth]: 25}", "parameter file"},
      {"setting: {label: [1]}", "setting.label"},
      {"featureClass: {glcm: [[Idmn]]}", "featureClass.glcm"},
      {"imageType: {Original: [binWidth]}", "imageType.Original"},
      // Found by fuzzing (tests/fuzz/fuzz_parameter_file.cpp): bytes that are not UTF-8.
      {"featureClass: {glcm: [Idmn, MCC\xff\xff]}", "not a PyRadiomics glcm feature"},
  };
  test::expect_errors_contain(bad, test::parameter_file_error_of);
}

TEST(ParameterFile, KeysThatChangeNoValueAreWarnings) {
  const Settings s = py::settings_from_parameter_file(
      "setting: {padDistance: 10, geometryTolerance: 1.0e-3, sigma: [1, 2], binWidth: 10, binCount: 8}\n");
  std::string all;
  for (const std::string& w : s.warnings) all += w + "\n";
  for (const char* key : {"'padDistance'", "'geometryTolerance'", "'sigma'", "'binWidth'"})
    EXPECT_NE(all.find(key), std::string::npos) << key << " not in\n" << all;
  EXPECT_EQ(s.discretisation.method, DiscretisationMethod::FixedBinNumber);  // binCount wins
  // Every output row carries them.
  const FeatureTable t = Extractor(s).run_files(kRoot + "/examples/cohort/STS_002/PET_image.nii.gz",
                                                kRoot + "/examples/cohort/STS_002/PET_mask.nii.gz");
  std::string row;
  for (const std::string& w : t.warnings()) row += w + "\n";
  EXPECT_NE(row.find("'padDistance'"), std::string::npos) << row;
}

TEST(JsonConfiguration, CompatibilityKey) {
  const Settings s = Settings::from_json_text(R"({"compatibility": "pyradiomics",
      "pyradiomics": {"features": ["shape", "glcm_MCC"], "voxel_array_shift": 5}})");
  EXPECT_EQ(s.compatibility, Compatibility::PyRadiomics);
  EXPECT_EQ(s.discretisation.bin_width, 25.0);  // PyRadiomics' default
  EXPECT_EQ(s.pyradiomics.features.size(), 15u);  // 14 default shape features + MCC
  EXPECT_EQ(s.pyradiomics.features.back(), "glcm_MCC");
  // IBSI mode prints its compatibility too; its digests stay what they were
  // (Settings.DigestsOfExistingConfigurationsAreUnchanged).
  EXPECT_NE(Settings::from_json_text("{}").to_json_text().find("\"compatibility\":\"ibsi\""), std::string::npos);
  const auto error = [](const std::string& json) { return test::settings_error_of(json, ""); };
  EXPECT_NE(error(R"({"compatibility": "mirp"})").find("compatibility"), std::string::npos);
  EXPECT_NE(error(R"({"pyradiomics": {}})").find("pyradiomics"), std::string::npos);
  EXPECT_NE(error(R"({"compatibility": "pyradiomics", "families": ["glcm"]})").find("families"), std::string::npos);
  EXPECT_NE(error(R"({"compatibility": "pyradiomics", "texture": {"aggregations": ["3D"]}})").find("texture.aggregations"),
            std::string::npos);
  EXPECT_NE(error(R"({"compatibility": "pyradiomics", "pyradiomics": {"features": ["glcm_Nope"]}})").find("Nope"),
            std::string::npos);
  EXPECT_NE(error(R"({"compatibility": "pyradiomics", "discretisation": {"method": "none"}})").find("none"),
            std::string::npos);
  // Spacing 0 (keep the axis) only in PyRadiomics mode.
  EXPECT_NE(error(R"({"interpolation": {"spacing": [1, 1, 0]}})").find("interpolation.spacing[2]"), std::string::npos);
  EXPECT_EQ(error(R"({"compatibility": "pyradiomics", "interpolation": {"spacing": [1, 1, 0]}})"), "");
}

// ---------------------------------------------------------------------------------------------
// PyRadiomics' conventions, one by one.

TEST(Discretisation, BinEdgesAtMultiplesOfTheWidth) {
  DiscretisationSettings fbs;
  fbs.method = DiscretisationMethod::FixedBinSize;
  fbs.bin_width = 25.0;
  // Python: -1003 % 25 = 22, so the first edge is -1025.
  const std::vector<double> edges = py::bin_edges(-1003.0, 40.0, fbs);
  EXPECT_EQ(edges.front(), -1025.0);
  EXPECT_EQ(py::digitize(-1003.0, edges), 1);
  EXPECT_EQ(py::digitize(-1000.0, edges), 2);  // an edge opens the next bin
  EXPECT_EQ(py::digitize(40.0, edges), 43);
  EXPECT_GE(edges.back(), 40.0 + 25.0);
  // A flat ROI still has one bin.
  EXPECT_EQ(py::digitize(7.0, py::bin_edges(7.0, 7.0, fbs)), 1);
  // Fixed bin number: numpy's edges; the maximum lands in the last bin.
  DiscretisationSettings fbn;
  fbn.method = DiscretisationMethod::FixedBinNumber;
  fbn.bin_count = 4;
  const std::vector<double> e4 = py::bin_edges(0.0, 8.0, fbn);
  ASSERT_EQ(e4.size(), 5u);
  EXPECT_EQ(py::digitize(0.0, e4), 1);
  EXPECT_EQ(py::digitize(2.0, e4), 2);
  EXPECT_EQ(py::digitize(8.0, e4), 4);
  EXPECT_EQ(py::digitize(5.0, py::bin_edges(5.0, 5.0, fbn)), 3);  // flat: edges 4.5 .. 5.5
}

TEST(ResamplingGrid, AlignedWithTheImageCorner) {
  // 11 voxels of 1 mm to 2 mm: PyRadiomics' 6 voxels start at old coordinate 0.5 (their corner
  // is the image's); the IBSI grid is centred instead and starts at 0.
  const AxisSampling p = py::axis_sampling(11, 1.0, 2.0);
  EXPECT_EQ(p.size, 6);
  EXPECT_DOUBLE_EQ(p.position(0), 0.5);
  EXPECT_DOUBLE_EQ(p.position(5), 10.5);
  EXPECT_DOUBLE_EQ(ibsi_axis_sampling(11, 1.0, 2.0).position(0), 0.0);
  const AxisSampling same = py::axis_sampling(11, 1.0, 1.0);
  EXPECT_TRUE(same.is_identity(11));
}

TEST(Shape, PlanarDiameterIsTheFarthestPair) {
  EXPECT_DOUBLE_EQ(py::max_planar_distance({{0, 0}, {3, 0}, {0, 4}, {1, 1}, {3, 4}}), 5.0);
  EXPECT_DOUBLE_EQ(py::max_planar_distance({{0, 0}, {2, 0}, {1, 0}}), 2.0);
  EXPECT_DOUBLE_EQ(py::max_planar_distance({{1, 1}}), 0.0);
}

const std::string kPhantomImage = kRoot + "/ibsi_phantom/ct_phantom/image.nii.gz";
const std::string kPhantomMask = kRoot + "/ibsi_phantom/ct_phantom/mask.nii.gz";

// PyRadiomics' aggregations are IBSI aggregations: per direction and averaged (3D_avg), summed
// directions with weightingNorm no_weighting (3D_comb), and with force2D the in-plane directions
// over all slices (2_5D_avg, 2_5D). With binCount the grey levels agree (integer HU), so the
// values must too.
TEST(Aggregation, ForceTwoDAndNoWeightingAreIbsiAggregations) {
  const auto run = [](const std::string& config) {
    return Extractor(Settings::from_json_text(config)).run_files(kPhantomImage, kPhantomMask);
  };
  const FeatureTable ibsi = run(R"({"discretisation": {"method": "fixed_bin_number", "bin_count": 32},
      "analysis": "2D", "families": ["glcm", "glszm"], "texture": {"aggregations": ["2_5D_avg", "2_5D"]}})");
  const FeatureTable two_d = run(R"({"compatibility": "pyradiomics", "analysis": "2D",
      "discretisation": {"method": "fixed_bin_number", "bin_count": 32},
      "pyradiomics": {"features": ["glcm_Contrast", "glcm_JointAverage", "glszm_ZonePercentage"]}})");
  EXPECT_DOUBLE_EQ(*two_d.find("original_glcm_Contrast"), *ibsi.find("cm_contrast_2_5D_avg"));
  EXPECT_DOUBLE_EQ(*two_d.find("original_glcm_JointAverage"), *ibsi.find("cm_joint_avg_2_5D_avg"));
  EXPECT_DOUBLE_EQ(*two_d.find("original_glszm_ZonePercentage"), *ibsi.find("szm_z_perc_2_5D"));

  const FeatureTable comb = run(R"({"discretisation": {"method": "fixed_bin_number", "bin_count": 32},
      "families": ["glcm"], "texture": {"aggregations": ["3D_comb"]}})");
  const FeatureTable merged = run(R"({"compatibility": "pyradiomics",
      "discretisation": {"method": "fixed_bin_number", "bin_count": 32},
      "pyradiomics": {"features": ["glcm_Contrast"], "merge_directions": true}})");
  EXPECT_DOUBLE_EQ(*merged.find("original_glcm_Contrast"), *comb.find("cm_contrast_3D_comb"));
}

// Resampling to the image's own spacing changes nothing (PyRadiomics skips it); a coarser grid
// runs on PyRadiomics' grid with the mask resampled by nearest neighbour.
TEST(Resampling, PyRadiomicsGrid) {
  const auto run = [](const std::string& yaml) {
    return Extractor(py::settings_from_parameter_file(yaml)).run_files(kPhantomImage, kPhantomMask);
  };
  const std::string features = "featureClass: {shape: [VoxelVolume, MeshVolume], firstorder: [Mean]}\n";
  const FeatureTable native = run(features);
  // The phantom's spacing is 0.977 x 0.977 x 3 mm.
  const FeatureTable same = run(features + "setting: {resampledPixelSpacing: [0, 0, 3]}\n");
  EXPECT_EQ(*same.find("original_firstorder_Mean"), *native.find("original_firstorder_Mean"));
  EXPECT_EQ(*same.find("original_shape_VoxelVolume"), *native.find("original_shape_VoxelVolume"));
  const FeatureTable coarse = run(features + "setting: {resampledPixelSpacing: [2, 2, 3], interpolator: sitkLinear}\n");
  // Nearest-neighbour mask resampling keeps the volume within a few percent.
  EXPECT_NEAR(*coarse.find("original_shape_VoxelVolume") / *native.find("original_shape_VoxelVolume"), 1.0, 0.05);
  EXPECT_NE(*coarse.find("original_firstorder_Mean"), *native.find("original_firstorder_Mean"));
}

TEST(RoiChecks, MinimumDimensionsAndSize) {
  const auto run = [](const std::string& yaml) {
    Extractor(py::settings_from_parameter_file(yaml)).run_files(kPhantomImage, kPhantomMask);
  };
  EXPECT_NO_THROW(run("featureClass: {firstorder: [Mean]}\nsetting: {minimumROIDimensions: 3, minimumROISize: 1000}\n"));
  EXPECT_THROW(run("featureClass: {firstorder: [Mean]}\nsetting: {minimumROISize: 100000000}\n"), InputError);
}

// IBSI mode is untouched: same settings without the compatibility key give IBSI tags only.
TEST(IbsiMode, HasNoPyRadiomicsColumns) {
  const FeatureTable t = Extractor(Settings::from_json_text(R"({"families": ["statistics"]})"))
                             .run_files(kPhantomImage, kPhantomMask);
  for (const auto& [tag, value] : t.values()) EXPECT_NE(tag.rfind("original_", 0), 0u) << tag;
  EXPECT_TRUE(t.find("stat_kurt").has_value());
}

}  // namespace
