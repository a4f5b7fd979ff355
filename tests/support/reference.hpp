// IBSI reference values for the feature tests: the digital phantom rows of one family, checked
// with the library's own IBSI pass rule (radiomics/ibsi.hpp), so that the unit tests and
// `radiomics ibsi` judge a value the same way.
#pragma once
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "radiomics/feature_table.hpp"
#include "radiomics/ibsi.hpp"

namespace radiomics::test {

/// The rows of ibsi_phantom/reference/digital_phantom.csv whose tag starts with `prefix`.
inline std::vector<ibsi::ReferenceValue> phantom_references(const std::string& prefix) {
  std::vector<ibsi::ReferenceValue> rows;
  for (ibsi::ReferenceValue& r : ibsi::read_reference_csv(
           std::string(RADIOMICS_SOURCE_DIR) + "/ibsi_phantom/reference/digital_phantom.csv"))
    if (r.tag.rfind(prefix, 0) == 0) rows.push_back(std::move(r));
  return rows;
}

/// Expects `count` digital phantom reference rows for `prefix`, each present in `out` and within
/// its published tolerance (the IBSI rule: as computed, or rounded to 3 significant digits).
/// Every failing tag is listed.
inline void expect_phantom_references(const FeatureTable& out, const std::string& prefix,
                                      std::size_t count) {
  const std::vector<ibsi::ReferenceValue> refs = phantom_references(prefix);
  ASSERT_EQ(refs.size(), count) << prefix;
  const ibsi::CaseResult result = ibsi::score(out, refs);
  std::string failures;
  for (const std::string& f : result.failures) failures += "\n  " + f;
  EXPECT_EQ(result.failed(), 0) << result.failed() << " of " << count << " " << prefix
                                << " values fail:" << failures;
}

}  // namespace radiomics::test
