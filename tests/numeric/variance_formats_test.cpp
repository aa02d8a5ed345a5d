// The four variance algorithms run in emulated formats against float64, the figures' numbers against the
// core's, and the eps facts of float16. References are written out separately here: an independent
// float16 textbook two pass in the compiler's _Float16, long double statistics, hand-derived facts.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "figure/catalog.hpp"
#include "catalog/figure_catalog.hpp"
#include "lessons/numerics_lab.hpp"
#include "norm/moments.hpp"

namespace normlab::lessons {
namespace {

using numeric::FloatFormat;

std::vector<double> stored_row(double offset, double spread, std::size_t cols, FloatFormat format,
                               std::uint64_t seed) {
  std::mt19937_64 generator(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> row(cols);
  for (double& value : row) value = numeric::round_to_format(offset + spread * normal(generator), format);
  return row;
}

double mean_relative_error(double offset, VarianceAlgorithm algorithm, FloatFormat format, int rows = 64) {
  double total = 0;
  for (int row = 0; row < rows; ++row) {
    const std::vector<double> values = stored_row(offset, 1.0, 64, format, 100 + row);
    const double truth = reference_variance(values);
    total += std::fabs(moments_in_format(values, algorithm, format).variance - truth) / truth;
  }
  return total / rows;
}

TEST(VarianceInFormats, AllAlgorithmsAreAccurateAtMeanZero) {
  // Centred data (condition number ~1): every algorithm is within a few d u of the truth.
  for (FloatFormat format : kLabFormats) {
    const double bound = 2 * 64 * numeric::unit_roundoff(format);
    for (VarianceAlgorithm algorithm : kVarianceAlgorithms) {
      const double error = mean_relative_error(0.0, algorithm, format);
      EXPECT_LT(error, bound) << algorithm_name(algorithm) << " in " << numeric::format_spec(format).name;
      EXPECT_GT(error, 0) << "rounding must be visible: " << algorithm_name(algorithm);
    }
  }
}

TEST(VarianceInFormats, Float32AtMeanOneMillion) {
  const double one_pass = mean_relative_error(1e6, VarianceAlgorithm::one_pass, FloatFormat::float32);
  const double textbook = mean_relative_error(1e6, VarianceAlgorithm::textbook_two_pass, FloatFormat::float32);
  const double corrected = mean_relative_error(1e6, VarianceAlgorithm::corrected_two_pass, FloatFormat::float32);
  const double welford = mean_relative_error(1e6, VarianceAlgorithm::welford, FloatFormat::float32);
  EXPECT_GT(one_pass, 1.0);  // catastrophic: worse than no answer
  // The textbook two pass keeps the mean's rounding error squared: ~(n u |mean| / sqrt(n))^2 / var.
  EXPECT_GT(textbook, 1e-4);
  EXPECT_LT(textbook, 1e-1);
  EXPECT_LT(corrected, textbook / 10);  // the correction term removes it
  EXPECT_LT(welford, 1e-1);
}

TEST(VarianceInFormats, OnePassOverflowsInFloat16) {
  // x^2 of a value near 300 is ~9e4 > 65504: the squares sum to infinity, and inf - inf is NaN.
  const std::vector<double> row = stored_row(300, 1, 16, FloatFormat::float16, 1);
  EXPECT_TRUE(std::isnan(moments_in_format(row, VarianceAlgorithm::one_pass, FloatFormat::float16).variance));
  for (VarianceAlgorithm algorithm : {VarianceAlgorithm::corrected_two_pass, VarianceAlgorithm::welford})
    EXPECT_TRUE(std::isfinite(moments_in_format(row, algorithm, FloatFormat::float16).variance));
}

#if defined(__FLT16_MAX__)
TEST(VarianceInFormats, TextbookTwoPassMatchesAnIndependentFloat16Version) {
  // Each operation in float (exact for two float16 operands or correctly rounded, 24 >= 2 * 11 + 2 bits)
  // then rounded by the compiler to _Float16: no line of core/numeric involved.
  const auto round = [](float value) { return static_cast<_Float16>(value); };
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const std::vector<double> row = stored_row(10 + double(seed), 0.5, 48, FloatFormat::float16, seed);
    _Float16 sum = 0;
    for (double value : row) sum = round(float(sum) + float(_Float16(value)));
    const _Float16 mean = round(float(sum) / float(_Float16(48.0f)));
    _Float16 squares = 0;
    for (double value : row) {
      const _Float16 deviation = round(float(_Float16(value)) - float(mean));
      squares = round(float(squares) + float(round(float(deviation) * float(deviation))));
    }
    const double expected = double(round(float(squares) / float(_Float16(48.0f))));
    const FormatMoments moments = moments_in_format(row, VarianceAlgorithm::textbook_two_pass, FloatFormat::float16);
    EXPECT_EQ(moments.variance, expected) << seed;
    EXPECT_EQ(moments.mean, double(mean)) << seed;
  }
}
#endif

TEST(VarianceInFormats, Float32PathIsNativeFloat) {
  const std::vector<double> row = stored_row(1e4, 1, 64, FloatFormat::float32, 9);
  const std::vector<float> floats(row.begin(), row.end());
  EXPECT_EQ(moments_in_format(row, VarianceAlgorithm::welford, FloatFormat::float32).variance,
            double(welford_moments<float>(std::span<const float>(floats)).biased_variance()));
  EXPECT_EQ(moments_in_format(row, VarianceAlgorithm::textbook_two_pass, FloatFormat::float32).variance,
            double(textbook_two_pass_moments<float>(std::span<const float>(floats)).biased_variance()));
}

TEST(LayerNormInFormats, ErrorGrowsWithTheVarianceError) {
  const std::vector<double> row = stored_row(1e4, 1, 64, FloatFormat::float32, 4);
  const std::vector<double> truth = reference_layernorm(row, 1e-5);
  const auto worst = [&](VarianceAlgorithm algorithm) {
    const std::vector<double> output = layernorm_in_format(row, algorithm, FloatFormat::float32, 1e-5);
    double largest = 0;
    for (std::size_t i = 0; i < row.size(); ++i) largest = std::max(largest, std::fabs(output[i] - truth[i]));
    return largest;
  };
  EXPECT_LT(worst(VarianceAlgorithm::corrected_two_pass), 1e-2);
  EXPECT_GT(worst(VarianceAlgorithm::one_pass), 10 * worst(VarianceAlgorithm::corrected_two_pass));
  double mean = 0;  // the truth is centred and of unit variance (up to eps)
  for (double value : truth) mean += value / double(truth.size());
  EXPECT_NEAR(mean, 0, 1e-12);
}

TEST(EpsilonInFloat16, StorageAbsorptionAndConstantRow) {
  const EpsilonStudy study = study_epsilon(FloatFormat::float16, {1e-6, 1e-5, 1e-3, 1e-8}, 0.3, 64,
                                           VarianceAlgorithm::corrected_two_pass);
  EXPECT_NEAR(study.smallest_normal, 6.1035e-5, 1e-8);
  EXPECT_TRUE(study.stored[0].subnormal);
  EXPECT_TRUE(study.stored[1].subnormal);
  EXPECT_FALSE(study.stored[2].subnormal);
  EXPECT_EQ(study.stored[3].stored, 0.0);  // 1e-8 flushes to zero
  EXPECT_EQ(study.stored[1].stored, 168 * std::ldexp(1.0, -24));
  // eps is absorbed once half the spacing of v exceeds it: 1e-5 < 2^-11 v for v >= 2^-5 (spacing 2^-15).
  EXPECT_EQ(study.absorbed_from[1], std::ldexp(1.0, -5));
  // 1e-3 is just above half the spacing of [2, 4) (2^-10 = 9.8e-4): absorbed only from 4 on.
  EXPECT_EQ(study.absorbed_from[2], 4.0);
  EXPECT_EQ(study.absorbed_from[3], 0.0);  // eps stored as 0: nothing to absorb
  // The constant row: exact LayerNorm is 0; in float16 the mean's rounding residual r is multiplied by
  // 1/sqrt(eps), so smaller eps gives a larger output.
  for (const ConstantRow& row : study.constant_rows) {
    if (row.eps_stored == 0) continue;
    if (row.mean_residual == 0) continue;
    EXPECT_NEAR(row.max_output, row.mean_residual / std::sqrt(row.eps_stored + row.variance),
                0.05 * row.max_output);
  }
  EXPECT_GT(study.constant_rows[0].max_output, study.constant_rows[2].max_output);
}

TEST(NumericsFigures, DrawTheCoresNumbers) {
  VarianceSweepRequest request;
  request.rows = 4, request.max_offset = 1e5, request.points_per_decade = 1;
  const VarianceSweep sweep = sweep_variance(request);
  const figure::Figure variance = variance_error_figure(sweep);
  ASSERT_EQ(variance.panels.size(), kLabFormats.size());
  for (std::size_t f = 0; f < kLabFormats.size(); ++f) {
    ASSERT_EQ(variance.panels[f].series.size(), kVarianceAlgorithms.size());
    for (std::size_t a = 0; a < kVarianceAlgorithms.size(); ++a) {
      const auto& line = std::get<figure::LineSeries>(variance.panels[f].series[a]);
      EXPECT_EQ(line.x, sweep.offsets);
      for (std::size_t point = 0; point < line.y.size(); ++point) {
        const double core = sweep.formats[f].curves[a].variance_error[point];
        if (core > 0) EXPECT_EQ(line.y[point], core);
        else EXPECT_TRUE(std::isnan(line.y[point]));
      }
    }
  }
  // float16's one pass: at mean 100 the 64 squares (~1e4 each) sum past 65504 to infinity; at mean 1000
  // mean² overflows too, and inf - inf is NaN. The subtitle says so in words.
  const std::string events = curve_events(sweep, sweep.formats[2], sweep.formats[2].curves[0]);
  EXPECT_EQ(events, "NaN at 1000; infinite at 100");
  EXPECT_EQ(format_events(sweep, sweep.formats[2]),
            "rows round to one value (not measured) at 10000; values overflow (> 65504) at 10⁵");
  EXPECT_EQ(sweep.formats[2].curves[0].infinite_rows[2], 4);
  EXPECT_EQ(sweep.formats[2].curves[0].nan_rows[3], 4);
}

TEST(NumericsFigures, CatalogBuildsThemAndMomentsCancellationNamesBothTwoPasses) {
  for (const char* name : {"numerics-variance", "numerics-layernorm-error"})
    EXPECT_FALSE(figure::build_catalog_figure(name, {{"points-per-decade", "1"}, {"rows", "2"}}).title.empty());
  const figure::Figure epsilon = figure::build_catalog_figure("numerics-epsilon");
  ASSERT_EQ(epsilon.panels.size(), 2u);
  const auto& bars = std::get<figure::BarSeries>(epsilon.panels[1].series[0]);
  const EpsilonStudy study = study_epsilon(FloatFormat::float16, {1e-6, 1e-5, 1e-3, 1e-8}, 0.3, 64,
                                           VarianceAlgorithm::corrected_two_pass);
  for (std::size_t e = 0; e < 3; ++e) EXPECT_EQ(bars.values[e], study.constant_rows[e].max_output);
  const figure::Figure moments = figure::build_catalog_figure("moments-cancellation", {{"points-per-decade", "1"}});
  EXPECT_NE(moments.subtitle.find("textbook two pass"), std::string::npos);
  EXPECT_NE(moments.subtitle.find("corrected two pass"), std::string::npos);
  EXPECT_THROW(figure::build_catalog_figure("numerics-epsilon", {{"format", "float8"}}), std::invalid_argument);
  EXPECT_THROW(figure::build_catalog_figure("numerics-epsilon", {{"eps", "1e-5,x"}}), std::invalid_argument);
}

}  // namespace
}  // namespace normlab::lessons
