// Small cases worked on paper, one per variant. Each comment shows the derivation; the expected
// values are the closed forms from it, not numbers copied from a run.
#include <gtest/gtest.h>

#include <cmath>

#include "norm_test_support.hpp"

namespace normlab {
namespace {

using testing::make_config;

void expect_values(const Tensor<double>& actual, const std::vector<double>& expected,
                   double tolerance = 1e-14) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t flat = 0; flat < expected.size(); ++flat) {
    EXPECT_NEAR(actual[flat], expected[flat], tolerance) << "at flat index " << flat;
  }
}

TEST(HandValues, LayerNormOfOneTwoThree) {
  // x = (1, 2, 3): mean 2, biased var ((-1)^2 + 0 + 1^2) / 3 = 2/3; eps = 0.
  // y = (x - 2) / sqrt(2/3) = (-sqrt(3/2), 0, sqrt(3/2)).
  // With gamma = (2, 1, 0.5), beta = (0, 1, -1): y = (-2 sqrt(1.5), 1, 0.5 sqrt(1.5) - 1).
  const Tensor<double> input({1, 3}, {1, 2, 3});
  NormParameters<double> plain;
  const auto forward = norm_forward(input, make_config(NormKind::layer, 0.0), plain);
  expect_values(forward.output, {-std::sqrt(1.5), 0.0, std::sqrt(1.5)});
  EXPECT_NEAR(forward.group_mean[0], 2.0, 1e-15);
  EXPECT_NEAR(forward.group_rstd[0], std::sqrt(1.5), 1e-15);

  NormParameters<double> affine{{2, 1, 0.5}, {0, 1, -1}, {}, {}};
  const auto scaled = norm_forward(input, make_config(NormKind::layer, 0.0), affine);
  expect_values(scaled.output, {-2 * std::sqrt(1.5), 1.0, 0.5 * std::sqrt(1.5) - 1.0});
}

TEST(HandValues, LayerNormEpsSitsInsideTheRoot) {
  // x = (0, 2): mean 1, var 1; eps = 3 gives y = (x - 1) / sqrt(1 + 3) = (-0.5, 0.5).
  // (eps outside the root, 1/(1 + 3), would give (-0.25, 0.25).)
  const Tensor<double> input({2}, {0, 2});
  NormParameters<double> plain;
  expect_values(norm_forward(input, make_config(NormKind::layer, 3.0), plain).output, {-0.5, 0.5});
}

TEST(HandValues, RmsNormOfThreeFour) {
  // x = (3, 4): mean square (9 + 16) / 2 = 12.5, rms = sqrt(12.5) = 5 / sqrt(2); eps = 0.
  // y = x sqrt(2) / 5 = (0.6 sqrt 2, 0.8 sqrt 2); no centring, so the mean 3.5 stays in.
  const Tensor<double> input({2}, {3, 4});
  NormParameters<double> plain;
  expect_values(norm_forward(input, make_config(NormKind::rms, 0.0), plain).output,
                {0.6 * std::sqrt(2.0), 0.8 * std::sqrt(2.0)});
}

TEST(HandValues, PartialRmsNormUsesTheFirstFeaturesOnly) {
  // p = 0.5, d = 4: k = ceil(2) = 2, so the RMS comes from (3, 4) only: sqrt(12.5) = 5 / sqrt(2);
  // every feature, including 100 and -7, is divided by it: y = x sqrt(2) / 5.
  const Tensor<double> input({4}, {3, 4, 100, -7});
  NormParameters<double> plain;
  const double scale = std::sqrt(2.0) / 5.0;
  expect_values(norm_forward(input, make_config(NormKind::partial_rms, 0.0, 1, true, 0.5), plain).output,
                {3 * scale, 4 * scale, 100 * scale, -7 * scale}, 1e-13);
}

TEST(HandValues, BatchNormNormalizesColumns) {
  // (N, C) = (2, 2), x = [[1, 10], [3, 30]]; eps = 0.
  // channel 0: {1, 3}, mean 2, var 1 -> (-1, 1); channel 1: {10, 30}, mean 20, var 100 -> (-1, 1).
  const Tensor<double> input({2, 2}, {1, 10, 3, 30});
  NormParameters<double> plain;
  expect_values(norm_forward(input, make_config(NormKind::batch, 0.0), plain).output, {-1, -1, 1, 1});
}

TEST(HandValues, BatchNormPoolsSamplesAndLength) {
  // (N, C, L) = (2, 1, 2), x = [[[0, 2]], [[4, 6]]]: the one channel holds {0, 2, 4, 6}, mean 3,
  // var (9 + 1 + 1 + 9) / 4 = 5, so y = (-3, -1, 1, 3) / sqrt(5).
  const Tensor<double> input({2, 1, 2}, {0, 2, 4, 6});
  NormParameters<double> plain;
  const double root5 = std::sqrt(5.0);
  expect_values(norm_forward(input, make_config(NormKind::batch, 0.0), plain).output,
                {-3 / root5, -1 / root5, 1 / root5, 3 / root5});
}

