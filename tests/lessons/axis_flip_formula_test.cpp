// The formulas on screen are computed: every number printed in them is read back here and checked
// against the core's values, and the printed operands, put through the printed formula, give the
// printed result.
#include <gtest/gtest.h>

#include <cmath>
#include <regex>

#include "lessons/activation_matrix.hpp"
#include "lessons/axis_flip.hpp"
#include "test_support.hpp"

namespace normlab::lessons {
namespace {

using testing::all_cases;

// Every number in a line, in order ("x_hat = (1.2 - 0.5) / sqrt(0.8 + 1e-05) = 0.78" -> 1.2, 0.5, 0.8,
// 1e-05, 0.78). A minus sign directly before a digit with no space counts as the number's own sign; the
// exponent of "^2" is not a number of the formula.
std::vector<double> numbers_in(const std::string& text) {
  static const std::regex number(R"((?:^|[^\w.^])(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?))");
  std::vector<double> values;
  for (auto match = std::sregex_iterator(text.begin(), text.end(), number); match != std::sregex_iterator(); ++match) {
    values.push_back(std::stod((*match)[1].str()));
  }
  return values;
}

double last_number(const std::string& text) {
  const auto position = text.rfind("= ");
  return std::stod(text.substr(position + 2));
}

void expect_printed(double printed, double exact) {
  EXPECT_NEAR(printed, exact, kFormulaRelativePrecision * std::abs(exact) + 1e-300);
}

TEST(AxisFlipFormula, FormatNumberKeepsFourSignificantDigits) {
  EXPECT_EQ(format_number(0.46666666), "0.4667");
  EXPECT_EQ(format_number(-12.5), "-12.5");
  EXPECT_EQ(format_number(1e-5), "1e-05");
  EXPECT_EQ(format_number(0.0), "0");
}

TEST(AxisFlipFormula, PrintedResultsEqualTheComputedOnes) {
  for (const auto& test_case : all_cases()) {
    SCOPED_TRACE(test_case.name());
    const auto activations = make_preset(ActivationPreset::wild_scales, test_case.shape, 12);
    const AxisFlipResult result = compute_axis_flip(activations, test_case.settings);
    for (std::size_t group = 0; group < result.statistics.size(); ++group) {
      const auto lines = statistics_formula(result, group);
      ASSERT_EQ(lines.size(), is_centring(test_case.settings.kind) ? 2u : 1u);
      const auto& statistics = result.statistics[group];
      if (is_centring(test_case.settings.kind)) {
        EXPECT_DOUBLE_EQ(lines[0].value, statistics.mean);
        expect_printed(last_number(lines[0].substituted), statistics.mean);
      }
      EXPECT_DOUBLE_EQ(lines.back().value, statistics.spread);
      expect_printed(last_number(lines.back().substituted), statistics.spread);
    }
    for (std::size_t cell = 0; cell < result.batch.size(); cell += 3) {
      const auto lines = output_formula(result, cell);
      ASSERT_EQ(lines.size(), 2u);
      EXPECT_DOUBLE_EQ(lines[1].value, result.output[cell]);
      expect_printed(last_number(lines[1].substituted), result.output[cell]);
    }
  }
}

// Small groups are printed in full: the printed terms, summed as printed, give the printed mean; the
// printed operands of x_hat and y, computed as printed, give the printed results.
TEST(AxisFlipFormula, PrintedOperandsReproduceThePrintedResults) {
  const auto activations = make_preset(ActivationPreset::outlier_feature, {4, 5}, 6);
  for (const NormKind kind : {NormKind::layer, NormKind::batch, NormKind::rms}) {
    SCOPED_TRACE(norm_kind_name(kind));
    AxisFlipSettings settings = testing::settings_of(kind);
    const AxisFlipResult result = compute_axis_flip(activations, settings);
    for (std::size_t group = 0; group < result.statistics.size(); ++group) {
      const auto lines = statistics_formula(result, group);
      const auto terms = numbers_in(lines[0].substituted);
      const std::size_t count = result.statistics[group].count;
      // terms: the values (with "a - b" printed as a and b), the divisor, the result.
      ASSERT_EQ(terms.size(), count + 2) << lines[0].substituted;
      EXPECT_EQ(terms[count], static_cast<double>(count));
      double sum = 0;
      for (std::size_t index = 0; index < count; ++index) {
        const double member = activations[result.reduction.members[group][index]];
        expect_printed(std::abs(terms[index]), std::abs(member));
        sum += kind == NormKind::rms ? member * member : member;
      }
      expect_printed(terms.back(), sum / static_cast<double>(count));
    }
    for (std::size_t cell = 0; cell < result.batch.size(); ++cell) {
      const auto lines = output_formula(result, cell);
      const auto operands = numbers_in(lines[0].substituted);
      double normalized = 0;
      if (kind == NormKind::rms) {
        ASSERT_EQ(operands.size(), 4u) << lines[0].substituted;  // x, ms, eps, x_hat
        normalized = operands[0] / std::sqrt(operands[1] + operands[2]);
      } else {
        ASSERT_EQ(operands.size(), 5u) << lines[0].substituted;  // x, mu, sigma^2, eps, x_hat
        normalized = (operands[0] - operands[1]) / std::sqrt(operands[2] + operands[3]);
      }
      // Operands are rounded to 4 digits, so allow for the propagated rounding.
      EXPECT_NEAR(normalized, operands.back(), 5e-3 * (1 + std::abs(operands.back()))) << lines[0].substituted;
      const auto affine = numbers_in(lines[1].substituted);
      const double output = affine[0] * affine[1] + (kind == NormKind::rms ? 0.0 : affine[2]);
      EXPECT_NEAR(output, affine.back(), 5e-3 * (1 + std::abs(output))) << lines[1].substituted;
    }
  }
}

TEST(AxisFlipFormula, EvalModeSaysTheStatisticsAreRunningOnes) {
  const auto activations = make_preset(ActivationPreset::random_normal, {6, 4}, 1);
  AxisFlipSettings settings = testing::settings_of(NormKind::batch);
  settings.training = false;
  const AxisFlipResult result = compute_axis_flip(activations, settings);
  const auto lines = statistics_formula(result, 0);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].symbolic.find("running"), std::string::npos);
  EXPECT_DOUBLE_EQ(lines[0].value, result.running_mean[0]);
  EXPECT_DOUBLE_EQ(lines[1].value, result.running_var[0]);
}

}  // namespace
}  // namespace normlab::lessons
