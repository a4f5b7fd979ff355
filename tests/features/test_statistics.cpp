// Intensity-based statistical features (IBSI manual 3.3): the digital phantom against the IBSI
// reference values, and small samples computed by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "features/statistics.hpp"
#include "support/digital_phantom.hpp"
#include "support/reference.hpp"
#include "support/rois.hpp"

namespace radiomics {
namespace {

using test::feature;
using test::row_roi;

TEST(Statistics, DigitalPhantomMatchesIbsiReference) {
  FeatureTable out;
  statistics::compute(test::digital_phantom_roi(), out);
  test::expect_phantom_references(out, "stat_", 18);
  EXPECT_TRUE(out.warnings().empty());
}

TEST(Statistics, OutputFollowsTheFeatureTable) {
  FeatureTable out;
  statistics::compute(test::digital_phantom_roi(), out);
  const auto infos = statistics::feature_infos();
  ASSERT_EQ(out.size(), infos.size());
  for (std::size_t i = 0; i < infos.size(); ++i) {
    EXPECT_EQ(out.values()[i].first, infos[i].tag);
    EXPECT_EQ(infos[i].ibsi_id.size(), 4u) << infos[i].tag;
    EXPECT_FALSE(infos[i].formula.empty()) << infos[i].tag;
  }
}

TEST(Statistics, HandComputedSample) {
  // X = {1, 2, 3, 4}: mu = 2.5, m2 = 1.25, m3 = 0, m4 = (2 * 1.5^4 + 2 * 0.5^4) / 4 = 2.5625.
  FeatureTable out;
  statistics::compute(row_roi({4, 1, 3, 2}), out);
  EXPECT_DOUBLE_EQ(feature(out, "stat_mean"), 2.5);
  EXPECT_DOUBLE_EQ(feature(out, "stat_var"), 1.25);
  EXPECT_NEAR(feature(out, "stat_skew"), 0.0, 1e-15);
  EXPECT_DOUBLE_EQ(feature(out, "stat_kurt"), 2.5625 / (1.25 * 1.25) - 3.0);
  EXPECT_DOUBLE_EQ(feature(out, "stat_median"), 2.5);
  EXPECT_DOUBLE_EQ(feature(out, "stat_min"), 1.0);
  // Linear interpolation between closest ranks at q/100 * (N_v - 1): P10 at 0.3, P90 at 2.7.
  EXPECT_DOUBLE_EQ(feature(out, "stat_p10"), 1.3);
  EXPECT_DOUBLE_EQ(feature(out, "stat_p90"), 3.7);
  EXPECT_DOUBLE_EQ(feature(out, "stat_max"), 4.0);
  EXPECT_DOUBLE_EQ(feature(out, "stat_iqr"), 3.25 - 1.75);
  EXPECT_DOUBLE_EQ(feature(out, "stat_range"), 3.0);
  EXPECT_DOUBLE_EQ(feature(out, "stat_mad"), 1.0);
  EXPECT_DOUBLE_EQ(feature(out, "stat_rmad"), 0.5);  // X_10-90 = {2, 3}
  EXPECT_DOUBLE_EQ(feature(out, "stat_medad"), 1.0);
  EXPECT_DOUBLE_EQ(feature(out, "stat_cov"), std::sqrt(1.25) / 2.5);
  EXPECT_DOUBLE_EQ(feature(out, "stat_qcod"), 1.5 / 5.0);
  EXPECT_DOUBLE_EQ(feature(out, "stat_energy"), 30.0);
  EXPECT_DOUBLE_EQ(feature(out, "stat_rms"), std::sqrt(7.5));
}

TEST(Statistics, SkewedSample) {
  // X = {0, 0, 0, 4}: mu = 1, m2 = 3, m3 = (3 * -1 + 27) / 4 = 6, m4 = (3 + 81) / 4 = 21.
  FeatureTable out;
  statistics::compute(row_roi({0, 0, 0, 4}), out);
  EXPECT_DOUBLE_EQ(feature(out, "stat_skew"), 6.0 / std::pow(3.0, 1.5));
  EXPECT_DOUBLE_EQ(feature(out, "stat_kurt"), 21.0 / 9.0 - 3.0);
  EXPECT_DOUBLE_EQ(feature(out, "stat_medad"), 1.0);
  EXPECT_DOUBLE_EQ(feature(out, "stat_p90"), 2.8);
}

TEST(Statistics, ConstantRoiFollowsTheManual) {
  // The manual defines skewness and kurtosis as 0 when the variance is 0.
  FeatureTable out;
  statistics::compute(row_roi({7, 7, 7}), out);
  EXPECT_EQ(feature(out, "stat_var"), 0.0);
  EXPECT_EQ(feature(out, "stat_skew"), 0.0);
  EXPECT_EQ(feature(out, "stat_kurt"), 0.0);
  EXPECT_EQ(feature(out, "stat_cov"), 0.0);
  EXPECT_EQ(feature(out, "stat_qcod"), 0.0);
  EXPECT_EQ(feature(out, "stat_rmad"), 0.0);
  EXPECT_TRUE(out.warnings().empty());
}

TEST(Statistics, DivisionByZeroIsNaNWithAWarning) {
  // mu = 0 and P75 + P25 = 0: coefficient of variation and quartile coefficient are undefined.
  FeatureTable out;
  statistics::compute(row_roi({-1, 0, 0, 0, 1}), out);
  EXPECT_TRUE(std::isnan(feature(out, "stat_cov")));
  EXPECT_TRUE(std::isnan(feature(out, "stat_qcod")));
  EXPECT_EQ(out.warnings().size(), 2u);
  for (const auto& [tag, value] : out.values())
    if (tag != "stat_cov" && tag != "stat_qcod") {
      EXPECT_FALSE(std::isnan(value)) << tag;
    }
}

TEST(Statistics, OnlyTheIntensityMaskCounts) {
  Roi roi = row_roi({1, 2, 100});
  roi.int_mask[2] = 0;  // re-segmented away, still in the morphological mask
  FeatureTable out;
  statistics::compute(roi, out);
  EXPECT_DOUBLE_EQ(feature(out, "stat_max"), 2.0);
  EXPECT_DOUBLE_EQ(feature(out, "stat_mean"), 1.5);
}

TEST(Statistics, EmptyIntensityMaskGivesNaN) {
  Roi roi = row_roi({1, 2});
  roi.int_mask.assign(2, 0);
  FeatureTable out;
  statistics::compute(roi, out);
  ASSERT_EQ(out.size(), 18u);
  for (const auto& [tag, value] : out.values()) EXPECT_TRUE(std::isnan(value)) << tag;
  EXPECT_FALSE(out.warnings().empty());
}

}  // namespace
}  // namespace radiomics

