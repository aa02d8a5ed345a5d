// GroupNorm, InstanceNorm and BatchNorm SIMD kernels against the double-precision whole-tensor
// reference (core/norm's norm_forward) on every Highway target, with ragged lengths and column counts,
// large-mean inputs and outputs large enough for streaming stores.
#include <gtest/gtest.h>

#include <cstddef>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernel_test_support.hpp"
#include "kernels/kernels.hpp"
#include "norm/norm.hpp"
#include "target_sweep.hpp"

namespace normlab::kernels::testing {
namespace {

constexpr float kEps = 1e-5f;

std::vector<double> reference_forward(NormKind kind, const Shape& shape, const std::vector<float>& input,
                                      std::size_t groups, const std::vector<float>& gamma,
                                      const std::vector<float>& beta) {
  NormConfig config;
  config.kind = kind;
  config.eps = kEps;
  config.groups = groups;
  config.training = true;
  NormParameters<double> parameters;
  parameters.gamma = to_double(gamma);
  parameters.beta = to_double(beta);
  return norm_forward(Tensor<double>(shape, to_double(input)), config, parameters).output.values;
}

struct ChannelCase {
  std::size_t batch, channels, length, groups;
  float mean;
};

TEST(ChannelKernels, GroupAndInstanceNormMatchReference) {
  const std::vector<ChannelCase> cases = {{1, 1, 1, 1, 0.3f},    {2, 4, 1, 2, 0.3f},   {3, 6, 7, 3, 0.3f},
                                          {2, 8, 17, 4, 0.3f},   {1, 32, 33, 8, 0.3f}, {4, 12, 768, 3, 0.3f},
                                          {2, 16, 64, 16, 1e4f}, {3, 4, 300, 2, 1e4f}, {2, 64, 4099, 8, 0.3f}};
  for_each_target([&](const std::string&) {
    for (const auto& shape : cases) {
      std::ostringstream label;  // (a stream: GCC 12 warns falsely on chains of string + "(")
      label << "(" << shape.batch << ", " << shape.channels << ", " << shape.length << ") groups " << shape.groups;
      SCOPED_TRACE(label.str());
      const std::size_t elements = shape.batch * shape.channels * shape.length;
      const auto input = random_floats(elements, 11 + static_cast<std::uint32_t>(elements), shape.mean, 1.5f);
      const auto gamma = random_floats(shape.channels, 12, 1.0f, 0.3f);
      const auto beta = random_floats(shape.channels, 13, 0.0f, 0.5f);
      const Shape tensor_shape{shape.batch, shape.channels, shape.length};

      std::vector<float> output(elements);
      group_norm_forward(input.data(), shape.batch, shape.channels, shape.length, shape.groups, gamma.data(),
                         beta.data(), kEps, output.data());
      EXPECT_LE(worst_relative_error(output, reference_forward(NormKind::group, tensor_shape, input, shape.groups,
                                                               gamma, beta)),
                kRelativeTolerance);

      instance_norm_forward(input.data(), shape.batch, shape.channels, shape.length, nullptr, nullptr, kEps,
                            output.data());
      EXPECT_LE(worst_relative_error(output, reference_forward(NormKind::instance, tensor_shape, input, 1, {}, {})),
                kRelativeTolerance);
    }
  });
}

TEST(ChannelKernels, GroupNormRejectsIndivisibleChannels) {
  std::vector<float> input(2 * 6 * 3, 1.0f), output(input.size());
  EXPECT_THROW(group_norm_forward(input.data(), 2, 6, 3, 4, nullptr, nullptr, kEps, output.data()),
               std::invalid_argument);
}

TEST(ChannelKernels, BatchNormMatchesReference) {
  struct BatchCase {
    std::size_t rows, cols;
    float mean;
    bool affine;
  };
  const std::vector<BatchCase> cases = {{1, 1, 0.3f, false},   {2, 1, 0.3f, true},    {5, 3, 0.3f, true},
                                        {7, 16, 0.3f, false},  {64, 17, 0.3f, true},  {33, 33, 0.3f, true},
                                        {128, 768, 0.3f, true}, {256, 7, 1e4f, true}, {300, 4097, 0.3f, true}};
  for_each_target([&](const std::string&) {
    for (const auto& shape : cases) {
      SCOPED_TRACE(std::to_string(shape.rows) + " x " + std::to_string(shape.cols) + " mean " +
                   std::to_string(shape.mean));
      const std::size_t elements = shape.rows * shape.cols;
      const auto input = random_floats(elements, 21 + static_cast<std::uint32_t>(elements), shape.mean, 1.5f);
      const auto gamma = shape.affine ? random_floats(shape.cols, 22, 1.0f, 0.3f) : std::vector<float>{};
      const auto beta = shape.affine ? random_floats(shape.cols, 23, 0.0f, 0.5f) : std::vector<float>{};
      std::vector<float> output(elements), column_mean(shape.cols), column_var(shape.cols);
      batch_norm_forward(input.data(), shape.rows, shape.cols, gamma.empty() ? nullptr : gamma.data(),
                         beta.empty() ? nullptr : beta.data(), kEps, output.data(), column_mean.data(),
                         column_var.data());
      const auto expected = reference_forward(NormKind::batch, Shape{shape.rows, shape.cols}, input, 1, gamma, beta);
      if (shape.rows == 1) {
        // One value per channel: every output collapses to beta (0 here), the lesson of issue 2.
        for (float value : output) EXPECT_EQ(value, 0.0f);
        continue;
      }
      EXPECT_LE(worst_relative_error(output, expected), kRelativeTolerance);
      // Column statistics against a direct two-pass double computation.
      for (std::size_t col = 0; col < shape.cols; ++col) {
        double sum = 0.0, square_sum = 0.0;
        for (std::size_t row = 0; row < shape.rows; ++row) sum += input[row * shape.cols + col];
        const double mean = sum / static_cast<double>(shape.rows);
        for (std::size_t row = 0; row < shape.rows; ++row) {
          const double centred = input[row * shape.cols + col] - mean;
          square_sum += centred * centred;
        }
        const double variance = square_sum / static_cast<double>(shape.rows);
        EXPECT_NEAR(column_mean[col], mean, 1e-6 * std::fabs(mean) + 2e-6 * std::sqrt(variance));
        EXPECT_NEAR(column_var[col], variance, 2e-5 * variance);
      }
    }
  });
}

}  // namespace
}  // namespace normlab::kernels::testing
