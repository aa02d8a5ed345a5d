#include "lessons/axis_flip.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "norm/moments.hpp"

namespace normlab::lessons {

NormConfig norm_config_of(const AxisFlipSettings& settings) {
  NormConfig config;
  config.kind = settings.kind;
  config.eps = settings.eps;
  config.groups = settings.groups;
  config.training = settings.training;
  config.momentum = settings.momentum;
  return config;
}

bool is_centring(NormKind kind) { return kind != NormKind::rms && kind != NormKind::partial_rms; }

double GroupStatistics::standard_deviation() const { return std::sqrt(std::max(spread, 0.0)); }

Tensor<double> first_samples(const Tensor<double>& activations, std::size_t samples) {
  if (activations.rank() < 2 || activations.shape[0] == 0) {
    throw std::invalid_argument("activations need a sample axis and a feature axis, got shape " +
                                shape_to_string(activations.shape));
  }
  if (samples == 0 || samples > activations.shape[0]) {
    throw std::invalid_argument("batch size " + std::to_string(samples) + " is not between 1 and the " +
                                std::to_string(activations.shape[0]) + " samples available");
  }
  Shape shape = activations.shape;
  shape[0] = samples;
  const std::size_t per_sample = activations.size() / activations.shape[0];
  return Tensor<double>(shape, std::vector<double>(activations.values.begin(),
                                                   activations.values.begin() + samples * per_sample));
}

namespace {

// `samples` consecutive samples starting at `start`, wrapping around the end of the tensor.
Tensor<double> wrapped_samples(const Tensor<double>& activations, std::size_t start, std::size_t samples) {
  const std::size_t available = activations.shape[0];
  const std::size_t per_sample = activations.size() / available;
  Shape shape = activations.shape;
  shape[0] = samples;
  Tensor<double> batch(shape);
  for (std::size_t sample = 0; sample < samples; ++sample) {
    const std::size_t source = (start + sample) % available;
    std::copy_n(activations.values.begin() + source * per_sample, per_sample,
                batch.values.begin() + sample * per_sample);
  }
  return batch;
}

// BatchNorm's running statistics after `steps` training steps over the whole tensor, in batches of
// `samples` (PyTorch starts from zeros and ones and updates with the unbiased batch variance; the core
// does exactly that, so this loop only chooses the batches).
void accumulate_running_statistics(const Tensor<double>& activations, std::size_t samples,
                                   const NormConfig& eval_config, NormParameters<double>& parameters,
                                   std::size_t steps) {
  NormConfig train_config = eval_config;
  train_config.training = true;
  for (std::size_t step = 0; step < steps; ++step) {
    const Tensor<double> batch = wrapped_samples(activations, step * samples, samples);
    norm_forward(batch, train_config, parameters);
  }
}

GroupStatistics statistics_of_group(const AxisFlipResult& result, std::size_t group, double eps) {
  const auto members = result.reduction.statistic_members(group);
  const auto read = [&](std::size_t index) { return result.batch[members[index]]; };
  GroupStatistics statistics;
  statistics.count = members.size();
  const bool batch_eval = result.settings.kind == NormKind::batch && !result.settings.training;
  if (batch_eval) {
    const std::size_t channel = result.reduction.channel_of_element[result.reduction.members[group].front()];
    statistics.mean = result.running_mean[channel];
    statistics.spread = result.running_var[channel];
    statistics.from_running = true;
  } else if (is_centring(result.settings.kind)) {
    const Moments<double> moments = two_pass_moments<double>(members.size(), read);
    statistics.mean = moments.mean;
    statistics.spread = moments.biased_variance();
  } else {
    double square_sum = 0;
    for (std::size_t index = 0; index < members.size(); ++index) square_sum += read(index) * read(index);
    statistics.spread = square_sum / static_cast<double>(members.size());
  }
  statistics.rstd = 1.0 / std::sqrt(std::max(statistics.spread, 0.0) + eps);
  return statistics;
}

}  // namespace

AxisFlipResult compute_axis_flip(const Tensor<double>& activations, const AxisFlipSettings& settings) {
  AxisFlipResult result;
  result.settings = settings;
  const std::size_t samples = settings.batch_samples == 0 ? activations.shape.at(0) : settings.batch_samples;
  result.batch = first_samples(activations, samples);
  const NormConfig config = norm_config_of(settings);
  result.reduction = describe_reduction(config, result.batch.shape);

  NormParameters<double> parameters;
  parameters.gamma.assign(result.reduction.channel_count, settings.gamma);
  if (is_centring(settings.kind)) parameters.beta.assign(result.reduction.channel_count, settings.beta);
  if (settings.kind == NormKind::batch && !settings.training) {
    accumulate_running_statistics(activations, samples, config, parameters, settings.running_steps);
  }
  NormForward<double> forward = norm_forward(result.batch, config, parameters);
  result.output = std::move(forward.output);
  result.warnings = std::move(forward.warnings);
  result.gamma = parameters.gamma;
  result.beta = parameters.beta;
  result.running_mean = parameters.running_mean;
  result.running_var = parameters.running_var;
  if (settings.kind == NormKind::batch && !settings.training && result.running_mean.empty()) {
    // Zero steps of training: PyTorch's initial running statistics.
    result.running_mean.assign(result.reduction.channel_count, 0.0);
    result.running_var.assign(result.reduction.channel_count, 1.0);
  }
  result.statistics.reserve(result.reduction.members.size());
  for (std::size_t group = 0; group < result.reduction.members.size(); ++group) {
    result.statistics.push_back(statistics_of_group(result, group, settings.eps));
  }
  return result;
}

CellReadout read_cell(const AxisFlipResult& result, std::size_t flat_index) {
  if (flat_index >= result.batch.size()) {
    throw std::invalid_argument("cell " + std::to_string(flat_index) + " is outside the batch " +
                                shape_to_string(result.batch.shape));
  }
  CellReadout readout;
  readout.flat_index = flat_index;
  std::size_t remainder = flat_index;
  readout.coordinates.assign(result.batch.rank(), 0);
  for (std::size_t axis = result.batch.rank(); axis-- > 0;) {
    readout.coordinates[axis] = remainder % result.batch.shape[axis];
    remainder /= result.batch.shape[axis];
  }
  readout.value = result.batch[flat_index];
  readout.group = result.reduction.group_of_element[flat_index];
  readout.statistics = result.statistics[readout.group];
  readout.normalized = (readout.value - readout.statistics.mean) * readout.statistics.rstd;
  readout.output = result.output[flat_index];
  return readout;
}

// ---- Formulas ------------------------------------------------------------------------------------

std::string format_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", value);
  return text;
}

