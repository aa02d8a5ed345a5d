// Depth: the toy transformer at initialization, post-LN vs pre-LN vs DeepNorm. Steps: the hidden-state
// norm after each layer, the FFN gradient norm of each layer, and the top layer's gradient against the
// depth (Xiong et al.'s Theorem 1), all core/catalog's depth figures, so the export and
// `normlab-cli export` draw the same. A few hundred layers take a second, so the probes run on a worker
// thread and the last figure stays up meanwhile.
#include <imgui.h>

#include <algorithm>
#include <optional>
#include <string>

#include "lessons/depth_figures.hpp"
#include "gui/assets.hpp"
#include "gui/job.hpp"
#include "gui/widgets.hpp"
#include "gui/export_dialog.hpp"
#include "gui/plot_widget.hpp"
#include "gui/presentation_page.hpp"
#include "gui/panel.hpp"

namespace normlab::panels {
namespace {

// The depth sweep's deepest stack: depths 3, 6, ..., 96 take about a second together.
constexpr std::size_t kSweepDepth = 96;

figure::DepthProgress report_to(gui::JobReporter& job) {
  return [&job](double fraction, const std::string& words) { job.report(fraction, words); };
}

figure::DepthComparison run_comparison(model::ModelConfig config, gui::JobReporter& job) {
  job.report(0.0, "building " + std::to_string(config.layers) + "-layer stacks");
  return figure::compare_depths(config, figure::depth_figure_placements(), job.stop(), report_to(job));
}

figure::DepthSweep run_sweep(model::ModelConfig config, gui::JobReporter& job) {
  job.report(0.0, "probing stacks of 3 to " + std::to_string(config.layers) + " layers");
  return figure::sweep_depths(config, figure::doubling_depths(config.layers), figure::depth_figure_placements(),
                              job.stop(), report_to(job));
}

struct DepthState {
  // The declared parameters (what the user asks for); wanted() turns them into a model.
  int layers = 12;
  int width = 64;
  NormKind norm = NormKind::layer;
  int seed = 0;
  gui::Job<model::ModelConfig, figure::DepthComparison> comparison;  // steps 1 and 2: one stack of `layers`
  gui::Job<model::ModelConfig, figure::DepthSweep> sweep;            // step 3: stacks of 3 .. kSweepDepth layers
  gui::PlotWidgetState hidden_plot, gradient_plot, sweep_plot;
};

constexpr int kWidths[] = {32, 64, 128, 256};
constexpr int kMaxLayers = 1000;
constexpr int kMaxSeed = 1000000;

void declare_depth(DepthState& state, params::ParameterSet& parameters) {
  parameters.integer("layers", state.layers, 1, kMaxLayers, "blocks L in the stack (steps 1 and 2)");
  parameters.choice("width", state.width, {{"32", 32}, {"64", 64}, {"128", 128}, {"256", 256}},
                    "residual stream width d");
  parameters.choice("norm", state.norm, {{"layer", NormKind::layer}, {"rms", NormKind::rms}},
                    "the norm in every block: LayerNorm or RMSNorm");
  parameters.integer("seed", state.seed, 0, kMaxSeed, "initialization seed");
}

model::ModelConfig wanted(const DepthState& state) {
  model::ModelConfig config;
  config.layers = static_cast<std::size_t>(state.layers);
  config.d_model = static_cast<std::size_t>(state.width);
  config.norm = state.norm;
  config.seed = static_cast<std::uint64_t>(state.seed);
  return config;
}

// `with_layers`: the depth slider (the sweep across depths has its own).
void draw_controls(DepthState& state, PanelContext& context, bool with_layers) {
  if (with_layers) {
    ImGui::SetNextItemWidth(context.px(140));
    ImGui::SliderInt("layers L", &state.layers, 1, 256, "%d", ImGuiSliderFlags_Logarithmic);
    state.layers = std::clamp(state.layers, 1, kMaxLayers);  // typed values (Ctrl+click) may exceed 256
    ImGui::SameLine(0, context.px(24));
  }
  int width_index =
      static_cast<int>(std::find(std::begin(kWidths), std::end(kWidths), state.width) - std::begin(kWidths));
  ImGui::SetNextItemWidth(context.px(90));
  static const char* const kWidthLabels[] = {"32", "64", "128", "256"};
  if (ImGui::Combo("width d", &width_index, kWidthLabels, 4) && width_index >= 0 && width_index < 4) {
    state.width = kWidths[width_index];
  }
  ImGui::SameLine(0, context.px(24));
  int norm = state.norm == NormKind::rms ? 1 : 0;
  ImGui::SetNextItemWidth(context.px(130));
  if (ImGui::Combo("norm", &norm, "LayerNorm\0RMSNorm\0")) state.norm = norm == 1 ? NormKind::rms : NormKind::layer;
  ImGui::SameLine(0, context.px(24));
  ImGui::SetNextItemWidth(context.px(120));
  if (ImGui::InputInt("seed", &state.seed)) state.seed = std::clamp(state.seed, 0, kMaxSeed);
  for (const gui::JobProgress& progress : {state.comparison.progress(), state.sweep.progress()}) {
    if (progress.words.empty()) continue;
    ImGui::SameLine(0, context.px(24));
    gui::draw_job_progress(progress, context.px(330));
  }
}

void draw_depth(DepthState& state, PanelContext& context) {
  const bool across_depths = context.step_id == "across-depths";
  const bool hidden_norms = context.step_id == "hidden-norms";
  if (across_depths) {
    model::ModelConfig sweep_config = wanted(state);
    sweep_config.layers = kSweepDepth;  // the slider's L is not used here
    state.sweep.update(sweep_config, run_sweep, context.deterministic);
  } else {
    state.comparison.update(wanted(state), run_comparison, context.deterministic);
  }
  gui::PlotWidgetState& plot = hidden_norms ? state.hidden_plot
                               : across_depths   ? state.sweep_plot
                                                 : state.gradient_plot;
  std::optional<figure::Figure> shown_figure;
  if (across_depths && state.sweep.shown()) {
    shown_figure = figure::depth_last_layer_figure(*state.sweep.shown());
  } else if (!across_depths && state.comparison.shown()) {
    shown_figure = hidden_norms ? figure::depth_hidden_norm_figure(*state.comparison.shown())
                                     : figure::depth_gradient_figure(*state.comparison.shown());
  }
  const char* export_stem = hidden_norms ? "depth_hidden_norms"
                            : across_depths   ? "depth_last_layer"
                                              : "depth_gradients";
  gui::StepPage page(context);
  page.draw_header([&] {
    draw_controls(state, context, !across_depths);
    // Export on the controls' line: a line of its own costs the plot height that large type needs.
    if (shown_figure) {
      const ImGuiStyle& style = ImGui::GetStyle();
      const float button_width = ImGui::CalcTextSize("Export...").x + 2 * style.FramePadding.x;
      const float line_end = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
      if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + button_width <= line_end) ImGui::SameLine();
      gui::draw_export_button(*shown_figure, plot.export_dialog, context, export_stem);
    }
  });
  const std::string& error = across_depths ? state.sweep.error() : state.comparison.error();
  if (!error.empty())
    ImGui::TextColored(context.palette->error, "Could not build this model: %s", error.c_str());
  if (!shown_figure) {
    ImGui::TextColored(context.palette->muted_text, "Building and probing the stacks...");
    return;
  }
  gui::PlotOptions options;
  options.export_button = false;  // drawn on the controls' line
  options.export_stem = export_stem;
  options.min_lines = 16;  // the subtitle takes three lines of large type when presenting
  page.begin_central();
  draw_plot(export_stem, *shown_figure, plot, context, options);
  page.end_central();
}

}  // namespace

PanelDescriptor depth_panel() {
  return {"depth",
          "Depth: pre-LN vs post-LN",
          "The toy transformer at initialization: hidden-state and gradient norms layer by layer, post-LN, "
          "pre-LN and DeepNorm.",
          {{"hidden-norms", "Hidden-state norms"}, {"gradients", "Gradient norms"}, {"across-depths", "Across depths"}},
          make_panel_factory<DepthState>({.draw = draw_depth, .declare = declare_depth})};
}

}  // namespace normlab::panels
