// The third exercise, measured: LayerNorm vs RMSNorm forward time on a 2048 x 4096 float32
// tensor, beside memcpy of the same bytes (the floor a memory-bound kernel cannot beat). The run happens
// on a worker thread (core/perf's runner) with progress and cancel; the answer sentence is computed
// from the measurement by core/perf, never typed in.
#include <imgui.h>
#include <imgui_internal.h>  // RenderTextEllipsis

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <functional>
#include <optional>
#include <stdexcept>

#include "gui/assets.hpp"
#include "gui/plot_widget.hpp"
#include "gui/presentation_page.hpp"
#include "gui/widgets.hpp"
#include "gui/panel.hpp"
#include "panels/benchmark_job.hpp"

namespace normlab::panels {
namespace {

// The sample run, measured with `normlab-cli bench --json` on a 2-core machine of the kind this project
// is built on (assets/panels/benchmark.json's "sample" says so on screen).
constexpr const char* kSampleRunFile = "benchmark-sample.json";

struct BenchmarkState {
  int rows = 2048;  // the seed's shape
  int cols = 4096;
  bool all_cases = false;  // also backward, scalar, Eigen, oneDNN (slower)
  bool cold_cache = false;  // every sample from cold caches (perf::CacheMode::kCold)
  BenchmarkJob job;  // a run on request (Run / Cancel)
  std::optional<perf::BenchmarkReport> report;  // the last finished run, or one opened from a file
  std::string error;
  std::array<char, 512> run_path{};  // "Saved runs": the file to open or save
  std::string run_file;              // parameter: a saved run to show (opened on the next frame)
  bool run_file_pending = false;
  bool sample_checked = false;       // the shipped sample run was looked for (once)
  bool showing_sample = false;       // the report is that sample, not a run made or opened here
  gui::PlotWidgetState plot;
};

void declare_benchmark(BenchmarkState& state, params::ParameterSet& parameters) {
  parameters.integer("rows", state.rows, 1, 65536, "rows of the float32 matrix the kernels normalize");
  parameters.integer("cols", state.cols, 1, 65536, "columns (features) of that matrix");
  parameters.boolean("all-cases", state.all_cases, "also time backward, scalar, Eigen and oneDNN (slower)");
  parameters.boolean("cold-cache", state.cold_cache, "start every timed call from cold caches");
  parameters.text("run-file", state.run_file,
                  "a saved run to show (normlab-cli bench --json > run.json); empty: none");
  parameters.on_change("run-file", [&state] { state.run_file_pending = !state.run_file.empty(); });
}

// A saved run (normlab-cli bench --json, or Save below) replaces what is shown; a bad file changes
// nothing and says why.
void open_run(BenchmarkState& state, const std::string& path, PanelContext& context) {
  try {
    state.report = perf::load_report(path);
    state.showing_sample = false;
    state.run_file = path;
    std::snprintf(state.run_path.data(), state.run_path.size(), "%s", path.c_str());
    if (context.toasts) context.toasts->post(gui::ToastKind::success, "Opened the run saved as " + path, context.time_s);
  } catch (const std::exception& problem) {
    if (context.toasts) context.toasts->post(gui::ToastKind::error, problem.what(), context.time_s);
  }
}

void save_run(const BenchmarkState& state, PanelContext& context) {
  const std::string path = state.run_path.data();
  try {
    if (path.empty()) throw std::invalid_argument("type the file to save the run to first");
    perf::save_report(path, *state.report);
    if (context.toasts) context.toasts->post(gui::ToastKind::success, "Saved the run to " + path, context.time_s);
  } catch (const std::exception& problem) {
    if (context.toasts) context.toasts->post(gui::ToastKind::error, std::string("Save: ") + problem.what(), context.time_s);
  }
}

// Open and save runs: a lecturer measures on the machine that matters (or before class) and shows
// that run; the exported figure then carries the same numbers.
void draw_saved_runs(BenchmarkState& state, PanelContext& context) {
  if (!ImGui::TreeNode("Saved runs")) return;
  ImGui::SetNextItemWidth(context.px(330));
  ImGui::InputTextWithHint("##run_path", "path/to/run.json", state.run_path.data(), state.run_path.size());
  ImGui::SameLine();
  if (ImGui::Button("Open")) open_run(state, state.run_path.data(), context);
  ImGui::SameLine();
  ImGui::BeginDisabled(!state.report || state.job.running());
  if (ImGui::Button("Save this run")) save_run(state, context);
  ImGui::EndDisabled();
  ImGui::TextColored(context.palette->muted_text, "%s",
                     "Also: normlab-cli bench --json > run.json, or drop a run's file on the window.");
  ImGui::TreePop();
}

// The run shipped in assets/ so that the steps have an answer to show before anyone measures: until a
// run is made or opened here. A missing or bad file leaves the steps as they are without one.
void show_sample_run(BenchmarkState& state) {
  if (state.sample_checked) return;
  state.sample_checked = true;
  if (state.report || state.run_file_pending) return;
  try {
    state.report = perf::load_report(gui::asset_path(kSampleRunFile));
    state.showing_sample = true;
  } catch (const std::exception&) {
    state.report.reset();
  }
}

// Whose run is on screen: one opened from a file was measured elsewhere or earlier.
void draw_run_source(const BenchmarkState& state, PanelContext& context) {
  const perf::BenchmarkReport& report = *state.report;
  if (report.source.empty()) return;
  if (state.showing_sample && context.presentation) {
    // One line on the wall (the whole sentence is in the notes, N).
    const std::string& sample = gui::panel_text("benchmark", "sample.short");
    if (context.page != nullptr) context.page->notes += " " + gui::panel_text("benchmark", "sample") + ".";
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float right = start.x + ImGui::GetContentRegionAvail().x;
    const ImVec2 size = ImGui::CalcTextSize(sample.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, context.palette->warning);
    ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), start, ImVec2(right, start.y + size.y), right, right,
                              sample.c_str(), nullptr, &size);
    ImGui::PopStyleColor();
    ImGui::Dummy(ImVec2(std::min(size.x, right - start.x), size.y));
    return;
  }
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x);  // long file names wrap
  if (state.showing_sample) {
    ImGui::TextColored(context.palette->warning, "%s (%s, %zu × %zu).", gui::panel_text("benchmark", "sample").c_str(),
                       report.target.c_str(), report.rows, report.cols);
  } else {
    ImGui::TextColored(context.palette->muted_text, "Showing the run saved as %s (%s, %zu × %zu), not a measurement "
                       "made here.", report.source.c_str(), report.target.c_str(), report.rows, report.cols);
  }
  ImGui::PopTextWrapPos();
}

