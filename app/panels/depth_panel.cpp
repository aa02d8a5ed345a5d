// Depth: the toy transformer at initialization, post-LN vs pre-LN vs DeepNorm. Steps: the hidden-state
// norm after each layer, the FFN gradient norm of each layer, and the top layer's gradient against the
// depth (Xiong et al.'s Theorem 1), all core/catalog's depth figures, so the export and
// `normlab-cli export` draw the same. A few hundred layers take a second, so the probes run on a worker
// thread and the last figure stays up meanwhile.
#include <imgui.h>

#include <algorithm>
#include <optional>
#include <string>

#include "catalog/depth_figures.hpp"
#include "gui/background_run.hpp"
#include "gui/export_dialog.hpp"
#include "gui/plot_widget.hpp"
#include "panels/panel.hpp"

namespace normlab::panels {
namespace {

// The depth sweep's deepest stack: depths 3, 6, ..., 96 take about a second together.
constexpr std::size_t kSweepDepth = 96;

figure::DepthComparison run_comparison(model::ModelConfig config, std::stop_token stop) {
  return figure::compare_depths(config, figure::depth_figure_placements(), stop);
}

figure::DepthSweep run_sweep(model::ModelConfig config, std::stop_token stop) {
  return figure::sweep_depths(config, figure::doubling_depths(config.layers),
                              figure::depth_figure_placements(), stop);
}

struct DepthState {
  model::ModelConfig wanted = [] {  // what the user asks for
    model::ModelConfig config;
    config.layers = 12;
    return config;
  }();
  gui::BackgroundRun<model::ModelConfig, figure::DepthComparison> comparison;  // steps 1 and 2: one stack of `wanted.layers`
  gui::BackgroundRun<model::ModelConfig, figure::DepthSweep> sweep;            // step 3: stacks of 3 .. kSweepDepth layers
  gui::PlotWidgetState hidden_plot, gradient_plot, sweep_plot;
};

// `with_layers`: the depth slider (the sweep across depths has its own).
void draw_controls(DepthState& state, PanelContext& context, bool with_layers) {
  model::ModelConfig& wanted = state.wanted;
  if (with_layers) {
    int layers = static_cast<int>(wanted.layers);
    ImGui::SetNextItemWidth(context.px(140));
    if (ImGui::SliderInt("layers L", &layers, 1, 256, "%d", ImGuiSliderFlags_Logarithmic)) {
      wanted.layers = static_cast<std::size_t>(std::clamp(layers, 1, 1000));
    }
    ImGui::SameLine(0, context.px(24));
  }
  static const int kWidths[] = {32, 64, 128, 256};
  int width_index =
      static_cast<int>(std::find(std::begin(kWidths), std::end(kWidths), static_cast<int>(wanted.d_model)) -
                       std::begin(kWidths));
  ImGui::SetNextItemWidth(context.px(90));
  static const char* const kWidthLabels[] = {"32", "64", "128", "256"};
  if (ImGui::Combo("width d", &width_index, kWidthLabels, 4) && width_index >= 0 && width_index < 4) {
    wanted.d_model = static_cast<std::size_t>(kWidths[width_index]);
  }
  ImGui::SameLine(0, context.px(24));
  int norm = wanted.norm == NormKind::rms ? 1 : 0;
  ImGui::SetNextItemWidth(context.px(130));
  if (ImGui::Combo("norm", &norm, "LayerNorm\0RMSNorm\0"))
    wanted.norm = norm == 1 ? NormKind::rms : NormKind::layer;
  ImGui::SameLine(0, context.px(24));
  int seed = static_cast<int>(wanted.seed);
  ImGui::SetNextItemWidth(context.px(120));
  if (ImGui::InputInt("seed", &seed)) wanted.seed = static_cast<std::uint64_t>(std::max(seed, 0));
  if (state.comparison.running() || state.sweep.running()) {
    ImGui::SameLine(0, context.px(24));
    ImGui::TextColored(context.palette->muted_text, "computing...");
  }
}

void draw_depth(DepthState& state, PanelContext& context) {
  const bool across_depths = context.step == 2;
  if (across_depths) {
    model::ModelConfig sweep_config = state.wanted;
    sweep_config.layers = kSweepDepth;  // the slider's L is not used here
    state.sweep.update(sweep_config, run_sweep, context.deterministic);
  } else {
    state.comparison.update(state.wanted, run_comparison, context.deterministic);
  }
  gui::PlotWidgetState& plot = context.step == 0 ? state.hidden_plot
                               : across_depths   ? state.sweep_plot
                                                 : state.gradient_plot;
  std::optional<figure::Figure> shown_figure;
  if (across_depths && state.sweep.shown()) {
    shown_figure = figure::depth_last_layer_figure(*state.sweep.shown());
  } else if (!across_depths && state.comparison.shown()) {
    shown_figure = context.step == 0 ? figure::depth_hidden_norm_figure(*state.comparison.shown())
                                     : figure::depth_gradient_figure(*state.comparison.shown());
  }
  const char* export_stem = context.step == 0 ? "depth_hidden_norms"
                            : across_depths   ? "depth_last_layer"
                                              : "depth_gradients";
  draw_controls(state, context, !across_depths);
  // Export on the controls' line: a line of its own costs the plot height that large type needs.
  if (shown_figure) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float button_width = ImGui::CalcTextSize("Export...").x + 2 * style.FramePadding.x;
    const float line_end = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + button_width <= line_end) ImGui::SameLine();
    gui::draw_export_button(*shown_figure, plot.export_dialog, context, export_stem);
  }
  const std::string& error = across_depths ? state.sweep.error() : state.comparison.error();
  if (!error.empty())
    ImGui::TextColored(context.palette->error, "Could not build this model: %s", error.c_str());
  if (!shown_figure) {
    ImGui::TextColored(context.palette->muted_text, "Building and probing the stacks...");
    return;
  }
  static const char* const kNotes[] = {
      "Fresh stacks (Xavier init, as Xiong et al. 2020), one forward pass on random tokens. Post-norm ends "
      "each "
      "layer with a norm; pre-norm adds to a residual stream that nothing rescales.",
      "One backward pass. Xiong et al.'s Figure 3 is a 6-6 encoder-decoder on IWSLT14 (d = 512); this "
      "decoder-only toy on random tokens need not match its shape.",
      "Stacks of 3 to 96 layers, each probed once (one seed: the exponents move from seed to seed). Xiong et "
      "al.'s Theorem 1: pre-LN's top-layer gradient scales like 1/√L; post-LN's does not shrink with L."};
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x);
  ImGui::TextColored(context.palette->muted_text, "%s", kNotes[std::clamp(context.step, 0, 2)]);
  ImGui::PopTextWrapPos();
  gui::PlotOptions options;
  options.export_button = false;  // drawn on the controls' line
  options.export_stem = export_stem;
  options.min_lines = 16;  // the subtitle takes three lines of large type when presenting
  draw_plot(export_stem, *shown_figure, plot, context, options);
}

}  // namespace

PanelDescriptor depth_panel() {
  return {"depth",
          "Depth: pre-LN vs post-LN",
          "The toy transformer at initialization: hidden-state and gradient norms layer by layer, post-LN, "
          "pre-LN and DeepNorm.",
          {"Hidden-state norms", "Gradient norms", "Across depths"},
          make_panel_factory<DepthState, draw_depth>()};
}

}  // namespace normlab::panels
