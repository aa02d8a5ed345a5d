// Shared helpers of the kernel tests: seeded inputs, float <-> double copies, and the comparison that
// defines "relative 2e-6" (the error over max(|reference|, scale), where scale is the reference's
// root-mean-square, so values near zero are judged against the size of their neighbours).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <random>
#include <string>
#include <vector>

namespace normlab::kernels::testing {

inline constexpr double kRelativeTolerance = 2e-6;

inline std::vector<float> random_floats(std::size_t count, std::uint32_t seed, float mean, float spread) {
  std::mt19937 generator(seed);
  std::normal_distribution<float> distribution(mean, spread);
  std::vector<float> values(count);
  for (auto& value : values) value = distribution(generator);
  return values;
}

inline std::vector<double> to_double(const std::vector<float>& values) {
  return {values.begin(), values.end()};
}

inline double root_mean_square(const std::vector<double>& values) {
  double sum = 0.0;
  for (double value : values) sum += value * value;
  return values.empty() ? 0.0 : std::sqrt(sum / static_cast<double>(values.size()));
}

// Largest error of actual against reference, each divided by max(|reference|, rms(reference),
// floor[i]). The optional floor is for results that cancel by design: a backward's input gradient is
// a difference of terms of size rstd * |g| that nearly cancel for tiny rows (d = 1, 2), so its error
// is judged against the size of those terms, as for any computed difference.
inline double worst_relative_error(const std::vector<float>& actual, const std::vector<double>& reference,
                                   const std::vector<double>& floor = {}) {
  const double scale = std::max(root_mean_square(reference), 1e-30);
  double worst = 0.0;
  for (std::size_t index = 0; index < reference.size(); ++index) {
    const double error = std::fabs(static_cast<double>(actual[index]) - reference[index]);
    const double element_floor = floor.empty() ? 0.0 : floor[index];
    worst = std::max(worst, error / std::max({std::fabs(reference[index]), scale, element_floor}));
  }
  return worst;
}

// Per element: rstd of its row times the root-mean-square over the row of g = dy * gamma.
inline std::vector<double> backward_term_size(const std::vector<double>& output_grad, const std::vector<double>& gamma,
                                              std::size_t rows, std::size_t cols, const std::vector<double>& rstd) {
  std::vector<double> size(rows * cols);
  for (std::size_t row = 0; row < rows; ++row) {
    double square_sum = 0.0;
    for (std::size_t col = 0; col < cols; ++col) {
      const double weighted = output_grad[row * cols + col] * (gamma.empty() ? 1.0 : gamma[col]);
      square_sum += weighted * weighted;
    }
    const double term = rstd[row] * std::sqrt(square_sum / static_cast<double>(cols));
    for (std::size_t col = 0; col < cols; ++col) size[row * cols + col] = term;
  }
  return size;
}

// Each element's error over its own scale (e.g. the sum of the magnitudes a gradient was summed from).
inline double worst_scaled_error(const std::vector<float>& actual, const std::vector<double>& reference,
                                 const std::vector<double>& scale) {
  double worst = 0.0;
  for (std::size_t index = 0; index < reference.size(); ++index) {
    const double error = std::fabs(static_cast<double>(actual[index]) - reference[index]);
    worst = std::max(worst, error / std::max(scale[index], 1e-30));
  }
  return worst;
}

}  // namespace normlab::kernels::testing
