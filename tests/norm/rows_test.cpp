// The row primitives agree with the whole-tensor engine, accumulate parameter gradients, and stay
// accurate on float rows with a large offset.
#include <gtest/gtest.h>

#include <cmath>

#include "norm_test_support.hpp"

namespace normlab {
namespace {

using testing::make_config;
using testing::random_tensor;

template <typename T>
void expect_rows_match_engine(const NormKind kind, double tolerance) {
  const std::size_t rows = 3, cols = 7;
  const Tensor<T> input = random_tensor({rows, cols}, 70, 0.5, 2.0).cast<T>();
  const Tensor<T> output_grad = random_tensor({rows, cols}, 71).cast<T>();
  const auto parameters_double = testing::random_parameters(make_config(kind, 1e-5), {rows, cols}, 72);
  NormParameters<T> parameters = testing::cast_parameters<T>(parameters_double);
  const auto config = make_config(kind, 1e-5);
  const auto forward = norm_forward(input, config, parameters);
  const auto gradients = norm_backward(input, output_grad, config, parameters);

  Tensor<T> output({rows, cols}), input_grad({rows, cols});
  std::vector<T> row_mean(rows), row_rstd(rows), gamma_grad(cols, T(1)), beta_grad(cols, T(1));
  const T eps = static_cast<T>(config.eps);
  if (kind == NormKind::layer) {
    layer_norm_rows(input.data(), rows, cols, parameters.gamma.data(), parameters.beta.data(), eps,
                    output.data(), row_mean.data(), row_rstd.data());
    layer_norm_rows_backward(input.data(), output_grad.data(), rows, cols, parameters.gamma.data(),
                             row_mean.data(), row_rstd.data(), input_grad.data(), gamma_grad.data(),
                             beta_grad.data());
  } else {
    rms_norm_rows(input.data(), rows, cols, parameters.gamma.data(), eps, output.data(), row_rstd.data());
    rms_norm_rows_backward(input.data(), output_grad.data(), rows, cols, parameters.gamma.data(),
                           row_rstd.data(), input_grad.data(), gamma_grad.data());
  }
  for (std::size_t flat = 0; flat < rows * cols; ++flat) {
    EXPECT_NEAR(output[flat], forward.output[flat], tolerance);
    EXPECT_NEAR(input_grad[flat], gradients.input_grad[flat], tolerance * 10);
  }
  for (std::size_t col = 0; col < cols; ++col) {
    EXPECT_NEAR(gamma_grad[col], T(1) + gradients.gamma_grad[col], tolerance * 10)
        << "added to the initial 1";
    if (kind == NormKind::layer) {
      EXPECT_NEAR(beta_grad[col], T(1) + gradients.beta_grad[col], tolerance * 10);
    }
  }
  for (std::size_t row = 0; row < rows; ++row) EXPECT_EQ(row_rstd[row], forward.group_rstd[row]);
}

TEST(RowPrimitives, LayerNormMatchesEngine) {
  expect_rows_match_engine<double>(NormKind::layer, 1e-14);
  expect_rows_match_engine<float>(NormKind::layer, 1e-6);
}

TEST(RowPrimitives, RmsNormMatchesEngine) {
  expect_rows_match_engine<double>(NormKind::rms, 1e-14);
  expect_rows_match_engine<float>(NormKind::rms, 1e-6);
}

TEST(RowPrimitives, FloatRowsWithLargeOffsetStayAccurate) {
  // Mean 1e4, unit spread, d = 64: a one-pass float kernel would return garbage here. The float
  // result must equal the double computation on the same float inputs to float rounding.
  const std::size_t rows = 8, cols = 64;
  const Tensor<float> input = random_tensor({rows, cols}, 80, 1e4, 1.0).cast<float>();
  const Tensor<double> exact_input = input.cast<double>();
  Tensor<float> output({rows, cols});
  Tensor<double> exact_output({rows, cols});
  layer_norm_rows<float>(input.data(), rows, cols, nullptr, nullptr, 1e-5f, output.data(), nullptr, nullptr);
  layer_norm_rows<double>(exact_input.data(), rows, cols, nullptr, nullptr, double(1e-5f),
                          exact_output.data(), nullptr, nullptr);
  for (std::size_t flat = 0; flat < rows * cols; ++flat) {
    EXPECT_NEAR(output[flat], exact_output[flat], 1e-6 * (1 + std::abs(exact_output[flat])));
  }
}

}  // namespace
}  // namespace normlab
