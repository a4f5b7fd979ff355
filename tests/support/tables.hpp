// Comparing feature tables in tests.
#pragma once
#include <gtest/gtest.h>

#include <cmath>

#include "radiomics/feature_table.hpp"

namespace radiomics::test {

/// Every feature of `expected` is in `actual` with exactly the same value (NaN where NaN).
inline void expect_same_values(const FeatureTable& expected, const FeatureTable& actual) {
  for (const auto& [tag, value] : expected.values()) {
    const auto other = actual.find(tag);
    ASSERT_TRUE(other.has_value()) << tag;
    if (std::isnan(value)) EXPECT_TRUE(std::isnan(*other)) << tag;
    else EXPECT_EQ(*other, value) << tag;
  }
}

}  // namespace radiomics::test
