// Intensity discretisation (IBSI manual 2.7): fixed bin number, fixed bin size and none, on
// small ROIs computed by hand and on the digital phantom (where all three agree with the grey
// levels the IBSI reference values were computed from).
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "preprocess/discretise.hpp"
#include "radiomics/errors.hpp"
#include "support/digital_phantom.hpp"
#include "support/rois.hpp"

namespace radiomics {
namespace {

using test::row_roi;

DiscretisationSettings fixed_bin_number(int n) {
  DiscretisationSettings s;
  s.method = DiscretisationMethod::FixedBinNumber;
  s.bin_count = n;
  return s;
}

DiscretisationSettings fixed_bin_size(double w) {
  DiscretisationSettings s;
  s.method = DiscretisationMethod::FixedBinSize;
  s.bin_width = w;
  return s;
}

using Levels = std::vector<std::int32_t>;

DiscretisationSettings no_discretisation() {
  DiscretisationSettings s;
  s.method = DiscretisationMethod::None;
  return s;
}

TEST(Discretise, FixedBinNumber) {
  // floor(4 (x - 0) / 10) + 1; x = max goes into bin N_g = 4.
  const DiscreteRoi d = discretise(row_roi({0, 1, 2.5, 5, 9.99, 10}), fixed_bin_number(4));
  EXPECT_EQ(d.level, (Levels{1, 1, 2, 3, 4, 4}));
  EXPECT_EQ(d.n_levels, 4);
  EXPECT_EQ(d.grid.size, (std::array<int, 3>{6, 1, 1}));
}

TEST(Discretise, FixedBinNumberUsesTheRoiRangeNotTheResegmentationRange) {
  Roi roi = row_roi({10, 15, 20});
  roi.reseg_lower = 0.0;
  roi.reseg_upper = 100.0;
  EXPECT_EQ(discretise(roi, fixed_bin_number(2)).level, (Levels{1, 2, 2}));
}

TEST(Discretise, FixedBinNumberOnAConstantRoiIsLevelOne) {
  const DiscreteRoi d = discretise(row_roi({3.5, 3.5, 3.5}), fixed_bin_number(8));
  EXPECT_EQ(d.level, (Levels{1, 1, 1}));
  EXPECT_EQ(d.n_levels, 8);
}

TEST(Discretise, FixedBinSizeFromTheRoiMinimum) {
  // No bound, no re-segmentation: X_min = -3. floor((x + 3) / 2) + 1.
  const DiscreteRoi d = discretise(row_roi({-3, -1.5, 0, 4}), fixed_bin_size(2.0));
  EXPECT_EQ(d.level, (Levels{1, 1, 2, 4}));
  EXPECT_EQ(d.n_levels, 4);  // the highest level present
}

TEST(Discretise, FixedBinSizeFromTheResegmentationLowerBound) {
  // X_min = -4; the ROI stops at 4, below the re-segmentation upper bound 10. By default N_g is
  // the highest level present (the IBSI reference implementations' convention): 5.
  Roi roi = row_roi({-3, -1.5, 0, 4});
  roi.reseg_lower = -4.0;
  roi.reseg_upper = 10.0;
  const DiscreteRoi d = discretise(roi, fixed_bin_size(2.0));
  EXPECT_EQ(d.level, (Levels{1, 2, 3, 5}));
  EXPECT_EQ(d.n_levels, 5);
}

TEST(Discretise, FixedBinSizeGreyLevelsUpToTheResegmentationBound) {
  // The optional convention: N_g runs up to the level of the upper bound 10: floor(14/2)+1 = 8.
  Roi roi = row_roi({-3, -1.5, 0, 4});
  roi.reseg_lower = -4.0;
  roi.reseg_upper = 10.0;
  DiscretisationSettings s = fixed_bin_size(2.0);
  s.grey_levels = GreyLevelCount::ResegmentationRange;
  const DiscreteRoi d = discretise(roi, s);
  EXPECT_EQ(d.level, (Levels{1, 2, 3, 5}));
  EXPECT_EQ(d.n_levels, 8);
  // Without an upper bound both conventions give the highest level present.
  roi.reseg_upper = std::numeric_limits<double>::infinity();
  EXPECT_EQ(discretise(roi, s).n_levels, 5);
}

TEST(Discretise, FixedBinSizeExplicitLowerBoundWins) {
  Roi roi = row_roi({-3, -1.5, 0, 4});
  roi.reseg_lower = -4.0;
  DiscretisationSettings s = fixed_bin_size(2.0);
  s.lower_bound = -5.0;
  EXPECT_EQ(discretise(roi, s).level, (Levels{2, 2, 3, 5}));
}

TEST(Discretise, FixedBinSizeRefusesIntensitiesBelowTheFirstBin) {
  DiscretisationSettings s = fixed_bin_size(25.0);
  s.lower_bound = -500.0;
  EXPECT_THROW(discretise(row_roi({-600, 0}), s), InputError);
}

TEST(Discretise, NoneKeepsIntegerIntensities) {
  const DiscreteRoi d = discretise(row_roi({1, 7, 3}), no_discretisation());
  EXPECT_EQ(d.level, (Levels{1, 7, 3}));
  EXPECT_EQ(d.n_levels, 7);
}

TEST(Discretise, NoneRefusesNonIntegerIntensities) {
  try {
    discretise(row_roi({1, 2.5}), no_discretisation());
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("not an integer"), std::string::npos) << e.what();
  }
}

TEST(Discretise, NoneRefusesIntensitiesBelowOne) {
  try {
    discretise(row_roi({0, 2}), no_discretisation());
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("choose a discretisation"), std::string::npos) << e.what();
  }
}

TEST(Discretise, InvalidSettingsAreRefused) {
  EXPECT_THROW(discretise(row_roi({1, 2}), fixed_bin_number(0)), InputError);
  EXPECT_THROW(discretise(row_roi({1, 2}), fixed_bin_size(0.0)), InputError);
  EXPECT_THROW(discretise(row_roi({1, 2}), fixed_bin_size(-1.0)), InputError);
}

TEST(Discretise, VoxelsOutsideTheIntensityMaskAreLevelZero) {
  Roi roi = row_roi({1, 1000, 5});
  roi.int_mask[1] = 0;  // still in the morphological mask; must not stretch the FBN range
  const DiscreteRoi d = discretise(roi, fixed_bin_number(4));
  EXPECT_EQ(d.level, (Levels{1, 0, 4}));
}

TEST(Discretise, EmptyIntensityMaskHasNoLevels) {
  Roi roi = row_roi({1, 2});
  roi.int_mask.assign(2, 0);
  const DiscreteRoi d = discretise(roi, fixed_bin_number(4));
  EXPECT_EQ(d.level, (Levels{0, 0}));
  EXPECT_EQ(d.n_levels, 0);
}

TEST(Discretise, DigitalPhantomLevelsAreTheIntensities) {
  // The IBSI computed the phantom's references without discretisation; FBN with 6 bins and
  // FBS with width 1 give the same grey levels (intensities 1..6).
  const Roi roi = test::digital_phantom_roi();
  const DiscreteRoi expected = test::digital_phantom_levels();
  for (const DiscretisationSettings& s : {no_discretisation(), fixed_bin_number(6), fixed_bin_size(1.0)}) {
    const DiscreteRoi d = discretise(roi, s);
    EXPECT_EQ(d.level, expected.level);
    EXPECT_EQ(d.n_levels, expected.n_levels);
  }
}

}  // namespace
}  // namespace radiomics