namespace {

// "a + b - c + ... + z": the group's values as a readable sum, eliding the middle of long groups so the
// line fits on a slide (the elided count is said).
std::string sum_text(const std::vector<double>& terms, const std::string& wrap_before = "",
                     const std::string& wrap_after = "") {
  constexpr std::size_t kShownHead = 3;
  std::string text;
  const bool plain = wrap_before.empty();
  const auto append = [&](std::size_t index) {
    const double term = terms[index];
    if (index == 0) {
      text += wrap_before + format_number(term) + wrap_after;
    } else if (plain && term < 0) {
      text += " - " + format_number(-term);  // "a - 0.5" reads better than "a + -0.5"
    } else {
      text += " + " + wrap_before + format_number(term) + wrap_after;
    }
  };
  if (terms.size() <= kShownHead + 2) {
    for (std::size_t index = 0; index < terms.size(); ++index) append(index);
  } else {
    for (std::size_t index = 0; index < kShownHead; ++index) append(index);
    text += " + ... (" + std::to_string(terms.size() - kShownHead - 1) + " more) ...";
    append(terms.size() - 1);
  }
  return text;
}

std::vector<double> group_values(const AxisFlipResult& result, std::size_t group) {
  std::vector<double> values;
  for (const std::size_t member : result.reduction.statistic_members(group)) values.push_back(result.batch[member]);
  return values;
}

std::string group_words(const AxisFlipResult& result, std::size_t group) {
  return "the " + std::to_string(result.statistics[group].count) + " values of group " + std::to_string(group + 1);
}

}  // namespace

