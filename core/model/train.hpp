// Training the toy: Adam with a linear warm-up, on a synthetic task (tasks.hpp), with the loss,
// gradient norm and update norm of every step. Meant to run off the UI thread: it polls a stop token
// and reports each step through a callback. A run that blows up is a result (diverged = true,
// with the reason), not an exception.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include "model/tasks.hpp"

namespace normlab::model {

struct TrainConfig {
  Task task = Task::copy;
  double learning_rate = 1e-3;   // peak learning rate
  std::size_t warmup_steps = 0;  // linear ramp from lr/warmup to lr over these steps; 0 = none
  std::size_t steps = 300;
  std::size_t batch_sequences = 16;
  std::uint64_t data_seed = 1;   // task batches (the weights come from ModelConfig::seed)
  double adam_beta1 = 0.9;
  double adam_beta2 = 0.98;      // as in Vaswani et al. and Xiong et al.'s fairseq set-up
  double adam_eps = 1e-8;
  std::size_t eval_sequences = 128;  // held-out batch for the final loss
};

// Throws std::invalid_argument naming the field (negative or non-finite lr, zero steps, ...).
void validate(const TrainConfig& config);

// Learning rate of step `step` (0-based): lr * min(1, (step + 1) / warmup_steps).
double learning_rate_at(const TrainConfig& config, std::size_t step);

struct TrainStep {
  std::size_t step = 0;
  double loss = 0;         // training batch loss before the update
  double grad_norm = 0;    // ||gradient||_2 over all parameters
  double update_norm = 0;  // ||parameters after - parameters before||_2
  double learning_rate = 0;
};

struct TrainResult {
  std::vector<TrainStep> curve;
  bool diverged = false;
  std::string divergence_reason;  // e.g. "loss is NaN at step 17"
  bool cancelled = false;
  double initial_loss = 0;        // held-out loss at initialization
  double final_loss = 0;          // held-out loss after training (the last loss seen if diverged)
  double final_accuracy = 0;      // held-out fraction of answer tokens predicted exactly
  double chance_loss = 0;         // ln(number of symbols): a model that learned nothing
};

using TrainProgress = std::function<void(const TrainStep& step, std::size_t total_steps)>;

// A loss above max(3 chance, 2 initial loss) counts as a blow-up, as does any NaN/Inf.
TrainResult train_model(const ModelConfig& model_config, const TrainConfig& train_config,
                        std::stop_token stop = {}, const TrainProgress& progress = {});

// One learning-rate sweep: each named configuration trained at each learning rate.
struct SweepEntry {
  std::string name;  // e.g. "post+warmup"
  ModelConfig model;
  TrainConfig train;  // its learning_rate is replaced by each swept value
};
struct SweepPoint {
  std::string config;
  double learning_rate = 0;
  double final_loss = 0;
  bool diverged = false;
};
using SweepProgress = std::function<void(const SweepPoint& finished, std::size_t done, std::size_t total)>;
std::vector<SweepPoint> learning_rate_sweep(const std::vector<SweepEntry>& entries,
                                            const std::vector<double>& learning_rates,
                                            std::stop_token stop = {},
                                            const SweepProgress& progress = {});

// Parses a sweep configuration name "<placement>" or "<placement>+warmup" (placements as
// parse_placement) onto a copy of the given base settings: without "+warmup" the warm-up is 0.
SweepEntry sweep_entry(const std::string& name, const ModelConfig& base_model, const TrainConfig& base_train);

}  // namespace normlab::model