namespace {

/// The statistics the slow way, from the sorted values, as the IBSI manual writes them.
radiomics::statistics::Sample sorted_reference(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const double n = static_cast<double>(v.size());
  radiomics::statistics::Sample x;
  x.n = n;
  for (double a : v) x.mean += a / n;
  const auto pct = [&](double q) {
    const double pos = q / 100.0 * (n - 1.0);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
  };
  x.p10 = pct(10), x.p25 = pct(25), x.p50 = pct(50), x.p75 = pct(75), x.p90 = pct(90);
  x.min = v.front(), x.max = v.back();
  double n_r = 0.0, mean_r = 0.0;
  for (double a : v) {
    x.m2 += std::pow(a - x.mean, 2) / n;
    x.m3 += std::pow(a - x.mean, 3) / n;
    x.m4 += std::pow(a - x.mean, 4) / n;
    x.mad += std::abs(a - x.mean) / n;
    x.medad += std::abs(a - x.p50) / n;
    x.energy += a * a;
    if (a >= x.p10 && a <= x.p90) n_r += 1.0, mean_r += a;
  }
  if (n_r == 0.0) {  // two values: no value lies between P_10 and P_90
    x.rmad = std::numeric_limits<double>::quiet_NaN();
    return x;
  }
  mean_r /= n_r;
  for (double a : v)
    if (a >= x.p10 && a <= x.p90) x.rmad += std::abs(a - mean_r) / n_r;
  return x;
}

void expect_same_sample(const radiomics::statistics::Sample& a, const radiomics::statistics::Sample& b,
                        const std::string& what) {
  // Central moments are compared on the scale of the spread (m3 and m4 of a symmetric sample
  // are sums that cancel).
  const double spread = std::sqrt(b.m2);
  const auto near = [&](double u, double v, const char* name, double scale = 0.0) {
    if (std::isnan(v)) {
      EXPECT_TRUE(std::isnan(u)) << what << ": " << name << " = " << u;
      return;
    }
    EXPECT_NEAR(u, v, 1e-9 * std::max({1.0, std::abs(v), scale})) << what << ": " << name;
  };
  near(a.n, b.n, "n");
  near(a.mean, b.mean, "mean");
  near(a.m2, b.m2, "m2");
  near(a.m3, b.m3, "m3", spread * spread * spread);
  near(a.m4, b.m4, "m4", spread * spread * spread * spread);
  near(a.min, b.min, "min");
  near(a.max, b.max, "max");
  near(a.p10, b.p10, "p10");
  near(a.p25, b.p25, "p25");
  near(a.p50, b.p50, "p50");
  near(a.p75, b.p75, "p75");
  near(a.p90, b.p90, "p90");
  near(a.energy, b.energy, "energy");
  near(a.mad, b.mad, "mad");
  near(a.medad, b.medad, "medad");
  near(a.rmad, b.rmad, "rmad");
}

}  // namespace

// The percentiles come from rank selection and the discretised statistics from a histogram:
// both must give what sorting the values gives, for every sample size (odd, even, tiny) and
// with ties.
TEST(Statistics, SelectionAndHistogramAgreeWithSorting) {
  std::uint32_t seed = 7;
  const auto next = [&] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  };
  for (std::size_t n : {1u, 2u, 3u, 4u, 5u, 10u, 11u, 99u, 100u, 1001u}) {
    std::vector<double> continuous, levels;
    std::vector<double> counts(12, 0.0);
    for (std::size_t k = 0; k < n; ++k) {
      continuous.push_back(static_cast<double>(next() % 100000) / 37.0 - 500.0);
      const std::size_t level = 1 + next() % 9 + (k % 3 == 0 ? 2 : 0);  // ties, empty bins
      levels.push_back(static_cast<double>(level));
      counts[level - 1] += 1.0;
    }
    expect_same_sample(radiomics::statistics::make_sample(continuous), sorted_reference(continuous),
                       "values, n = " + std::to_string(n));
    expect_same_sample(radiomics::statistics::make_sample_from_histogram(counts), sorted_reference(levels),
                       "histogram, n = " + std::to_string(n));
  }
}
