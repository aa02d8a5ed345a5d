#include "model/train.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "io/untrusted_text.hpp"

namespace normlab::model {

void validate(const TrainConfig& config) {
  auto fail = [](const std::string& message) { throw std::invalid_argument(message); };
  if (!std::isfinite(config.learning_rate) || config.learning_rate <= 0) fail("the learning rate must be positive");
  if (config.steps == 0) fail("the number of steps must be at least 1");
  if (config.batch_sequences == 0) fail("the batch needs at least one sequence");
  if (config.eval_sequences == 0) fail("the held-out batch needs at least one sequence");
  if (!(config.adam_beta1 >= 0 && config.adam_beta1 < 1) || !(config.adam_beta2 >= 0 && config.adam_beta2 < 1)) {
    fail("Adam's betas must lie in [0, 1)");
  }
  if (!(config.adam_eps > 0)) fail("Adam's eps must be positive");
}

double learning_rate_at(const TrainConfig& config, std::size_t step) {
  if (config.warmup_steps == 0) return config.learning_rate;
  const double ramp = static_cast<double>(step + 1) / static_cast<double>(config.warmup_steps);
  return config.learning_rate * std::min(1.0, ramp);
}

namespace {

// Held-out loss and exact-token accuracy on the answer positions.
struct Evaluation {
  double loss = 0;
  double accuracy = 0;
};

Evaluation evaluate(Transformer<float>& model, const TokenBatch& batch) {
  Evaluation evaluation;
  evaluation.loss = model.forward(batch);
  std::size_t correct = 0, counted = 0;
  const auto& probabilities = model.output_probabilities();
  const std::size_t vocab = model.config().vocab;
  for (std::size_t row = 0; row < batch.targets.size(); ++row) {
    if (batch.targets[row] == kNoTarget) continue;
    const float* row_probabilities = probabilities.data() + row * vocab;
    const auto best = std::max_element(row_probabilities, row_probabilities + vocab) - row_probabilities;
    correct += best == batch.targets[row] ? 1 : 0;
    ++counted;
  }
  evaluation.accuracy = counted == 0 ? 0.0 : static_cast<double>(correct) / static_cast<double>(counted);
  return evaluation;
}

bool finite_values(const std::vector<float>& values) {
  return std::all_of(values.begin(), values.end(), [](float value) { return std::isfinite(value); });
}

}  // namespace

TrainResult train_model(const ModelConfig& model_config, const TrainConfig& train_config,
                        std::stop_token stop, const TrainProgress& progress) {
  validate(train_config);
  require_model_memory(model_config, std::max(train_config.batch_sequences, train_config.eval_sequences),
                       /*training=*/true);
  Transformer<float> model(model_config);
  TrainResult result;
  result.chance_loss = std::log(static_cast<double>(model_config.vocab - 1));
  // The held-out batch has its own stream, so it never overlaps the training stream's sequences.
  Random eval_random(train_config.data_seed ^ 0x5eed5eed5eed5eedULL);
  const TokenBatch eval_batch = make_task_batch(train_config.task, train_config.eval_sequences,
                                                model_config.max_seq, model_config.vocab, eval_random);
  result.initial_loss = evaluate(model, eval_batch).loss;
  const double blowup_loss = std::max(3.0 * result.chance_loss, 2.0 * result.initial_loss);

  std::vector<float>& parameters = model.parameters();
  std::vector<float> first_moment(parameters.size(), 0.0f), second_moment(parameters.size(), 0.0f);
  Random data_random(train_config.data_seed);
  const auto diverge = [&](const std::string& what, std::size_t step) {
    result.diverged = true;
    result.divergence_reason = what + " at step " + std::to_string(step);
  };
  double last_loss = result.initial_loss;
  for (std::size_t step = 0; step < train_config.steps; ++step) {
    if (stop.stop_requested()) {
      result.cancelled = true;
      break;
    }
    const TokenBatch batch = make_task_batch(train_config.task, train_config.batch_sequences, model_config.max_seq,
                                             model_config.vocab, data_random);
    TrainStep record;
    record.step = step;
    record.learning_rate = learning_rate_at(train_config, step);
    record.loss = model.forward(batch);
    const std::vector<float>& gradient = model.backward();
    record.grad_norm = vector_norm(gradient.data(), gradient.size());
    last_loss = record.loss;
    if (!std::isfinite(record.loss) || !std::isfinite(record.grad_norm)) {
      result.curve.push_back(record);
      diverge(std::isfinite(record.loss) ? "the gradient is not finite" : "the loss is not finite", step);
      break;
    }
    // Adam with bias correction (Kingma & Ba), moments kept in float like the parameters.
    const double beta1 = train_config.adam_beta1, beta2 = train_config.adam_beta2;
    const double correction1 = 1.0 - std::pow(beta1, static_cast<double>(step + 1));
    const double correction2 = 1.0 - std::pow(beta2, static_cast<double>(step + 1));
    const double step_size = record.learning_rate / correction1;
    double update_square_sum = 0.0;
    for (std::size_t index = 0; index < parameters.size(); ++index) {
      const double grad_value = gradient[index];
      first_moment[index] = static_cast<float>(beta1 * first_moment[index] + (1.0 - beta1) * grad_value);
      second_moment[index] = static_cast<float>(beta2 * second_moment[index] + (1.0 - beta2) * grad_value * grad_value);
      const double denominator = std::sqrt(second_moment[index] / correction2) + train_config.adam_eps;
      const float before = parameters[index];
      parameters[index] = static_cast<float>(before - step_size * first_moment[index] / denominator);
      const double change = static_cast<double>(parameters[index]) - before;
      update_square_sum += change * change;
    }
    record.update_norm = std::sqrt(update_square_sum);
    result.curve.push_back(record);
    if (progress) progress(record, train_config.steps);
    if (record.loss > blowup_loss) {
      diverge("the loss blew up to " + std::to_string(record.loss), step);
      break;
    }
    if (!finite_values(parameters)) {
      diverge("a parameter is not finite", step);
      break;
    }
  }
  if (result.diverged) {
    result.final_loss = last_loss;
    return result;
  }
  const Evaluation final_evaluation = evaluate(model, eval_batch);
  result.final_loss = final_evaluation.loss;
  result.final_accuracy = final_evaluation.accuracy;
  if (!std::isfinite(result.final_loss)) diverge("the held-out loss is not finite", result.curve.size());
  return result;
}

SweepEntry sweep_entry(const std::string& name, const ModelConfig& base_model, const TrainConfig& base_train) {
  static const std::string suffix = "+warmup";
  const bool warmup = name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  SweepEntry entry{name, base_model, base_train};
  entry.model.placement = parse_placement(warmup ? name.substr(0, name.size() - suffix.size()) : name);
  if (warmup && base_train.warmup_steps == 0) {
    throw std::invalid_argument("configuration '" + printable_excerpt(name) + "' needs a warm-up length above 0");
  }
  if (!warmup) entry.train.warmup_steps = 0;
  return entry;
}

std::vector<SweepPoint> learning_rate_sweep(const std::vector<SweepEntry>& entries,
                                            const std::vector<double>& learning_rates,
                                            std::stop_token stop, const SweepProgress& progress) {
  if (entries.empty()) throw std::invalid_argument("the sweep needs at least one configuration");
  if (learning_rates.empty()) throw std::invalid_argument("the sweep needs at least one learning rate");
  for (const auto& entry : entries) {
    validate(entry.model);
    for (double learning_rate : learning_rates) {
      TrainConfig check = entry.train;
      check.learning_rate = learning_rate;
      validate(check);
    }
  }
  std::vector<SweepPoint> points;
  const std::size_t total = entries.size() * learning_rates.size();
  for (const auto& entry : entries) {
    for (double learning_rate : learning_rates) {
      if (stop.stop_requested()) return points;
      TrainConfig train_config = entry.train;
      train_config.learning_rate = learning_rate;
      const TrainResult result = train_model(entry.model, train_config, stop);
      if (result.cancelled) return points;
      points.push_back({entry.name, learning_rate, result.final_loss, result.diverged});
      if (progress) progress(points.back(), points.size(), total);
    }
  }
  return points;
}

}  // namespace normlab::model
