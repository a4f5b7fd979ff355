// PyRadiomics' filtered image types (imageType LoG and Wavelet) in PyRadiomics mode: computed by
// the IBSI 2 filters, named as PyRadiomics names them. The columns of a parameter file, the
// wiring (a column equals the statistic of the filter API's own response map inside the ROI),
// per-image-type settings, and the errors for values without a counterpart.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "pyradiomics/image_types.hpp"
#include "radiomics/errors.hpp"
#include "radiomics/pyradiomics.hpp"
#include "radiomics/radiomics.hpp"
#include "support/errors.hpp"

namespace {

using namespace radiomics;
namespace py = radiomics::pyradiomics;

const std::string kRoot = RADIOMICS_SOURCE_DIR;
const std::string kPhantomImage = kRoot + "/ibsi_phantom/ct_phantom/image.nii.gz";
const std::string kPhantomMask = kRoot + "/ibsi_phantom/ct_phantom/mask.nii.gz";

/// The column prefixes of a row's features (the part before the first '_'), in order, each once.
std::vector<std::string> image_types(const FeatureTable& t) {
  std::vector<std::string> out;
  for (const auto& [column, value] : t.values()) {
    const std::string prefix = column.substr(0, column.find('_'));
    if (out.empty() || out.back() != prefix) out.push_back(prefix);
  }
  return out;
}

/// The columns of one image type with the prefix removed ("firstorder_Mean").
std::vector<std::string> columns_of(const FeatureTable& t, const std::string& image_type) {
  std::vector<std::string> out;
  for (const auto& [column, value] : t.values())
    if (column.rfind(image_type + "_", 0) == 0) out.push_back(column.substr(image_type.size() + 1));
  return out;
}

TEST(PyRadiomicsImageTypes, LogAndWaveletColumnsOfTheCtPhantom) {
  const Settings s = py::settings_from_parameter_file(R"(
imageType:
  Original: {}
  LoG: {sigma: [1.0, 3.0]}
  Wavelet: {}
featureClass: {shape: , firstorder: , glcm: }
)");
  const FeatureTable t = Extractor(s).run_files(kPhantomImage, kPhantomMask);
  // PyRadiomics' image types in its order: imageType order; per level the seven detail bands in
  // PyWavelets' key order, then the approximation.
  const std::vector<std::string> expected = {"original",    "log-sigma-1-0-mm-3D", "log-sigma-3-0-mm-3D",
                                             "wavelet-LLH", "wavelet-LHL",         "wavelet-LHH",
                                             "wavelet-HLL", "wavelet-HLH",         "wavelet-HHL",
                                             "wavelet-HHH", "wavelet-LLL"};
  EXPECT_EQ(image_types(t), expected);
  // Shape once, on the original image; every filtered image gets the other classes' defaults, in
  // the original image's order: 18 firstorder + 24 glcm.
  const std::vector<std::string> original = columns_of(t, "original");
  EXPECT_EQ(original.size(), 14u + 18u + 24u);
  std::vector<std::string> without_shape;
  for (const std::string& c : original)
    if (c.rfind("shape_", 0) != 0) without_shape.push_back(c);
  ASSERT_EQ(without_shape.size(), 42u);
  for (std::size_t i = 1; i < expected.size(); ++i) EXPECT_EQ(columns_of(t, expected[i]), without_shape) << expected[i];
  ASSERT_TRUE(t.find("log-sigma-1-0-mm-3D_firstorder_Mean"));
  ASSERT_TRUE(t.find("wavelet-LLH_glcm_Idmn"));
  // Filtering changes the values: each response map differs from the image and from the others.
  EXPECT_NE(*t.find("log-sigma-1-0-mm-3D_firstorder_Mean"), *t.find("original_firstorder_Mean"));
  EXPECT_NE(*t.find("log-sigma-1-0-mm-3D_firstorder_Mean"), *t.find("log-sigma-3-0-mm-3D_firstorder_Mean"));
  EXPECT_NE(*t.find("wavelet-LLH_firstorder_Variance"), *t.find("wavelet-HHH_firstorder_Variance"));
  // PyWavelets' coif1 low-pass sums to sqrt(2): the approximation's mean is 2^(3/2) times the
  // image's (far from the border, where the periodic boundary brings in other intensities).
  EXPECT_NEAR(*t.find("wavelet-LLL_firstorder_Mean") / *t.find("original_firstorder_Mean"), std::pow(2.0, 1.5), 0.05);
}

// Resampling keeps an axis of spacing 0 (PyRadiomics' resampledPixelSpacing); the LoG kernel's
// reach along it is counted in the image's own spacing (the chain once divided by the 0). The
// phantom's slices are 3 mm apart, so 0 and 3 along z sample the same grid: same values.
TEST(PyRadiomicsImageTypes, LogAfterResamplingThatKeepsAnAxis) {
  const auto run = [](const std::string& spacing) {
    return Extractor(py::settings_from_parameter_file(
                         "imageType: {Original: , LoG: {sigma: [2.0]}}\n"
                         "featureClass: {firstorder: [Mean, Variance]}\n"
                         "setting: {resampledPixelSpacing: " + spacing + ", interpolator: sitkLinear}\n"))
        .run_files(kPhantomImage, kPhantomMask);
  };
  const FeatureTable kept = run("[2, 2, 0]");
  const FeatureTable same = run("[2, 2, 3]");
  ASSERT_TRUE(kept.find("log-sigma-2-0-mm-3D_firstorder_Variance"));
  EXPECT_GT(*kept.find("log-sigma-2-0-mm-3D_firstorder_Variance"), 0.0);
  for (const char* column : {"log-sigma-2-0-mm-3D_firstorder_Mean", "log-sigma-2-0-mm-3D_firstorder_Variance"})
    EXPECT_NEAR(*kept.find(column), *same.find(column), 1e-9 * std::abs(*same.find(column))) << column;
}

/// A 24 x 20 x 12 image of random integers with anisotropic voxels, and a box ROI that touches
/// the x = 0 border (so that the boundary condition acts inside the ROI).
struct Case {
  Image image;
  LabelMap mask;
};

Case anisotropic_case() {
  Case c;
  Geometry g;
  g.size = {24, 20, 12};
  g.spacing = {0.8, 0.8, 2.0};
  c.image.geometry = g;
  c.mask.geometry = g;
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> u(-200, 300);
  for (std::size_t i = 0; i < g.voxel_count(); ++i) c.image.data.push_back(static_cast<float>(u(rng)));
  c.mask.data.assign(g.voxel_count(), 0);
  for (std::size_t z = 3; z < 9; ++z)
    for (std::size_t y = 5; y < 14; ++y)
      for (std::size_t x = 0; x < 8; ++x) c.mask.data[g.index(x, y, z)] = 1;
  return c;
}

struct RoiStatistics {
  double mean = 0.0;
  double max = -std::numeric_limits<double>::infinity();
};

/// Mean and maximum of a map inside the mask, times `scale`.
RoiStatistics statistics_in_mask(const Image& map, const LabelMap& mask, double scale) {
  RoiStatistics s;
  double sum = 0.0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < map.data.size(); ++i)
    if (mask.data[i] == 1) {
      const double v = scale * static_cast<double>(map.data[i]);
      sum += v;
      s.max = std::max(s.max, v);
      ++n;
    }
  s.mean = sum / static_cast<double>(n);
  return s;
}

