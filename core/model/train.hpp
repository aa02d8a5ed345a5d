// Training the toy: Adam with a linear warm-up, on a synthetic task (tasks.hpp), with the loss,
// gradient norm and update norm of every step. Meant to run off the UI thread: it polls a stop token
// and reports each step through a callback, and can be stepped (Trainer) so a UI can pause and resume
// it. A run that blows up is a result (outcome diverged, with the reason), not an exception.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
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
  bool operator==(const TrainConfig&) const = default;
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

// How a run ended. The thresholds, on the held-out loss after the last step and chance = ln(symbols):
//   diverged: a loss, gradient or parameter turned NaN/Inf, or a training batch's loss rose above
//             max(3 chance, 2 initial loss) -- the run blew up and was stopped there;
//   learned:  the held-out loss ended below half of chance (in practice these runs reach ~100% answer
//             accuracy on copy: the loss falls to a few hundredths of a nat);
//   stalled:  neither -- the run stayed finite but ended at half of chance or above. In this toy such
//             runs sit at chance itself (the model predicts the uniform distribution over the symbols),
//             which is how post-LN without warm-up fails: no NaN, just nothing learned.
// `running` is the state of a Trainer that has steps left.
enum class Outcome { running, learned, stalled, diverged };
std::string outcome_name(Outcome outcome);  // "running", "learned", "stalled", "diverged"
constexpr double kLearnedFractionOfChance = 0.5;  // learned: final held-out loss < 0.5 chance
constexpr double kBlowUpTimesChance = 3.0;        // diverged: batch loss > max(3 chance, 2 initial)
constexpr double kBlowUpTimesInitial = 2.0;

struct TrainResult {
  std::vector<TrainStep> curve;
  Outcome outcome = Outcome::running;
  bool diverged = false;
  std::string divergence_reason;  // e.g. "loss is NaN at step 17"
  bool cancelled = false;
  double initial_loss = 0;        // held-out loss at initialization
  double final_loss = 0;          // held-out loss after training (the last loss seen if diverged)
  double final_accuracy = 0;      // held-out fraction of answer tokens predicted exactly
  double chance_loss = 0;         // ln(number of symbols): a model that learned nothing
};

using TrainProgress = std::function<void(const TrainStep& step, std::size_t total_steps)>;

// A training run that can be stepped: run(n) does up to n more steps and returns, and the next run()
// continues where it stopped, so a run done in chunks (pause / resume) gives exactly the curve of an
// uninterrupted one -- the model, Adam's moments, the data stream and the step counter all live here.
// Not thread-safe: one thread steps it at a time.
class Trainer {
 public:
  Trainer(const ModelConfig& model_config, const TrainConfig& train_config);  // validates both
  ~Trainer();
  Trainer(Trainer&&) noexcept;
  Trainer& operator=(Trainer&&) noexcept;

  // Runs up to `count` more steps; stops early when the run ends (all steps done, or diverged) or the
  // token asks it to (checked before every step). Returns the number of steps done. When the last
  // step is done the held-out batch is evaluated once and the outcome decided.
  std::size_t run(std::size_t count, std::stop_token stop = {}, const TrainProgress& progress = {});
  bool done() const { return result_.outcome != Outcome::running; }
  std::size_t steps_done() const { return result_.curve.size(); }
  const TrainResult& result() const { return result_; }
  const ModelConfig& model_config() const;
  const TrainConfig& train_config() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
  TrainResult result_;
};

// Trains the whole run (a Trainer run to its end); a cancelled run comes back with cancelled = true
// and outcome running.
TrainResult train_model(const ModelConfig& model_config, const TrainConfig& train_config,
                        std::stop_token stop = {}, const TrainProgress& progress = {});

// One learning-rate sweep: each named configuration trained at each learning rate for each seed.
struct SweepEntry {
  std::string name;  // e.g. "post+warmup"
  ModelConfig model;
  TrainConfig train;  // its learning_rate is replaced by each swept value
};
struct SweepPoint {
  std::string config;
  double learning_rate = 0;
  std::uint64_t seed = 0;
  double final_loss = 0;
  double final_accuracy = 0;
  Outcome outcome = Outcome::running;
  bool diverged() const { return outcome == Outcome::diverged; }
};
using SweepProgress = std::function<void(const SweepPoint& finished, std::size_t done, std::size_t total)>;
// A seed s sets both the initialization (ModelConfig::seed) and the data stream (TrainConfig::data_seed)
// to s; an empty `seeds` keeps each entry's own seeds (one run per learning rate, reported with the
// model's seed).
std::vector<SweepPoint> learning_rate_sweep(const std::vector<SweepEntry>& entries,
                                            const std::vector<double>& learning_rates,
                                            const std::vector<std::uint64_t>& seeds = {},
                                            std::stop_token stop = {},
                                            const SweepProgress& progress = {});

// Parses a sweep configuration name "<placement>" or "<placement>+warmup" (placements as
// parse_placement) onto a copy of the given base settings: without "+warmup" the warm-up is 0.
SweepEntry sweep_entry(const std::string& name, const ModelConfig& base_model, const TrainConfig& base_train);

}  // namespace normlab::model
