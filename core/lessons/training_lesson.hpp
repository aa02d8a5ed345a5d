// Training the toy transformer as a lesson: the presets that tell the lecture's three stories (post-LN
// needs warm-up, pre-LN trains without it, DeepNorm trains at depth where post-LN fails), each a few
// configurations trained side by side, and the figures of those runs: the learning curves (loss,
// gradient norm, update norm per step, divergence marked) and the learning-rate sweep (final loss
// against the learning rate over several seeds). The app's training panel draws them live, and
// `normlab-cli export --figure training-curves` / `lr-sweep` writes them. The preset settings were
// found by sweeping (docs/training-presets.md); tests/lessons/training_lesson_test.cpp checks that each
// story holds for the preset's seeds.
#pragma once

#include <cstdint>
#include <stop_token>
#include <string>
#include <vector>

#include "figure/figure.hpp"
#include "model/train.hpp"

namespace normlab::lessons {

// One configuration of a comparison: the model and its training.
struct TrainingRunSpec {
  model::ModelConfig model;
  model::TrainConfig train;
  bool operator==(const TrainingRunSpec&) const = default;
};
// "post-LN, no warm-up", "post-LN, warm-up 50", "DeepNorm (L = 24), warm-up 50", "no norm, lr 1e-2": the
// placement and what sets this configuration apart. `with_depth` and `with_lr` add L and lr.
std::string run_label(const TrainingRunSpec& spec, bool with_depth = false, bool with_lr = false);

struct TrainingPreset {
  std::string id;     // "warmup", "pre-ln", "deepnorm"
  std::string title;  // "post-LN needs warm-up"
  std::vector<TrainingRunSpec> runs;               // 2 .. 4 configurations, trained side by side
  std::vector<model::Outcome> expected;            // the story: runs[i] ends as expected[i] ...
  std::vector<std::uint64_t> checked_seeds;        // ... for each of these seeds (model and data seed)
};
const std::vector<TrainingPreset>& training_presets();
// Throws std::invalid_argument naming the unknown preset and the known ones.
const TrainingPreset& find_training_preset(const std::string& id);
std::string training_preset_ids();  // "warmup, pre-ln, deepnorm"
// A copy of the preset's runs with the model and data seeds set to `seed`.
std::vector<TrainingRunSpec> preset_runs_with_seed(const TrainingPreset& preset, std::uint64_t seed);

// How a run ended, in words: "learned: 100% of answers right", "stalled: held-out loss 2.72, chance
// 2.71", "diverged: the loss blew up to 156 at step 1"; a run still going: "step 60 of 200".
std::string outcome_text(const model::TrainResult& result, std::size_t steps);

// The runs' results side by side (results[i] is specs[i]'s; a result may be partial, outcome running).
// Three panels: the training loss (log axis), the gradient norm and the update norm (log axes) per
// step; where a run diverged, a vertical line at that step says so; chance level is marked on the loss.
// The subtitle says how each run ended, in words.
figure::Figure training_curves_figure(const std::vector<TrainingRunSpec>& specs,
                                      const std::vector<model::TrainResult>& results);

// Trains every spec to its end, one after another (cancellable: returns what it has once stopped).
std::vector<model::TrainResult> train_all(const std::vector<TrainingRunSpec>& specs, std::stop_token stop = {});

// The learning-rate sweep of a preset's configurations: every run at every learning rate and seed.
struct LearningRateSweep {
  std::vector<TrainingRunSpec> specs;      // the configurations (their own lr unused)
  std::vector<double> learning_rates;
  std::vector<std::uint64_t> seeds;
  std::vector<model::SweepPoint> points;   // config = run_label(spec), in specs x lrs x seeds order
  double chance_loss = 0;
};
LearningRateSweep sweep_learning_rates(const std::vector<TrainingRunSpec>& specs,
                                       const std::vector<double>& learning_rates,
                                       const std::vector<std::uint64_t>& seeds, std::stop_token stop = {},
                                       const model::SweepProgress& progress = {});

// Final held-out loss against the learning rate (log-log), one line per configuration through the
// seeds' mean with their range (min .. max) shaded; chance marked. The subtitle names, per
// configuration, the largest learning rate at which every seed learned.
figure::Figure lr_sweep_figure(const LearningRateSweep& sweep);

// "DeepNorm for L = 24: alpha = (2L)^(1/4) = 2.63, beta = (8L)^(-1/4) = 0.27" (decoder-only row of
// Wang et al. 2022, as the toy uses), computed by model::residual_constants.
std::string deepnorm_constants_text(std::size_t layers);

}  // namespace normlab::lessons
