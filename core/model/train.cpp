#include "model/train.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
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

std::string outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::running: return "running";
    case Outcome::learned: return "learned";
    case Outcome::stalled: return "stalled";
    case Outcome::diverged: return "diverged";
  }
  return "running";
}

struct Trainer::State {
  State(const ModelConfig& model, const TrainConfig& train)
      : model_config(model),
        train_config(train),
        transformer(model),
        // The held-out batch has its own stream, so it never overlaps the training stream's sequences.
        eval_random(train.data_seed ^ 0x5eed5eed5eed5eedULL),
        eval_batch(make_task_batch(train.task, train.eval_sequences, model.max_seq, model.vocab, eval_random)),
        data_random(train.data_seed),
        first_moment(transformer.parameters().size(), 0.0f),
        second_moment(transformer.parameters().size(), 0.0f) {}
  ModelConfig model_config;
  TrainConfig train_config;
  Transformer<float> transformer;
  Random eval_random;
  TokenBatch eval_batch;
  Random data_random;
  std::vector<float> first_moment, second_moment;
  double blowup_loss = 0;
  double last_loss = 0;
};

Trainer::Trainer(const ModelConfig& model_config, const TrainConfig& train_config) {
  validate(model_config);
  validate(train_config);
  require_model_memory(model_config, std::max(train_config.batch_sequences, train_config.eval_sequences),
                       /*training=*/true);
  state_ = std::make_unique<State>(model_config, train_config);
  result_.chance_loss = std::log(static_cast<double>(model_config.vocab - 1));
  result_.initial_loss = evaluate(state_->transformer, state_->eval_batch).loss;
  result_.curve.reserve(train_config.steps);
  state_->blowup_loss = std::max(kBlowUpTimesChance * result_.chance_loss, kBlowUpTimesInitial * result_.initial_loss);
  state_->last_loss = result_.initial_loss;
}

Trainer::~Trainer() = default;
Trainer::Trainer(Trainer&&) noexcept = default;
Trainer& Trainer::operator=(Trainer&&) noexcept = default;
const ModelConfig& Trainer::model_config() const { return state_->model_config; }
const TrainConfig& Trainer::train_config() const { return state_->train_config; }

std::size_t Trainer::run(std::size_t count, std::stop_token stop, const TrainProgress& progress) {
  State& state = *state_;
  const TrainConfig& train_config = state.train_config;
  std::vector<float>& parameters = state.transformer.parameters();
  const auto diverge = [&](const std::string& what, std::size_t step) {
    result_.diverged = true;
    result_.outcome = Outcome::diverged;
    result_.divergence_reason = what + " at step " + std::to_string(step);
    result_.final_loss = state.last_loss;
  };
  std::size_t done = 0;
  while (done < count && !this->done() && result_.curve.size() < train_config.steps) {
    if (stop.stop_requested()) {
      result_.cancelled = true;
      return done;
    }
    const std::size_t step = result_.curve.size();
    const TokenBatch batch = make_task_batch(train_config.task, train_config.batch_sequences,
                                             state.model_config.max_seq, state.model_config.vocab, state.data_random);
    TrainStep record;
    record.step = step;
    record.learning_rate = learning_rate_at(train_config, step);
    record.loss = state.transformer.forward(batch);
    const std::vector<float>& gradient = state.transformer.backward();
    record.grad_norm = vector_norm(gradient.data(), gradient.size());
    state.last_loss = record.loss;
    ++done;
    if (!std::isfinite(record.loss) || !std::isfinite(record.grad_norm)) {
      result_.curve.push_back(record);
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
      float& first = state.first_moment[index];
      float& second = state.second_moment[index];
      first = static_cast<float>(beta1 * first + (1.0 - beta1) * grad_value);
      second = static_cast<float>(beta2 * second + (1.0 - beta2) * grad_value * grad_value);
      const double denominator = std::sqrt(second / correction2) + train_config.adam_eps;
      const float before = parameters[index];
      parameters[index] = static_cast<float>(before - step_size * first / denominator);
      const double change = static_cast<double>(parameters[index]) - before;
      update_square_sum += change * change;
    }
    record.update_norm = std::sqrt(update_square_sum);
    result_.curve.push_back(record);
    if (progress) progress(record, train_config.steps);
    if (record.loss > state.blowup_loss) {
      char loss_text[32];
      std::snprintf(loss_text, sizeof loss_text, "%.3g", record.loss);
      diverge("the loss blew up to " + std::string(loss_text), step);
      break;
    }
    if (!finite_values(parameters)) {
      diverge("a parameter is not finite", step);
      break;
    }
  }
  if (!this->done() && result_.curve.size() == train_config.steps) {
    const Evaluation final_evaluation = evaluate(state.transformer, state.eval_batch);
    result_.final_loss = final_evaluation.loss;
    result_.final_accuracy = final_evaluation.accuracy;
    if (!std::isfinite(result_.final_loss)) {
      diverge("the held-out loss is not finite", result_.curve.size());
    } else {
      result_.outcome = result_.final_loss < kLearnedFractionOfChance * result_.chance_loss ? Outcome::learned
                                                                                             : Outcome::stalled;
    }
  }
  if (this->done()) result_.cancelled = false;
  return done;
}

TrainResult train_model(const ModelConfig& model_config, const TrainConfig& train_config,
                        std::stop_token stop, const TrainProgress& progress) {
  Trainer trainer(model_config, train_config);
  trainer.run(train_config.steps, std::move(stop), progress);
  return trainer.result();
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
                                            const std::vector<std::uint64_t>& seeds, std::stop_token stop,
                                            const SweepProgress& progress) {
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
  const std::size_t seed_count = seeds.empty() ? 1 : seeds.size();
  std::vector<SweepPoint> points;
  const std::size_t total = entries.size() * learning_rates.size() * seed_count;
  for (const auto& entry : entries) {
    for (double learning_rate : learning_rates) {
      for (std::size_t seed_index = 0; seed_index < seed_count; ++seed_index) {
        if (stop.stop_requested()) return points;
        ModelConfig model_config = entry.model;
        TrainConfig train_config = entry.train;
        train_config.learning_rate = learning_rate;
        if (!seeds.empty()) model_config.seed = train_config.data_seed = seeds[seed_index];
        const TrainResult result = train_model(model_config, train_config, stop);
        if (result.cancelled) return points;
        points.push_back({entry.name, learning_rate, model_config.seed, result.final_loss, result.final_accuracy,
                          result.outcome});
        if (progress) progress(points.back(), points.size(), total);
      }
    }
  }
  return points;
}

}  // namespace normlab::model