void start_run(BenchmarkState& state) {
  perf::BenchmarkRequest request;
  request.rows = static_cast<std::size_t>(state.rows);
  request.cols = static_cast<std::size_t>(state.cols);
  if (!state.all_cases) request.names = {"memcpy", "layer_fwd", "rms_fwd"};
  request.cache = state.cold_cache ? perf::CacheMode::kCold : perf::CacheMode::kWarm;
  state.error.clear();
  state.job.start(request, run_benchmark_job, /*in_place=*/false);
}

// A run takes seconds to minutes and may end while another step or panel is shown, so its end is
// also announced in a toast.
void collect_finished_run(BenchmarkState& state, PanelContext& context) {
  state.job.poll();
  if (!state.job.take_finished()) return;
  if (!state.job.error().empty()) {
    state.error = state.job.error();
    if (context.toasts) context.toasts->post(gui::ToastKind::error, "Benchmark failed: " + state.error, context.time_s);
  } else if (state.job.shown()) {
    state.report = state.job.shown();
    state.showing_sample = false;
    if (context.toasts) {
      context.toasts->post(gui::ToastKind::success, finished_run_summary(*state.report, state.job.cancelled()),
                           context.time_s);
    }
  }
}

// The run's shape and options: rarely touched in class (a drawer when presenting).
void draw_run_options(BenchmarkState& state, PanelContext& context) {
  const bool running = state.job.running();
  ImGui::BeginDisabled(running);
  ImGui::SetNextItemWidth(context.px(140));
  ImGui::InputInt("rows", &state.rows, 256, 1024);
  ImGui::SameLine(0, context.px(24));
  ImGui::SetNextItemWidth(context.px(140));
  ImGui::InputInt("columns", &state.cols, 256, 1024);
  state.rows = std::clamp(state.rows, 1, 65536);
  state.cols = std::clamp(state.cols, 1, 65536);
  // Each checkbox follows on the same line when it fits, else starts the next (presentation mode's
  // large font in a small window).
  const auto checkbox_after = [&](const char* label, bool* value) {
    const float width = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
    ImGui::SameLine(0, context.px(24));
    if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
    ImGui::Checkbox(label, value);
  };
  checkbox_after("all cases (backward, scalar, Eigen, oneDNN)", &state.all_cases);
  checkbox_after("cold caches", &state.cold_cache);
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::SetTooltip("Before every timed call, sweep a buffer twice the size of the last-level cache,\n"
                      "so each case starts from main memory instead of what the previous case left cached.");
  }
  ImGui::EndDisabled();
}

