// normlab-cli check on real files: 0 for a correct output (written by `apply`, and by hand in CSV),
// 1 for a student's mistake (named on stdout), 2 for unusable input (one line on stderr).
#include <cmath>
#include <limits>

#include "cli_test_support.hpp"
#include "io/csv.hpp"
#include "io/npy.hpp"

namespace normlab::testing {
namespace {

// Rows with small spreads (eps visible) and different offsets.
Tensor<double> rows_input() {
  Tensor<double> x(Shape{4, 6});
  for (std::size_t flat = 0; flat < x.size(); ++flat) {
    const double row = double(flat / 6), col = double(flat % 6);
    x[flat] = 0.3 * row - 0.5 + 0.02 * std::sin(1.7 * col + row) + 0.01 * col;
  }
  return x;
}

// A student's LayerNorm over rows, dividing the variance by `divisor_offset` less than n.
Tensor<double> student_layer_norm(const Tensor<double>& x, double eps, double divisor_offset) {
  Tensor<double> y(x.shape);
  const std::size_t cols = x.shape[1];
  for (std::size_t row = 0; row < x.shape[0]; ++row) {
    double mean = 0, square = 0;
    for (std::size_t col = 0; col < cols; ++col) mean += x[row * cols + col] / double(cols);
    for (std::size_t col = 0; col < cols; ++col) square += std::pow(x[row * cols + col] - mean, 2);
    const double variance = square / (double(cols) - divisor_offset);
    for (std::size_t col = 0; col < cols; ++col)
      y[row * cols + col] = (x[row * cols + col] - mean) / std::sqrt(variance + eps);
  }
  return y;
}

TEST_F(CliTest, CheckAcceptsTheReferenceOutputAndAHandWrittenCsv) {
  write_npy(path("x.npy"), rows_input().cast<float>());
  ASSERT_EQ(run({"apply", "--norm", "layer", "--in", "x.npy", "--out", "y.npy"}).exit_code, 0);
  const auto result = run({"check", "--norm", "layer", "--in", "x.npy", "--student", "y.npy"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.out.rfind("match: every element is within tolerance", 0), 0u) << result.out;
  EXPECT_NE(result.out.find("tolerance per element: "), std::string::npos) << result.out;
  EXPECT_TRUE(result.err.empty()) << result.err;

  write_csv(path("x.csv"), rows_input());
  write_csv(path("y.csv"), student_layer_norm(rows_input(), 1e-5, 0));
  EXPECT_EQ(run({"check", "--norm", "layer", "--in", "x.csv", "--student", "y.csv"}).exit_code, 0);
}

TEST_F(CliTest, CheckNamesTheUnbiasedVarianceAndExitsOne) {
  write_npy(path("x.npy"), rows_input());
  write_npy(path("y.npy"), student_layer_norm(rows_input(), 1e-5, 1).cast<float>());
  const auto result = run({"check", "--norm", "layer", "--in", "x.npy", "--student", "y.npy"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_EQ(result.out.rfind("mismatch: largest error ", 0), 0u) << result.out;
  EXPECT_NE(result.out.find("likely mistake: the variance is divided by n - 1"), std::string::npos) << result.out;
  // A correct LayerNorm handed in for BatchNorm: statistics over the wrong axis.
  write_npy(path("layer.npy"), student_layer_norm(rows_input(), 1e-5, 0));
  const auto batch = run({"check", "--norm", "batch", "--in", "x.npy", "--student", "layer.npy"});
  EXPECT_EQ(batch.exit_code, 1) << batch.out;
  EXPECT_NE(batch.out.find("matches LayerNorm"), std::string::npos) << batch.out;
}

TEST_F(CliTest, CheckChecksTheGradientToo) {
  write_npy(path("x.npy"), rows_input());
  Tensor<double> dy(Shape{4, 6});
  for (std::size_t flat = 0; flat < dy.size(); ++flat) dy[flat] = std::cos(0.9 * double(flat));
  write_npy(path("dy.npy"), dy);
  ASSERT_EQ(run({"apply", "--norm", "layer", "--in", "x.npy", "--out", "y.npy"}).exit_code, 0);
  ASSERT_EQ(run({"grad", "--norm", "layer", "--in", "x.npy", "--grad-out", "dy.npy", "--out-dx", "dx.npy"}).exit_code,
            0);
  const auto good = run({"check", "--norm", "layer", "--in", "x.npy", "--student", "y.npy", "--grad-out", "dy.npy",
                         "--student-dx", "dx.npy"});
  EXPECT_EQ(good.exit_code, 0) << good.out << good.err;
  EXPECT_NE(good.out.find("gradient match"), std::string::npos) << good.out;
  // dL/dy handed in as dL/dx: the gradient is wrong while the output is right.
  const auto bad = run({"check", "--norm", "layer", "--in", "x.npy", "--student", "y.npy", "--grad-out", "dy.npy",
                        "--student-dx", "dy.npy"});
  EXPECT_EQ(bad.exit_code, 1) << bad.out << bad.err;
  EXPECT_NE(bad.out.find("gradient mismatch"), std::string::npos) << bad.out;
}

TEST_F(CliTest, CheckRefusesUnusableInputWithExitTwoAndOneLine) {
  write_npy(path("x.npy"), rows_input());
  write_npy(path("short.npy"), Tensor<double>(Shape{4, 5}));
  Tensor<double> with_nan = rows_input();
  with_nan[7] = std::numeric_limits<double>::quiet_NaN();
  write_npy(path("nan.npy"), with_nan);
  write_text("garbage.npy", "not a numpy file");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--student", "short.npy"}, "has shape (4, 5) but the input has (4, 6)"},
      {{"--student", "nan.npy"}, "NaN"},
      {{"--student", "garbage.npy"}, "garbage.npy"},
      {{"--student", "absent.npy"}, "no such file"},
      {{"--student", "x.npy", "--groups", "2"}, "only applies to --norm group"},
  };
  for (const auto& [extra, phrase] : cases) {
    std::vector<std::string> arguments = {"check", "--norm", "layer", "--in", "x.npy"};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    const auto result = run(arguments);
    EXPECT_EQ(result.exit_code, 2) << phrase << ": " << result.err;
    EXPECT_NE(result.err.find(phrase), std::string::npos) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_EQ(result.err.rfind("normlab-cli check: error: ", 0), 0u) << result.err;
    EXPECT_TRUE(result.out.empty()) << result.out;
  }
}

}  // namespace
}  // namespace normlab::testing
