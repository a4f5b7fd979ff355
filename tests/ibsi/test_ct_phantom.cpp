// IBSI 1 CT phantom, configurations A, B and C: every published reference value (features and
// image-processing diagnostics of ibsi_phantom/reference/config_{a,b,c}.csv) must be reproduced
// within its published tolerance. One test per configuration and family, so a failure says
// which stage or family disagrees, with per-family counts and every failing tag.
// Configurations D and E have held-out references: they must run and produce every tag.
// Each configuration runs twice: on the NIfTI copy, and on the DICOM series + RTSTRUCT (ROI
// GTV-1) the IBSI configurations were defined on, read and rasterised by libradiomics.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "radiomics/ibsi.hpp"
#include "radiomics/radiomics.hpp"
#include "radiomics/registry.hpp"

namespace {

const std::string kData = std::string(RADIOMICS_SOURCE_DIR) + "/ibsi_phantom/";

/// The extraction of one configuration from one source ("nifti" or "dicom"), computed once per
/// test program.
const radiomics::FeatureTable& features_of(const std::string& config, const std::string& source) {
  static std::map<std::string, radiomics::FeatureTable> cache;
  auto it = cache.find(config + "/" + source);
  if (it == cache.end()) {
    const radiomics::Extractor extractor(
        radiomics::Settings::from_file(kData + "configs/" + config + ".json"));
    radiomics::FeatureTable table;
    if (source == "dicom") {
      auto rows =
          radiomics::extract_rois(extractor, kData + "ct_phantom/dicom/image",
                                  kData + "ct_phantom/dicom/mask/DCM_RS_00060.dcm", {"GTV-1"});
      EXPECT_EQ(rows.size(), 1u);
      EXPECT_EQ(rows.front().find_info("roi"), "GTV-1");
      table = std::move(rows.front());
    } else {
      table =
          extractor.run_files(kData + "ct_phantom/image.nii.gz", kData + "ct_phantom/mask.nii.gz");
    }
    it = cache.emplace(config + "/" + source, std::move(table)).first;
  }
  return it->second;
}

struct Slice {
  std::string config;
  std::string family;  ///< family_of_tag label: "diag", "morph", "cm", ...
  std::string source;  ///< "nifti" or "dicom"
};

// Named in gtest's output instead of a byte dump.
void PrintTo(const Slice& slice, std::ostream* os) {
  *os << slice.config << "/" << slice.source << "/" << slice.family;
}

std::string slice_name(const ::testing::TestParamInfo<Slice>& info) {
  return info.param.config + "_" + info.param.source + "_" + info.param.family;
}

class CtPhantom : public ::testing::TestWithParam<Slice> {};

TEST_P(CtPhantom, EveryReferenceValueWithinTolerance) {
  const Slice& slice = GetParam();
  std::vector<radiomics::ibsi::ReferenceValue> refs;
  for (const auto& r :
       radiomics::ibsi::read_reference_csv(kData + "reference/" + slice.config + ".csv"))
    if (radiomics::ibsi::family_of_tag(r.tag) == slice.family) refs.push_back(r);
  ASSERT_FALSE(refs.empty()) << "no reference values for " << slice.family << " in "
                             << slice.config;

  const auto result = radiomics::ibsi::score(features_of(slice.config, slice.source), refs);
  std::string counts;
  for (const auto& f : result.families)
    counts += " " + f.family + " " + std::to_string(f.passed) + "/" + std::to_string(f.total);
  std::string failures;
  for (const auto& f : result.failures) failures += "\n  " + f;
  EXPECT_EQ(result.failed(), 0) << slice.config << " (" << slice.source << "): " << result.failed()
                                << " of " << refs.size() << " values fail (passed:" << counts
                                << "):" << failures;
}

std::vector<Slice> all_slices() {
  std::vector<Slice> slices;
  for (const char* source : {"nifti", "dicom"})
    for (const char* config : {"config_a", "config_b", "config_c"})
      for (const char* family :
           {"diag", "morph", "loc", "stat", "ih", "ivh", "cm", "rlm", "szm", "dzm", "ngt", "ngl"})
        slices.push_back({config, family, source});
  return slices;
}

INSTANTIATE_TEST_SUITE_P(Configurations, CtPhantom, ::testing::ValuesIn(all_slices()), slice_name);

TEST(CtPhantomReference, EveryRowBelongsToACheckedFamily) {
  // The family tests above cover the whole file: no row falls outside their labels.
  const std::vector<std::string> checked{"diag", "morph", "loc", "stat", "ih",  "ivh",
                                         "cm",   "rlm",   "szm", "dzm",  "ngt", "ngl"};
  for (const char* config : {"config_a", "config_b", "config_c"}) {
    const auto refs = radiomics::ibsi::read_reference_csv(kData + "reference/" + config + ".csv");
    EXPECT_GT(refs.size(), 60u) << config;
    int diagnostics = 0;
    for (const auto& r : refs) {
      const std::string family = radiomics::ibsi::family_of_tag(r.tag);
      EXPECT_NE(std::find(checked.begin(), checked.end(), family), checked.end()) << r.tag;
      diagnostics += family == "diag";
    }
    EXPECT_EQ(diagnostics, 60) << config << ": 2 image stages x 9 + 3 ROI stages x 14";
  }
}

/// Every tag the enabled families should produce for a configuration, from the registry.
std::vector<std::string> expected_tags(const radiomics::Settings& settings) {
  using radiomics::Aggregation;
  std::vector<std::string> tags;
  for (const radiomics::FamilyInfo& family : radiomics::families()) {
    if (!settings.family_enabled(family.family)) continue;
    for (const radiomics::FeatureInfo& feature : family.features) {
      if (!family.textured) {
        tags.emplace_back(feature.tag);
        continue;
      }
      for (Aggregation a : settings.effective_aggregations()) {
        const bool directional_aggregation =
            a != Aggregation::Slice2D && a != Aggregation::Merged2_5D && a != Aggregation::Volume3D;
        if (directional_aggregation == family.directional)
          tags.push_back(std::string(feature.tag) + radiomics::aggregation_suffix(a));
      }
    }
  }
  return tags;
}

class HeldOutConfiguration : public ::testing::TestWithParam<std::string> {};

TEST_P(HeldOutConfiguration, RunsAndProducesEveryTag) {
  const std::string config = GetParam();
  const auto settings = radiomics::Settings::from_file(kData + "configs/" + config + ".json");
  const radiomics::FeatureTable& table = features_of(config, "nifti");

  std::string missing;
  int n_missing = 0;
  for (const std::string& tag : expected_tags(settings))
    if (!table.find(tag)) {
      ++n_missing;
      missing += " " + tag;
    }
  EXPECT_EQ(n_missing, 0) << config << " lacks " << n_missing << " tags:" << missing;

  for (const std::string& w : table.warnings())
    for (const char* word : {"unsupported", "not supported", "ignored", "not implemented"})
      EXPECT_EQ(w.find(word), std::string::npos) << config << " warns: " << w;

  // The diagnostics are there and tell the story of the chain: the ROI at 2 mm, and
  // re-segmentation shrinking the intensity mask only.
  const auto diag = [&](const char* tag) {
    const auto v = table.find(tag);
    EXPECT_TRUE(v.has_value()) << config << " lacks " << tag;
    return v.value_or(std::nan(""));
  };
  EXPECT_EQ(diag("img_dim_z_interp_img"), 90.0);
  EXPECT_EQ(diag("vox_dim_x_interp_img"), 2.0);
  EXPECT_NEAR(diag("morph_mask_vox_count_interp_roi"), 45985.0, 100.0);  // as in configuration C
  EXPECT_EQ(diag("morph_mask_vox_count_reseg_roi"), diag("morph_mask_vox_count_interp_roi"));
  EXPECT_LT(diag("int_mask_vox_count_reseg_roi"), diag("int_mask_vox_count_interp_roi"));
  EXPECT_GE(diag("int_mask_min_int_reseg_roi"), diag("int_mask_min_int_interp_roi"));
  EXPECT_LE(diag("int_mask_max_int_reseg_roi"), diag("int_mask_max_int_interp_roi"));
  if (config == "config_e") {
    EXPECT_LE(diag("int_mask_max_int_reseg_roi"), 400.0);
  }
}

INSTANTIATE_TEST_SUITE_P(Configurations, HeldOutConfiguration,
                         ::testing::Values("config_d", "config_e"));

}  // namespace
