// The numerics lab: variance in float32, bfloat16 and float16 (emulated, every operation rounded to the
// format) by four algorithms against a float64 truth; the LayerNorm output error each causes; and what
// float16 does to LayerNorm's eps (Chan, Golub & LeVeque 1983; Welford 1962; Higham 2002). Everything shown
// is computed by core/lessons/numerics_lab, which the catalog's numerics-* figures also draw.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <tuple>

#include "figure/draw.hpp"
#include "gui/assets.hpp"
#include "gui/export_dialog.hpp"
#include "gui/imgui_painter.hpp"
#include "gui/job.hpp"
#include "gui/panel.hpp"
#include "gui/plot_widget.hpp"
#include "gui/presentation_page.hpp"
#include "gui/widgets.hpp"
#include "lessons/numerics_lab.hpp"

namespace normlab::panels {
namespace {

using lessons::VarianceAlgorithm;
using numeric::FloatFormat;

lessons::VarianceSweep run_sweep(lessons::VarianceSweepRequest request, gui::JobReporter& job) {
  job.report(0.0, "running 4 algorithms in 3 formats");
  return lessons::sweep_variance(request, job.stop());
}

struct EpsilonKey {
  FloatFormat format;
  double value;
  int cols;
  VarianceAlgorithm algorithm;
  bool operator==(const EpsilonKey&) const = default;
};

struct NumericsState {
  // Declared parameters.
  int cols = 64;
  int rows = 32;
  double spread = 1;
  double min_offset = 1, max_offset = 1e7;
  double eps = 1e-5;
  int seed = 1;
  FloatFormat eps_format = FloatFormat::float16;
  VarianceAlgorithm algorithm = VarianceAlgorithm::corrected_two_pass;
  double constant_value = 0.3;
  // Results, rebuilt when what they depend on changes.
  gui::Job<lessons::VarianceSweepRequest, lessons::VarianceSweep> sweep;
  std::optional<figure::Figure> variance_figure, layernorm_figure;  // as exported
  std::optional<figure::Figure> variance_screen, layernorm_screen;  // the same, its legend in the words column
  std::optional<lessons::VarianceSweepRequest> figures_for;
  std::optional<lessons::EpsilonStudy> study;
  std::optional<figure::Figure> epsilon_figure;
  std::optional<EpsilonKey> study_for;
  gui::PlotWidgetState variance_plot, layernorm_plot, epsilon_plot;
};

// The eps values the epsilon step compares: two float16 subnormals, a normal, and one that flushes to 0.
const std::vector<double> kEpsValues = {1e-6, 1e-5, 1e-3, 1e-8};
constexpr int kMaxCols = 4096;
constexpr int kMaxRows = 256;
constexpr int kMaxSeed = 1000000;

void declare_numerics(NumericsState& state, params::ParameterSet& parameters) {
  parameters.integer("d", state.cols, 2, kMaxCols, "values per row");
  parameters.integer("rows", state.rows, 1, kMaxRows, "random rows averaged at each mean offset");
  parameters.number("spread", state.spread, 1e-3, 1e3, "standard deviation of the values around the row's mean");
  parameters.number("min-offset", state.min_offset, 1e-2, 1e12, "smallest mean offset of the sweep");
  parameters.number("max-offset", state.max_offset, 1e-2, 1e12, "largest mean offset of the sweep");
  parameters.number("eps", state.eps, 0, 1, "LayerNorm's eps in the output-error step");
  parameters.integer("seed", state.seed, 0, kMaxSeed, "random seed of the rows");
  parameters.choice("format", state.eps_format, {{"float16", FloatFormat::float16}, {"bfloat16", FloatFormat::bfloat16}},
                    "the format of the eps step");
  parameters.choice("algorithm", state.algorithm,
                    {{"one-pass", VarianceAlgorithm::one_pass},
                     {"textbook", VarianceAlgorithm::textbook_two_pass},
                     {"corrected", VarianceAlgorithm::corrected_two_pass},
                     {"welford", VarianceAlgorithm::welford}},
                    "the variance algorithm of the eps step's constant row");
  parameters.number("value", state.constant_value, -1000, 1000, "the constant row's value (eps step)");
}

lessons::VarianceSweepRequest wanted_sweep(const NumericsState& state) {
  lessons::VarianceSweepRequest request;
  request.cols = std::size_t(state.cols);
  request.rows = std::size_t(state.rows);
  request.spread = state.spread;
  request.min_offset = std::min(state.min_offset, state.max_offset);
  request.max_offset = std::max(state.min_offset, state.max_offset);
  request.eps = state.eps;
  request.seed = std::uint64_t(state.seed);
  return request;
}

void same_line(PanelContext& context) { ImGui::SameLine(0, context.px(20)); }

// Export on the controls' line, when it fits: a line of its own costs the plot height large type needs.
void draw_export_on_line(const figure::Figure& figure, gui::PlotWidgetState& plot, PanelContext& context,
                         const char* stem) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float button_width = ImGui::CalcTextSize("Export...").x + 2 * style.FramePadding.x;
  const float line_end = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + button_width <= line_end) ImGui::SameLine();
  gui::draw_export_button(figure, plot.export_dialog, context, stem);
}

