// Helpers for the norm tests: seeded random tensors, configs, and central finite differences of the
// scalar loss L(x, gamma, beta) = sum(dy * y), whose gradient is exactly what norm_backward returns.
#pragma once

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "norm/norm.hpp"

namespace normlab::testing {

inline NormConfig make_config(NormKind kind, double eps, std::size_t groups = 1, bool training = true,
                              double partial_fraction = 0.0625) {
  NormConfig config;
  config.kind = kind;
  config.eps = eps;
  config.groups = groups;
  config.training = training;
  config.partial_fraction = partial_fraction;
  return config;
}

inline std::vector<double> random_values(std::size_t count, unsigned seed, double mean = 0.0,
                                         double spread = 1.0) {
  std::mt19937_64 generator(seed);
  std::normal_distribution<double> normal(mean, spread);
  std::vector<double> values(count);
  for (auto& value : values) value = normal(generator);
  return values;
}

inline Tensor<double> random_tensor(const Shape& shape, unsigned seed, double mean = 0.0,
                                    double spread = 1.0) {
  return Tensor<double>(shape, random_values(element_count(shape), seed, mean, spread));
}

inline bool is_rms_kind(NormKind kind) { return kind == NormKind::rms || kind == NormKind::partial_rms; }

// Random gamma (and beta, running statistics for BatchNorm) of the right lengths.
inline NormParameters<double> random_parameters(const NormConfig& config, const Shape& shape, unsigned seed) {
  const std::size_t channels = describe_reduction(config, shape).channel_count;
  NormParameters<double> parameters;
  parameters.gamma = random_values(channels, seed + 1, 1.0, 0.5);
  if (!is_rms_kind(config.kind)) parameters.beta = random_values(channels, seed + 2, 0.0, 0.5);
  if (config.kind == NormKind::batch) {
    parameters.running_mean = random_values(channels, seed + 3, 0.0, 0.5);
    parameters.running_var = random_values(channels, seed + 4, 0.0, 1.0);
    for (auto& variance : parameters.running_var) variance = 0.5 + variance * variance;
  }
  return parameters;
}

template <typename To, typename From>
NormParameters<To> cast_parameters(const NormParameters<From>& parameters) {
  const auto cast = [](const std::vector<From>& values) {
    return std::vector<To>(values.begin(), values.end());
  };
  return {cast(parameters.gamma), cast(parameters.beta), cast(parameters.running_mean),
          cast(parameters.running_var)};
}

// L = sum(dy * y) in double; parameters are copied because BatchNorm's forward updates running stats.
inline double weighted_output_sum(const Tensor<double>& input, const Tensor<double>& output_grad,
                                  const NormConfig& config, NormParameters<double> parameters) {
  const auto forward = norm_forward(input, config, parameters);
  long double sum = 0;
  for (std::size_t flat = 0; flat < input.size(); ++flat)
    sum += (long double)output_grad[flat] * forward.output[flat];
  return static_cast<double>(sum);
}

// Central difference of `loss()` in `value`, with a step scaled to the value's magnitude.
template <typename Loss>
double central_difference(double& value, Loss&& loss, double relative_step = 1e-5) {
  const double original = value;
  const double step = relative_step * std::max(1.0, std::abs(original));
  value = original + step;
  const double plus = loss();
  value = original - step;
  const double minus = loss();
  value = original;
  return (plus - minus) / (2 * step);
}

}  // namespace normlab::testing
