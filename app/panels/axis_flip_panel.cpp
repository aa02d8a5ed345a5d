// The axis-flip panel ("watch the axis flip"): one activation matrix sliced two ways.
// BatchNorm grabs a column (one feature across the batch), LayerNorm a row (one sample's features).
// Steps: the matrix, the BatchNorm sweep, the LayerNorm sweep, batch size down to 1, the (N, C, L) cube.
// Which cells share statistics comes from core's describe_reduction() via core/lessons; this file only
// arranges the views (steps 3 and 4 are in axis_flip_steps.cpp).
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "gui/assets.hpp"
#include "gui/presentation_page.hpp"
#include "gui/toasts.hpp"
#include "gui/widgets.hpp"
#include "lessons/axis_flip_figures.hpp"
#include "panels/axis_flip_formula.hpp"
#include "panels/axis_flip_state.hpp"

namespace normlab::panels {
namespace axis_flip {

void draw_note(const std::string& text, const PanelContext& context) {
  gui::draw_wrapped_note(text, context.palette->muted_text);
}

void regenerate(AxisFlipState& state) {
  const auto seed = static_cast<std::uint64_t>(state.seed);
  state.matrix = lessons::make_preset(state.preset, {static_cast<std::size_t>(state.rows), static_cast<std::size_t>(state.cols)}, seed);
  state.cube = lessons::make_preset(state.preset == lessons::ActivationPreset::single_sample ? lessons::ActivationPreset::random_normal
                                                                                             : state.preset,
                                    {static_cast<std::size_t>(state.cube_samples), static_cast<std::size_t>(state.cube_channels),
                                     static_cast<std::size_t>(state.cube_positions)},
                                    seed);
  state.settings.batch_samples = 0;
  state.dirty = true;
}

void declare_parameters(AxisFlipState& state, params::ParameterSet& parameters) {
  regenerate(state);  // the declared default matrix is the default preset's
  std::vector<std::pair<std::string, lessons::ActivationPreset>> presets;
  for (const auto preset : lessons::all_presets()) presets.emplace_back(lessons::preset_name(preset), preset);
  parameters.choice("preset", state.preset, presets, "the input matrix: a preset that shows one behaviour");
  parameters.integer("seed", state.seed, 0, 99999, "seed of the preset's random values");
  parameters.integer("rows", state.rows, 1, 64, "samples (rows) of a generated matrix");
  parameters.integer("cols", state.cols, 1, 64, "features (columns) of a generated matrix");
  parameters.choice("row-norm", state.row_kind, {{"layer", NormKind::layer}, {"rms", NormKind::rms}},
                    "the row sweep's norm: LayerNorm or RMSNorm");
  parameters.boolean("compare", state.compare, "sweeps: BatchNorm and the row norm side by side");
  parameters.number("eps", state.settings.eps, 0, 1, "added to the variance inside the square root");
  parameters.number("gamma", state.settings.gamma, -1000, 1000, "the scale applied to every feature");
  parameters.number("beta", state.settings.beta, -1000, 1000, "the shift added to every feature (RMSNorm has none)");
  parameters.integer("batch-size", state.settings.batch_samples, 0, kMaxMatrixRows,
                     "batch step: the batch is the first N samples (0: all)");
  parameters.choice("mode", state.settings.training, {{"train", true}, {"eval", false}},
                    "BatchNorm: batch statistics (train) or running statistics (eval)");
  parameters.number("momentum", state.settings.momentum, 0.01, 1, "BatchNorm's running-statistics momentum");
  parameters.integer("running-steps", state.settings.running_steps, 0, 200,
                     "training steps that built the running statistics");
  parameters.choice("cube-norm", state.cube_kind,
                    {{"batch", NormKind::batch}, {"layer", NormKind::layer}, {"instance", NormKind::instance},
                     {"group", NormKind::group}},
                    "the cube's variant");
  parameters.integer("groups", state.settings.groups, 1, 8, "GroupNorm's channel groups (C divisible by G)");
  parameters.integer("cube-samples", state.cube_samples, 1, 8, "the cube's N (samples)");
  parameters.integer("cube-channels", state.cube_channels, 1, 8, "the cube's C (channels)");
  parameters.integer("cube-positions", state.cube_positions, 1, 8, "the cube's L (positions)");
  parameters.matrix("matrix", state.matrix, kMaxMatrixRows, kMaxMatrixCols,
                    "the activation matrix itself, edited cells included (replaces the generated one)");
  // Set from outside (--set, a demo, a lesson), the inputs are regenerated at once, so the state is
  // whole before anything reads or saves it; the matrix is declared last, so a demo's matrix (edited
  // cells included) replaces the one its preset generates.
  for (const char* input : {"preset", "seed", "rows", "cols", "cube-samples", "cube-channels", "cube-positions"}) {
    parameters.on_change(input, [&state] {
      const std::size_t batch = state.settings.batch_samples;
      regenerate(state);
      state.settings.batch_samples = batch;
    });
  }
  parameters.on_change("matrix", [&state] {
    state.rows = static_cast<int>(state.matrix.shape[0]);
    state.cols = static_cast<int>(state.matrix.shape[1]);
    state.dirty = true;
  });
  for (const char* setting : {"row-norm", "eps", "gamma", "beta", "batch-size", "mode", "momentum", "running-steps",
                              "cube-norm", "groups"}) {
    parameters.on_change(setting, [&state] { state.dirty = true; });
  }
}

void recompute(AxisFlipState& state) {
  state.error.clear();
  try {
    lessons::AxisFlipSettings settings = state.settings;
    settings.batch_samples = std::min<std::size_t>(settings.batch_samples, state.matrix.shape[0]);
    settings.kind = NormKind::batch;
    state.batch_result = lessons::compute_axis_flip(state.matrix, settings);
    settings.kind = state.row_kind;
    state.row_result = lessons::compute_axis_flip(state.matrix, settings);
    // The experiments are recomputed only when their step is shown (they cost more than the rest).
    state.batch_sweep.reset();
    state.train_eval.reset();
    lessons::AxisFlipSettings cube_settings = state.settings;
    cube_settings.batch_samples = 0;
    cube_settings.kind = state.cube_kind;
    if (state.cube_kind == NormKind::group && state.cube.shape[1] % cube_settings.groups != 0) cube_settings.groups = 1;
    state.cube_result = lessons::compute_axis_flip(state.cube, cube_settings);
  } catch (const std::exception& error) {
    state.error = error.what();
  }
  state.dirty = false;
}

namespace {

// Every cell is drawn each frame with its value (the cube: one box per cell), so a large array would
// cost seconds per frame; refuse it with the limit instead.
void check_shown_size(const Tensor<double>& array, const std::string& source) {
  constexpr std::size_t kMaxCubeSide = 16;
  const bool too_large = array.rank() == 3 ? (array.shape[0] > kMaxCubeSide || array.shape[1] > kMaxCubeSide ||
                                              array.shape[2] > kMaxCubeSide)
                                           : (array.shape[0] > kMaxMatrixRows || array.shape[1] > kMaxMatrixCols);
  if (!too_large) return;
  throw std::invalid_argument(
      source + " is " + shape_to_string(array.shape) + "; the axis flip shows up to " +
      (array.rank() == 3 ? std::to_string(kMaxCubeSide) + " per axis of a cube"
                         : std::to_string(kMaxMatrixRows) + " x " + std::to_string(kMaxMatrixCols)) +
      " (every cell is drawn with its value): take a slice");
}

// Presets, size, seed, paste and import: everything that replaces the matrix.
// A (samples, features) matrix replaces the input of every step; an (N, C, L) array the cube's. A bad
// file changes nothing and says why.
void import_matrix_file(AxisFlipState& state, const std::string& path, PanelContext& context) {
  try {
    Tensor<double> loaded = lessons::load_activation_file(path);
    check_shown_size(loaded, path);
    if (loaded.rank() == 3) {
      state.cube = std::move(loaded);
    } else {
      state.matrix = std::move(loaded);
      state.rows = static_cast<int>(state.matrix.shape[0]);
      state.cols = static_cast<int>(state.matrix.shape[1]);
    }
    state.dirty = true;
    if (context.toasts) context.toasts->post(gui::ToastKind::success, "Imported " + path, context.time_s);
  } catch (const std::exception& error) {
    if (context.toasts) context.toasts->post(gui::ToastKind::error, error.what(), context.time_s);
  }
}

void draw_matrix_source(AxisFlipState& state, PanelContext& context) {
  ImGui::SetNextItemWidth(context.px(260));
  if (ImGui::BeginCombo("Preset", lessons::preset_label(state.preset).c_str())) {
    for (const auto preset : lessons::all_presets()) {
      if (ImGui::Selectable(lessons::preset_label(preset).c_str(), preset == state.preset)) {
        state.preset = preset;
        regenerate(state);
      }
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(context.px(110));
  if (ImGui::InputInt("Seed", &state.seed)) {
    state.seed = std::max(state.seed, 0);
    regenerate(state);
  }
  ImGui::SameLine();
  if (ImGui::Button("Randomize")) {
    state.seed = (state.seed * 7919 + 13) % 100000;
    regenerate(state);
  }
  // Export at the controls' right end: on a line of its own under the matrices it fell below the
  // fold in presentation mode. (After an edit the figure is a frame old; no click lands in between.)
  if (state.row_result && state.error.empty()) {
    ImGui::SameLine();
    gui::draw_export_button(lessons::axis_flip_matrix_figure(*state.row_result), state.matrix_export, context,
                            "axis_flip_matrix");
  }
  ImGui::SetNextItemWidth(context.px(160));
  if (ImGui::SliderInt("Samples (rows)", &state.rows, 1, 64)) regenerate(state);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(context.px(160));
  if (ImGui::SliderInt("Features (columns)", &state.cols, 1, 64)) regenerate(state);
  if (ImGui::TreeNode("Paste or import a matrix")) {
    draw_note(gui::panel_text("axis-flip", "matrix.paste"), context);
    ImGui::InputTextMultiline("##paste", state.paste_text.data(), state.paste_text.size(),
                              ImVec2(context.px(420), context.px(90)));
    if (ImGui::Button("Use pasted values")) {
      try {
        Tensor<double> pasted = lessons::parse_activation_text(state.paste_text.data());
        check_shown_size(pasted, "the pasted matrix");
        state.matrix = std::move(pasted);
        state.rows = static_cast<int>(state.matrix.shape[0]);
        state.cols = static_cast<int>(state.matrix.shape[1]);
        state.dirty = true;
      } catch (const std::exception& error) {
        if (context.toasts) context.toasts->post(gui::ToastKind::error, std::string("paste: ") + error.what(), context.time_s);
      }
    }
    ImGui::SetNextItemWidth(context.px(330));
    ImGui::InputTextWithHint("##import", "path/to/activations.npy or .csv", state.import_path.data(), state.import_path.size());
    ImGui::SameLine();
    if (ImGui::Button("Import")) import_matrix_file(state, state.import_path.data(), context);
    ImGui::TreePop();
  }
}

void apply_edit(AxisFlipState& state, const std::optional<MatrixEdit>& edit) {
  if (!edit) return;
  lessons::set_cell(state.matrix, edit->cell, edit->value);
  state.dirty = true;
}

// One variant's input (with the sweep's focus) and output (filling in), side by side; their sizes are
// set by fit_side_by_side.
struct VariantOptions {
  MatrixViewOptions input, output;
};

VariantOptions variant_options(const lessons::AxisFlipResult& result, bool editable) {
  VariantOptions options;
  options.input.id = "input";
  options.input.title = std::string("Input x");  // not = "literal": GCC 12 false -Wrestrict
  options.input.editable = editable;
  options.input.color_limit = symmetric_limit(result.batch.values);
  options.input.colorbar_label = std::string("x");
  options.output = options.input;
  options.output.id = "output";
  options.output.title = std::string("Output y");
  options.output.editable = false;
  options.output.color_limit = symmetric_limit(result.output.values);
  options.output.colorbar_label = std::string("y");
  options.output.show_statistics = false;  // beside the input already; the cells match by fit_side_by_side
  options.output.reserve_statistics_space = true;
  return options;
}

constexpr float kVariantGap = 16;     // logical pixels between the input and the output
constexpr float kComparisonGap = 40;  // and between them and the other axis's output
constexpr float kMatrixStepGap = 28;  // between the first step's three matrices

std::optional<std::size_t> draw_variant(AxisFlipState& state, const lessons::AxisFlipResult& result,
                                        const lessons::SweepFrame* frame, const VariantOptions& options,
                                        PanelContext& context, const char* id) {
  ImGui::PushID(id);
  const MatrixViewResult input =
      draw_matrix_view(result, result.batch.values, frame, state.input_view, options.input, context);
  ImGui::SameLine(0, context.px(kVariantGap));
  ImGui::BeginGroup();
  const MatrixViewResult output = draw_matrix_view(result, lessons::visible_output(result, frame), frame,
                                                   state.output_view, options.output, context);
  ImGui::EndGroup();
  apply_edit(state, input.edit);
  const std::optional<std::size_t> hovered = input.hovered_cell ? input.hovered_cell : output.hovered_cell;
  if (hovered) draw_cell_readout(result, *hovered, context);
  ImGui::PopID();
  return hovered;
}

}  // namespace

namespace {

// "phase 2 of 3: mean and spread": the phase of the group in focus the slider stands on, in words
// (the heading beside the picture names the group).
std::string phase_words(const lessons::SweepTimeline& timeline, std::size_t step) {
  if (step >= timeline.step_count()) return "done: every group normalized";
  static const char* const kPhaseNames[] = {"phase 1 of 3: the values", "phase 2 of 3: mean and spread",
                                            "phase 3 of 3: the outputs"};
  return kPhaseNames[step % lessons::kPhasesPerGroup];
}

}  // namespace

void draw_sweep_controls(AxisFlipState& state, const lessons::SweepTimeline& timeline, PanelContext& context) {
  Sweep& sweep = state.sweep;
  if (ImGui::Button(sweep.playing ? "Pause" : "Play")) sweep.playing = !sweep.playing;
  ImGui::SameLine();
  const std::size_t current = sweep.frame.finished ? timeline.step_count() : sweep.frame.step;
  if (ImGui::Button("< Step") && current > 0) {
    sweep.playing = false;
    sweep.time_s = timeline.time_of_step(current - 1);
  }
  ImGui::SameLine();
  if (ImGui::Button("Step >")) {
    sweep.playing = false;
    sweep.time_s = timeline.time_of_step(std::min(current + 1, timeline.step_count()));
  }
  ImGui::SameLine();
  if (ImGui::Button("Restart")) sweep.time_s = 0;
  ImGui::SameLine();
  // The slider shows where the sweep stands in words (a bare "7" explained nothing; the words hold no
  // '%', so they are their own format).
  int scrub = static_cast<int>(current);
  const std::string words = phase_words(timeline, current);
  ImGui::SetNextItemWidth(std::max(context.px(200), ImGui::CalcTextSize(words.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x));
  if (ImGui::SliderInt("Phase", &scrub, 0, static_cast<int>(timeline.step_count()), words.c_str())) {
    sweep.playing = false;
    sweep.time_s = timeline.time_of_step(static_cast<std::size_t>(scrub));
  }
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Each group of cells that shares statistics passes three phases: its values light up,\n"
                      "their mean and spread are computed, then its outputs fill in. Drag to pick a phase.");
  }
}

void draw_sweep_speed(AxisFlipState& state, PanelContext& context) {
  ImGui::SetNextItemWidth(context.px(150));
  ImGui::SliderFloat("Speed", &state.sweep.speed, 0.25f, 8.0f, "%.2fx", ImGuiSliderFlags_Logarithmic);
}

void draw_matrix_step(AxisFlipState& state, PanelContext& context) {
  gui::StepPage page(context);
  page.add_notes(lessons::preset_claim(state.preset));
  page.draw_header([&] { draw_matrix_source(state, context); });
  if (state.dirty) recompute(state);
  if (!state.error.empty()) {
    ImGui::TextColored(context.palette->error, "%s", state.error.c_str());
    return;
  }
  const ImVec2 available = ImGui::GetContentRegionAvail();
  const float height = std::max(available.y - ImGui::GetStyle().ItemSpacing.y, context.px(200));
  // The input once, editable; beside it the two outputs, each with the statistics of its own slices,
  // all three with cells of one size: the same matrix, sliced two ways.
  MatrixViewOptions input_options;
  input_options.id = "input";
  input_options.title = std::string("Input x (edit me)");
  input_options.editable = true;
  input_options.color_limit = symmetric_limit(state.matrix.values);
  input_options.colorbar_label = std::string("x");
  input_options.show_statistics = false;
  const lessons::AxisFlipResult* outputs[] = {&*state.batch_result, &*state.row_result};
  MatrixViewOptions output_options[2];
  for (int index = 0; index < 2; ++index) {
    const lessons::AxisFlipResult& result = *outputs[index];
    MatrixViewOptions& options = output_options[index];
    options.id = index == 0 ? "batch-output" : "row-output";
    std::string title = norm_kind_display_name(result.settings.kind);
    title.append(index == 0 ? ": each column normalized" : ": each row normalized");
    options.title = std::move(title);
    options.color_limit = std::max(symmetric_limit(result.output.values), 1.0);
    options.colorbar_label = std::string("y");
    // Presenting, the width the rows' mu and sigma took goes to the cells, so that their values are
    // large enough to read from the back (the sweep steps show each slice's statistics).
    options.show_statistics = !context.presentation;
  }
  fit_side_by_side({{&*state.row_result, nullptr, &input_options},
                    {outputs[0], nullptr, &output_options[0]},
                    {outputs[1], nullptr, &output_options[1]}},
                   ImVec2(available.x - context.px(16), height), context.px(kMatrixStepGap), context);
  page.begin_central();
  const MatrixViewResult input = draw_matrix_view(*state.row_result, state.row_result->batch.values, nullptr,
                                                  state.input_view, input_options, context);
  std::optional<std::size_t> hovered = input.hovered_cell;
  const lessons::AxisFlipResult* hovered_result = &*state.row_result;
  for (int index = 0; index < 2; ++index) {
    const lessons::AxisFlipResult& result = *outputs[index];
    ImGui::SameLine(0, context.px(kMatrixStepGap));
    const MatrixViewResult view =
        draw_matrix_view(result, result.output.values, nullptr,
                         index == 0 ? state.output_view : state.other_view, output_options[index], context);
    if (view.hovered_cell) {
      hovered = view.hovered_cell;
      hovered_result = &result;
    }
  }
  page.end_central();
  apply_edit(state, input.edit);
  if (hovered && !state.dirty) draw_cell_readout(*hovered_result, *hovered, context);
}

void draw_sweep_step(AxisFlipState& state, PanelContext& context, bool batch_norm_first) {
  if (state.dirty) recompute(state);
  if (!state.error.empty()) {
    ImGui::TextColored(context.palette->error, "%s", state.error.c_str());
    return;
  }
  const lessons::AxisFlipResult& focus = batch_norm_first ? *state.batch_result : *state.row_result;
  const lessons::SweepTimeline timeline(focus.reduction.members.size());
  state.sweep.frame = timeline.at_time(state.sweep.time_s);
  gui::StepPage page(context);
  page.add_notes(lessons::slicing_in_words(focus));
  page.draw_header([&] {
    if (!batch_norm_first) {
      int row_kind = state.row_kind == NormKind::rms ? 1 : 0;
      ImGui::SetNextItemWidth(context.px(200));
      if (ImGui::Combo("Row norm", &row_kind, "LayerNorm (centres)\0RMSNorm (no mean)\0")) {
        state.row_kind = row_kind == 1 ? NormKind::rms : NormKind::layer;
        state.dirty = true;
      }
      ImGui::SameLine();
    }
    ImGui::Checkbox("Show the other axis too", &state.compare);
    ImGui::SameLine();
    draw_sweep_speed(state, context);
  });
  draw_sweep_controls(state, timeline, context);
  if (state.dirty) return;  // the row norm changed: the next frame draws the new results
  // Left: the matrices alone, so the cells get the rest of the height: the variant being swept (input
  // and output) and, beside it, the other axis's output for comparison, all with cells of one size.
  // Right: the group in focus and the formula of the current phase. (In presentation mode's large type
  // at 1080p, a heading and a note of several lines above the matrices left the cells 29 px, and the
  // comparison under the formula was drawn larger than the matrices in focus.) The matrices are
  // usually as tall as they can be before they are as wide; the width they leave goes to the formula.
  const ImVec2 available = ImGui::GetContentRegionAvail();
  VariantOptions options = variant_options(focus, true);
  const lessons::AxisFlipResult& other = batch_norm_first ? *state.row_result : *state.batch_result;
  MatrixViewOptions other_options;
  other_options.id = "other";
  other_options.title = norm_kind_display_name(other.settings.kind) + " output";
  other_options.color_limit = std::max(symmetric_limit(other.output.values), 1.0);
  other_options.colorbar_label = std::string("y");
  std::vector<SideBySideMatrix> matrices = {{&focus, &state.sweep.frame, &options.input},
                                            {&focus, &state.sweep.frame, &options.output}};
  if (state.compare) matrices.push_back({&other, nullptr, &other_options});
  // One cell size for all three, so the comparison reads as the same matrix, sliced the other way.
  // The gap before the comparison is the pair's gap plus the difference. The matrices may take up to
  // 60% of the width (75% with the comparison), down to 15 points less when the text column would not
  // fit its height at the width they leave (measured at its tallest, so the cells keep their size while
  // the sweep plays); beyond that the column scrolls rather than the cells shrink further.
  const float wider_gap = state.compare ? context.px(kComparisonGap - kVariantGap) : 0;
  const float column_gap = context.px(24);
  const float export_height = ImGui::GetFrameHeightWithSpacing();
  float matrices_child_width = 0;
  const float widest_share = state.compare ? 0.75f : 0.6f;
  for (float share = widest_share;; share -= 0.05f) {
    const float budget = available.x * share;
    const float matrices_width = fit_side_by_side(matrices, ImVec2(budget - wider_gap, available.y),
                                                  context.px(kVariantGap), context) +
                                 wider_gap;
    matrices_child_width = std::min(budget, matrices_width + context.px(8));
    const float column_width = available.x - matrices_child_width - column_gap;
    if (share < widest_share - 0.14f || tallest_sweep_column(focus, column_width, context) + export_height <= available.y) {
      break;
    }
  }
  page.begin_central();
  ImGui::BeginChild("sweep-matrices", ImVec2(matrices_child_width, available.y), false, ImGuiWindowFlags_NoScrollbar);
  const std::optional<std::size_t> hovered =
      draw_variant(state, focus, &state.sweep.frame, options, context, "focus");
  if (state.compare && !state.dirty) {
    ImGui::SameLine(0, context.px(kComparisonGap));
    const MatrixViewResult view =
        draw_matrix_view(other, other.output.values, nullptr, state.other_view, other_options, context);
    if (view.hovered_cell) draw_cell_readout(other, *view.hovered_cell, context);
  }
  ImGui::EndChild();
  if (state.dirty) {  // an edit this frame: the next frame redraws with the new results
    page.end_central();
    return;
  }
  ImGui::SameLine(0, column_gap);
  ImGui::BeginChild("formula", ImVec2(0, available.y), false);
  draw_text_blocks(formula_blocks(focus, state.sweep.frame, hovered, true), context);
  gui::draw_export_button(lessons::axis_flip_matrix_figure(focus, &state.sweep.frame), state.matrix_export,
                          context, batch_norm_first ? "axis_flip_batchnorm" : "axis_flip_rownorm");
  ImGui::EndChild();
  page.end_central();
}

}  // namespace axis_flip

namespace {

void draw_axis_flip(axis_flip::AxisFlipState& state, PanelContext& context) {
  using namespace axis_flip;
  // The sweep advances with the shell's clock (fixed steps in screenshot mode, so screenshots are
  // reproducible); entering a step restarts it.
  if (state.sweep.playing && state.last_time_s >= 0) {
    state.sweep.time_s += (context.time_s - state.last_time_s) * state.sweep.speed;
  }
  state.last_time_s = context.time_s;
  if (context.step_id == "matrix") {
    draw_matrix_step(state, context);
  } else if (context.step_id == "batch-sweep") {
    draw_sweep_step(state, context, true);
  } else if (context.step_id == "layer-sweep") {
    draw_sweep_step(state, context, false);
  } else if (context.step_id == "batch-to-1") {
    draw_batch_step(state, context);
  } else {
    draw_cube_step(state, context);
  }
}

void restart_sweep(axis_flip::AxisFlipState& state, PanelContext& context) {
  state.sweep.time_s = 0;
  state.sweep.playing = true;
  state.last_time_s = context.time_s;
}

}  // namespace

PanelDescriptor axis_flip_panel() {
  return {"axis-flip", "The axis flip",
          "BatchNorm's column vs LayerNorm's row: one activation matrix sliced two ways, batch size 1, "
          "train vs eval, and the (N, C, L) cube.",
          {{"matrix", "The matrix"},
           {"batch-sweep", "BatchNorm sweep"},
           {"layer-sweep", "LayerNorm sweep"},
           {"batch-to-1", "Batch to 1"},
           {"cube", "The cube"}},
          make_panel_factory<axis_flip::AxisFlipState>({.draw = draw_axis_flip,
                                                        .declare = axis_flip::declare_parameters,
                                                        .open = axis_flip::import_matrix_file,
                                                        .enter_step = restart_sweep}),
          {".npy", ".csv"}};
}

}  // namespace normlab::panels