// The plot below the panel's own words: the figure's subtitle is drawn by the panel (or not at all).
void draw_figure(const char* id, const figure::Figure& figure, gui::PlotWidgetState& plot, PanelContext& context,
                 const char* stem, gui::StepPage& page) {
  gui::PlotOptions options;
  options.export_button = false;  // drawn on the controls' line
  options.export_stem = stem;
  options.subtitle = false;
  options.min_lines = 12;
  page.begin_central();
  draw_plot(id, figure, plot, context, options);
  page.end_central();
}

void input_number(const char* label, double& value, double low, double high, float width, const char* format) {
  ImGui::SetNextItemWidth(width);
  if (ImGui::InputDouble(label, &value, 0, 0, format)) value = std::clamp(value, low, high);
}

void input_int(const char* label, int& value, int low, int high, PanelContext& context) {
  ImGui::SetNextItemWidth(context.px(110));
  if (ImGui::InputInt(label, &value)) value = std::clamp(value, low, high);
}

// The step's words in a column `fraction` of the width wide, the rest left for what follows on the line.
template <typename Draw>
void words_column(const char* id, float fraction, Draw&& draw) {
  const float width = ImGui::GetContentRegionAvail().x * fraction;
  ImGui::BeginChild(id, ImVec2(width, 0), false);
  ImGui::PushTextWrapPos(0.0f);
  draw();
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
  ImGui::SameLine();
}

void draw_sweep_controls(NumericsState& state, PanelContext& context, bool with_eps) {
  input_int("d", state.cols, 2, kMaxCols, context);
  same_line(context);
  input_int("rows", state.rows, 1, kMaxRows, context);
  same_line(context);
  input_number("σ", state.spread, 1e-3, 1e3, context.px(70), "%g");
  same_line(context);
  input_number("min mean", state.min_offset, 1e-2, 1e12, context.px(70), "%g");
  same_line(context);
  input_number("max mean", state.max_offset, 1e-2, 1e12, context.px(70), "%g");
  if (with_eps) {
    same_line(context);
    input_number("eps", state.eps, 0, 1, context.px(80), "%.0e");
  }
}

// On screen the legend is drawn beside the plot: inside a third of the width it covered data in every
// corner and was pushed under its panel, leaving that panel shorter than the other two.
figure::Figure without_legend(figure::Figure figure) {
  for (figure::Figure& plot : figure.panels)
    for (figure::Series& series : plot.series)
      if (auto* line = std::get_if<figure::LineSeries>(&series)) line->legend_label = "";
  return figure;
}

