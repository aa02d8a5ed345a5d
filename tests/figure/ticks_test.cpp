// Tick generation and number formatting against hand-worked cases.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "figure/draw.hpp"

namespace normlab::figure {
namespace {

std::vector<std::string> major_labels(const std::vector<Tick>& ticks) {
  std::vector<std::string> labels;
  for (const auto& tick : ticks) {
    if (tick.major) labels.push_back(tick.label);
  }
  return labels;
}

TEST(Ticks, LinearUnitRangeStepsByTwoTenths) {
  // span 1, ~5 ticks: rough step 0.2 -> step 0.2 exactly (2 x 10^-1).
  const auto ticks = nice_ticks({0, 1}, AxisScale::linear, 5);
  EXPECT_EQ(major_labels(ticks), (std::vector<std::string>{"0", "0.2", "0.4", "0.6", "0.8", "1"}));
  EXPECT_NEAR(ticks[3].value, 0.6, 1e-15);
}

TEST(Ticks, LinearNegativeRangeUsesUnicodeMinusAndAtLeastThreeTicks) {
  // [-6.3, 6.3] asking for 2: step 10 would leave only 0; the generator asks again and gets step 5.
  const auto ticks = nice_ticks({-6.3, 6.3}, AxisScale::linear, 2);
  EXPECT_EQ(major_labels(ticks), (std::vector<std::string>{"−5", "0", "5"}));
}

TEST(Ticks, LinearOddOffsetRange) {
  // [0.13, 0.87], ~4 ticks: rough 0.185 -> step 0.2: 0.2, 0.4, 0.6, 0.8.
  EXPECT_EQ(major_labels(nice_ticks({0.13, 0.87}, AxisScale::linear, 4)),
            (std::vector<std::string>{"0.2", "0.4", "0.6", "0.8"}));
}

TEST(Ticks, LinearLargeValuesUseScientificLabels) {
  // [0, 1e6], 5 ticks: step 2e5.
  EXPECT_EQ(major_labels(nice_ticks({0, 1e6}, AxisScale::linear, 5)),
            (std::vector<std::string>{"0", "2×10⁵", "4×10⁵", "6×10⁵", "8×10⁵", "10⁶"}));
}

TEST(Ticks, LogThreeDecadesHaveLabelledDecadesAndEightMinorsEach) {
  const auto ticks = nice_ticks({1, 1000}, AxisScale::log, 5);
  EXPECT_EQ(major_labels(ticks), (std::vector<std::string>{"10⁰", "10¹", "10²", "10³"}));
  const auto minors = std::count_if(ticks.begin(), ticks.end(), [](const Tick& tick) { return !tick.major; });
  EXPECT_EQ(minors, 3 * 8);  // 2..9 in each of the three decades
  EXPECT_TRUE(std::is_sorted(ticks.begin(), ticks.end(), [](auto& a, auto& b) { return a.value < b.value; }));
}

TEST(Ticks, LogManyDecadesLabelEveryKth) {
  // 1e-16 .. 1e5: 22 decades for ~6 ticks -> every 4th decade labelled, starting at the first.
  const auto ticks = nice_ticks({1e-16, 1e5}, AxisScale::log, 6);
  EXPECT_EQ(major_labels(ticks), (std::vector<std::string>{"10⁻¹⁶", "10⁻¹²", "10⁻⁸", "10⁻⁴", "10⁰", "10⁴"}));
  EXPECT_EQ(ticks.size(), 22u);  // every decade still gets an (unlabelled) tick, no 2..9 minors
}

TEST(Ticks, LogRangeAcrossOneDecadeLabelsOneTwoFive) {
  // 0.13 .. 2.6 holds one decade tick (1): linear steps labelled only 1 and 2, bunched at the top.
  EXPECT_EQ(major_labels(nice_ticks({0.13, 2.6}, AxisScale::log, 5)),
            (std::vector<std::string>{"0.2", "0.5", "1", "2"}));
  EXPECT_EQ(major_labels(nice_ticks({0.09, 0.6}, AxisScale::log, 5)),
            (std::vector<std::string>{"0.1", "0.2", "0.5"}));
}

TEST(Ticks, LogTwoDecadesOfEverydayNumbersLabelOneTwoFive) {
  // The depth sweep's axis, L = 3..96 padded to 2.6..110: decade labels alone would name only 10 and 100.
  const auto ticks = nice_ticks({2.6, 110}, AxisScale::log, 9);
  EXPECT_EQ(major_labels(ticks), (std::vector<std::string>{"5", "10", "20", "50", "100"}));
  std::vector<double> minors;
  for (const auto& tick : ticks) {
    if (!tick.major) minors.push_back(tick.value);
  }
  // 3, 4, 6..9, 30, 40, 60..90: every integer multiple but the labelled 1, 2 and 5.
  EXPECT_EQ(minors.size(), 12u);
  EXPECT_NEAR(minors.front(), 3, 1e-12);
  EXPECT_NEAR(minors.back(), 90, 1e-12);
  EXPECT_TRUE(std::is_sorted(ticks.begin(), ticks.end(), [](auto& a, auto& b) { return a.value < b.value; }));
  // A short axis (room for one label) keeps the decades; so do numbers that would print as 10^n anyway.
  EXPECT_EQ(major_labels(nice_ticks({2.6, 110}, AxisScale::log, 1)), (std::vector<std::string>{"10¹"}));
  EXPECT_EQ(major_labels(nice_ticks({0.04, 2.9}, AxisScale::log, 2)),
            (std::vector<std::string>{"0.05", "0.1", "0.2", "0.5", "1", "2"}));
  EXPECT_EQ(major_labels(nice_ticks({2e-5, 3e-3}, AxisScale::log, 9)), (std::vector<std::string>{"10⁻⁴", "10⁻³"}));
}

TEST(Ticks, LogRangeUnderOneDecadeFallsBackToLinearSteps) {
  EXPECT_EQ(major_labels(nice_ticks({2, 8}, AxisScale::log, 4)),
            (std::vector<std::string>{"2", "4", "6", "8"}));
}

TEST(Format, SignificantDigitsKeepTrailingZeros) {
  EXPECT_EQ(format_significant(1.1), "1.10");
  EXPECT_EQ(format_significant(0.14), "0.140");
  EXPECT_EQ(format_significant(1.0), "1.00");
  EXPECT_EQ(format_significant(0.9996), "1.00");
  EXPECT_EQ(format_significant(99.96), "100");
  EXPECT_EQ(format_significant(-0.4321), "−0.432");
  EXPECT_EQ(format_significant(1234.6), "1235");
  EXPECT_EQ(format_significant(0.0001234), "1.23×10⁻⁴");
  EXPECT_EQ(format_significant(0), "0");
}

TEST(Format, NumbersAndFixedDecimals) {
  EXPECT_EQ(format_number(0.000123), "1.23×10⁻⁴");
  EXPECT_EQ(format_number(12345), "12345");
  EXPECT_EQ(format_number(-0.5), "−0.5");
  EXPECT_EQ(format_number(1e5), "10⁵");
  EXPECT_EQ(format_number(0.77963436, 4), "0.7796");
  EXPECT_EQ(format_number(0), "0");
  EXPECT_EQ(format_fixed(-1e-17, 2), "0.00");
  EXPECT_EQ(format_fixed(-2.516, 2), "−2.52");
}

}  // namespace
}  // namespace normlab::figure
