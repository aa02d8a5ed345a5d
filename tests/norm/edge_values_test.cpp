// Every variant at the edges of its inputs: zero variance, one feature, one sample, values near the
// data type's largest, and eps = 0. Each case has a defined answer, checked here.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "norm_test_support.hpp"

namespace normlab {
namespace {

using testing::make_config;

template <typename T>
NormForward<T> forward(const Tensor<T>& input, const NormConfig& config) {
  NormParameters<T> parameters;
  return norm_forward(input, config, parameters);
}

constexpr NormKind kAllKinds[] = {NormKind::layer, NormKind::rms, NormKind::partial_rms, NormKind::batch,
                                  NormKind::group, NormKind::instance};

// (N, C, L) = (2, 2, 2): every variant accepts it.
Shape three_axes() { return {2, 2, 2}; }

TEST(EdgeValues, ConstantInputGivesBetaOrItsSignWithoutNaN) {
  for (const NormKind kind : kAllKinds) {
    const auto result = forward(Tensor<double>(three_axes(), std::vector<double>(8, 3.0)), make_config(kind, 1e-5));
    for (const double value : result.output.values) {
      ASSERT_TRUE(std::isfinite(value)) << norm_kind_name(kind);
      // Centred kinds: x - mean = 0, so y = beta = 0. RMS kinds: 3 / sqrt(9 + eps), just under 1.
      EXPECT_NEAR(value, testing::is_rms_kind(kind) ? 1.0 : 0.0, 1e-6) << norm_kind_name(kind);
    }
  }
}

TEST(EdgeValues, ZeroInputIsZeroForEveryVariant) {
  for (const NormKind kind : kAllKinds) {
    const auto result = forward(Tensor<float>(three_axes(), std::vector<float>(8, 0.0f)), make_config(kind, 1e-5));
    for (const float value : result.output.values) EXPECT_EQ(value, 0.0f) << norm_kind_name(kind);
  }
}

// The statistics are reduced in double (float data) and long double (double data): squares of values
// near the type's largest do not overflow, so the output is the ordinary +-1 pattern, not 0 or NaN.
TEST(EdgeValues, HugeValuesDoNotOverflowTheSumOfSquares) {
  for (const float huge : {1e20f, 3e38f, std::numeric_limits<float>::max()}) {
    const Tensor<float> input({2, 2}, {huge, -huge, -huge, huge});
    for (const NormKind kind : {NormKind::layer, NormKind::rms}) {
      const auto result = forward(input, make_config(kind, 1e-5));
      for (std::size_t index = 0; index < 4; ++index) {
        EXPECT_NEAR(result.output[index], input[index] > 0 ? 1.0f : -1.0f, 1e-6f) << huge << " " << norm_kind_name(kind);
      }
    }
  }
  const Tensor<double> input({1, 2}, {1e300, -1e300});
  for (const NormKind kind : {NormKind::layer, NormKind::rms}) {
    const auto result = forward(input, make_config(kind, 1e-5));
    EXPECT_NEAR(result.output[0], 1.0, 1e-12) << norm_kind_name(kind);
    EXPECT_NEAR(result.output[1], -1.0, 1e-12) << norm_kind_name(kind);
  }
}

TEST(EdgeValues, OneFeature) {
  const Tensor<double> input({3, 1}, {2.0, -5.0, 0.0});
  const auto layer = forward(input, make_config(NormKind::layer, 1e-5));
  for (const double value : layer.output.values) EXPECT_EQ(value, 0.0);  // a single value is its own mean
  const auto rms = forward(input, make_config(NormKind::rms, 1e-5));
  EXPECT_DOUBLE_EQ(rms.output[0], 2.0 / std::sqrt(4.0 + 1e-5));  // x / sqrt(x^2 + eps): about the sign of x
  EXPECT_DOUBLE_EQ(rms.output[1], -5.0 / std::sqrt(25.0 + 1e-5));
  EXPECT_EQ(rms.output[2], 0.0);
}

TEST(EdgeValues, OneSampleForBatchNormCollapsesToBetaWithAWarning) {
  const auto result = forward(Tensor<double>({1, 3}, {1.0, 2.0, 3.0}), make_config(NormKind::batch, 1e-5));
  for (const double value : result.output.values) EXPECT_EQ(value, 0.0);
  ASSERT_FALSE(result.warnings.empty());
  EXPECT_NE(result.warnings[0].find("collapses to beta"), std::string::npos) << result.warnings[0];
  // In eval mode the running statistics (mean 0, variance 1) are used: one sample is fine.
  const auto eval = forward(Tensor<double>({1, 3}, {1.0, 2.0, 3.0}), make_config(NormKind::batch, 0.0, 1, false));
  EXPECT_DOUBLE_EQ(eval.output[2], 3.0);
  EXPECT_TRUE(eval.warnings.empty());
}

// eps = 0 with a zero-variance group would divide 0 by 0: refused, naming the group, never NaN.
TEST(EdgeValues, ZeroEpsAndZeroVarianceIsRefusedNamingTheGroup) {
  try {
    forward(Tensor<double>({2, 2}, {1.0, 2.0, 1.0, 1.0}), make_config(NormKind::layer, 0.0));
    ADD_FAILURE() << "accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("group 1 "), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("is not finite"), std::string::npos) << error.what();
  }
  const auto defined = forward(Tensor<double>({1, 2}, {1.0, 2.0}), make_config(NormKind::layer, 0.0));
  EXPECT_DOUBLE_EQ(defined.output[0], -1.0);
  EXPECT_DOUBLE_EQ(defined.output[1], 1.0);
}

}  // namespace
}  // namespace normlab