// Run or Cancel with the progress: what a lecturer presses in class.
void draw_run_button(BenchmarkState& state, PanelContext& context) {
  if (!state.job.running()) {
    // Screenshot mode never starts background work: its frames must not depend on the machine's speed.
    ImGui::BeginDisabled(context.deterministic);
    if (ImGui::Button("Run the benchmark", ImVec2(context.px(220), 0))) start_run(state);
    ImGui::EndDisabled();
  } else {
    if (ImGui::Button("Cancel", ImVec2(context.px(220), 0))) state.job.cancel();
    ImGui::SameLine(0, context.px(16));
    gui::draw_job_progress(state.job.progress(), context.px(420));
  }
  if (!state.error.empty()) ImGui::TextColored(context.palette->error, "The run failed: %s", state.error.c_str());
}

void draw_controls(BenchmarkState& state, PanelContext& context) {
  draw_run_options(state, context);
  ImGui::Spacing();
  draw_run_button(state, context);
}

// Under the question's controls: the run's results live in the next steps, not here.
void draw_where_results_are(const BenchmarkState& state, PanelContext& context) {
  if (state.job.running() || !state.report) return;
  ImGui::Spacing();
  ImGui::TextColored(context.palette->muted_text, "%s %zu × %zu: the table is in step 2, the answer in step 3.",
                     state.report->source.empty() ? "Measured"
                     : state.showing_sample       ? "A sample run,"
                                                  : ("Opened " + state.report->source + ",").c_str(),
                     state.report->rows, state.report->cols);
}

void draw_results_table(const perf::BenchmarkReport& report, PanelContext& context) {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit;
  const char* note = report.cold_cache
                         ? "x floor: time over what memcpy needs to move the case's bytes (a backward reads x and dy "
                           "and writes dx: three matrices to a forward's two). Every call started from cold caches."
                         : "x floor: time over what memcpy needs to move the case's bytes (a backward reads x and dy "
                           "and writes dx: three matrices to a forward's two). Warm caches: the cases took turns in a "
                           "new order every round, so each found in cache what varying neighbours left there.";
  // Presenting, the table is the picture: heading type, its rows sharing the page's height (the note
  // under them is the step's notes, N).
  const int rows = static_cast<int>(report.results.size()) + 1;
  const bool presenting = context.presentation;
  if (presenting) ImGui::PushFont(context.fonts->heading);
  const float padding = presenting ? gui::row_padding_to_fill(rows, ImGui::GetContentRegionAvail().y * 0.95f) : 0;
  if (presenting) ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(context.px(14), padding));
  constexpr ImGuiTableFlags kPresentingFlags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp;
  const bool drawn = presenting ? ImGui::BeginTable("results-presenting", 4, kPresentingFlags,
                                                    ImVec2(ImGui::GetContentRegionAvail().x, 0))
                                : ImGui::BeginTable("results", 4, kFlags);
  if (presenting) ImGui::PopStyleVar();
  if (!drawn) {
    if (presenting) ImGui::PopFont();
    return;
  }
  ImGui::TableSetupColumn("case", 0, presenting ? 2.0f : 0.0f);
  ImGui::TableSetupColumn("median time");
  ImGui::TableSetupColumn("GB/s");
  ImGui::TableSetupColumn("x floor");
  ImGui::TableHeadersRow();
  for (const perf::BenchmarkResult& result : report.results) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(figure::benchmark_case_label(result.name).c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%.3f ms", result.median_s * 1e3);
    ImGui::TableNextColumn();
    ImGui::Text("%.1f", result.gbps);
    ImGui::TableNextColumn();
    if (const double to_floor = perf::floor_ratio(report, result); !std::isnan(to_floor)) {
      ImGui::Text("%.2f", to_floor);
    } else {
      ImGui::TextColored(context.palette->muted_text, "-");
    }
  }
  ImGui::EndTable();
  if (presenting) ImGui::PopFont();
  if (context.page != nullptr) context.page->notes += std::string(context.page->notes.empty() ? "" : " ") + note;
  if (presenting) return;
  gui::draw_wrapped_note(note, context.palette->muted_text);
}