// A line in each algorithm's colour (dashed where the plot's is) and its name, two a row.
void draw_algorithm_legend(PanelContext& context) {
  const figure::Theme theme = gui::figure_theme(context.theme);
  if (!ImGui::BeginTable("##legend", 2, ImGuiTableFlags_SizingStretchSame)) return;
  ImDrawList* draw_list = ImGui::GetWindowDrawList();
  const float line_height = ImGui::GetTextLineHeight();
  const float key_width = context.px(28);
  for (std::size_t a = 0; a < lessons::kVarianceAlgorithms.size(); ++a) {
    ImGui::TableNextColumn();
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const ImU32 colour = gui::to_imgui_color(theme.series_colors[a % theme.series_colors.size()]);
    const float y = start.y + line_height / 2;
    const bool dashed = lessons::kVarianceAlgorithms[a] == VarianceAlgorithm::textbook_two_pass;
    for (float x = 0; x < key_width; x += dashed ? key_width / 3 : key_width)
      draw_list->AddLine(ImVec2(start.x + x, y), ImVec2(start.x + x + (dashed ? key_width / 5 : key_width), y), colour,
                         context.px(3));
    ImGui::Dummy(ImVec2(key_width, line_height));
    ImGui::SameLine(0, context.px(8));
    ImGui::TextUnformatted(lessons::algorithm_short_name(lessons::kVarianceAlgorithms[a]).c_str());
  }
  ImGui::EndTable();
}

// The sweep's figures for the current request, or nullptr while it is first computed.
bool update_sweep(NumericsState& state, PanelContext& context) {
  const lessons::VarianceSweepRequest request = wanted_sweep(state);
  state.sweep.update(request, run_sweep, context.deterministic);
  if (!state.sweep.shown() || state.sweep.cancelled()) return state.variance_figure.has_value();
  if (!state.figures_for || !(*state.figures_for == *state.sweep.shown_for())) {
    state.figures_for = *state.sweep.shown_for();
    state.variance_figure = lessons::variance_error_figure(*state.sweep.shown());
    state.layernorm_figure = lessons::layernorm_error_figure(*state.sweep.shown());
    state.variance_screen = without_legend(*state.variance_figure);
    state.layernorm_screen = without_legend(*state.layernorm_figure);
  }
  return true;
}

// Under the plot: what went wrong where, one line per format, computed from the sweep.
void draw_events(const lessons::VarianceSweep& sweep, PanelContext& context) {
  gui::draw_wrapped_note("Where, by the row's mean:", context.palette->muted_text);
  for (const lessons::FormatSweep& format : sweep.formats) {
    std::string line;
    for (const lessons::AlgorithmCurve& curve : format.curves) {
      const std::string events = lessons::curve_events(sweep, format, curve);
      if (!events.empty()) line += (line.empty() ? "" : "; ") + lessons::algorithm_short_name(curve.algorithm) + ": " + events;
    }
    if (const std::string inputs = lessons::format_events(sweep, format); !inputs.empty())
      line += (line.empty() ? "" : "; ") + inputs;
    if (line.empty()) continue;
    gui::draw_wrapped_note(std::string(numeric::format_spec(format.format).name) + ": " + line, context.palette->text);
  }
}

