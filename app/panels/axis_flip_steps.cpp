// The axis-flip panel's last two steps: shrinking the batch to 1 (with train vs eval and the running
// statistics), and the (N, C, L) cube whose cells light up by the group that shares statistics.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "figure/figure.hpp"
#include "gui/assets.hpp"
#include "gui/plot_widget.hpp"
#include "gui/presentation_page.hpp"
#include "gui/theme.hpp"
#include "lessons/axis_flip_figures.hpp"
#include "panels/axis_flip_formula.hpp"
#include "panels/axis_flip_state.hpp"

namespace normlab::panels::axis_flip {

namespace {

constexpr float kBatchStepGap = 24;  // logical pixels between the matrices of a row
// Batch-to-1 step, logical pixels: the least height for the batch-size curves (title, axes, legend),
// for the train-vs-eval matrices, and the step's height below which train vs eval starts hidden.
constexpr float kCurvesMinHeight = 300;
constexpr float kTrainEvalMatricesMinHeight = 200;
constexpr float kTrainEvalMinHeight = 760;

// BatchNorm's and LayerNorm's outputs for the current batch, one cell size, within `size`.
void draw_output_pair(AxisFlipState& state, ImVec2 size, PanelContext& context) {
  const lessons::AxisFlipResult* results[] = {&*state.batch_result, &*state.row_result};
  MatrixViewOptions options[2];
  for (int index = 0; index < 2; ++index) {
    const lessons::AxisFlipResult& result = *results[index];
    options[index].id = index == 0 ? "batch-output" : "row-output";
    // Short titles: in presentation mode's type "BatchNorm output (train)" alone was wider than the
    // cells could be, and the fit has no width left to give them.
    std::string title = norm_kind_display_name(result.settings.kind);
    if (result.settings.kind == NormKind::batch) title.append(result.settings.training ? " (train)" : " (eval)");
    options[index].title = std::move(title);
    options[index].color_limit = std::max(symmetric_limit(result.output.values), 1.0);
    options[index].colorbar_label = std::string("y");
    // The rows' mu and sigma are the sweep steps' subject; here they took the width the cells need.
    options[index].show_statistics = false;
  }
  fit_side_by_side({{results[0], nullptr, &options[0]}, {results[1], nullptr, &options[1]}}, size,
                   context.px(kBatchStepGap), context);
  for (int index = 0; index < 2; ++index) {
    const lessons::AxisFlipResult& result = *results[index];
    if (index == 1) ImGui::SameLine(0, context.px(kBatchStepGap));
    const MatrixViewResult view = draw_matrix_view(result, result.output.values, nullptr,
                                                   index == 0 ? state.input_view : state.output_view,
                                                   options[index], context);
    if (view.hovered_cell) draw_cell_readout(result, *view.hovered_cell, context);
  }
}

// Train against eval on this batch: the running statistics' controls, the three matrices (one cell
// size) and their Export.
void draw_train_eval(AxisFlipState& state, ImVec2 size, PanelContext& context) {
  const auto& comparison = *state.train_eval;
  draw_note(gui::panel_text("axis-flip", "batch-to-1.train-eval") + " Momentum " +
                lessons::format_number(state.settings.momentum) + ", " + std::to_string(state.settings.running_steps) +
                " training steps over the whole matrix. Largest |eval - train| = " +
                lessons::format_number(comparison.max_abs_difference) + "; for LayerNorm it is 0.",
            context);
  float momentum = static_cast<float>(state.settings.momentum);
  ImGui::SetNextItemWidth(context.px(120));
  if (ImGui::SliderFloat("Momentum", &momentum, 0.01f, 1.0f, "%.2f")) {
    state.settings.momentum = momentum;
    state.dirty = true;
  }
  ImGui::SameLine(0, context.px(24));
  int steps = static_cast<int>(state.settings.running_steps);
  ImGui::SetNextItemWidth(context.px(120));
  if (ImGui::SliderInt("Training steps", &steps, 0, 200)) {
    state.settings.running_steps = static_cast<std::size_t>(steps);
    state.dirty = true;
  }
  ImGui::SameLine(0, context.px(24));
  gui::draw_export_button(lessons::train_eval_figure(comparison), state.train_eval_export, context,
                          "axis_flip_train_eval");
  // Drawn with the panel's own matrix widget (fast at 64 x 64); Export writes the same three as a figure.
  const std::vector<double>* values[] = {&comparison.train.output.values, &comparison.eval.output.values,
                                         &comparison.difference.values};
  const lessons::AxisFlipResult* results[] = {&comparison.train, &comparison.eval, &comparison.train};
  const char* titles[] = {"Train (batch statistics)", "Eval (running statistics)", "Eval - train"};
  MatrixViewState* views[] = {&state.train_view, &state.eval_view, &state.difference_view};
  const double output_limit = std::max({symmetric_limit(*values[0]), symmetric_limit(*values[1]), 1.0});
  MatrixViewOptions options[3];
  for (int index = 0; index < 3; ++index) {
    options[index].id = titles[index];
    options[index].title = std::string(titles[index]);
    options[index].color_limit = index == 2 ? symmetric_limit(*values[2], 1e-6) : output_limit;
    options[index].colorbar_label = std::string(index == 2 ? "eval - train" : "y");
    options[index].show_statistics = false;
  }
  const ImVec2 rest(size.x, std::max(ImGui::GetContentRegionAvail().y, context.px(kTrainEvalMatricesMinHeight)));
  fit_side_by_side({{results[0], nullptr, &options[0]}, {results[1], nullptr, &options[1]}, {results[2], nullptr, &options[2]}},
                   rest, context.px(kBatchStepGap), context);
  for (int index = 0; index < 3; ++index) {
    if (index > 0) ImGui::SameLine(0, context.px(kBatchStepGap));
    const MatrixViewResult view =
        draw_matrix_view(*results[index], *values[index], nullptr, *views[index], options[index], context);
    if (view.hovered_cell) draw_cell_readout(*results[index], *view.hovered_cell, context);
  }
}

// What the batch-size choice means, in words computed from the results; `short_form`: one line of
// presentation type (the long form goes to the notes).
std::string batch_words(const AxisFlipState& state, bool short_form) {
  const lessons::AxisFlipResult& batch = *state.batch_result;
  const std::size_t samples = batch.batch.shape[0];
  std::string words = "Batch of " + std::to_string(samples) + (samples == 1 ? " sample" : " samples") + ": ";
  if (!batch.warnings.empty() && short_form) {
    words += "x - mean = 0 in every column, so every BatchNorm output is β = " +
             lessons::format_number(batch.settings.beta) + ".";
  } else if (!batch.warnings.empty()) {
    words += batch.warnings.front();
    if (!words.empty() && words.back() != '.') words += '.';
  } else if (!batch.settings.training) {
    words += short_form ? "eval mode, running statistics: the batch size does not matter."
                        : "in eval mode BatchNorm uses its running statistics, so the batch size no longer matters.";
  } else if (short_form) {
    words += "each sample's BatchNorm output depends on the other " + std::to_string(samples - 1) + ".";
  } else {
    words += "each feature's mean and variance come from these " + std::to_string(samples) +
             " values, so every sample's output depends on the others in the batch.";
  }
  return words + (short_form ? " LayerNorm: unchanged."
                             : " LayerNorm normalizes each sample over its own features: unchanged.");
}

}  // namespace

void ensure_experiments(AxisFlipState& state) {
  if (state.batch_sweep && state.train_eval) return;
  try {
    lessons::AxisFlipSettings settings = state.settings;
    settings.batch_samples = std::min<std::size_t>(settings.batch_samples, state.matrix.shape[0]);
    state.batch_sweep = lessons::sweep_batch_size(state.matrix, settings);
    state.train_eval = lessons::compare_train_eval(state.matrix, settings);
  } catch (const std::exception& error) {
    state.error = error.what();
  }
}

void draw_batch_step(AxisFlipState& state, PanelContext& context) {
  if (state.dirty) recompute(state);
  ensure_experiments(state);
  if (!state.error.empty()) {
    ImGui::TextColored(context.palette->error, "%s", state.error.c_str());
    return;
  }
  // On entering the step the batch shrinks by itself, one sample every kSecondsPerSample, down to 1;
  // touching the slider (or Pause) stops it there.
  constexpr double kSecondsPerSample = 0.8;
  if (state.sweep.playing) {
    const auto shrunk = static_cast<std::size_t>(std::max(
        1.0, static_cast<double>(state.rows) - std::floor(state.sweep.time_s / kSecondsPerSample)));
    if (shrunk != state.settings.batch_samples) {
      state.settings.batch_samples = shrunk;
      state.dirty = true;
    }
  }
  int batch = state.settings.batch_samples == 0 ? state.rows : static_cast<int>(state.settings.batch_samples);
  // Train vs eval is shown at the desk unless asked otherwise, when the step has the height for a
  // second row of matrices (at 1280 x 720 both rows squeezed the curves to nothing).
  const bool room_for_train_eval = ImGui::GetContentRegionAvail().y >= context.px(kTrainEvalMinHeight);
  bool show_train_eval = state.show_train_eval.value_or(!context.presentation && room_for_train_eval);
  gui::StepPage page(context);
  page.draw_header([&] {
    int mode = state.settings.training ? 0 : 1;
    // No label: the choices say what they are.
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("BatchNorm: eval (running statistics)").x + ImGui::GetFrameHeight() +
                            2 * ImGui::GetStyle().FramePadding.x);
    if (ImGui::Combo("##BatchNorm mode", &mode,
                     "BatchNorm: train (batch statistics)\0BatchNorm: eval (running statistics)\0")) {
      state.settings.training = mode == 0;
      state.dirty = true;
    }
    // On this line when it fits (presenting at 1080p its label was cut at the page's edge).
    const float checkbox_width = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                                 ImGui::CalcTextSize("Train vs eval").x;
    ImGui::SameLine(0, context.px(24));
    if (ImGui::GetContentRegionAvail().x < checkbox_width) ImGui::NewLine();
    if (ImGui::Checkbox("Train vs eval", &show_train_eval)) state.show_train_eval = show_train_eval;
  });
  if (!page.presenting()) ImGui::SameLine(0, context.px(24));
  if (ImGui::Button(state.sweep.playing ? "Pause" : "Shrink again")) {
    if (!state.sweep.playing) state.sweep.time_s = 0;
    state.sweep.playing = !state.sweep.playing;
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(context.px(180));
  if (ImGui::SliderInt("Batch size", &batch, 1, state.rows)) {
    state.sweep.playing = false;
    state.settings.batch_samples = static_cast<std::size_t>(batch);
    state.dirty = true;
  }
  if (state.dirty) recompute(state);
  ensure_experiments(state);
  if (!state.error.empty()) return;
  if (page.presenting()) page.add_notes(batch_words(state, false));
  ImGui::PushFont(context.fonts->bold);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x);
  ImGui::TextUnformatted(batch_words(state, page.presenting()).c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();

  // Top: the two outputs for this batch beside the batch-size curves; below (when shown): train vs
  // eval, with the running statistics' controls, which only eval uses.
  const figure::Figure batch_size_figure = lessons::batch_size_figure(*state.batch_sweep, state.settings.beta);
  const ImVec2 available = ImGui::GetContentRegionAvail();
  // The curves keep a readable height; when the user asks for train vs eval without the room for it,
  // the step scrolls rather than squeezing them.
  // Presenting, the page never scrolls: the curves take the height there is.
  const float top_height = std::max(show_train_eval ? available.y * 0.52f : available.y,
                                    page.presenting() ? 0.0f : context.px(kCurvesMinHeight));
  const float pair_width = available.x * 0.4f;  // the curves need the width more than one-row matrices
  page.begin_central();
  ImGui::BeginChild("outputs", ImVec2(pair_width, top_height), false, ImGuiWindowFlags_NoScrollbar);
  draw_output_pair(state, ImVec2(pair_width - context.px(8), top_height), context);
  ImGui::EndChild();
  ImGui::SameLine(0, context.px(24));
  ImGui::BeginChild("batch-size", ImVec2(0, top_height), false, ImGuiWindowFlags_NoScrollbar);
  gui::PlotOptions options;
  options.export_stem = "axis_flip_batch_size";
  // The curves' subtitle wrapped over three lines of this column and left the axes a sliver; on screen
  // the words above say the same and the legend tells solid from dashed. Export still writes it.
  options.subtitle = false;
  gui::draw_plot("batch-size-plot", batch_size_figure, state.batch_plot, context, options);
  ImGui::EndChild();
  if (show_train_eval) draw_train_eval(state, ImVec2(available.x, 0), context);
  page.end_central();
}

// The cube's rarely touched controls: the groups and the shape, one labelled slider per axis (three
// bare numbers in one row did not say which was N, C or L).
void draw_cube_shape(AxisFlipState& state, PanelContext& context) {
  if (state.cube_kind == NormKind::group) {
    int groups = static_cast<int>(state.settings.groups);
    ImGui::SetNextItemWidth(context.px(120));
    if (ImGui::SliderInt("Groups G", &groups, 1, state.cube_channels)) {
      state.settings.groups = static_cast<std::size_t>(groups);
      state.dirty = true;
    }
    ImGui::SameLine(0, context.px(24));
  }
  int* const axes[] = {&state.cube_samples, &state.cube_channels, &state.cube_positions};
  const char* const labels[] = {"N samples", "C channels", "L positions"};
  for (int axis = 0; axis < 3; ++axis) {
    if (axis > 0) ImGui::SameLine(0, context.px(24));
    ImGui::SetNextItemWidth(context.px(90));
    if (ImGui::SliderInt(labels[axis], axes[axis], 1, 8)) regenerate(state);
  }
}

void draw_cube_step(AxisFlipState& state, PanelContext& context) {
  if (state.dirty) recompute(state);
  if (!state.error.empty()) {
    ImGui::TextColored(context.palette->error, "%s", state.error.c_str());
    return;
  }
  gui::StepPage page(context);
  page.add_notes(lessons::slicing_in_words(*state.cube_result));
  if (state.cube_kind == NormKind::layer) page.add_notes(gui::panel_text("axis-flip", "cube.layer-axis"));
  page.draw_header([&] { draw_cube_shape(state, context); });
  // The variant is what the lecturer changes during this step: always on the controls' line.
  int kind_index = 0;
  const NormKind kinds[] = {NormKind::batch, NormKind::layer, NormKind::instance, NormKind::group};
  for (int index = 0; index < 4; ++index) {
    if (kinds[index] == state.cube_kind) kind_index = index;
  }
  if (!page.presenting()) ImGui::SameLine(0, context.px(24));
  ImGui::SetNextItemWidth(context.px(200));
  if (ImGui::Combo("Variant", &kind_index, "BatchNorm\0LayerNorm (last axis)\0InstanceNorm\0GroupNorm\0")) {
    state.cube_kind = kinds[kind_index];
    state.dirty = true;
  }
  if (state.dirty) recompute(state);
  if (!state.error.empty()) {
    ImGui::TextColored(context.palette->error, "%s", state.error.c_str());
    return;
  }
  const lessons::AxisFlipResult& result = *state.cube_result;
  const lessons::SweepTimeline timeline(result.reduction.members.size());
  state.sweep.frame = timeline.at_time(state.sweep.time_s);
  // Presenting, the variant and the sweep share a line (the shape is in the drawer); at the desk the
  // shape's sliders fill the first line.
  if (page.presenting()) ImGui::SameLine(0, context.px(24));
  draw_sweep_controls(state, timeline, context);

  // One colour per group (the theme's colour-blind-safe series colours); during the sweep the group in
  // focus keeps its colour, groups not reached yet are pale, finished ones half-toned.
  const figure::Theme theme = gui::figure_theme(context.theme);
  const figure::Color background = theme.plot_background;
  // On a dark background a projector crushes dim colours to black: fade less there.
  const bool dark = context.theme == gui::ThemeKind::dark;
  const float waiting_fade = dark ? 0.5f : 0.8f, done_fade = dark ? 0.25f : 0.45f;
  std::vector<figure::Color> colors(result.batch.size());
  for (std::size_t cell = 0; cell < colors.size(); ++cell) {
    const std::size_t group = result.reduction.group_of_element[cell];
    const figure::Color base = theme.series_colors[group % theme.series_colors.size()];
    switch (lessons::SweepTimeline::stage_of(state.sweep.frame, group)) {
      case lessons::CellStage::waiting: colors[cell] = figure::mix(base, background, waiting_fade); break;
      case lessons::CellStage::output_shown:
        colors[cell] = state.sweep.frame.finished || state.sweep.frame.group == group ? base : figure::mix(base, background, done_fade);
        break;
      default: colors[cell] = base; break;
    }
  }
  const ImVec2 available = ImGui::GetContentRegionAvail();
  // Presenting, the cube is the picture: the text column beside it keeps what its heading needs.
  const float cube_width = available.x * (context.presentation ? 0.6f : 0.52f);
  const float cube_height = std::max(available.y - ImGui::GetTextLineHeightWithSpacing() * 2, context.px(200));
  gui::ViewportStyle style;
  style.background = {background.red, background.green, background.blue, 1};
  style.scale = context.scale;
  page.begin_central();
  ImGui::BeginGroup();
  draw_cube(state.cube_view, state.camera, result.batch.shape, colors, ImVec2(cube_width, cube_height), style,
            gui::to_u32(context.palette->text));
  ImGui::TextColored(context.palette->muted_text, "%s", gui::panel_text("axis-flip", "cube.hint").c_str());
  ImGui::EndGroup();
  ImGui::SameLine(0, context.px(20));
  ImGui::BeginGroup();
  // The blocks' heading names the group ("Group 2 of 6: their mean and spread"); the count follows it.
  const std::vector<TextBlock> blocks = formula_blocks(result, state.sweep.frame, std::nullopt, false);
  draw_text_blocks({blocks.begin(), blocks.begin() + 1}, context);
  if (!state.sweep.frame.finished) {
    ImGui::Text("%zu values share one mean and variance", result.statistics[state.sweep.frame.group].count);
  }
  draw_text_blocks({blocks.begin() + 1, blocks.end()}, context);
  gui::draw_export_button(lessons::group_map_figure(result, &state.sweep.frame), state.cube_export, context,
                          "axis_flip_cube");
  ImGui::EndGroup();
  page.end_central();
}

}  // namespace normlab::panels::axis_flip
