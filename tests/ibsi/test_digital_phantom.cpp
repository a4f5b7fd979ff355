// IBSI 1 digital phantom: every published reference value (482 rows of
// ibsi_phantom/reference/digital_phantom.csv, IBSI manual chapter 5 and the feature tables of
// chapter 3) must be reproduced within its published tolerance. One test per family, so a
// failure says which family disagrees; every failing tag is listed.
#include <gtest/gtest.h>

#include "radiomics/radiomics.hpp"
#include "radiomics/ibsi.hpp"

namespace {

const std::string kData = std::string(RADIOMICS_SOURCE_DIR) + "/ibsi_phantom/";

const radiomics::FeatureTable& phantom_features() {
  static const radiomics::FeatureTable table =
      radiomics::Extractor(radiomics::Settings::from_file(kData + "configs/digital_phantom.json"))
          .run_files(kData + "digital_phantom/image.nii.gz", kData + "digital_phantom/mask.nii.gz");
  return table;
}

class DigitalPhantom : public ::testing::TestWithParam<std::string> {};

TEST_P(DigitalPhantom, EveryReferenceValueWithinTolerance) {
  const std::string prefix = GetParam() + "_";
  std::vector<radiomics::ibsi::ReferenceValue> refs;
  for (const auto& r : radiomics::ibsi::read_reference_csv(kData + "reference/digital_phantom.csv"))
    if (r.tag.rfind(prefix, 0) == 0) refs.push_back(r);
  ASSERT_FALSE(refs.empty()) << "no reference values for " << prefix;
  const auto result = radiomics::ibsi::score(phantom_features(), refs);
  std::string failures;
  for (const auto& f : result.failures) failures += "\n  " + f;
  EXPECT_EQ(result.failed(), 0) << result.failed() << " of " << refs.size() << " " << prefix
                                << " values fail:" << failures;
}

INSTANTIATE_TEST_SUITE_P(Families, DigitalPhantom,
                         ::testing::Values("morph", "loc", "stat", "ih", "ivh", "cm", "rlm", "szm",
                                           "dzm", "ngt", "ngl"));

TEST(DigitalPhantomReference, HasAllPublishedRows) {
  // 482 rows: the whole file is checked by the family tests above (no row is skipped).
  EXPECT_EQ(radiomics::ibsi::read_reference_csv(kData + "reference/digital_phantom.csv").size(), 482u);
}

}  // namespace