void draw_plot_step(NumericsState& state, PanelContext& context, bool layernorm) {
  gui::StepPage page(context);  // the words are drawn beside the plot (below); the page measures the plot
  draw_sweep_controls(state, context, layernorm);
  const gui::JobProgress progress = state.sweep.progress();
  if (!progress.words.empty()) {
    same_line(context);
    gui::draw_job_progress(progress, context.px(260));
  }
  const bool ready = update_sweep(state, context);
  const char* stem = layernorm ? "numerics_layernorm_error" : "numerics_variance";
  const std::optional<figure::Figure>& shown = layernorm ? state.layernorm_figure : state.variance_figure;
  gui::PlotWidgetState& plot = layernorm ? state.layernorm_plot : state.variance_plot;
  if (ready) draw_export_on_line(*shown, plot, context, stem);
  if (!state.sweep.error().empty())
    ImGui::TextColored(context.palette->error, "%s", state.sweep.error().c_str());
  if (!ready) {
    ImGui::TextColored(context.palette->muted_text, "Running the algorithms...");
    return;
  }
  // The words beside the plot, not above it: presenting, above it they left the plot no room.
  // The measurements first (what is on the plot), the explanation after.
  // Nothing may scroll, presenting at 1080p or at the desk from 720p: the explanation runs across the
  // page in the small type, the measurements go in the column (the per-format events small as well).
  // Presenting, the explanation collapses to the caption (N shows it) and the picture is the legend
  // column with its plot.
  if (context.presentation) {
    page.draw_header();
    page.begin_central();
  } else {
    ImGui::PushFont(context.fonts->small);
    gui::draw_wrapped_note(gui::panel_text("numerics", context.step_id), context.palette->muted_text);
    ImGui::PopFont();
  }
  // Wide at the desk the words need less than a third, and the three panels then fit in one row.
  const bool roomy = !context.presentation && ImGui::GetContentRegionAvail().x > context.px(1100);
  words_column("##words", roomy ? 0.27f : 0.36f, [&] {
    ImGui::PushFont(context.fonts->small);
    draw_algorithm_legend(context);
    if (!layernorm && state.sweep.shown()) {
      ImGui::Spacing();
      gui::draw_wrapped_note(lessons::float32_quote(*state.sweep.shown(), 1e6), context.palette->text);
      draw_events(*state.sweep.shown(), context);
    }
    ImGui::PopFont();
  });
  draw_figure(layernorm ? "numerics-layernorm-error" : "numerics-variance",
              layernorm ? *state.layernorm_screen : *state.variance_screen, plot, context, stem, page);
  if (context.presentation) page.end_central();
}

void draw_eps_controls(NumericsState& state, PanelContext& context) {
  int format = state.eps_format == FloatFormat::bfloat16 ? 1 : 0;
  ImGui::SetNextItemWidth(context.px(110));
  if (ImGui::Combo("format", &format, "float16\0bfloat16\0"))
    state.eps_format = format == 1 ? FloatFormat::bfloat16 : FloatFormat::float16;
  same_line(context);
  int algorithm = int(std::find(lessons::kVarianceAlgorithms.begin(), lessons::kVarianceAlgorithms.end(),
                                state.algorithm) - lessons::kVarianceAlgorithms.begin());
  ImGui::SetNextItemWidth(context.px(200));
  if (ImGui::Combo("variance", &algorithm, "one pass\0textbook two pass\0corrected two pass\0Welford\0") &&
      algorithm >= 0 && algorithm < 4)
    state.algorithm = lessons::kVarianceAlgorithms[std::size_t(algorithm)];
  same_line(context);
  input_number("row value", state.constant_value, -1000, 1000, context.px(80), "%g");
  same_line(context);
  input_int("d", state.cols, 2, kMaxCols, context);
}

std::string hex16(std::uint16_t bits) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%04X", unsigned(bits));
  return text;
}