std::vector<FormulaLine> statistics_formula(const AxisFlipResult& result, std::size_t group) {
  if (group >= result.statistics.size()) throw std::invalid_argument("no such reduction group");
  const GroupStatistics& statistics = result.statistics[group];
  const std::string count = std::to_string(statistics.count);
  std::vector<FormulaLine> lines;
  if (statistics.from_running) {
    lines.push_back({"mu = running mean of this feature (eval mode: no batch statistics)",
                     "mu = " + format_number(statistics.mean), statistics.mean});
    lines.push_back({"sigma^2 = running variance of this feature (unbiased, as PyTorch stores it)",
                     "sigma^2 = " + format_number(statistics.spread), statistics.spread});
    return lines;
  }
  const std::vector<double> values = group_values(result, group);
  if (is_centring(result.settings.kind)) {
    lines.push_back({"mu = (1/" + count + ") * sum of x over " + group_words(result, group),
                     "mu = (" + sum_text(values) + ") / " + count + " = " + format_number(statistics.mean),
                     statistics.mean});
    std::vector<double> deviations;
    for (const double value : values) deviations.push_back(value - statistics.mean);
    lines.push_back({"sigma^2 = (1/" + count + ") * sum of (x - mu)^2 over the same values",
                     "sigma^2 = (" + sum_text(deviations, "(", ")^2") + ") / " + count + " = " +
                         format_number(statistics.spread),
                     statistics.spread});
  } else {
    lines.push_back({"ms = (1/" + count + ") * sum of x^2 over " + group_words(result, group) + " (no mean)",
                     "ms = (" + sum_text(values, "(", ")^2") + ") / " + count + " = " +
                         format_number(statistics.spread),
                     statistics.spread});
  }
  return lines;
}

std::vector<FormulaLine> output_formula(const AxisFlipResult& result, std::size_t flat_index) {
  const CellReadout cell = read_cell(result, flat_index);
  const std::string eps = format_number(result.settings.eps);
  std::vector<FormulaLine> lines;
  if (is_centring(result.settings.kind)) {
    lines.push_back({"x_hat = (x - mu) / sqrt(sigma^2 + eps)",
                     "x_hat = (" + format_number(cell.value) + " - " + format_number(cell.statistics.mean) +
                         ") / sqrt(" + format_number(cell.statistics.spread) + " + " + eps +
                         ") = " + format_number(cell.normalized),
                     cell.normalized});
  } else {
    lines.push_back({"x_hat = x / sqrt(ms + eps)",
                     "x_hat = " + format_number(cell.value) + " / sqrt(" + format_number(cell.statistics.spread) +
                         " + " + eps + ") = " + format_number(cell.normalized),
                     cell.normalized});
  }
  const std::size_t channel = result.reduction.channel_of_element[flat_index];
  const double gamma = result.gamma.empty() ? 1.0 : result.gamma[channel];
  if (result.beta.empty()) {
    lines.push_back({"y = gamma * x_hat   (RMSNorm has no beta)",
                     "y = " + format_number(gamma) + " * " + format_number(cell.normalized) + " = " +
                         format_number(cell.output),
                     cell.output});
  } else {
    lines.push_back({"y = gamma * x_hat + beta",
                     "y = " + format_number(gamma) + " * " + format_number(cell.normalized) + " + " +
                         format_number(result.beta[channel]) + " = " + format_number(cell.output),
                     cell.output});
  }
  return lines;
}

}  // namespace normlab::lessons
