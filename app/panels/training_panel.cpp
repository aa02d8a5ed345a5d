// Training: two to four configurations of the toy transformer trained side by side, live, on the
// lecture's three stories (post-LN needs warm-up, pre-LN trains without it, DeepNorm trains at depth
// where post-LN fails), and the learning-rate sweep behind them. The runs are core/model Trainers
// stepped on a gui::Job: pausing cancels the job and resuming starts a new one on the same trainers,
// so a paused run continues exactly where it stopped. The worker publishes copies of the curves after
// every round of steps; the panel rebuilds its figure only when that snapshot changes. In screenshot
// mode the runs train in place (to the end, or to pause-at), so screenshots are deterministic.
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "gui/assets.hpp"
#include "gui/export_dialog.hpp"
#include "gui/job.hpp"
#include "gui/panel.hpp"
#include "gui/plot_widget.hpp"
#include "gui/presentation_page.hpp"
#include "gui/widgets.hpp"
#include "lessons/training_lesson.hpp"

namespace normlab::panels {
namespace {

constexpr int kMaxRuns = 4;
constexpr int kMaxLayers = 64;
constexpr int kMaxSeed = 1000000;
constexpr int kMaxSteps = 2000;
// The learning rates of the sweep step, spanning where the presets' configurations start to fail.
const std::vector<double> kSweepLearningRates = {2e-3, 5e-3, 1e-2, 2e-2};

// The trainers and the copy of their curves the UI reads. The worker alone touches `trainers` while
// a job runs; `snapshot` and the counters are guarded by `mutex`.
struct LiveTraining {
  std::vector<lessons::TrainingRunSpec> specs;
  std::size_t requested_pause_at = 0;  // the panel's pause-at when these runs started
  std::size_t pause_at = 0;  // 0 = run to the end; else stop once every run has done this many steps
  std::vector<model::Trainer> trainers;
  std::mutex mutex;
  std::vector<model::TrainResult> snapshot;
  std::size_t version = 0;  // bumped with every new snapshot
  double steps_per_second = 0;
};

struct LiveKey {
  std::shared_ptr<LiveTraining> live;
  int resume_count = 0;  // a new key for each resume of the same runs
  bool operator==(const LiveKey&) const = default;
};
struct LiveRunEnd {
  bool finished = false;  // every run ended (or reached pause-at)
};

std::size_t target_steps(const LiveTraining& live, const model::Trainer& trainer) {
  const std::size_t steps = trainer.train_config().steps;
  return live.pause_at == 0 ? steps : std::min(steps, live.pause_at);
}

// Steps every unfinished run by one step per round, so the curves advance together, and publishes a
// snapshot after each round.
LiveRunEnd run_live(LiveKey key, gui::JobReporter& job) {
  LiveTraining& live = *key.live;
  if (live.trainers.empty()) {
    for (const lessons::TrainingRunSpec& spec : live.specs) live.trainers.emplace_back(spec.model, spec.train);
  }
  std::size_t total = 0;
  for (const model::Trainer& trainer : live.trainers) total += target_steps(live, trainer);
  const auto started = std::chrono::steady_clock::now();
  std::size_t stepped = 0;
  while (!job.stop().stop_requested()) {
    bool stepped_any = false;
    std::size_t done = 0;
    for (model::Trainer& trainer : live.trainers) {
      if (!trainer.done() && trainer.steps_done() < target_steps(live, trainer)) {
        const std::size_t ran = trainer.run(1, job.stop());
        stepped += ran;
        stepped_any = stepped_any || ran > 0;
      }
      done += trainer.done() ? target_steps(live, trainer) : trainer.steps_done();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    {
      std::lock_guard lock(live.mutex);
      live.snapshot.clear();
      for (const model::Trainer& trainer : live.trainers) live.snapshot.push_back(trainer.result());
      live.steps_per_second = seconds > 0 ? static_cast<double>(stepped) / seconds : 0;
      ++live.version;
    }
    job.report(total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total),
               std::to_string(done) + " of " + std::to_string(total) + " steps");
    if (!stepped_any) return {true};
  }
  return {false};
}

struct SweepKey {
  std::vector<lessons::TrainingRunSpec> specs;
  std::vector<std::uint64_t> seeds;
  bool operator==(const SweepKey&) const = default;
};

lessons::LearningRateSweep run_sweep(SweepKey key, gui::JobReporter& job) {
  const std::size_t total = key.specs.size() * kSweepLearningRates.size() * key.seeds.size();
  job.report(0.0, "0 of " + std::to_string(total) + " runs");
  return lessons::sweep_learning_rates(key.specs, kSweepLearningRates, key.seeds, job.stop(),
                                       [&](const model::SweepPoint&, std::size_t done, std::size_t all) {
                                         job.report(static_cast<double>(done) / static_cast<double>(all),
                                                    std::to_string(done) + " of " + std::to_string(all) + " runs");
                                       });
}

// One configuration's declared fields.
struct RunFields {
  model::Placement placement = model::Placement::post;
  NormKind norm = NormKind::layer;
  int layers = 6;
  int width = 32;
  double learning_rate = 1e-2;
  int warmup = 0;
  int seed = 1;
  bool qk_norm = false;
};

struct TrainingState {
  int preset = 0;  // index into lessons::training_presets()
  int applied_preset = -1;
  int run_count = 4;
  int steps = 150;
  model::Task task = model::Task::copy;
  int pause_at = 0;
  int sweep_seeds = 3;
  bool run_sweep = false;
  RunFields runs[kMaxRuns];