// The wiring: a filtered image's column is the statistic of the IBSI 2 response map that the
// filter API (radiomics::filter_image, IBSI mode) computes over the whole image, inside the ROI.
// For LoG, PyRadiomics' image is SimpleITK's scale-normalised Laplacian: sigma^2 times the
// Laplacian in mm, where the IBSI 2 kernel gives (geometric mean spacing)^2 times it.
TEST(PyRadiomicsImageTypes, LogColumnIsTheStatisticOfTheIbsiResponseMap) {
  const Case c = anisotropic_case();
  const FeatureTable t = Extractor(py::settings_from_parameter_file(
                                       "imageType: {LoG: {sigma: [1.5]}}\n"
                                       "featureClass: {firstorder: [Mean, Maximum]}\n"))
                             .run(c.image.view(), c.mask.view());
  const Settings ibsi = Settings::from_json_text(
      R"({"filtering": {"filters": [{"type": "log", "sigma": 1.5, "boundary": "nearest"}]}})");
  const Image map = filter_image(c.image.view(), ibsi);
  const double sigma_voxels = 1.5 / std::cbrt(0.8 * 0.8 * 2.0);
  const RoiStatistics expected = statistics_in_mask(map, c.mask, sigma_voxels * sigma_voxels);
  ASSERT_TRUE(t.find("log-sigma-1-5-mm-3D_firstorder_Mean"));
  EXPECT_NEAR(*t.find("log-sigma-1-5-mm-3D_firstorder_Mean"), expected.mean, 1e-9 * std::abs(expected.mean));
  EXPECT_NEAR(*t.find("log-sigma-1-5-mm-3D_firstorder_Maximum"), expected.max, 1e-9 * std::abs(expected.max));
  // A mirror boundary (the IBSI default) gives another mean here: the boundary is the nearest one.
  const Settings mirror = Settings::from_json_text(R"({"filtering": {"filters": [{"type": "log", "sigma": 1.5}]}})");
  const RoiStatistics other = statistics_in_mask(filter_image(c.image.view(), mirror), c.mask, sigma_voxels * sigma_voxels);
  EXPECT_GT(std::abs(other.mean - expected.mean), 1e-6 * std::abs(expected.mean));
  // Without Original in imageType, no feature of the image itself (shape would still be there).
  EXPECT_FALSE(t.find("original_firstorder_Mean"));
  // `radiomics filter` with the parameter file writes PyRadiomics' image: the scaled map.
  const Image scaled = filter_image(c.image.view(), py::settings_from_parameter_file("imageType: {LoG: {sigma: [1.5]}}\n"));
  const RoiStatistics via_file = statistics_in_mask(scaled, c.mask, 1.0);
  EXPECT_NEAR(via_file.mean, expected.mean, 1e-5 * std::abs(expected.mean));  // float32 map
}

