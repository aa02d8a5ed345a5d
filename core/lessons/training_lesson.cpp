#include "lessons/training_lesson.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "figure/draw.hpp"
#include "io/untrusted_text.hpp"
#include "lessons/depth_figures.hpp"

namespace normlab::lessons {

namespace {

// The toy every preset shares (the starting point): d = 32, 4 heads, copy of 7 symbols out of
// 15 (chance ln 15 = 2.71 nats), batch 16, Adam (0.9, 0.98).
TrainingRunSpec base_spec(model::Placement placement, std::size_t layers, double learning_rate,
                          std::size_t warmup_steps, std::size_t steps) {
  TrainingRunSpec spec;
  spec.model.placement = placement;
  spec.model.layers = layers;
  spec.model.d_model = 32;
  spec.model.heads = 4;
  spec.model.seed = 1;
  spec.train.task = model::Task::copy;
  spec.train.learning_rate = learning_rate;
  spec.train.warmup_steps = warmup_steps;
  spec.train.steps = steps;
  spec.train.batch_sequences = 16;
  spec.train.data_seed = 1;
  return spec;
}

std::string short_number(double value) { return figure::format_number(value, 2); }

}  // namespace

std::string run_label(const TrainingRunSpec& spec, bool with_depth, bool with_lr) {
  std::string label = figure::placement_label(spec.model.placement, spec.model.norm);
  if (with_depth) label += " (L = " + std::to_string(spec.model.layers) + ")";
  label += spec.train.warmup_steps == 0 ? ", no warm-up" : ", warm-up " + std::to_string(spec.train.warmup_steps);
  if (with_lr) label += ", lr " + short_number(spec.train.learning_rate);
  return label;
}

const std::vector<TrainingPreset>& training_presets() {
  using model::Outcome;
  using model::Placement;
  // The settings and the sweeps that found them: docs/training-presets.md.
  static const std::vector<TrainingPreset> presets = {
      // L = 6, lr 1e-2, 200 steps: post-LN without warm-up sits at chance for every seed, a 100-step
      // warm-up learns for every seed; pre-LN needs none; without norms the stream blows up.
      {"warmup",
       "post-LN needs warm-up",
       {base_spec(Placement::post, 6, 1e-2, 0, 200), base_spec(Placement::post, 6, 1e-2, 100, 200),
        base_spec(Placement::pre, 6, 1e-2, 0, 200), base_spec(Placement::none, 6, 1e-2, 0, 200)},
       {Outcome::stalled, Outcome::learned, Outcome::learned, Outcome::diverged},
       {1, 2, 3, 4, 5}},
      // L = 6, lr 2e-2, 150 steps: a learning rate where post-LN fails even with a 50-step warm-up,
      // and pre-LN learns without one.
      {"pre-ln",
       "pre-LN trains without warm-up",
       {base_spec(Placement::pre, 6, 2e-2, 0, 150), base_spec(Placement::post, 6, 2e-2, 0, 150),
        base_spec(Placement::post, 6, 2e-2, 50, 150)},
       {Outcome::learned, Outcome::stalled, Outcome::stalled},
       {1, 2, 3, 4, 5}},
      // L = 24, lr 1e-2, 150 steps, 50-step warm-up: post-LN stalls even with the warm-up, DeepNorm
      // learns with it -- and, like post-LN, stalls without one (Wang et al. train with warm-up too).
      {"deepnorm",
       "DeepNorm at depth",
       {base_spec(Placement::post, 24, 1e-2, 50, 150), base_spec(Placement::deepnorm, 24, 1e-2, 50, 150),
        base_spec(Placement::deepnorm, 24, 1e-2, 0, 150)},
       {Outcome::stalled, Outcome::learned, Outcome::stalled},
       {1, 2, 3, 4, 5}},
  };
  return presets;
}

std::string training_preset_ids() {
  std::string ids;
  for (const TrainingPreset& preset : training_presets()) ids += (ids.empty() ? "" : ", ") + preset.id;
  return ids;
}

const TrainingPreset& find_training_preset(const std::string& id) {
  for (const TrainingPreset& preset : training_presets()) {
    if (preset.id == id) return preset;
  }
  throw std::invalid_argument("unknown training preset '" + printable_excerpt(id) + "' (known: " +
                              training_preset_ids() + ")");
}

std::vector<TrainingRunSpec> preset_runs_with_seed(const TrainingPreset& preset, std::uint64_t seed) {
  std::vector<TrainingRunSpec> runs = preset.runs;
  for (TrainingRunSpec& run : runs) run.model.seed = run.train.data_seed = seed;
  return runs;
}

std::string outcome_text(const model::TrainResult& result, std::size_t steps) {
  switch (result.outcome) {
    case model::Outcome::learned:
      return "learned: " + figure::format_number(100.0 * result.final_accuracy, 3) + "% of answers right";
    case model::Outcome::stalled:
      return "stalled: held-out loss " + figure::format_significant(result.final_loss, 3) + ", chance " +
             figure::format_significant(result.chance_loss, 3);
    case model::Outcome::diverged:
      return "diverged: " + result.divergence_reason;
    case model::Outcome::running:
      break;
  }
  return "step " + std::to_string(result.curve.size()) + " of " + std::to_string(steps);
}

std::vector<model::TrainResult> train_all(const std::vector<TrainingRunSpec>& specs, std::stop_token stop) {
  std::vector<model::TrainResult> results;
  for (const TrainingRunSpec& spec : specs) {
    if (stop.stop_requested()) break;
    results.push_back(model::train_model(spec.model, spec.train, stop));
  }
  return results;
}

namespace {

bool depths_differ(const std::vector<TrainingRunSpec>& specs) {
  return std::any_of(specs.begin(), specs.end(),
                     [&](const TrainingRunSpec& spec) { return spec.model.layers != specs.front().model.layers; });
}

figure::Figure curve_panel(const std::string& title, const std::string& y_label) {
  figure::Figure panel;
  panel.title = title;
  panel.x_axis = figure::make_axis("step");
  panel.y_axis = figure::make_axis(y_label, figure::AxisScale::log);
  panel.legend = figure::LegendPlacement::hidden;
  return panel;
}

}  // namespace

figure::Figure training_curves_figure(const std::vector<TrainingRunSpec>& specs,
                                      const std::vector<model::TrainResult>& results) {
  if (specs.size() != results.size()) throw std::invalid_argument("training_curves_figure: one result per run");
  const bool with_depth = depths_differ(specs);
  figure::Figure whole;
  whole.title = "Training the toy transformer: copy task";
  if (!specs.empty()) {
    const TrainingRunSpec& first = specs.front();
    whole.title += ", " + (with_depth ? std::string() : "L = " + std::to_string(first.model.layers) + ", ") +
                   "d = " + std::to_string(first.model.d_model) + ", batch " +
                   std::to_string(first.train.batch_sequences);
  }
  for (std::size_t index = 0; index < specs.size(); ++index) {
    whole.subtitle += (index == 0 ? "" : "; ") + run_label(specs[index], with_depth) + ", " +
                      outcome_text(results[index], specs[index].train.steps);
  }
  figure::Figure loss = curve_panel("Training loss (nats)", "loss");
  figure::Figure gradient = curve_panel("Gradient norm ||g||", "||g||");
  figure::Figure update = curve_panel("Update norm ||Δθ||", "||Δθ||");
  loss.legend = figure::LegendPlacement::below;
  double chance = 0;
  std::size_t longest = 1;
  for (std::size_t index = 0; index < specs.size(); ++index) {
    const model::TrainResult& result = results[index];
    chance = std::max(chance, result.chance_loss);
    longest = std::max(longest, specs[index].train.steps);
    figure::LineSeries loss_line, gradient_line, update_line;
    loss_line.name = run_label(specs[index], with_depth);
    for (figure::LineSeries* line : {&loss_line, &gradient_line, &update_line}) {
      line->color_slot = index;
      line->dashed = specs[index].model.placement == model::Placement::deepnorm;
    }
    gradient_line.name = loss_line.name + " gradient norm";
    update_line.name = loss_line.name + " update norm";
    gradient_line.legend_label = update_line.legend_label = "";
    for (const model::TrainStep& step : result.curve) {
      const double x = static_cast<double>(step.step);
      loss_line.x.push_back(x);
      loss_line.y.push_back(step.loss);
      gradient_line.x.push_back(x);
      gradient_line.y.push_back(step.grad_norm);
      update_line.x.push_back(x);
      update_line.y.push_back(step.update_norm);
    }
    loss.series.push_back(std::move(loss_line));
    gradient.series.push_back(std::move(gradient_line));
    update.series.push_back(std::move(update_line));
    if (result.outcome == model::Outcome::diverged && !result.curve.empty()) {
      const double at = static_cast<double>(result.curve.back().step);
      for (figure::Figure* panel : {&loss, &gradient, &update}) {
        figure::Annotation line = figure::vertical_line(at, panel == &loss ? "diverged" : "");
        panel->annotations.push_back(line);
      }
    }
  }
  for (figure::Figure* panel : {&loss, &gradient, &update}) {
    panel->x_axis.min = 0;
    panel->x_axis.max = static_cast<double>(longest);
  }
  if (chance > 0) loss.annotations.push_back(figure::horizontal_line(chance, "chance"));
  whole.panels = {std::move(loss), std::move(gradient), std::move(update)};
  return whole;
}

LearningRateSweep sweep_learning_rates(const std::vector<TrainingRunSpec>& specs,
                                       const std::vector<double>& learning_rates,
                                       const std::vector<std::uint64_t>& seeds, std::stop_token stop,
                                       const model::SweepProgress& progress) {
  if (specs.empty()) throw std::invalid_argument("the sweep needs at least one configuration");
  const bool with_depth = depths_differ(specs);
  LearningRateSweep sweep;
  sweep.specs = specs;
  sweep.learning_rates = learning_rates;
  sweep.seeds = seeds;
  sweep.chance_loss = std::log(static_cast<double>(specs.front().model.vocab - 1));
  std::vector<model::SweepEntry> entries;
  for (const TrainingRunSpec& spec : specs) entries.push_back({run_label(spec, with_depth), spec.model, spec.train});
  sweep.points = model::learning_rate_sweep(entries, learning_rates, seeds, stop, progress);
  return sweep;
}

figure::Figure lr_sweep_figure(const LearningRateSweep& sweep) {
  figure::Figure plot;
  plot.title = "Final loss against the learning rate";
  plot.x_axis = figure::make_axis("peak learning rate", figure::AxisScale::log);
  plot.y_axis = figure::make_axis("held-out loss after training (nats)", figure::AxisScale::log);
  plot.legend = figure::LegendPlacement::below;
  const bool with_depth = depths_differ(sweep.specs);
  std::string survived;
  // The bands go first, so band k takes the theme's k-th colour, the one its mean line names by slot.
  std::vector<figure::Series> bands, lines;
  for (std::size_t index = 0; index < sweep.specs.size(); ++index) {
    const std::string name = run_label(sweep.specs[index], with_depth);
    figure::LineSeries mean_line;
    mean_line.name = name;
    mean_line.color_slot = index;
    mean_line.markers = true;
    figure::BandSeries spread;
    spread.name = name + " (range over seeds)";
    double largest_learned = 0;
    for (double learning_rate : sweep.learning_rates) {
      double sum = 0, low = std::numeric_limits<double>::infinity(), high = 0;
      std::size_t count = 0, learned = 0;
      for (const model::SweepPoint& point : sweep.points) {
        if (point.config != name || point.learning_rate != learning_rate) continue;
        ++count;
        learned += point.outcome == model::Outcome::learned ? 1 : 0;
        if (!std::isfinite(point.final_loss)) continue;
        sum += point.final_loss;
        low = std::min(low, point.final_loss);
        high = std::max(high, point.final_loss);
      }
      if (count == 0) continue;
      if (learned == count) largest_learned = std::max(largest_learned, learning_rate);
      if (high == 0) continue;
      mean_line.x.push_back(learning_rate);
      mean_line.y.push_back(sum / static_cast<double>(count));
      spread.x.push_back(learning_rate);
      spread.y_low.push_back(low);
      spread.y_high.push_back(high);
    }
    bands.push_back(std::move(spread));
    lines.push_back(std::move(mean_line));
    survived += (survived.empty() ? "" : "; ") + name + ": " +
                (largest_learned > 0 ? short_number(largest_learned) : std::string("none"));
  }
  plot.series = std::move(bands);
  plot.series.insert(plot.series.end(), lines.begin(), lines.end());
  plot.subtitle = "Mean over " + std::to_string(sweep.seeds.size()) + " seeds, range shaded. Largest learning rate "
                  "at which every seed learned: " + survived;
  if (sweep.chance_loss > 0) plot.annotations.push_back(figure::horizontal_line(sweep.chance_loss, "chance"));
  return plot;
}

std::string deepnorm_constants_text(std::size_t layers) {
  model::ModelConfig config;
  config.placement = model::Placement::deepnorm;
  config.layers = layers;
  const DeepNormConstants constants = model::residual_constants(config);
  return "DeepNorm for L = " + std::to_string(layers) + ": alpha = (2L)^(1/4) = " +
         figure::format_significant(constants.alpha, 3) + ", beta = (8L)^(-1/4) = " +
         figure::format_significant(constants.beta, 3);
}

}  // namespace normlab::lessons
