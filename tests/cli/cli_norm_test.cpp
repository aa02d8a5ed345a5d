// normlab-cli apply / grad / jacobian round trips: .npy float32 and float64 and .csv, output dtype =
// input dtype, values against closed forms computed here independently of core/norm.
#include <algorithm>
#include <cmath>
#include <variant>

#include "cli_test_support.hpp"
#include "io/csv.hpp"
#include "io/npy.hpp"

namespace normlab {
namespace {

using testing::CliTest;

// LayerNorm of one row, the plain way (two-pass in double): the independent reference.
std::vector<double> reference_layer_norm(const std::vector<double>& row, double eps) {
  double mean = 0;
  for (const double value : row) mean += value / row.size();
  double variance = 0;
  for (const double value : row) variance += (value - mean) * (value - mean) / row.size();
  std::vector<double> output;
  for (const double value : row) output.push_back((value - mean) / std::sqrt(variance + eps));
  return output;
}

TEST_F(CliTest, ApplyLayerNormFloat32NpyKeepsDtypeAndMatchesReference) {
  // Mean ~1e4, spread ~1: a float kernel with one-pass statistics would fail here.
  const std::vector<float> values{10000.5f, 9999.25f, 10001.75f, 10000.0f, 3.0f, -1.0f, 2.0f, 0.5f};
  write_npy(path("x.npy"), Tensor<float>({2, 4}, values));
  const auto result = run({"apply", "--norm", "layer", "--in", "x.npy", "--out", "y.npy"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto output = std::get<Tensor<float>>(read_npy(path("y.npy")));
  EXPECT_EQ(output.shape, (Shape{2, 4}));
  for (std::size_t row = 0; row < 2; ++row) {
    const std::vector<double> row_values(values.begin() + row * 4, values.begin() + row * 4 + 4);
    const auto expected = reference_layer_norm(row_values, double(1e-5f));
    for (std::size_t col = 0; col < 4; ++col) {
      EXPECT_NEAR(output[row * 4 + col], expected[col], 2e-7 * std::abs(expected[col]) + 1e-12);
    }
  }
}

TEST_F(CliTest, ApplyFloat64NpyAndCsvAgreeToTheLastBit) {
  const Tensor<double> input({2, 3}, {0.1, -2.5, 7.25, 1e-3, 4.0, -3.0});
  write_npy(path("x.npy"), input);
  write_csv(path("x.csv"), input);
  ASSERT_EQ(run({"apply", "--norm", "rms", "--in", "x.npy", "--out", "y.npy", "--eps", "1e-6"}).exit_code, 0);
  ASSERT_EQ(run({"apply", "--norm", "rms", "--in", "x.csv", "--out", "y.csv", "--eps", "1e-6"}).exit_code, 0);
  const auto from_npy = std::get<Tensor<double>>(read_npy(path("y.npy")));
  const auto from_csv = read_csv(path("y.csv"));
  EXPECT_EQ(from_npy.values, from_csv.values) << "CSV is written in shortest round-trip form";
  // RMSNorm row 0 by hand: y = x / sqrt(mean(x^2) + eps).
  const double mean_square = (0.1 * 0.1 + 2.5 * 2.5 + 7.25 * 7.25) / 3;
  EXPECT_NEAR(from_npy[2], 7.25 / std::sqrt(mean_square + 1e-6), 1e-15);
}

TEST_F(CliTest, ApplyWithGammaBetaAndGroupNorm) {
  // GroupNorm (N, C) = (1, 4), G = 2, eps = 0: groups {1, 3} and {10, 14} both normalize to (-1, 1);
  // gamma (1, 2, 3, 4), beta (0, 0, 1, 1) give (-1, 2, -2, 5).
  write_csv(path("x.csv"), Tensor<double>({1, 4}, {1, 3, 10, 14}));
  write_csv(path("g.csv"), Tensor<double>({1, 4}, {1, 2, 3, 4}));
  write_npy(path("b.npy"), Tensor<double>({4}, {0, 0, 1, 1}));
  const auto result = run({"apply", "--norm", "group", "--groups", "2", "--eps", "0", "--in", "x.csv",
                           "--gamma", "g.csv", "--beta", "b.npy", "--out", "y.csv"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read_csv(path("y.csv")).values, (std::vector<double>{-1, 2, -2, 5}));
}

TEST_F(CliTest, BatchNormTrainWithOneValuePerChannelWarnsAndCollapsesToBeta) {
  write_npy(path("x.npy"), Tensor<float>({1, 2, 1}, {5.0f, -3.0f}));
  write_npy(path("b.npy"), Tensor<float>({2}, {0.25f, -0.5f}));
  const auto result = run({"apply", "--norm", "batch", "--in", "x.npy", "--beta", "b.npy", "--out", "y.npy",
                           "--out-running-mean", "rm.npy", "--out-running-var", "rv.npy"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("warning"), std::string::npos);
  EXPECT_NE(result.err.find("collapses to beta"), std::string::npos);
  EXPECT_EQ(std::get<Tensor<float>>(read_npy(path("y.npy"))).values, (std::vector<float>{0.25f, -0.5f}));
  // Running mean 0.9 * 0 + 0.1 * x = (0.5, -0.3); running variance left at its initial 1.
  const auto running_mean = std::get<Tensor<float>>(read_npy(path("rm.npy")));
  EXPECT_NEAR(running_mean[0], 0.5f, 1e-7);
  EXPECT_NEAR(running_mean[1], -0.3f, 1e-7);
  EXPECT_EQ(std::get<Tensor<float>>(read_npy(path("rv.npy"))).values, (std::vector<float>{1.0f, 1.0f}));
}

TEST_F(CliTest, BatchNormRunningStatisticsUpdateAndEval) {
  // x = [[1, 10], [3, 30]]: running mean (0.2, 2), running var 0.9 + 0.1 * unbiased (2, 200) = (1.1, 20.9).
  write_csv(path("x.csv"), Tensor<double>({2, 2}, {1, 10, 3, 30}));
  ASSERT_EQ(run({"apply", "--norm", "batch", "--in", "x.csv", "--out", "y.csv", "--out-running-mean",
                 "rm.csv", "--out-running-var", "rv.csv"})
                .exit_code,
            0);
  const auto running_var = read_csv(path("rv.csv"));
  EXPECT_NEAR(running_var[0], 1.1, 1e-15);
  EXPECT_NEAR(running_var[1], 20.9, 1e-14);
  // Eval with those: (x - 0.2) / sqrt(1.1 + eps) for channel 0.
  ASSERT_EQ(run({"apply", "--norm", "batch", "--mode", "eval", "--in", "x.csv", "--running-mean", "rm.csv",
                 "--running-var", "rv.csv", "--out", "e.csv"})
                .exit_code,
            0);
  EXPECT_NEAR(read_csv(path("e.csv"))[0], (1 - 0.2) / std::sqrt(1.1 + 1e-5), 1e-15);
}

TEST_F(CliTest, GradWritesDxDgammaDbetaInTheInputDtype) {
  // LayerNorm with d = 2 and eps = 0 is locally constant: dx = 0, dgamma = dy * xhat, dbeta = dy.
  write_npy(path("x.npy"), Tensor<float>({1, 2}, {1.0f, 3.0f}));
  write_npy(path("dy.npy"), Tensor<float>({1, 2}, {0.5f, -2.0f}));
  const auto result = run({"grad", "--norm", "layer", "--eps", "0", "--in", "x.npy", "--grad-out", "dy.npy",
                           "--out-dx", "dx.npy", "--out-dgamma", "dg.npy", "--out-dbeta", "db.npy"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(std::get<Tensor<float>>(read_npy(path("dx.npy"))).values, (std::vector<float>{0.0f, 0.0f}));
  EXPECT_EQ(std::get<Tensor<float>>(read_npy(path("dg.npy"))).values, (std::vector<float>{-0.5f, -2.0f}));
  const auto beta_grad = std::get<Tensor<float>>(read_npy(path("db.npy")));
  EXPECT_EQ(beta_grad.shape, (Shape{2}));
  EXPECT_EQ(beta_grad.values, (std::vector<float>{0.5f, -2.0f}));
}

TEST_F(CliTest, GradOfRmsNormMatchesClosedForm) {
  // d = 1: y = x / sqrt(x^2 + eps), dy/dx = eps / (x^2 + eps)^(3/2); x = 2, eps = 1, dy = 3: 3 / 5^1.5.
  write_csv(path("x.csv"), Tensor<double>({1, 1}, {2}));
  write_csv(path("dy.csv"), Tensor<double>({1, 1}, {3}));
  const auto result = run(
      {"grad", "--norm", "rms", "--eps", "1", "--in", "x.csv", "--grad-out", "dy.csv", "--out-dx", "dx.csv"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NEAR(read_csv(path("dx.csv"))[0], 3 / std::pow(5.0, 1.5), 1e-15);
}

TEST_F(CliTest, JacobianOfLayerNormAtOneTwoThree) {
  // eps = 0, r = sqrt(1.5): J = r (I - 11^T/3 - xhat xhat^T/3), first row (r/6, -r/3, r/6).
  write_npy(path("x.npy"), Tensor<double>({3}, {1, 2, 3}));
  const auto result = run({"jacobian", "--norm", "layer", "--in", "x.npy", "--out", "J.npy", "--eps", "0"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto jacobian = std::get<Tensor<double>>(read_npy(path("J.npy")));
  ASSERT_EQ(jacobian.shape, (Shape{3, 3}));
  const double r = std::sqrt(1.5);
  EXPECT_NEAR(jacobian[0], r / 6, 1e-15);
  EXPECT_NEAR(jacobian[1], -r / 3, 1e-15);
  EXPECT_NEAR(jacobian[4], 2 * r / 3, 1e-15);
  write_npy(path("xf.npy"), Tensor<float>({3}, {1, 2, 3}));
  ASSERT_EQ(run({"jacobian", "--norm", "rms", "--in", "xf.npy", "--out", "Jf.npy"}).exit_code, 0);
  EXPECT_TRUE(std::holds_alternative<Tensor<float>>(read_npy(path("Jf.npy"))));
}

TEST_F(CliTest, RmsDefaultEpsIsTheDtypeMachineEpsilon) {
  // PyTorch's RMSNorm(eps=None) uses finfo(dtype).eps: x = (1e-4,) gives 1e-4 / sqrt(1e-8 + 2^-23).
  write_npy(path("x.npy"), Tensor<float>({1}, {1e-4f}));
  ASSERT_EQ(run({"apply", "--norm", "rms", "--in", "x.npy", "--out", "y.npy"}).exit_code, 0);
  const double x = double(1e-4f);
  EXPECT_NEAR(std::get<Tensor<float>>(read_npy(path("y.npy")))[0],
              x / std::sqrt(x * x + std::ldexp(1.0, -23)), 1e-7);
}

TEST_F(CliTest, PartialRmsExtra) {
  // d = 4, p = 0.5: RMS from (3, 4) = 5/sqrt(2), eps = 0: y = x sqrt(2) / 5.
  write_csv(path("x.csv"), Tensor<double>({1, 4}, {3, 4, 100, -7}));
  ASSERT_EQ(
      run({"apply", "--norm", "prms", "--partial", "0.5", "--eps", "0", "--in", "x.csv", "--out", "y.csv"})
          .exit_code,
      0);
  EXPECT_NEAR(read_csv(path("y.csv"))[2], 100 * std::sqrt(2.0) / 5, 1e-13);
}

}  // namespace
}  // namespace normlab