TEST(PyRadiomicsImageTypes, WaveletColumnIsTheStatisticOfTheIbsiResponseMap) {
  const Case c = anisotropic_case();
  const FeatureTable t = Extractor(py::settings_from_parameter_file(
                                       "imageType: {Original: , Wavelet: }\n"
                                       "featureClass: {shape: [VoxelVolume], firstorder: [Mean, Maximum]}\n"))
                             .run(c.image.view(), c.mask.view());
  const Settings ibsi = Settings::from_json_text(R"({"filtering": {"filters":
      [{"type": "wavelet", "wavelet": "coif1", "band": "HLH", "boundary": "periodic"}]}})");
  const RoiStatistics expected = statistics_in_mask(filter_image(c.image.view(), ibsi), c.mask, 1.0);
  ASSERT_TRUE(t.find("wavelet-HLH_firstorder_Mean"));
  EXPECT_NEAR(*t.find("wavelet-HLH_firstorder_Mean"), expected.mean, 1e-9 * std::abs(expected.mean));
  EXPECT_NEAR(*t.find("wavelet-HLH_firstorder_Maximum"), expected.max, 1e-9 * std::abs(expected.max));
  EXPECT_TRUE(t.find("original_shape_VoxelVolume"));
  EXPECT_FALSE(t.find("wavelet-HLH_shape_VoxelVolume"));
}

// ---------------------------------------------------------------------------------------------
// Names and settings.

TEST(PyRadiomicsImageTypes, NumbersAreWrittenAsPythonWritesThem) {
  EXPECT_EQ(py::python_float_repr(1.0), "1.0");
  EXPECT_EQ(py::python_float_repr(2.5), "2.5");
  EXPECT_EQ(py::python_float_repr(0.1), "0.1");
  EXPECT_EQ(py::python_float_repr(0.0001), "0.0001");
  EXPECT_EQ(py::python_float_repr(0.00001), "1e-05");
  EXPECT_EQ(py::python_float_repr(123.25), "123.25");
  EXPECT_EQ(py::python_float_repr(1e16), "1e+16");
  EXPECT_EQ(py::python_float_repr(1.5e16), "1.5e+16");
  EXPECT_EQ(py::python_float_repr(1e15), "1000000000000000.0");
  EXPECT_EQ(py::python_float_repr(-0.75), "-0.75");
  // An integer literal stays an integer, as in PyRadiomics' str(sigma).
  EXPECT_EQ(py::python_number_text("3", 3.0), "3");
  EXPECT_EQ(py::python_number_text("3.0", 3.0), "3.0");
  EXPECT_EQ(py::python_number_text("1.50", 1.5), "1.5");
  EXPECT_EQ(py::log_image_type("1.0"), "log-sigma-1-0-mm-3D");
  EXPECT_EQ(py::wavelet_image_type(1, "LLH"), "wavelet-LLH");
  EXPECT_EQ(py::wavelet_image_type(2, "HHH"), "wavelet2-HHH");
  EXPECT_EQ(py::wavelet_detail_bands(3),
            (std::vector<std::string>{"LLH", "LHL", "LHH", "HLL", "HLH", "HHL", "HHH"}));
  EXPECT_EQ(py::wavelet_detail_bands(2), (std::vector<std::string>{"LH", "HL", "HH"}));
}

std::vector<std::string> prefixes(const Settings& s) {
  std::vector<std::string> out;
  for (const FilterSettings& f : s.filtering.filters) out.push_back(f.prefix);
  return out;
}