  std::shared_ptr<LiveTraining> live;
  int resume_count = 0;
  gui::Job<LiveKey, LiveRunEnd> live_job;
  gui::Job<SweepKey, lessons::LearningRateSweep> sweep_job;
  std::size_t figure_version = static_cast<std::size_t>(-1);
  std::optional<figure::Figure> curves_figure, sweep_figure;
  std::optional<figure::Figure> curves_on_screen;  // without the legend: the run table is the legend
  std::vector<model::TrainResult> shown_results;  // the snapshot the figure shows
  std::optional<SweepKey> sweep_figure_for;
  gui::PlotWidgetState curves_plot, sweep_plot;
};

void apply_preset(TrainingState& state);

void declare_training(TrainingState& state, params::ParameterSet& parameters) {
  apply_preset(state);  // the runs' declared defaults are the first preset's
  std::vector<std::pair<std::string, int>> presets;
  for (std::size_t index = 0; index < lessons::training_presets().size(); ++index) {
    presets.emplace_back(lessons::training_presets()[index].id, static_cast<int>(index));
  }
  parameters.choice("preset", state.preset, presets, "the story; choosing one sets every run below");
  parameters.integer("runs", state.run_count, 2, kMaxRuns, "configurations trained side by side");
  parameters.integer("steps", state.steps, 10, kMaxSteps, "Adam steps of every run");
  parameters.choice("task", state.task,
                    {{"copy", model::Task::copy}, {"reverse", model::Task::reverse}, {"sort", model::Task::sort}},
                    "the synthetic task");
  parameters.integer("pause-at", state.pause_at, 0, kMaxSteps, "pause every run at this step (0 = never)");
  parameters.integer("sweep-seeds", state.sweep_seeds, 1, 5, "seeds per point of the learning-rate sweep");
  parameters.boolean("run-sweep", state.run_sweep, "run the learning-rate sweep (takes a minute)");
  for (int index = 0; index < kMaxRuns; ++index) {
    RunFields& run = state.runs[index];
    const std::string prefix = "run" + std::to_string(index + 1) + "-";
    parameters.choice(prefix + "placement", run.placement,
                      {{"post", model::Placement::post},
                       {"pre", model::Placement::pre},
                       {"deepnorm", model::Placement::deepnorm},
                       {"none", model::Placement::none}},
                      "where the norms sit (none: the no-norm baseline)");
    parameters.choice(prefix + "norm", run.norm, {{"layer", NormKind::layer}, {"rms", NormKind::rms}},
                      "LayerNorm or RMSNorm");
    parameters.integer(prefix + "layers", run.layers, 1, kMaxLayers, "blocks L");
    parameters.choice(prefix + "width", run.width, {{"16", 16}, {"32", 32}, {"64", 64}}, "residual width d");
    parameters.number(prefix + "lr", run.learning_rate, 1e-5, 1.0, "peak learning rate");
    parameters.integer(prefix + "warmup", run.warmup, 0, kMaxSteps, "linear warm-up steps (0 = none)");
    parameters.integer(prefix + "seed", run.seed, 0, kMaxSeed, "initialization and data seed");
    parameters.boolean(prefix + "qk-norm", run.qk_norm, "normalize queries and keys");
  }
}

void apply_preset(TrainingState& state) {
  const lessons::TrainingPreset& preset = lessons::training_presets()[static_cast<std::size_t>(state.preset)];
  state.run_count = static_cast<int>(preset.runs.size());
  state.steps = static_cast<int>(preset.runs.front().train.steps);
  state.task = preset.runs.front().train.task;
  for (std::size_t index = 0; index < preset.runs.size() && index < kMaxRuns; ++index) {
    const lessons::TrainingRunSpec& spec = preset.runs[index];
    state.runs[index] = {spec.model.placement, spec.model.norm, static_cast<int>(spec.model.layers),
                         static_cast<int>(spec.model.d_model), spec.train.learning_rate,
                         static_cast<int>(spec.train.warmup_steps), static_cast<int>(spec.model.seed),
                         spec.model.qk_norm};
  }
  state.applied_preset = state.preset;
}

std::vector<lessons::TrainingRunSpec> wanted_specs(const TrainingState& state) {
  const lessons::TrainingRunSpec base =
      lessons::training_presets()[static_cast<std::size_t>(state.preset)].runs.front();
  std::vector<lessons::TrainingRunSpec> specs;
  for (int index = 0; index < state.run_count; ++index) {
    const RunFields& run = state.runs[index];
    lessons::TrainingRunSpec spec = base;
    spec.model.placement = run.placement;
    spec.model.norm = run.norm;
    spec.model.layers = static_cast<std::size_t>(run.layers);
    spec.model.d_model = static_cast<std::size_t>(run.width);
    spec.model.qk_norm = run.qk_norm;
    spec.model.seed = spec.train.data_seed = static_cast<std::uint64_t>(run.seed);
    spec.train.learning_rate = run.learning_rate;
    spec.train.warmup_steps = static_cast<std::size_t>(run.warmup);
    spec.train.steps = static_cast<std::size_t>(state.steps);
    spec.train.task = state.task;
    specs.push_back(spec);
  }
  return specs;
}

// New runs for the wanted configurations, started at once (in place in screenshot mode).
void reset_runs(TrainingState& state, PanelContext& context) {
  state.live = std::make_shared<LiveTraining>();
  state.live->specs = wanted_specs(state);
  state.live->requested_pause_at = state.live->pause_at = static_cast<std::size_t>(state.pause_at);
  state.live_job.start({state.live, ++state.resume_count}, run_live, context.deterministic);
}

ImVec4 outcome_colour(model::Outcome outcome, const gui::Palette& palette) {
  switch (outcome) {
    case model::Outcome::learned: return palette.good;
    case model::Outcome::stalled: return palette.warning;
    case model::Outcome::diverged: return palette.error;
    case model::Outcome::running: break;
  }
  return palette.muted_text;
}

void draw_run_table(TrainingState& state, PanelContext& context) {
  const std::vector<figure::Color> series_colours = gui::figure_theme(context.theme).series_colors;
  const ImGuiTableFlags flags = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerH;
  if (!ImGui::BeginTable("runs", 9, flags)) return;
  for (const char* heading :
       {"run", "placement", "norm", "layers L", "width d", "peak lr", "warm-up", "seed", "how it ends"}) {
    ImGui::TableSetupColumn(heading);
  }
  ImGui::TableHeadersRow();
  static const int kWidths[] = {16, 32, 64};
  for (int index = 0; index < state.run_count; ++index) {
    RunFields& run = state.runs[index];
    ImGui::PushID(index);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    // The run's colour in the curves: the table is the plot's legend.
    const figure::Color colour = series_colours[static_cast<std::size_t>(index) % series_colours.size()];
    ImGui::TextColored(ImVec4(colour.red, colour.green, colour.blue, 1.0f), "%d ---", index + 1);
    ImGui::TableNextColumn();
    int placement = static_cast<int>(run.placement);
    ImGui::SetNextItemWidth(context.px(125));
    if (ImGui::Combo("##placement", &placement, "post-LN\0pre-LN\0DeepNorm\0no norm\0")) {
      run.placement = static_cast<model::Placement>(placement);
    }
    ImGui::TableNextColumn();
    int norm = run.norm == NormKind::rms ? 1 : 0;
    ImGui::SetNextItemWidth(context.px(130));
    if (ImGui::Combo("##norm", &norm, "LayerNorm\0RMSNorm\0")) run.norm = norm == 1 ? NormKind::rms : NormKind::layer;
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(context.px(60));
    if (ImGui::InputInt("##layers", &run.layers, 0, 0)) run.layers = std::clamp(run.layers, 1, kMaxLayers);
    ImGui::TableNextColumn();
    int width_index = static_cast<int>(std::find(std::begin(kWidths), std::end(kWidths), run.width) - std::begin(kWidths));
    ImGui::SetNextItemWidth(context.px(70));
    if (ImGui::Combo("##width", &width_index, "16\0" "32\0" "64\0") && width_index >= 0 && width_index < 3) {
      run.width = kWidths[width_index];
    }
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(context.px(100));
    float learning_rate = static_cast<float>(run.learning_rate);
    if (ImGui::SliderFloat("##lr", &learning_rate, 1e-4f, 1e-1f, "%.1e", ImGuiSliderFlags_Logarithmic)) {
      run.learning_rate = std::clamp(static_cast<double>(learning_rate), 1e-5, 1.0);
    }
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(context.px(60));
    if (ImGui::InputInt("##warmup", &run.warmup, 0, 0)) run.warmup = std::clamp(run.warmup, 0, kMaxSteps);
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(context.px(60));
    if (ImGui::InputInt("##seed", &run.seed, 0, 0)) run.seed = std::clamp(run.seed, 0, kMaxSeed);
    ImGui::TableNextColumn();
    const std::size_t run_index = static_cast<std::size_t>(index);
    if (run_index < state.shown_results.size() && state.live && run_index < state.live->specs.size()) {
      const model::TrainResult& result = state.shown_results[run_index];
      ImGui::TextColored(outcome_colour(result.outcome, *context.palette), "%s",
                         lessons::outcome_text(result, state.live->specs[run_index].train.steps).c_str());
    }
    ImGui::PopID();
  }
  ImGui::EndTable();
}

// Presenting: one read-only line per run (its colour, what it is, how it ends), so the curves keep
// the page's height.
void draw_run_lines(const TrainingState& state, PanelContext& context) {
  if (!state.live) return;
  const std::vector<figure::Color> series_colours = gui::figure_theme(context.theme).series_colors;
  for (std::size_t index = 0; index < state.live->specs.size(); ++index) {
    const figure::Color colour = series_colours[index % series_colours.size()];
    const lessons::TrainingRunSpec& spec = state.live->specs[index];
    ImGui::TextColored(ImVec4(colour.red, colour.green, colour.blue, 1.0f), "%zu ---", index + 1);
    ImGui::SameLine();
    ImGui::Text("%s:", lessons::run_label(spec, /*with_depth=*/true, /*with_lr=*/true).c_str());
    if (index < state.shown_results.size()) {
      ImGui::SameLine();
      const model::TrainResult& result = state.shown_results[index];
      ImGui::TextColored(outcome_colour(result.outcome, *context.palette), "%s",
                         lessons::outcome_text(result, spec.train.steps).c_str());
    }
  }
}

// Preset, pause / resume / reset, the progress bar with steps per second.
void draw_run_controls(TrainingState& state, PanelContext& context, double steps_per_second) {
  std::string preset_items;
  for (const lessons::TrainingPreset& preset : lessons::training_presets()) preset_items += preset.title + '\0';
  ImGui::SetNextItemWidth(context.px(300));
  ImGui::Combo("preset", &state.preset, preset_items.c_str());
  ImGui::SameLine(0, context.px(24));
  ImGui::BeginDisabled(context.deterministic);
  const bool running = state.live_job.running();
  std::size_t done = 0, total = 0, least_done = 0;
  bool all_ended = !state.shown_results.empty();
  for (std::size_t index = 0; index < state.shown_results.size() && state.live; ++index) {
    const model::TrainResult& result = state.shown_results[index];
    const std::size_t steps = state.live->specs[index].train.steps;
    const bool ended = result.outcome != model::Outcome::running;
    all_ended = all_ended && ended;
    done += ended ? steps : result.curve.size();
    total += steps;
    if (!ended) least_done = least_done == 0 ? result.curve.size() : std::min(least_done, result.curve.size());
  }
  if (running) {
    if (ImGui::Button("Pause")) state.live_job.cancel();
  } else if (all_ended) {
    if (ImGui::Button("Run again")) reset_runs(state, context);
  } else if (ImGui::Button("Resume") && state.live) {
    // Past pause-at the runs go on to their end.
    if (state.live->pause_at != 0 && least_done >= state.live->pause_at) state.live->pause_at = 0;
    state.live_job.start({state.live, ++state.resume_count}, run_live, false);
  }
  ImGui::SameLine();
  if (ImGui::Button("Reset")) reset_runs(state, context);
  ImGui::EndDisabled();
  ImGui::SameLine(0, context.px(24));
  gui::JobProgress progress = state.live_job.progress();
  if (running && steps_per_second > 0) {
    char rate[48];
    std::snprintf(rate, sizeof rate, ", %.0f steps/s", steps_per_second);
    progress.words += rate;
  }
  if (!running) {
    progress.fraction = total == 0 ? 0.0 : static_cast<double>(done) / static_cast<double>(total);
    progress.words = all_ended ? "done: " + std::to_string(total) + " steps"
                               : "paused at step " + std::to_string(least_done);
  }
  gui::draw_job_progress(progress, context.px(300));
}

void draw_live(TrainingState& state, PanelContext& context) {
  // On a short page (presenting, or a 720p window) the runs are one read-only line each and the table
  // that edits them folds away, so the curves keep their height.
  const bool compact = context.presentation || ImGui::GetContentRegionAvail().y < context.px(600);
  double steps_per_second = 0;
  if (state.live) {
    std::lock_guard lock(state.live->mutex);
    steps_per_second = state.live->steps_per_second;
    if (state.live->version != state.figure_version) {
      state.figure_version = state.live->version;
      state.shown_results = state.live->snapshot;
      std::vector<lessons::TrainingRunSpec> specs(
          state.live->specs.begin(), state.live->specs.begin() + static_cast<long>(state.shown_results.size()));
      state.curves_figure = lessons::training_curves_figure(specs, state.shown_results);
      state.curves_on_screen = state.curves_figure;
      for (figure::Figure& plot : state.curves_on_screen->panels) plot.legend = figure::LegendPlacement::hidden;
    }
  }
  gui::StepPage page(context);
  if (context.presentation) page.draw_header();
  draw_run_controls(state, context, steps_per_second);
  // Presenting, the page is the runs and their curves (the lecturer says the rest): no export, no note.
  if (state.curves_figure && !context.presentation) {  // the export keeps the legend and the subtitle
    const ImGuiStyle& style = ImGui::GetStyle();
    const float button_width = ImGui::CalcTextSize("Export...").x + 2 * style.FramePadding.x;
    const float line_end = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + context.px(24) + button_width <= line_end) ImGui::SameLine(0, context.px(24));
    gui::draw_export_button(*state.curves_figure, state.curves_plot.export_dialog, context, "training_curves");
  }
  if (context.presentation) page.begin_central();  // the runs' lines are the curves' legend
  if (compact) {
    draw_run_lines(state, context);
    if (!context.presentation && ImGui::TreeNode("Edit the runs")) {
      draw_run_table(state, context);
      ImGui::TreePop();
    }
  } else {
    draw_run_table(state, context);
  }
  for (const lessons::TrainingRunSpec& spec : wanted_specs(state)) {
    if (spec.model.placement != model::Placement::deepnorm) continue;
    ImGui::TextUnformatted(lessons::deepnorm_constants_text(spec.model.layers).c_str());
    break;
  }
  if (!state.live_job.error().empty()) {
    ImGui::TextColored(context.palette->error, "Could not train this configuration: %s", state.live_job.error().c_str());
  }
  if (!context.presentation) {
    gui::draw_wrapped_note(gui::panel_text("training", context.step_id), context.palette->muted_text);
  }
  for (std::size_t index = 0; index < state.shown_results.size() && !compact; ++index) {
    const model::TrainResult& result = state.shown_results[index];
    if (result.outcome != model::Outcome::diverged || result.curve.empty()) continue;
    ImGui::TextColored(context.palette->error,
                       "Run %zu diverged at step %zu: its loss or gradient blew up (the dashed line on the curves).",
                       index + 1, result.curve.back().step);
  }
  if (!state.curves_figure) {
    ImGui::TextColored(context.palette->muted_text, "Starting the runs...");
    if (context.presentation) page.end_central();
    return;
  }
  gui::PlotOptions options;
  options.subtitle = false;  // the table says how each run ends
  options.export_button = false;  // the export (above) keeps the legend and the subtitle
  options.export_stem = "training_curves";
  options.min_lines = compact ? 8 : 16;
  if (!context.presentation) page.begin_central();
  gui::draw_plot("training_curves", *state.curves_on_screen, state.curves_plot, context, options);
  page.end_central();
}

void draw_sweep(TrainingState& state, PanelContext& context) {
  SweepKey key{wanted_specs(state), {}};
  for (int seed = 1; seed <= state.sweep_seeds; ++seed) key.seeds.push_back(static_cast<std::uint64_t>(seed));
  const std::size_t runs = key.specs.size() * kSweepLearningRates.size() * key.seeds.size();
  if (state.run_sweep) state.sweep_job.update(key, run_sweep, context.deterministic);
  state.sweep_job.poll();
  ImGui::SetNextItemWidth(context.px(100));
  ImGui::SliderInt("seeds per point", &state.sweep_seeds, 1, 5);
  ImGui::SameLine(0, context.px(24));
  if (!state.run_sweep) {
    ImGui::BeginDisabled(context.deterministic);
    if (ImGui::Button(("Run the sweep (" + std::to_string(runs) + " runs)").c_str())) state.run_sweep = true;
    ImGui::EndDisabled();
  } else if (state.sweep_job.running()) {
    gui::draw_job_progress(state.sweep_job.progress(), context.px(300));
    ImGui::SameLine();
    if (ImGui::Button("Stop")) {
      state.sweep_job.cancel();
      state.run_sweep = false;
    }
  }
  gui::StepPage page(context);
  if (context.presentation) {
    page.draw_header();
  } else {
    gui::draw_wrapped_note(gui::panel_text("training", context.step_id), context.palette->muted_text);
  }
  if (!state.sweep_job.error().empty()) {
    ImGui::TextColored(context.palette->error, "Could not run the sweep: %s", state.sweep_job.error().c_str());
  }
  if (state.sweep_job.shown() && !(state.sweep_figure_for && *state.sweep_figure_for == *state.sweep_job.shown_for())) {
    state.sweep_figure = lessons::lr_sweep_figure(*state.sweep_job.shown());
    state.sweep_figure_for = *state.sweep_job.shown_for();
  }
  if (!state.sweep_figure) {
    const std::string invitation = "The sweep trains the runs above at " + std::to_string(kSweepLearningRates.size()) +
                                   " learning rates for each seed; press the button to start it.";
    if (context.presentation) {  // until it has run, what it will show and how to start it are the page
      page.draw_central_text({{gui::panel_text("training", context.step_id), context.palette->text},
                              {invitation, context.palette->muted_text}},
                             ImGui::GetContentRegionAvail().x);
    } else {
      ImGui::TextColored(context.palette->muted_text, "%s", invitation.c_str());
    }
    return;
  }
  // The subtitle (which learning rates each configuration survives) as a line of its own: a plot short
  // of height would drop it.
  ImGui::TextWrapped("%s", state.sweep_figure->subtitle.c_str());
  gui::PlotOptions options;
  options.subtitle = false;
  options.export_stem = "lr_sweep";
  options.min_lines = 16;
  page.begin_central();
  gui::draw_plot("lr_sweep", *state.sweep_figure, state.sweep_plot, context, options);
  page.end_central();
}

void draw_training(TrainingState& state, PanelContext& context) {
  if (state.applied_preset != state.preset) apply_preset(state);
  state.live_job.poll();
  if (context.step_id == "lr-sweep") {
    draw_sweep(state, context);
    return;
  }
  // Any change of the runs (a control, --set, a demo) starts them afresh; pause-at applies to new runs.
  if (!state.live || state.live->specs != wanted_specs(state) ||
      state.live->requested_pause_at != static_cast<std::size_t>(state.pause_at)) {
    reset_runs(state, context);
  }
  draw_live(state, context);
}

void leave_training(TrainingState& state, PanelContext&) {
  // Work nobody sees stops; the runs stay paused where they are.
  if (state.live_job.running()) state.live_job.cancel();
}

}  // namespace

PanelDescriptor training_panel() {
  return {"training",
          "Training: warm-up, pre-LN, DeepNorm",
          "The toy transformer trained live: post-LN needs warm-up, pre-LN trains without it, DeepNorm trains "
          "at depth.",
          {{"live", "Train side by side"}, {"lr-sweep", "Learning-rate sweep"}},
          make_panel_factory<TrainingState>(
              {.draw = draw_training, .declare = declare_training, .leave_step = leave_training})};
}

}  // namespace normlab::panels
