// Re-segmentation by range and by outlier filtering (IBSI manual, "Re-segmentation").
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "preprocess/resegment.hpp"

namespace radiomics {
namespace {

using Mask = std::vector<std::uint8_t>;

TEST(Resegment, RangeBoundsAreInclusive) {
  ResegmentationSettings s;
  s.lower = -500;
  s.upper = 400;
  const std::vector<double> v{-600, -500, 0, 400, 401};
  const Mask roi(v.size(), 1);
  EXPECT_EQ(resegment(v, roi, resegmentation_range(v, roi, s)), (Mask{0, 1, 1, 1, 0}));
}

TEST(Resegment, VoxelsOutsideTheRoiStayOut) {
  ResegmentationSettings s;
  s.lower = 0;
  const std::vector<double> v{5, 5, -5, 5};
  const Mask roi{1, 0, 1, 1};
  EXPECT_EQ(resegment(v, roi, resegmentation_range(v, roi, s)), (Mask{1, 0, 0, 1}));
}

TEST(Resegment, OpenBoundsKeepEverything) {
  const ResegmentationSettings s;
  const IntensityRange r = configured_range(s);
  EXPECT_TRUE(std::isinf(r.lower) && r.lower < 0);
  EXPECT_TRUE(std::isinf(r.upper) && r.upper > 0);
  const std::vector<double> v{-1e9, 0, 1e9};
  EXPECT_EQ(resegment(v, Mask(3, 1), r), Mask(3, 1));
}

TEST(Resegment, OutlierFilteringUsesPopulationSd) {
  // Nine zeros and a ten: mean 1, population variance (9 * 1 + 81) / 10 = 9, SD 3.
  std::vector<double> v(9, 0.0);
  v.push_back(10.0);
  const Mask roi(v.size(), 1);
  ResegmentationSettings s;
  s.outlier_sigma = 2.0;  // [1 - 6, 1 + 6] = [-5, 7]: the ten goes.
  IntensityRange r = resegmentation_range(v, roi, s);
  EXPECT_NEAR(r.lower, -5.0, 1e-12);
  EXPECT_NEAR(r.upper, 7.0, 1e-12);
  EXPECT_EQ(resegment(v, roi, r)[9], 0);
  s.outlier_sigma = 3.0;  // [-8, 10]: the ten stays (inclusive bound).
  r = resegmentation_range(v, roi, s);
  EXPECT_NEAR(r.upper, 10.0, 1e-12);
  EXPECT_EQ(resegment(v, roi, r)[9], 1);
}

TEST(Resegment, OutlierStatisticsOnlyOverTheRoi) {
  // The 1000 outside the ROI does not move the mean (0.5) or the SD (0.5) of the ROI.
  const std::vector<double> v{0, 1, 0, 1, 1000};
  const Mask roi{1, 1, 1, 1, 0};
  ResegmentationSettings s;
  s.outlier_sigma = 1.0;
  const IntensityRange r = resegmentation_range(v, roi, s);
  EXPECT_NEAR(r.lower, 0.0, 1e-12);
  EXPECT_NEAR(r.upper, 1.0, 1e-12);
}

TEST(Resegment, RangeAndOutliersCombine) {
  // Configuration E: statistics over the ROI before the range, then
  // max(lower, mu - k sigma) <= x <= min(upper, mu + k sigma).
  std::vector<double> v(9, 0.0);
  v.push_back(10.0);  // mu = 1, sigma = 3
  const Mask roi(v.size(), 1);
  ResegmentationSettings s;
  s.lower = -1.0;
  s.upper = 20.0;
  s.outlier_sigma = 2.0;
  const IntensityRange r = resegmentation_range(v, roi, s);
  EXPECT_DOUBLE_EQ(r.lower, -1.0);          // the range is tighter than mu - 2 sigma = -5
  EXPECT_NEAR(r.upper, 7.0, 1e-12);         // mu + 2 sigma is tighter than 20
  // The configured range alone is what discretisation refers to.
  EXPECT_DOUBLE_EQ(configured_range(s).upper, 20.0);
}

}  // namespace
}  // namespace radiomics
