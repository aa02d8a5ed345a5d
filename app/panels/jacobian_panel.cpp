// The Jacobian and gradient control: what LayerNorm and RMSNorm do to a small change of x, and so to a
// gradient flowing back through them (Ba et al. 2016; Xiong et al. 2020, Lemma 3). Steps: the matrix,
// its singular values and rank, the spectral norm against the input's scale, one gradient pushed back,
// and BatchNorm's coupling of the samples in a batch. Every number and sentence shown is computed by
// core/lessons/jacobian_lesson; the figures are the catalog's jacobian-* figures.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "gui/assets.hpp"
#include "gui/export_dialog.hpp"
#include "gui/panel.hpp"
#include "gui/plot_widget.hpp"
#include "gui/presentation_page.hpp"
#include "gui/widgets.hpp"
#include "lessons/jacobian_figures.hpp"

namespace normlab::panels {
namespace {

using lessons::JacobianPreset;

enum class ShownNorms { both, layer, rms };

constexpr int kMaxDimension = 64;
constexpr int kMaxBatch = 64;
constexpr int kMaxSeed = 1000000;
constexpr int kCustomPreset = 4;  // x as typed or edited, not generated

// Everything a step's figure depends on; a figure is rebuilt only when this changes.
struct ComputeKey {
  std::vector<double> x;
  double eps = 0;
  ShownNorms norm = ShownNorms::both;
  int batch = 0, seed = 0;
  double offset = 0, scale = 0;
  bool operator==(const ComputeKey&) const = default;
};

struct StepFigure {
  std::optional<ComputeKey> key;
  std::optional<figure::Figure> figure;
  std::vector<std::string> notes;  // computed sentences shown above the plot
  std::string error;
  gui::PlotWidgetState plot;
};

struct JacobianState {
  // Declared parameters.
  int dimension = 16;
  int preset = 0;  // index into jacobian_presets(), or kCustomPreset
  double offset = 1.0, scale = 1.0;
  int seed = 3;
  double eps = 0.0;
  ShownNorms norm = ShownNorms::both;
  int batch = 8;
  Tensor<double> x{Shape{1, 16}};  // the x shown: generated from the preset, or edited
  bool editing = false;  // x's components shown as fields
  // Computed.
  StepFigure matrix, spectrum, gradient_control, backprop, batch_coupling;
};

lessons::JacobianInput input_of(const JacobianState& state) {
  lessons::JacobianInput input;
  input.dimension = static_cast<std::size_t>(state.dimension);
  input.preset = lessons::jacobian_presets().at(static_cast<std::size_t>(std::min(state.preset, 3))).second;
  input.offset = state.offset;
  input.scale = state.scale;
  input.seed = static_cast<std::uint64_t>(state.seed);
  return input;
}

// Makes x whole after any change: generated from the preset, or (custom) resized to d keeping its values.
void sync_input(JacobianState& state) {
  const auto d = static_cast<std::size_t>(state.dimension);
  if (state.preset != kCustomPreset) {
    state.x = Tensor<double>(Shape{1, d}, lessons::make_jacobian_input(input_of(state)));
    return;
  }
  if (state.x.rank() == 2 && state.x.shape[1] == d) return;
  std::vector<double> values = lessons::make_jacobian_input(input_of(state));
  for (std::size_t index = 0; index < std::min(d, state.x.size()); ++index) values[index] = state.x[index];
  state.x = Tensor<double>(Shape{1, d}, values);
}

void declare_jacobian(JacobianState& state, params::ParameterSet& parameters) {
  sync_input(state);
  parameters.choice("norm", state.norm, {{"both", ShownNorms::both}, {"layer", ShownNorms::layer}, {"rms", ShownNorms::rms}},
                    "LayerNorm, RMSNorm or both side by side");
  parameters.integer("d", state.dimension, 2, kMaxDimension, "features in x");
  std::vector<std::pair<std::string, int>> presets;
  for (const auto& [word, value] : lessons::jacobian_presets()) presets.emplace_back(word, static_cast<int>(presets.size()));
  presets.emplace_back("custom", kCustomPreset);
  parameters.choice("preset", state.preset, presets, "x's shape (custom: x as edited)");
  parameters.number("offset", state.offset, -100, 100, "mean added to x, and the batch feature's mean");
  parameters.number("scale", state.scale, 1e-4, 1e4, "multiplies x's shape, and the batch feature's spread");
  parameters.integer("seed", state.seed, 0, kMaxSeed, "random seed of x, of dy and of the batch");
  parameters.number("eps", state.eps, 0, 1, "added to the variance (mean square) under the root");
  parameters.integer("batch", state.batch, 2, kMaxBatch, "samples N in the BatchNorm step's batch");
  parameters.boolean("edit-x", state.editing, "show x's components as fields to drag or type");
  parameters.matrix("x", state.x, 1, kMaxDimension, "x itself, one row of up to 64 values (sets preset to custom)");
  for (const char* input : {"d", "preset", "offset", "scale", "seed"}) {
    parameters.on_change(input, [&state] { sync_input(state); });
  }
  // Declared last: a saved x replaces the one its preset generates, and becomes custom only if it differs.
  parameters.on_change("x", [&state] {
    const Tensor<double> given = state.x;
    state.dimension = static_cast<int>(std::clamp<std::size_t>(given.shape.size() == 2 ? given.shape[1] : 2, 2, kMaxDimension));
    if (state.preset != kCustomPreset) {
      sync_input(state);
      if (state.x.values == given.values) return;
    }
    state.preset = kCustomPreset;
    state.x = given;
  });
}

// The norms asked for that can be computed at x; the others' problems go to `problems`, so that a constant
// x (LayerNorm divides by zero at eps = 0) still shows RMSNorm.
std::vector<NormKind> kinds_of(const JacobianState& state, std::string& problems) {
  std::vector<NormKind> asked = {NormKind::layer, NormKind::rms};
  if (state.norm == ShownNorms::layer) asked = {NormKind::layer};
  if (state.norm == ShownNorms::rms) asked = {NormKind::rms};
  std::vector<NormKind> usable;
  for (NormKind kind : asked) {
    const std::string problem = lessons::jacobian_input_problem(state.x.values, kind, state.eps);
    if (problem.empty()) {
      usable.push_back(kind);
    } else {
      problems += (problems.empty() ? "" : "; ") + norm_kind_display_name(kind) + ": " + problem;
    }
  }
  return usable;
}

ComputeKey key_of(const JacobianState& state) {
  return {state.x.values, state.eps, state.norm, state.batch, state.seed, state.offset, state.scale};
}

std::string fixed(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

// Builds the step's figure and notes when its inputs changed (not every frame).
void compute(JacobianState& state, std::string_view step, StepFigure& shown) {
  const ComputeKey key = key_of(state);
  if (shown.key && *shown.key == key) return;
  shown.key = key;  // remembered first, so a refused input is not retried every frame
  shown.figure.reset();
  shown.notes.clear();
  shown.error.clear();
  try {
    const std::vector<double>& x = state.x.values;
    if (step == "batch-coupling") {
      const lessons::BatchCoupling coupling = lessons::batch_coupling(
          static_cast<std::size_t>(state.batch), state.offset, state.scale, static_cast<std::uint64_t>(state.seed), state.eps);
      shown.figure = lessons::batch_coupling_figure(coupling, state.eps);
      const auto& first = coupling.sweep.front();
      const auto& last = coupling.sweep.back();
      shown.notes.push_back("Mean |off-diagonal| × σ: " + fixed("%.3g", first.mean_off_diagonal / first.rstd) + " at N = " +
                            std::to_string(first.batch) + ", " + fixed("%.3g", last.mean_off_diagonal / last.rstd) +
                            " at N = " + std::to_string(last.batch) + " (ratio " +
                            fixed("%.3g", (first.mean_off_diagonal / first.rstd) / (last.mean_off_diagonal / last.rstd)) +
                            " for a " + std::to_string(last.batch / first.batch) + "× larger batch).");
      return;
    }
    const std::vector<double> dy = lessons::make_output_grad(x.size(), static_cast<std::uint64_t>(state.seed));
    const std::vector<NormKind> kinds = kinds_of(state, shown.error);
    if (kinds.empty()) return;
    if (step == "gradient-control") {
      std::vector<lessons::GradientControlSweep> sweeps;
      for (NormKind kind : kinds) sweeps.push_back(lessons::sweep_gradient_control(x, dy, kind, state.eps));
      shown.figure = lessons::gradient_control_figure(sweeps);
      std::string agreement = "Measured ‖J‖₂ / exact − 1, largest over " + std::to_string(sweeps.front().points.size()) +
                              " scales:";
      for (const auto& sweep : sweeps) {
        double worst = 0;
        for (const auto& point : sweep.points) worst = std::max(worst, std::fabs(point.spectral_norm / point.exact - 1));
        agreement += (&sweep == &sweeps.front() ? " " : ", ") + fixed("%.1e", worst) + " (" +
                     norm_kind_display_name(sweep.kind) + ")";
      }
      shown.notes.push_back(agreement + ".");
      return;
    }
    if (step == "backprop") {
      std::vector<lessons::BackpropResult> results;
      for (NormKind kind : kinds) results.push_back(lessons::backprop_gradient(x, dy, kind, state.eps));
      shown.figure = lessons::backprop_figure(results);
      for (const auto& result : results) {
        const bool layer = result.kind == NormKind::layer;
        shown.notes.push_back(norm_kind_display_name(result.kind) + ": ‖dx‖ = " + fixed("%.3g", result.input_grad_norm) +
                              " from ‖dy‖ = " + fixed("%.3g", result.output_grad_norm) + ";  cos(dx, 1) = " +
                              fixed("%.1e", result.cosine_ones) + ";  cos(dx, " + (layer ? "x̂" : "x") + ") = " +
                              fixed("%.1e", result.cosine_normalized) + ".");
      }
      return;
    }
    std::vector<lessons::JacobianAnalysis> analyses;
    for (NormKind kind : kinds) analyses.push_back(lessons::analyze_jacobian(x, kind, state.eps));
    shown.figure = step == "spectrum" ? lessons::jacobian_spectrum_figure(analyses) : lessons::jacobian_matrix_figure(analyses);
    if (step == "spectrum") {
      for (const auto& analysis : analyses) shown.notes.push_back(analysis.explanation);
    }
  } catch (const std::invalid_argument& error) {
    shown.error = error.what();
  }
}

// ---- Controls ----------------------------------------------------------------------------------------

// Continues the line when the next item (`width` wide, label included) fits, else starts a new one.
void same_line(const PanelContext& context, float width) {
  const float gap = context.px(18);
  const float line_end = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + gap + width <= line_end) ImGui::SameLine(0, gap);
}

float labelled(float field_width, const char* label) {
  return field_width + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
}

// A drag field, not a slider: a slider's grab covers the digits a projector must show.
bool drag(const char* label, double& value, double low, double high, float width, const char* format,
          ImGuiSliderFlags flags = 0) {
  ImGui::SetNextItemWidth(width);
  const float speed = static_cast<float>((high - low) / 400);
  const bool changed =
      ImGui::DragScalar(label, ImGuiDataType_Double, &value, speed, &low, &high, format, flags | ImGuiSliderFlags_AlwaysClamp);
  value = std::clamp(value, low, high);
  return changed;
}

// x's components as drag fields, at most three lines of them (two presenting: d = 64 in large type filled
// the window);
// more scroll inside their own region.
void draw_x_editor(JacobianState& state, PanelContext& context) {
  const int most_lines = context.presentation ? 2 : 3;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float cell = context.px(100), gap = context.px(4);
  const float width = ImGui::GetContentRegionAvail().x - style.ScrollbarSize;
  const int per_line = std::max(1, static_cast<int>((width + gap) / (cell + gap)));
  const int lines = (state.dimension + per_line - 1) / per_line;
  const float height = static_cast<float>(std::min(lines, most_lines)) * ImGui::GetFrameHeightWithSpacing();
  ImGui::BeginChild("x-editor", ImVec2(0, height), false);
  bool edited = false;
  for (int index = 0; index < state.dimension; ++index) {
    if (index % per_line != 0) ImGui::SameLine(0, gap);
    ImGui::PushID(index);
    ImGui::SetNextItemWidth(cell);
    // append(), not "x" + string: GCC 12 reports a false -Wrestrict on the latter.
    const std::string number = std::to_string(index + 1);
    const std::string format = std::string("x").append(number).append(" %.3g");
    if (ImGui::DragScalar("##x", ImGuiDataType_Double, &state.x.values[std::size_t(index)], 0.01f, nullptr, nullptr,
                          format.c_str())) {
      edited = true;
    }
    ImGui::PopID();
  }
  ImGui::EndChild();
  if (edited) state.preset = kCustomPreset;
}

void draw_controls(JacobianState& state, PanelContext& context, bool batch_step) {
  if (!batch_step) {
    int norm = static_cast<int>(state.norm);
    ImGui::SetNextItemWidth(context.px(150));
    if (ImGui::Combo("norm", &norm, "both\0LayerNorm\0RMSNorm\0")) state.norm = static_cast<ShownNorms>(norm);
    same_line(context, labelled(context.px(70), "d"));
    ImGui::SetNextItemWidth(context.px(70));
    ImGui::DragInt("d", &state.dimension, 0.2f, 2, kMaxDimension, "%d", ImGuiSliderFlags_AlwaysClamp);
    state.dimension = std::clamp(state.dimension, 2, kMaxDimension);
    same_line(context, labelled(context.px(150), "x preset"));
    ImGui::SetNextItemWidth(context.px(150));
    ImGui::Combo("x preset", &state.preset, "random\0ramp\0spike\0near-constant\0custom\0");
  } else {
    ImGui::SetNextItemWidth(context.px(80));
    ImGui::DragInt("batch N", &state.batch, 0.2f, 2, kMaxBatch, "%d", ImGuiSliderFlags_AlwaysClamp);
    state.batch = std::clamp(state.batch, 2, kMaxBatch);
  }
  same_line(context, labelled(context.px(90), "offset"));
  drag("offset", state.offset, -100, 100, context.px(90), "%.3g");
  same_line(context, labelled(context.px(90), "scale"));
  drag("scale", state.scale, 1e-4, 1e4, context.px(90), "%.3g", ImGuiSliderFlags_Logarithmic);
  same_line(context, labelled(context.px(130), "seed"));
  ImGui::SetNextItemWidth(context.px(130));
  if (ImGui::InputInt("seed", &state.seed)) state.seed = std::clamp(state.seed, 0, kMaxSeed);
  same_line(context, labelled(context.px(110), "eps"));
  drag("eps", state.eps, 0.0, 1.0, context.px(110), "%.1e", ImGuiSliderFlags_Logarithmic);
  if (!batch_step) {
    same_line(context, labelled(ImGui::GetFrameHeight(), "edit x"));
    ImGui::Checkbox("edit x", &state.editing);
  }
  sync_input(state);
}

StepFigure& step_figure(JacobianState& state, std::string_view step) {
  if (step == "spectrum") return state.spectrum;
  if (step == "gradient-control") return state.gradient_control;
  if (step == "backprop") return state.backprop;
  if (step == "batch-coupling") return state.batch_coupling;
  return state.matrix;
}

void draw_jacobian(JacobianState& state, PanelContext& context) {
  const bool batch_step = context.step_id == "batch-coupling";
  draw_controls(state, context, batch_step);
  StepFigure& shown = step_figure(state, context.step_id);
  compute(state, context.step_id, shown);
  const std::string export_stem = "jacobian_" + std::string(context.step_id);
  // Export on the controls' line: a line of its own costs the plot height that large type needs.
  if (shown.figure) {
    const ImGuiStyle& style = ImGui::GetStyle();
    same_line(context, ImGui::CalcTextSize("Export...").x + 2 * style.FramePadding.x);
    gui::draw_export_button(*shown.figure, shown.plot.export_dialog, context, export_stem.c_str());
  }
  if (!batch_step && state.editing) draw_x_editor(state, context);
  // Presenting, the prose collapses to the step's caption (N shows it): the plot needs the height.
  gui::StepPage page(context);
  if (context.presentation) {
    page.draw_header();
  } else {
    gui::draw_wrapped_note(gui::panel_text("jacobian", context.step_id), context.palette->muted_text);
  }
  // Presenting, the computed sentences go with the notes (N): the plot keeps the page.
  for (const std::string& note : shown.notes) {
    if (context.presentation) {
      page.add_notes(note);
    } else {
      gui::draw_wrapped_note(note, context.palette->text);
    }
  }
  if (!shown.error.empty()) gui::draw_wrapped_note(shown.error, context.palette->error);
  if (!shown.figure) return;
  gui::PlotOptions options;
  options.export_button = false;  // drawn on the controls' line
  options.subtitle = shown.notes.empty();  // the notes above say what the subtitle says (exports keep it)
  options.export_stem = export_stem;
  // Presenting, large type leaves less than 14 lines under the notes: the plot takes what is left
  // rather than pushing its axes below the window.
  options.min_lines = context.presentation ? 0.0f : 14.0f;
  page.begin_central();
  draw_plot(export_stem.c_str(), *shown.figure, shown.plot, context, options);
  page.end_central();
}

}  // namespace

PanelDescriptor jacobian_panel() {
  return {"jacobian",
          "Jacobian and gradient control",
          "What LayerNorm and RMSNorm do to a small change of x: the Jacobian, its rank, and how it scales gradients.",
          {{"matrix", "The matrix"},
           {"spectrum", "Singular values"},
           {"gradient-control", "Gradient control"},
           {"backprop", "Backprop"},
           {"batch-coupling", "BatchNorm coupling"}},
          make_panel_factory<JacobianState>({.draw = draw_jacobian, .declare = declare_jacobian})};
}

}  // namespace normlab::panels