TEST(PyRadiomicsImageTypes, ParameterFileToFilters) {
  const Settings log = py::settings_from_parameter_file("imageType: {Original: , LoG: {sigma: [1, 2.5]}}\n");
  EXPECT_EQ(prefixes(log), (std::vector<std::string>{"log-sigma-1-mm-3D", "log-sigma-2-5-mm-3D"}));
  ASSERT_EQ(log.filtering.filters.size(), 2u);
  const FilterSettings& f = log.filtering.filters[1];
  ASSERT_TRUE(std::holds_alternative<LogFilter>(f.kind));
  EXPECT_EQ(std::get<LogFilter>(f.kind).sigma_mm, 2.5);
  EXPECT_EQ(f.boundary, Boundary::Nearest);  // SimpleITK's recursive Gaussian repeats the edge voxel
  EXPECT_TRUE(f.volumetric);
  EXPECT_TRUE(log.filtering.original_image);
  // The filtered images share the image's discretisation by default (PyRadiomics: binWidth 25).
  EXPECT_EQ(log.filtering.discretisation.method, DiscretisationMethod::FixedBinSize);
  EXPECT_EQ(log.filtering.discretisation.bin_width, 25.0);

  // Levels start_level + 1 .. start_level + level; PyRadiomics numbers them from 1.
  const Settings wavelet = py::settings_from_parameter_file("imageType: {Wavelet: {start_level: 1, level: 2, wavelet: db1}}\n");
  const std::vector<std::string> names = prefixes(wavelet);
  ASSERT_EQ(names.size(), 7u + 7u + 1u);
  EXPECT_EQ(names.front(), "wavelet-LLH");
  EXPECT_EQ(names[7], "wavelet2-LLH");
  EXPECT_EQ(names.back(), "wavelet2-LLL");
  EXPECT_EQ(std::get<WaveletFilter>(wavelet.filtering.filters.front().kind).level, 2);
  EXPECT_EQ(std::get<WaveletFilter>(wavelet.filtering.filters.back().kind).level, 3);
  EXPECT_EQ(std::get<WaveletFilter>(wavelet.filtering.filters.back().kind).wavelet, "haar");  // db1 is Haar
  EXPECT_EQ(wavelet.filtering.filters.front().boundary, Boundary::Periodic);  // PyWavelets' swtn
  EXPECT_FALSE(wavelet.filtering.original_image);

  // force2D: PyRadiomics decomposes in-plane only.
  const Settings in_plane = py::settings_from_parameter_file("imageType: {Wavelet: }\nsetting: {force2D: true}\n");
  EXPECT_EQ(prefixes(in_plane), (std::vector<std::string>{"wavelet-LH", "wavelet-HL", "wavelet-HH", "wavelet-LL"}));
  EXPECT_FALSE(in_plane.filtering.filters.front().volumetric);

  // The JSON form round-trips (digest and all).
  for (const Settings* s : {&log, &wavelet, &in_plane}) {
    const Settings again = Settings::from_json_text(s->to_json_text());
    EXPECT_EQ(again.to_json_text(), s->to_json_text());
  }
}

TEST(PyRadiomicsImageTypes, SettingsPerImageType) {
  // Filter keys from `setting` serve the image type; own binWidth / binCount set the filtered
  // images' discretisation; Original's own settings stay the image's.
  const Settings s = py::settings_from_parameter_file(R"(
imageType:
  Original: {binWidth: 10}
  LoG: {binCount: 16}
  Wavelet: {binCount: 16, wavelet: haar}
setting: {binWidth: 25, sigma: [2]}
)");
  EXPECT_EQ(s.discretisation.method, DiscretisationMethod::FixedBinSize);
  EXPECT_EQ(s.discretisation.bin_width, 10.0);
  EXPECT_EQ(s.filtering.discretisation.method, DiscretisationMethod::FixedBinNumber);
  EXPECT_EQ(s.filtering.discretisation.bin_count, 16);
  ASSERT_EQ(s.filtering.filters.size(), 1u + 8u);
  EXPECT_EQ(std::get<LogFilter>(s.filtering.filters[0].kind).sigma_mm, 2.0);
  EXPECT_EQ(std::get<WaveletFilter>(s.filtering.filters[1].kind).wavelet, "haar");
  // A filter key under the wrong image type changes no value: a warning names it.
  const Settings misplaced = py::settings_from_parameter_file("imageType: {Wavelet: {sigma: [1]}}\n");
  std::string all;
  for (const std::string& w : misplaced.warnings) all += w + "\n";
  EXPECT_NE(all.find("imageType.Wavelet.sigma"), std::string::npos) << all;
}