TEST(HandValues, BatchNormEvalUsesRunningStatistics) {
  // running mean (1, 2), running var (4, 9), eps = 0; x = [[3, 8]] -> ((3-1)/2, (8-2)/3) = (1, 2).
  const Tensor<double> input({1, 2}, {3, 8});
  NormParameters<double> running{{}, {}, {1, 2}, {4, 9}};
  expect_values(norm_forward(input, make_config(NormKind::batch, 0.0, 1, false), running).output, {1, 2});
}

TEST(HandValues, GroupNormSplitsChannels) {
  // (N, C) = (1, 4), G = 2: group 0 = channels {0, 1} = {1, 3} -> (-1, 1);
  // group 1 = channels {2, 3} = {10, 14}, mean 12, var 4 -> (-1, 1). eps = 0.
  const Tensor<double> input({1, 4}, {1, 3, 10, 14});
  NormParameters<double> plain;
  expect_values(norm_forward(input, make_config(NormKind::group, 0.0, 2), plain).output, {-1, 1, -1, 1});
}

TEST(HandValues, InstanceNormPerSamplePerChannel) {
  // (N, C, L) = (1, 2, 2), x = [[[1, 3], [5, 5]]], eps = 1.
  // channel 0: {1, 3}, mean 2, var 1 -> (-1, 1) / sqrt(1 + 1); channel 1: {5, 5}, var 0 -> 0 / sqrt(1) = 0.
  const Tensor<double> input({1, 2, 2}, {1, 3, 5, 5});
  NormParameters<double> plain;
  const double half_root = 1 / std::sqrt(2.0);
  expect_values(norm_forward(input, make_config(NormKind::instance, 1.0), plain).output,
                {-half_root, half_root, 0, 0});
}

TEST(HandValues, LayerNormOfTwoFeaturesHasZeroGradient) {
  // d = 2, eps = 0: y = (x - mean)/sigma = (sign(x1 - x2), sign(x2 - x1)), a constant near any x with
  // x1 != x2, so dx = 0 whatever dy; dgamma = sum dy * xhat = -dy1 + dy2 for x = (1, 3); dbeta = dy.
  const Tensor<double> input({1, 2}, {1, 3});
  const Tensor<double> output_grad({1, 2}, {0.7, -2.0});
  NormParameters<double> plain;
  const auto gradients = norm_backward(input, output_grad, make_config(NormKind::layer, 0.0), plain);
  expect_values(gradients.input_grad, {0, 0});
  EXPECT_NEAR(gradients.gamma_grad[0], -0.7, 1e-15);
  EXPECT_NEAR(gradients.gamma_grad[1], -2.0, 1e-15);
  EXPECT_NEAR(gradients.beta_grad[0], 0.7, 1e-15);
  EXPECT_NEAR(gradients.beta_grad[1], -2.0, 1e-15);
}

TEST(HandValues, RmsNormOfOneFeatureDerivative) {
  // d = 1: y = x / sqrt(x^2 + eps), dy/dx = eps / (x^2 + eps)^(3/2). x = 2, eps = 1: 1 / 5^(3/2).
  const Tensor<double> input({1}, {2});
  NormParameters<double> plain;
  const auto jacobian = norm_jacobian(input, make_config(NormKind::rms, 1.0), plain, 0);
  EXPECT_NEAR(jacobian[0], 1 / std::pow(5.0, 1.5), 1e-15);
  const auto forward = norm_forward(input, make_config(NormKind::rms, 1.0), plain);
  EXPECT_NEAR(forward.output[0], 2 / std::sqrt(5.0), 1e-15);
}

TEST(HandValues, LayerNormJacobianOfOneTwoThree) {
  // x = (1, 2, 3), eps = 0: r = sqrt(1.5), xhat = (-r, 0, r) with r^2 = 1.5, d = 3.
  // J = r (I - 11^T/3 - xhat xhat^T/3): J[0][0] = r (1 - 1/3 - 1.5/3) = r/6,
  // J[0][1] = r (0 - 1/3 - 0) = -r/3, J[0][2] = r (-1/3 + 1.5/3) = r/6, J[1][1] = r (1 - 1/3) = 2r/3.
  const Tensor<double> input({3}, {1, 2, 3});
  NormParameters<double> plain;
  const auto jacobian = norm_jacobian(input, make_config(NormKind::layer, 0.0), plain, 0);
  const double r = std::sqrt(1.5);
  expect_values(jacobian, {r / 6, -r / 3, r / 6, -r / 3, 2 * r / 3, -r / 3, r / 6, -r / 3, r / 6});
}

}  // namespace
}  // namespace normlab