void draw_eps_table(const lessons::EpsilonStudy& study, PanelContext& context) {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("eps", 6, kFlags)) return;
  const int full_bits = numeric::format_spec(study.format).significand_bits;
  // Short headers (a header does not wrap); the words column says what each means.
  ImGui::TableSetupColumn("eps", 0, 0.6f);
  ImGui::TableSetupColumn("stored", 0, 1.0f);
  ImGui::TableSetupColumn("bits", 0, 0.65f);
  ImGui::TableSetupColumn("kept", 0, 1.45f);
  ImGui::TableSetupColumn("absorbed", 0, 0.8f);
  ImGui::TableSetupColumn("row |y|", 0, 0.7f);
  ImGui::TableHeadersRow();
  for (std::size_t e = 0; e < study.stored.size(); ++e) {
    const lessons::EpsilonStored& stored = study.stored[e];
    const lessons::ConstantRow& row = study.constant_rows[e];
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(figure::format_number(stored.requested).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(figure::format_number(stored.stored, 4).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(hex16(stored.bits).c_str());
    ImGui::TableNextColumn();
    const char* kind = stored.stored == 0 ? " zero" : stored.subnormal ? " subnormal" : "";
    ImGui::Text("%d/%d%s", stored.significant_bits, full_bits, kind);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(stored.stored == 0 ? "any" : figure::format_number(study.absorbed_from[e], 3).c_str());
    ImGui::TableNextColumn();
    const std::string output = std::isnan(row.max_output) ? "NaN (0 / 0)"
                               : std::isinf(row.max_output) ? "infinite"
                                                            : figure::format_number(row.max_output, 3);
    ImGui::TextColored(row.max_output > 0.01 || !std::isfinite(row.max_output) ? context.palette->error
                                                                                : context.palette->text,
                       "%s", output.c_str());
  }
  ImGui::EndTable();
}

// The format's facts that the table and bars rest on, computed: "float16: smallest normal ...".
std::string eps_facts(const lessons::EpsilonStudy& study) {
  const std::string name(numeric::format_spec(study.format).name);
  return name + ": smallest normal " + figure::format_number(study.smallest_normal, 3) + ", spacing near 1: " +
         figure::format_number(study.spacing_at_one, 3) + ". The mean of " + std::to_string(study.cols) +
         " copies of " + figure::format_number(study.constant_value, 4) + " is off by " +
         figure::format_number(study.constant_rows[0].mean_residual, 3) + ".";
}

void draw_eps_words(const lessons::EpsilonStudy& study, PanelContext& context) {
  gui::draw_wrapped_note(eps_facts(study), context.palette->text);
  ImGui::Spacing();
  // The float16 words name float16's subnormals; bfloat16 has none of these ε in its subnormal range.
  gui::draw_wrapped_note(gui::panel_text("numerics", study.format == FloatFormat::bfloat16 ? "epsilon.bfloat16" : "epsilon"),
                         context.palette->muted_text);
}

void draw_epsilon_step(NumericsState& state, PanelContext& context) {
  gui::StepPage page(context);  // the words are drawn beside the table (below); the page measures both
  draw_eps_controls(state, context);
  const EpsilonKey key{state.eps_format, state.constant_value, state.cols, state.algorithm};
  if (!state.study_for || !(*state.study_for == key)) {
    state.study_for = key;
    state.study = lessons::study_epsilon(key.format, kEpsValues, key.value, std::size_t(key.cols), key.algorithm);
    state.epsilon_figure = lessons::epsilon_figure(*state.study);
  }
  draw_export_on_line(*state.epsilon_figure, state.epsilon_plot, context, "numerics_epsilon");
  const lessons::EpsilonStudy& study = *state.study;
  // Words in a column, the table and its picture beside them: presenting, a plot under the words and
  // the table had no room left.
  // Presenting, the words go with the notes (N) and the table with its bars take the page.
  if (context.presentation) {
    page.add_notes(eps_facts(study));
    page.draw_header();
  } else {
    words_column("##eps-words", 0.3f, [&] { draw_eps_words(study, context); });
  }
  page.begin_central();
  if (context.presentation) {  // the table beside its bars: under each other they ran off a wall's page
    // A child of its own, without the words column's wrapping: each number stays on one line.
    ImGui::BeginChild("##eps-table", ImVec2(ImGui::GetContentRegionAvail().x * 0.5f, 0), false);
    ImGui::PushFont(context.fonts->small);
    draw_eps_table(study, context);
    ImGui::PopFont();
    ImGui::EndChild();
    ImGui::SameLine();
  } else {
    draw_eps_table(study, context);
  }
  draw_figure("numerics-epsilon", *state.epsilon_figure, state.epsilon_plot, context, "numerics_epsilon", page);
  page.end_central();
}

void draw_numerics(NumericsState& state, PanelContext& context) {
  if (context.step_id == "epsilon") {
    draw_epsilon_step(state, context);
  } else {
    draw_plot_step(state, context, context.step_id == "layernorm-error");
  }
}

}  // namespace

PanelDescriptor numerics_panel() {
  return {"numerics",
          "Numerics lab",
          "Variance in float32, bfloat16 and float16: four algorithms against float64, the LayerNorm error "
          "each causes, and what float16 does to eps.",
          {{"variance", "Variance error"}, {"layernorm-error", "LayerNorm error"}, {"epsilon", "eps in float16"}},
          make_panel_factory<NumericsState>({.draw = draw_numerics, .declare = declare_numerics})};
}

}  // namespace normlab::panels
