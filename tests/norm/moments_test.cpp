// Cancellation in the one-pass variance: float32 rows with mean 1e4 and unit spread, d = 64.
// E[x^2] ~ 1e8 carries float32 rounding steps of ~8 (and the running sum of squares, ~6.4e9, steps
// of 512), while the variance is ~1: naive one-pass loses every digit, two-pass and Welford do not.
#include "norm/moments.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <utility>
#include <vector>

namespace normlab {
namespace {

constexpr std::size_t kFeatures = 64;
constexpr std::size_t kRows = 200;

std::vector<std::vector<float>> offset_rows() {
  std::mt19937_64 generator(2024);
  std::normal_distribution<double> normal(1e4, 1.0);
  std::vector<std::vector<float>> rows(kRows, std::vector<float>(kFeatures));
  for (auto& row : rows)
    for (auto& value : row) value = static_cast<float>(normal(generator));
  return rows;
}

// Reference: two-pass in long double of the float values (exact to ~1e-19 relative here).
long double reference_variance(const std::vector<float>& row) {
  return two_pass_moments<long double>(std::span<const float>(row)).biased_variance();
}

template <typename Compute>
std::vector<double> relative_errors(Compute&& compute) {
  std::vector<double> errors;
  for (const auto& row : offset_rows()) {
    const long double reference = reference_variance(row);
    errors.push_back(
        static_cast<double>(std::abs(static_cast<long double>(compute(row)) - reference) / reference));
  }
  return errors;
}

double median(std::vector<double> values) {
  std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
  return values[values.size() / 2];
}
double maximum(const std::vector<double>& values) { return *std::max_element(values.begin(), values.end()); }

TEST(MomentsCancellation, NaiveFloatOnePassFailsVisibly) {
  const auto errors = relative_errors([](const std::vector<float>& row) {
    return naive_moments<float>(std::span<const float>(row)).biased_variance();
  });
  EXPECT_GT(median(errors), 1.0) << "typical relative error of E[x^2] - E[x]^2 in float32";
  std::size_t negative_rows = 0;
  for (const auto& row : offset_rows())
    negative_rows += naive_moments<float>(std::span<const float>(row)).biased_variance() < 0;
  EXPECT_GT(negative_rows, 0u) << "a variance below zero is the clearest symptom";
  RecordProperty("naive_float_median_relative_error", std::to_string(median(errors)));
}

// Max relative error of two-pass and Welford with accumulator type Acc on the offset rows.
template <typename Acc>
std::pair<double, double> stable_algorithm_errors() {
  const auto two_pass = relative_errors([](const std::vector<float>& row) {
    return two_pass_moments<Acc>(std::span<const float>(row)).biased_variance();
  });
  const auto welford = relative_errors([](const std::vector<float>& row) {
    return welford_moments<Acc>(std::span<const float>(row)).biased_variance();
  });
  return {maximum(two_pass), maximum(welford)};
}

TEST(MomentsCancellation, FloatTwoPassAndWelfordStayAccurate) {
  const auto [two_pass, welford] = stable_algorithm_errors<float>();
  EXPECT_LT(two_pass, 1e-3);
  EXPECT_LT(welford, 1e-3);
  RecordProperty("two_pass_float_max_relative_error", std::to_string(two_pass));
  RecordProperty("welford_float_max_relative_error", std::to_string(welford));
}

TEST(MomentsCancellation, DoubleAccumulationStaysBelowOneInABillion) {
  const auto [two_pass, welford] = stable_algorithm_errors<double>();
  EXPECT_LT(two_pass, 1e-9);
  EXPECT_LT(welford, 1e-9);
}

TEST(Moments, HandValues) {
  // {2, 4, 4, 4, 5, 5, 7, 9}: mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32:
  // biased variance 32/8 = 4, unbiased 32/7.
  const std::vector<double> values{2, 4, 4, 4, 5, 5, 7, 9};
  for (const auto& moments : {naive_moments<double>(std::span<const double>(values)),
                              two_pass_moments<double>(std::span<const double>(values)),
                              welford_moments<double>(std::span<const double>(values))}) {
    EXPECT_DOUBLE_EQ(moments.mean, 5.0);
    EXPECT_DOUBLE_EQ(moments.biased_variance(), 4.0);
    EXPECT_DOUBLE_EQ(moments.unbiased_variance(), 32.0 / 7.0);
  }
  EXPECT_TRUE(
      std::isnan(two_pass_moments<double>(std::span<const double>(values.data(), 1)).unbiased_variance()));
}

TEST(Moments, ChanMergeOfWelfordPartsEqualsTheWhole) {
  const auto rows = offset_rows();
  for (const std::size_t split : {1u, 17u, 32u, 63u}) {
    const std::span<const float> row(rows[0]);
    const auto merged =
        chan_merge(welford_moments<double>(row.first(split)), welford_moments<double>(row.subspan(split)));
    const auto whole = two_pass_moments<long double>(row);
    EXPECT_EQ(merged.count, kFeatures);
    EXPECT_NEAR(merged.mean, static_cast<double>(whole.mean), 1e-11);
    EXPECT_NEAR(merged.biased_variance() / static_cast<double>(whole.biased_variance()), 1.0, 1e-9);
  }
  const Moments<double> empty;
  const auto only = welford_moments<double>(std::span<const float>(rows[1]));
  EXPECT_EQ(chan_merge(empty, only).centered_square_sum, only.centered_square_sum);
}

}  // namespace
}  // namespace normlab