TEST(PyRadiomicsImageTypes, ValuesWithoutCounterpartAreErrorsNamingTheKey) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"imageType: {LoG: {sigma: [1.0, -2.0]}}", "'imageType.LoG.sigma[1]': must be > 0"},
      {"imageType: {LoG: {sigma: [0]}}", "'imageType.LoG.sigma[0]'"},
      {"imageType: {LoG: {sigma: [1.0e300]}}", "'imageType.LoG.sigma[0]': must be at most"},
      {"imageType: {LoG: }\nsetting: {sigma: [-1]}", "'setting.sigma[0]'"},
      {"imageType: {LoG: {sigma: 1.0}}", "'imageType.LoG.sigma'"},
      {"imageType: {LoG: {sigma: [1.0, 1.0]}}", "listed twice"},
      {"imageType: {LoG: }", "needs 'sigma'"},
      {"imageType: {Wavelet: {wavelet: sym4}}", "'imageType.Wavelet.wavelet': wavelet 'sym4'"},
      {"imageType: {Wavelet: }\nsetting: {wavelet: bior1.3}", "'setting.wavelet'"},
      {"imageType: {Wavelet: {level: 0}}", "'imageType.Wavelet.level'"},
      {"imageType: {Wavelet: {start_level: -1}}", "'imageType.Wavelet.start_level'"},
      {"imageType: {Wavelet: {start_level: 5, level: 4}}", "'imageType.Wavelet.level'"},
      {"imageType: {Original: , LoG: {sigma: [1], voxelArrayShift: 5}}", "'imageType.LoG.voxelArrayShift'"},
      {"imageType: {Original: {label: 2}, LoG: {sigma: [1]}}", "'imageType.Original.label'"},
      {"imageType: {LoG: {sigma: [1], binWidth: 5}, Wavelet: {binWidth: 10}}", "'imageType.Wavelet'"},
      {"imageType: {Square: }", "'imageType.Square'"},
      {"imageType: {LBP3D: {}}", "no counterpart among the IBSI 2 filters"},
      {"imageType: {}", "'imageType'"},
  };
  test::expect_errors_contain(bad, test::parameter_file_error_of);
}

TEST(PyRadiomicsImageTypes, JsonConfigurationInPyRadiomicsMode) {
  const Settings s = Settings::from_json_text(R"({"compatibility": "pyradiomics",
      "filtering": {"filters": [{"type": "log", "sigma": 2}, {"type": "wavelet", "wavelet": "coif1", "band": "HHL"}]}})");
  EXPECT_EQ(prefixes(s), (std::vector<std::string>{"log-sigma-2-0-mm-3D", "wavelet-HHL"}));
  EXPECT_EQ(s.filtering.filters[0].boundary, Boundary::Nearest);
  EXPECT_EQ(s.filtering.filters[1].boundary, Boundary::Periodic);
  EXPECT_EQ(s.filtering.discretisation.bin_width, 25.0);
  const auto error = [](const std::string& json) { return test::settings_error_of(json, ""); };
  EXPECT_NE(error(R"({"compatibility": "pyradiomics", "filtering": {"filters": [{"type": "mean", "support": 3}]}})")
                .find("filtering.filters[0].type"),
            std::string::npos);
  EXPECT_NE(error(R"({"compatibility": "pyradiomics", "filtering": {"families": ["glcm"],
      "filters": [{"type": "log", "sigma": 1}]}})").find("filtering.families"),
            std::string::npos);
  // IBSI mode keeps its own prefixes and boundary.
  const Settings ibsi = Settings::from_json_text(R"({"filtering": {"filters": [{"type": "log", "sigma": 2}]}})");
  EXPECT_EQ(ibsi.filtering.filters[0].prefix, "log_s2");
  EXPECT_EQ(ibsi.filtering.filters[0].boundary, Boundary::Mirror);
}

// Files with the Original image only give what they gave before: no filtering section, so the
// same canonical settings (and settings digest), and only original_ columns.
TEST(PyRadiomicsImageTypes, OriginalOnlyFilesHaveNoFilters) {
  const Settings s = Settings::from_file(kRoot + "/tests/pyradiomics/params/default_original.yaml");
  EXPECT_TRUE(s.filtering.filters.empty());
  EXPECT_NE(s.to_json_text().find("\"filtering\":null"), std::string::npos) << s.to_json_text();  // a stage that is off
}

}  // namespace
