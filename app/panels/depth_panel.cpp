// Depth: the toy transformer at initialization, post-LN vs pre-LN vs DeepNorm, layer by layer. The
// hidden-state norms (post-norm stays at sqrt(d), pre-norm grows like sqrt(l)) and the FFN gradient
// norms, both from core/catalog's depth figures, so the export and `normlab-cli export` draw the same.
// A stack of a few hundred layers takes a second, so the probes run on a worker thread and the last
// figure stays up meanwhile.
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <optional>
#include <string>

#include "catalog/depth_figures.hpp"
#include "gui/export_dialog.hpp"
#include "gui/plot_widget.hpp"
#include "panels/panel.hpp"

namespace normlab::panels {
namespace {

struct DepthState {
  // What the user asks for; the figures show `shown` until a run for `wanted` arrives.
  model::ModelConfig wanted = [] {
    model::ModelConfig config;
    config.layers = 12;
    return config;
  }();
  std::optional<model::ModelConfig> running;  // the configuration `job` computes
  std::future<figure::DepthComparison> job;
  std::optional<figure::DepthComparison> shown;
  std::string error;                         // why the last run failed, in words
  std::optional<model::ModelConfig> failed;  // the configuration it failed for (not retried)
  gui::PlotWidgetState hidden_plot, gradient_plot;
};

bool same_model(const model::ModelConfig& a, const model::ModelConfig& b) {
  return a.layers == b.layers && a.d_model == b.d_model && a.heads == b.heads && a.norm == b.norm && a.seed == b.seed;
}

figure::DepthComparison run_depths(const model::ModelConfig& config) {
  return figure::compare_depths(config, figure::depth_figure_placements());
}

// Collects a finished run and starts the next one when the wanted configuration changed; screenshot
// mode computes in place (no background work there).
void update_runs(DepthState& state, const PanelContext& context) {
  const auto finish = [&state](const model::ModelConfig& config, auto&& compute) {
    try {
      state.shown = compute();
      state.error.clear();
      state.failed.reset();
    } catch (const std::exception& error) {
      state.error = error.what();
      state.failed = config;
    }
  };
  if (state.job.valid() && state.job.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    finish(*state.running, [&state] { return state.job.get(); });
    state.running.reset();
  }
  const bool current = state.shown && same_model(state.shown->config, state.wanted);
  const bool failed = state.failed && same_model(*state.failed, state.wanted);
  if (state.job.valid() || current || failed) return;
  if (context.deterministic) {
    finish(state.wanted, [&state] { return run_depths(state.wanted); });
    return;
  }
  state.running = state.wanted;
  state.job = std::async(std::launch::async, run_depths, state.wanted);
}

void draw_controls(DepthState& state, PanelContext& context) {
  model::ModelConfig& wanted = state.wanted;
  int layers = static_cast<int>(wanted.layers);
  ImGui::SetNextItemWidth(context.px(140));
  if (ImGui::SliderInt("layers L", &layers, 1, 256, "%d", ImGuiSliderFlags_Logarithmic)) {
    wanted.layers = static_cast<std::size_t>(std::clamp(layers, 1, 1000));
  }
  ImGui::SameLine(0, context.px(24));
  static const int kWidths[] = {32, 64, 128, 256};
  int width_index = static_cast<int>(std::find(std::begin(kWidths), std::end(kWidths), static_cast<int>(wanted.d_model)) -
                                     std::begin(kWidths));
  ImGui::SetNextItemWidth(context.px(90));
  if (ImGui::Combo("width d", &width_index, "32\0" "64\0" "128\0" "256\0") && width_index >= 0 && width_index < 4) {
    wanted.d_model = static_cast<std::size_t>(kWidths[width_index]);
  }
  ImGui::SameLine(0, context.px(24));
  int norm = wanted.norm == NormKind::rms ? 1 : 0;
  ImGui::SetNextItemWidth(context.px(130));
  if (ImGui::Combo("norm", &norm, "LayerNorm\0RMSNorm\0")) wanted.norm = norm == 1 ? NormKind::rms : NormKind::layer;
  ImGui::SameLine(0, context.px(24));
  int seed = static_cast<int>(wanted.seed);
  ImGui::SetNextItemWidth(context.px(120));
  if (ImGui::InputInt("seed", &seed)) wanted.seed = static_cast<std::uint64_t>(std::max(seed, 0));
  if (state.running) {
    ImGui::SameLine(0, context.px(24));
    ImGui::TextColored(context.palette->muted_text, "computing %zu layers...", state.running->layers);
  }
}

void draw_depth(DepthState& state, PanelContext& context) {
  update_runs(state, context);
  gui::PlotWidgetState& plot = context.step == 0 ? state.hidden_plot : state.gradient_plot;
  std::optional<figure::Figure> shown_figure;
  if (state.shown) {
    shown_figure = context.step == 0 ? figure::depth_hidden_norm_figure(*state.shown)
                                     : figure::depth_gradient_figure(*state.shown);
  }
  const char* export_stem = context.step == 0 ? "depth_hidden_norms" : "depth_gradients";
  draw_controls(state, context);
  // Export on the controls' line: a line of its own costs the plot height that large type needs.
  if (shown_figure) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float button_width = ImGui::CalcTextSize("Export...").x + 2 * style.FramePadding.x;
    const float line_end = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + button_width <= line_end) ImGui::SameLine();
    gui::draw_export_button(*shown_figure, plot.export_dialog, context, export_stem);
  }
  if (!state.error.empty()) {
    ImGui::TextColored(context.palette->error, "Could not build this model: %s", state.error.c_str());
  }
  if (!shown_figure) {
    ImGui::TextColored(context.palette->muted_text, "Building and probing the three stacks...");
    return;
  }
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x);
  ImGui::TextColored(context.palette->muted_text, "%s",
                     context.step == 0
                         ? "Fresh stacks (Xavier init, as Xiong et al. 2020), one forward pass on random tokens. "
                           "Post-norm ends each layer with a norm; pre-norm adds to a residual stream that "
                           "nothing rescales."
                         : "One backward pass. Xiong et al.'s Figure 3 is a 6-6 encoder-decoder on IWSLT14 "
                           "(d = 512); this decoder-only toy on random tokens need not match its shape.");
  ImGui::PopTextWrapPos();
  gui::PlotOptions options;
  options.export_button = false;  // drawn on the controls' line
  options.export_stem = export_stem;
  options.min_lines = 16;  // the subtitle takes three lines of large type when presenting
  draw_plot(context.step == 0 ? "hidden" : "gradients", *shown_figure, plot, context, options);
}

}  // namespace

PanelDescriptor depth_panel() {
  return {"depth", "Depth: pre-LN vs post-LN",
          "The toy transformer at initialization: hidden-state and gradient norms layer by layer, post-LN, "
          "pre-LN and DeepNorm.",
          {"Hidden-state norms", "Gradient norms"}, make_panel_factory<DepthState, draw_depth>()};
}

}  // namespace normlab::panels
