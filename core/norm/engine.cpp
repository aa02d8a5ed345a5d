// The generic whole-tensor engine (norm.hpp section 3): one loop over reduction groups serves every
// variant. A variant only decides (a) which elements form a group (describe_reduction), (b) whether
// the mean is subtracted (centred kinds) and (c) for BatchNorm in eval mode, that the statistics are
// the running ones. The per-group arithmetic lives in norm_math.hpp, shared with the row primitives.
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "norm/norm.hpp"
#include "norm/norm_math.hpp"

namespace normlab {

namespace {

using norm_detail::Accumulator;
using norm_detail::GroupStatistic;

bool is_centered(NormKind kind) { return kind != NormKind::rms && kind != NormKind::partial_rms; }
bool uses_running_statistics(const NormConfig& config) {
  return config.kind == NormKind::batch && !config.training;
}

std::string flat_index_words(const Shape& shape, std::size_t flat) {
  std::string words = "[";
  std::size_t stride = element_count(shape);
  for (std::size_t axis = 0; axis < shape.size(); ++axis) {
    stride /= shape[axis];
    if (axis > 0) words += ", ";
    words += std::to_string((flat / stride) % shape[axis]);
  }
  return words + "]";
}

template <typename T>
void require_finite(const std::vector<T>& values, const Shape& shape, const std::string& what) {
  for (std::size_t flat = 0; flat < values.size(); ++flat) {
    if (!std::isfinite(values[flat])) {
      throw std::invalid_argument(what + " contains " + (std::isnan(values[flat]) ? "NaN" : "Inf") +
                                  " at index " + flat_index_words(shape, flat));
    }
  }
}

template <typename T>
void require_parameter(const std::vector<T>& values, std::size_t channels, const std::string& what) {
  if (!values.empty() && values.size() != channels) {
    throw std::invalid_argument(what + " has " + std::to_string(values.size()) +
                                " values but the input has " + std::to_string(channels) +
                                " features/channels");
  }
  require_finite(values, Shape{values.size()}, what);
}

template <typename T>
void validate(const Tensor<T>& input, const NormConfig& config, const NormParameters<T>& parameters,
              const ReductionGroups& groups) {
  if (!(config.eps >= 0.0) || !std::isfinite(config.eps)) {
    throw std::invalid_argument("eps must be a finite number >= 0, got " + std::to_string(config.eps));
  }
  require_finite(input.values, input.shape, "input");
  require_parameter(parameters.gamma, groups.channel_count, "gamma");
  if (!is_centered(config.kind) && !parameters.beta.empty()) {
    throw std::invalid_argument(norm_kind_display_name(config.kind) + " has no beta (it only rescales)");
  }
  require_parameter(parameters.beta, groups.channel_count, "beta");
  if (config.kind == NormKind::batch) {
    require_parameter(parameters.running_mean, groups.channel_count, "running mean");
    require_parameter(parameters.running_var, groups.channel_count, "running variance");
  }
}

template <typename T>
Accumulator<T> value_or(const std::vector<T>& values, std::size_t index, double fallback) {
  return values.empty() ? static_cast<Accumulator<T>>(fallback) : static_cast<Accumulator<T>>(values[index]);
}

// eps is rounded to the data type first, as PyTorch passes it to a float kernel as a float.
template <typename T>
Accumulator<T> eps_for(const NormConfig& config) {
  return static_cast<Accumulator<T>>(static_cast<T>(config.eps));
}

template <typename T>
std::vector<GroupStatistic<Accumulator<T>>> group_statistics(const Tensor<T>& input, const NormConfig& config,
                                                             const NormParameters<T>& parameters,
                                                             const ReductionGroups& groups) {
  using Acc = Accumulator<T>;
  const Acc eps = eps_for<T>(config);
  std::vector<GroupStatistic<Acc>> statistics(groups.members.size());
  for (std::size_t group = 0; group < groups.members.size(); ++group) {
    auto& statistic = statistics[group];
    if (uses_running_statistics(config)) {  // BatchNorm eval: group id == channel
      statistic.mean = value_or(parameters.running_mean, group, 0.0);
      statistic.variance = value_or(parameters.running_var, group, 1.0);
      statistic.rstd = Acc(1) / std::sqrt(statistic.variance + eps);
    } else {
      const auto statistic_members = groups.statistic_members(group);
      statistic = norm_detail::group_statistic<Acc>(
          statistic_members.size(), [&](std::size_t index) { return input[statistic_members[index]]; },
          is_centered(config.kind), eps);
    }
    if (!std::isfinite(statistic.rstd)) {
      throw std::invalid_argument("group " + std::to_string(group) + " (" + groups.description + ") has " +
                                  (is_centered(config.kind) ? "variance " : "mean square ") +
                                  std::to_string(static_cast<double>(statistic.variance)) + " and eps = " +
                                  std::to_string(config.eps) + ": 1/sqrt(var + eps) is not finite");
    }
  }
  return statistics;
}

// PyTorch's update: running = (1 - momentum) running + momentum batch, with the unbiased variance.
template <typename T>
void update_running_statistics(const NormConfig& config, const ReductionGroups& groups,
                               const std::vector<GroupStatistic<Accumulator<T>>>& statistics,
                               NormParameters<T>& parameters) {
  using Acc = Accumulator<T>;
  if (parameters.running_mean.empty()) parameters.running_mean.assign(groups.channel_count, T(0));
  if (parameters.running_var.empty()) parameters.running_var.assign(groups.channel_count, T(1));
  const Acc momentum = static_cast<Acc>(config.momentum);
  const std::size_t values_per_channel = groups.members.empty() ? 0 : groups.members[0].size();
  for (std::size_t channel = 0; channel < groups.channel_count; ++channel) {
    const Acc old_mean = parameters.running_mean[channel];
    parameters.running_mean[channel] =
        static_cast<T>((Acc(1) - momentum) * old_mean + momentum * statistics[channel].mean);
    if (values_per_channel < 2) continue;
    const Acc count = static_cast<Acc>(values_per_channel);
    const Acc unbiased_variance = statistics[channel].variance * count / (count - Acc(1));
    const Acc old_variance = parameters.running_var[channel];
    parameters.running_var[channel] =
        static_cast<T>((Acc(1) - momentum) * old_variance + momentum * unbiased_variance);
  }
}

// A centred group of one value has x - mean = 0: the output is beta whatever x is. Not an error (it is
// the batch-size-1 lesson), but worth saying.
std::vector<std::string> single_value_warnings(const NormConfig& config, const ReductionGroups& groups) {
  if (!is_centered(config.kind) || uses_running_statistics(config)) return {};
  if (groups.statistic_count != 1) return {};
  if (config.kind == NormKind::batch) {
    return {
        "BatchNorm in train mode with a single value per channel (N*L = 1): x - mean = 0, so every output "
        "collapses to beta; the running variance is left unchanged (the unbiased variance of one value is "
        "undefined)"};
  }
  return {norm_kind_display_name(config.kind) + " with a single value per group (" + groups.description +
          "): x - mean = 0, so every output collapses to beta"};
}

// Marks the elements that feed their group's statistic (all of them except for pRMSNorm).
std::vector<char> statistic_membership(const ReductionGroups& groups) {
  std::vector<char> feeds(groups.group_of_element.size(), 0);
  for (std::size_t group = 0; group < groups.members.size(); ++group) {
    for (const std::size_t flat : groups.statistic_members(group)) feeds[flat] = 1;
  }
  return feeds;
}

}  // namespace

template <typename T>
NormForward<T> norm_forward(const Tensor<T>& input, const NormConfig& config, NormParameters<T>& parameters,
                            AxisLayout layout) {
  using Acc = Accumulator<T>;
  const ReductionGroups groups = describe_reduction(config, input.shape, layout);
  validate(input, config, parameters, groups);
  const auto statistics = group_statistics(input, config, parameters, groups);
  NormForward<T> result;
  result.warnings = single_value_warnings(config, groups);
  result.output = Tensor<T>(input.shape);
  for (std::size_t group = 0; group < groups.members.size(); ++group) {
    const auto& statistic = statistics[group];
    for (const std::size_t flat : groups.members[group]) {
      const std::size_t channel = groups.channel_of_element[flat];
      const Acc normalized = (static_cast<Acc>(input[flat]) - statistic.mean) * statistic.rstd;
      result.output[flat] = static_cast<T>(value_or(parameters.gamma, channel, 1.0) * normalized +
                                           value_or(parameters.beta, channel, 0.0));
    }
    result.group_mean.push_back(static_cast<T>(statistic.mean));
    result.group_rstd.push_back(static_cast<T>(statistic.rstd));
  }
  if (config.kind == NormKind::batch && config.training) {
    update_running_statistics(config, groups, statistics, parameters);
  }
  return result;
}

template <typename T>
NormGradients<T> norm_backward(const Tensor<T>& input, const Tensor<T>& output_grad, const NormConfig& config,
                               const NormParameters<T>& parameters, AxisLayout layout) {
  using Acc = Accumulator<T>;
  const ReductionGroups groups = describe_reduction(config, input.shape, layout);
  validate(input, config, parameters, groups);
  if (output_grad.shape != input.shape) {
    throw std::invalid_argument("the output gradient has shape " + shape_to_string(output_grad.shape) +
                                " but the input has shape " + shape_to_string(input.shape));
  }
  require_finite(output_grad.values, output_grad.shape, "output gradient");
  const auto statistics = group_statistics(input, config, parameters, groups);
  const std::vector<char> feeds_statistic = statistic_membership(groups);
  const bool centered = is_centered(config.kind);
  const bool statistics_are_constant = uses_running_statistics(config);

  std::vector<Acc> gamma_grad(groups.channel_count, Acc(0));
  std::vector<Acc> beta_grad(groups.channel_count, Acc(0));
  NormGradients<T> gradients;
  gradients.input_grad = Tensor<T>(input.shape);
  for (std::size_t group = 0; group < groups.members.size(); ++group) {
    const auto& members = groups.members[group];
    const auto& statistic = statistics[group];
    const auto normalized = [&](std::size_t index) {
      return (static_cast<Acc>(input[members[index]]) - statistic.mean) * statistic.rstd;
    };
    const auto weighted_grad = [&](std::size_t index) {
      return static_cast<Acc>(output_grad[members[index]]) *
             value_or(parameters.gamma, groups.channel_of_element[members[index]], 1.0);
    };
    const auto projection = norm_detail::gradient_projection<Acc>(
        members.size(), groups.statistic_members(group).size(), normalized, weighted_grad);
    for (std::size_t index = 0; index < members.size(); ++index) {
      const std::size_t flat = members[index];
      const bool feeds = feeds_statistic[flat] != 0 && !statistics_are_constant;
      gradients.input_grad[flat] = static_cast<T>(norm_detail::input_gradient<Acc>(
          statistic.rstd, weighted_grad(index), normalized(index), feeds, centered, projection));
      gamma_grad[groups.channel_of_element[flat]] += static_cast<Acc>(output_grad[flat]) * normalized(index);
      beta_grad[groups.channel_of_element[flat]] += static_cast<Acc>(output_grad[flat]);
    }
  }
  gradients.gamma_grad.assign(gamma_grad.begin(), gamma_grad.end());
  if (centered) gradients.beta_grad.assign(beta_grad.begin(), beta_grad.end());
  return gradients;
}

template <typename T>
Tensor<T> norm_jacobian(const Tensor<T>& input, const NormConfig& config, const NormParameters<T>& parameters,
                        std::size_t group, AxisLayout layout) {
  using Acc = Accumulator<T>;
  const ReductionGroups groups = describe_reduction(config, input.shape, layout);
  validate(input, config, parameters, groups);
  if (group >= groups.members.size()) {
    throw std::invalid_argument("group " + std::to_string(group) + " does not exist (the input has " +
                                std::to_string(groups.members.size()) + " reduction groups)");
  }
  const auto statistics = group_statistics(input, config, parameters, groups);
  const std::vector<char> feeds_statistic = statistic_membership(groups);
  const auto& members = groups.members[group];
  const auto& statistic = statistics[group];
  const std::size_t size = members.size();
  const auto normalized = [&](std::size_t index) {
    return (static_cast<Acc>(input[members[index]]) - statistic.mean) * statistic.rstd;
  };
  Tensor<T> jacobian(Shape{size, size});
  for (std::size_t output_index = 0; output_index < size; ++output_index) {
    const Acc gamma = value_or(parameters.gamma, groups.channel_of_element[members[output_index]], 1.0);
    for (std::size_t input_index = 0; input_index < size; ++input_index) {
      const bool feeds = feeds_statistic[members[input_index]] != 0 && !uses_running_statistics(config);
      jacobian[output_index * size + input_index] = static_cast<T>(
          norm_detail::jacobian_entry<Acc>(gamma, statistic.rstd, normalized(output_index),
                                           normalized(input_index), output_index == input_index, feeds,
                                           is_centered(config.kind), groups.statistic_members(group).size()));
    }
  }
  return jacobian;
}

#define NORMLAB_INSTANTIATE_ENGINE(T)                                                                \
  template NormForward<T> norm_forward<T>(const Tensor<T>&, const NormConfig&, NormParameters<T>&,   \
                                          AxisLayout);                                               \
  template NormGradients<T> norm_backward<T>(const Tensor<T>&, const Tensor<T>&, const NormConfig&,  \
                                             const NormParameters<T>&, AxisLayout);                  \
  template Tensor<T> norm_jacobian<T>(const Tensor<T>&, const NormConfig&, const NormParameters<T>&, \
                                      std::size_t, AxisLayout);

NORMLAB_INSTANTIATE_ENGINE(float)
NORMLAB_INSTANTIATE_ENGINE(double)

#undef NORMLAB_INSTANTIATE_ENGINE

}  // namespace normlab
