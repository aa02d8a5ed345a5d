// BatchNorm's running statistics (momentum 0.1, unbiased variance, as PyTorch), batch-size-1 collapse,
// and the engine's refusals of bad parameters and non-finite input.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "norm_test_support.hpp"

namespace normlab {
namespace {

using testing::make_config;

TEST(BatchRunningStatistics, UpdateWithMomentumAndUnbiasedVariance) {
  // x = [[1, 10], [3, 30]] (N = 2, C = 2). Batch means (2, 20); biased vars (1, 100) normalize;
  // unbiased vars (2, 200) feed the running variance.
  // From PyTorch's initial state (0, 1): mean 0.9*0 + 0.1*(2, 20) = (0.2, 2);
  // var 0.9*1 + 0.1*(2, 200) = (1.1, 20.9).
  const Tensor<double> input({2, 2}, {1, 10, 3, 30});
  NormParameters<double> parameters;
  norm_forward(input, make_config(NormKind::batch, 1e-5), parameters);
  EXPECT_NEAR(parameters.running_mean[0], 0.2, 1e-15);
  EXPECT_NEAR(parameters.running_mean[1], 2.0, 1e-15);
  EXPECT_NEAR(parameters.running_var[0], 1.1, 1e-15);
  EXPECT_NEAR(parameters.running_var[1], 20.9, 1e-14);
  // A second step from there: mean 0.9*0.2 + 0.1*2 = 0.38, var 0.9*1.1 + 0.1*2 = 1.19 (channel 0).
  norm_forward(input, make_config(NormKind::batch, 1e-5), parameters);
  EXPECT_NEAR(parameters.running_mean[0], 0.38, 1e-15);
  EXPECT_NEAR(parameters.running_var[0], 1.19, 1e-15);
}

TEST(BatchRunningStatistics, EvalModeLeavesThemAlone) {
  const Tensor<double> input({2, 1}, {1, 3});
  NormParameters<double> parameters{{}, {}, {0.5}, {2.0}};
  norm_forward(input, make_config(NormKind::batch, 1e-5, 1, false), parameters);
  EXPECT_EQ(parameters.running_mean[0], 0.5);
  EXPECT_EQ(parameters.running_var[0], 2.0);
}

TEST(BatchRunningStatistics, OneValuePerChannelCollapsesToBetaWithAWarning) {
  // N*L = 1: x - mean = 0 exactly, so y = beta; the running mean still moves (0.1 * x).
  const Tensor<double> input({1, 2, 1}, {5, -3});
  NormParameters<double> parameters{{2, 3}, {0.25, -0.5}, {}, {}};
  const auto forward = norm_forward(input, make_config(NormKind::batch, 1e-5), parameters);
  EXPECT_EQ(forward.output[0], 0.25);
  EXPECT_EQ(forward.output[1], -0.5);
  ASSERT_EQ(forward.warnings.size(), 1u);
  EXPECT_NE(forward.warnings[0].find("collapses to beta"), std::string::npos);
  EXPECT_NEAR(parameters.running_mean[0], 0.5, 1e-15);
  EXPECT_EQ(parameters.running_var[0], 1.0);
}

TEST(SingleValueGroups, InstanceAndLayerNormOfOneValueWarnToo) {
  // InstanceNorm with L = 1 and LayerNorm with d = 1: each group holds one value, y = beta.
  NormParameters<double> instance_parameters{{}, {0.5, -1.0}, {}, {}};
  const auto instance = norm_forward(Tensor<double>({2, 2, 1}, {3, 4, 5, 6}),
                                     make_config(NormKind::instance, 1e-5), instance_parameters);
  EXPECT_EQ(instance.output.values, (std::vector<double>{0.5, -1.0, 0.5, -1.0}));
  ASSERT_EQ(instance.warnings.size(), 1u);
  EXPECT_EQ(instance.warnings[0].rfind("InstanceNorm with a single value per group", 0), 0u)
      << instance.warnings[0];
  NormParameters<double> plain;
  EXPECT_EQ(norm_forward(Tensor<double>({3, 1}, {1, 2, 3}), make_config(NormKind::layer, 1e-5), plain)
                .warnings.size(),
            1u);
  EXPECT_TRUE(norm_forward(Tensor<double>({3, 1}, {1, 2, 3}), make_config(NormKind::rms, 1e-5), plain)
                  .warnings.empty())
      << "RMSNorm does not centre: one value still carries its sign";
}

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "no error";
}

TEST(EngineRefusals, BadParametersAndInputs) {
  const Tensor<double> input({2, 3}, {1, 2, 3, 4, 5, 7});
  const auto layer = make_config(NormKind::layer, 1e-5);
  NormParameters<double> short_gamma{{1, 1}, {}, {}, {}};
  EXPECT_NE(error_of([&] { norm_forward(input, layer, short_gamma); }).find("gamma has 2 values"),
            std::string::npos);
  NormParameters<double> rms_beta{{}, {0, 0, 0}, {}, {}};
  EXPECT_NE(
      error_of([&] { norm_forward(input, make_config(NormKind::rms, 1e-5), rms_beta); }).find("no beta"),
      std::string::npos);
  Tensor<double> with_nan = input;
  with_nan[4] = std::numeric_limits<double>::quiet_NaN();
  NormParameters<double> plain;
  EXPECT_NE(error_of([&] { norm_forward(with_nan, layer, plain); }).find("NaN at index [1, 1]"),
            std::string::npos);
  const Tensor<double> constant_row({1, 3}, {2, 2, 2});
  EXPECT_NE(error_of([&] {
              norm_forward(constant_row, make_config(NormKind::layer, 0.0), plain);
            }).find("not finite"),
            std::string::npos);
  const Tensor<double> wrong_grad({3, 2});
  EXPECT_NE(error_of([&] { norm_backward(input, wrong_grad, layer, plain); }).find("shape"),
            std::string::npos);
}

TEST(DeepNorm, ConstantsFromTheDeepNetTable) {
  // decoder-only M = 4: alpha = (2*4)^(1/4) = 8^(1/4), beta = (8*4)^(-1/4) = 32^(-1/4).
  const auto decoder = deepnorm_constants(DeepNormArchitecture::decoder_only, 0, 4);
  EXPECT_NEAR(decoder.alpha, std::pow(8.0, 0.25), 1e-15);
  EXPECT_NEAR(decoder.beta, std::pow(32.0, -0.25), 1e-15);
  // encoder-decoder N = M = 1: encoder alpha 0.81, beta 0.87; decoder alpha 3^(1/4), beta 12^(-1/4).
  const auto encoder = deepnorm_constants(DeepNormArchitecture::encoder_decoder, 1, 1, true);
  EXPECT_NEAR(encoder.alpha, 0.81, 1e-15);
  EXPECT_NEAR(encoder.beta, 0.87, 1e-15);
  EXPECT_NEAR(deepnorm_constants(DeepNormArchitecture::encoder_decoder, 1, 1, false).beta,
              std::pow(12.0, -0.25), 1e-15);
}

TEST(DeepNorm, ResidualIsLayerNormOfScaledSum) {
  // alpha = 2, residual (1, 0), sublayer (0, 2): sum (2, 2)... constant; use (1, 0) and (0, 4):
  // 2*(1, 0) + (0, 4) = (2, 4), mean 3, var 1, eps = 0 -> (-1, 1).
  const Tensor<double> residual({2}, {1, 0});
  const Tensor<double> sublayer({2}, {0, 4});
  const Tensor<double> output = deepnorm_residual(residual, sublayer, 2.0, 0.0);
  EXPECT_NEAR(output[0], -1.0, 1e-15);
  EXPECT_NEAR(output[1], 1.0, 1e-15);
}

}  // namespace
}  // namespace normlab