void draw_answer(BenchmarkState& state, PanelContext& context) {
  if (!state.report) {
    ImGui::TextColored(context.palette->muted_text, "%s",
                       "No measurement yet: measure here (or in the previous step) and the answer appears.");
    ImGui::Spacing();
    draw_controls(state, context);
    return;
  }
  // The figure's subtitle is the computed answer (an exported slide carries its own conclusion), so
  // the step shows only the figure; the bold line is for a run that stopped before both kernels.
  if (perf::exercise_answer(*state.report).empty()) {
    ImGui::PushFont(context.fonts->bold);
    ImGui::TextUnformatted("The run stopped before both kernels were measured.");
    ImGui::PopFont();
    ImGui::Spacing();
  }
  if (state.showing_sample) draw_run_source(state, context);
  gui::PlotOptions options;
  options.export_stem = "layernorm_vs_rmsnorm";
  // Title and a subtitle of up to four lines come first: below ~18 lines of text there is no room
  // left for the bars (presentation mode's large font in a 720p window), so the step scrolls instead.
  // Presenting, the page never scrolls: the plot takes the height there is.
  options.min_lines = context.presentation ? 0.0f : 18.0f;
  draw_plot("answer", figure::benchmark_answer_figure(*state.report), state.plot, context, options);
}

void draw_benchmark(BenchmarkState& state, PanelContext& context) {
  if (state.run_file_pending) {
    state.run_file_pending = false;
    open_run(state, state.run_file, context);
  }
  show_sample_run(state);
  collect_finished_run(state, context);
  gui::StepPage page(context);
  const bool presenting = page.presenting();
  if (context.step_id == "question") {
    // The question is the step's picture: large type across the page when presenting.
    page.draw_header(presenting ? std::function<void()>([&] { draw_run_options(state, context); })
                                : std::function<void()>());
    if (presenting) draw_run_button(state, context);
    page.draw_central_text({{gui::panel_text("benchmark", "question"), context.palette->text},
                            {gui::panel_text("benchmark", "question.why"), context.palette->muted_text}},
                           std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 42.0f));
    if (presenting) return;
    ImGui::Spacing();
    ImGui::Spacing();
    draw_controls(state, context);
    draw_where_results_are(state, context);
  } else if (context.step_id == "measure") {
    page.draw_header([&] {
      draw_run_options(state, context);
      draw_saved_runs(state, context);
    });
    draw_run_button(state, context);
    if (state.report && state.showing_sample && presenting) ImGui::SameLine(0, context.px(24));
    if (state.report) {
      draw_run_source(state, context);
      page.begin_central();
      draw_results_table(*state.report, context);
      page.end_central();
    }
  } else {
    page.draw_header();
    page.begin_central();
    draw_answer(state, context);
    page.end_central();
  }
}

}  // namespace

PanelDescriptor benchmark_panel() {
  return {"benchmark", "LayerNorm vs RMSNorm speed",
          "The third exercise measured here: LayerNorm and RMSNorm kernel time on 2048 × 4096, against memcpy.",
          {{"question", "The question"}, {"measure", "Measure"}, {"answer", "The answer"}},
          make_panel_factory<BenchmarkState>({.draw = draw_benchmark, .declare = declare_benchmark, .open = open_run}),
          {".json"}};
}

}  // namespace normlab::panels
