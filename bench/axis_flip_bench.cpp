// The axis-flip panel's frame on the CPU at 64 x 64: recomputing the lesson (every variant's forward,
// the batch-size sweep, train vs eval) and building ImGui's draw lists, without any GL backend (ImGui
// runs whole frames on a bare context: DisplaySize set, font atlas built, NewFrame, panel, Render).
// Interaction must stay at 60 fps, i.e. under 16.7 ms per frame; editing a cell recomputes every frame,
// so the "edit" rows are the worst case. Run: build/bench/axis_flip_bench
#include <benchmark/benchmark.h>

#include <string_view>
#include <imgui.h>

#include "headless_imgui.hpp"
#include "lessons/axis_flip.hpp"
#include "lessons/axis_flip_experiments.hpp"
#include "panels/axis_flip_state.hpp"

namespace {

using normlab::panels::axis_flip::AxisFlipState;

using normlab::bench::headless_imgui;
using normlab::bench::HeadlessImGui;

void prepare(AxisFlipState& state) {
  state.rows = 64;
  state.cols = 64;
  normlab::panels::axis_flip::regenerate(state);
  normlab::panels::axis_flip::recompute(state);
}

// One whole frame of the panel at `step`; `edit` marks the matrix changed first (a drag in progress).
void run_frame(AxisFlipState& state, std::string_view step, bool edit, double time_s) {
  HeadlessImGui& gui = headless_imgui();
  normlab::panels::PanelContext context;
  context.palette = &normlab::gui::palette_for(normlab::gui::ThemeKind::light);
  context.fonts = &gui.fonts;
  context.toasts = &gui.toasts;
  context.step_id = step;
  context.time_s = time_s;
  context.deterministic = true;
  if (edit) {
    state.matrix[100] += 0.01;
    state.dirty = true;
  }
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
  ImGui::Begin("axis-flip", nullptr, ImGuiWindowFlags_NoDecoration);
  namespace axis_flip = normlab::panels::axis_flip;
  if (step == "matrix") {
    axis_flip::draw_matrix_step(state, context);
  } else if (step == "batch-sweep" || step == "layer-sweep") {
    axis_flip::draw_sweep_step(state, context, step == "batch-sweep");
  } else if (step == "batch-to-1") {
    axis_flip::draw_batch_step(state, context);
  } else {
    axis_flip::draw_cube_step(state, context);
  }
  ImGui::End();
  ImGui::Render();
  benchmark::DoNotOptimize(ImGui::GetDrawData()->TotalVtxCount);
}

void BM_AxisFlipFrame(benchmark::State& bench, const char* step, bool edit) {
  headless_imgui();
  AxisFlipState state;
  prepare(state);
  state.sweep.time_s = 40;  // mid-sweep: some groups done, one in focus, the rest waiting
  state.sweep.playing = false;
  double time_s = 0;
  for (auto _ : bench) {
    time_s += 1.0 / 60.0;
    run_frame(state, step, edit, time_s);
  }
  bench.counters["vertices"] = ImGui::GetDrawData()->TotalVtxCount;
}

// The lesson's whole recomputation alone, experiments included (an edit on the batch step).
void BM_AxisFlipRecompute64(benchmark::State& bench) {
  AxisFlipState state;
  prepare(state);
  for (auto _ : bench) {
    state.matrix[100] += 0.01;
    normlab::panels::axis_flip::recompute(state);
    normlab::panels::axis_flip::ensure_experiments(state);
    benchmark::DoNotOptimize(state.batch_result->output.values.data());
  }
}

}  // namespace

BENCHMARK_CAPTURE(BM_AxisFlipFrame, matrix_view, "matrix", false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_AxisFlipFrame, matrix_edit, "matrix", true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_AxisFlipFrame, batchnorm_sweep_view, "batch-sweep", false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_AxisFlipFrame, batchnorm_sweep_edit, "batch-sweep", true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_AxisFlipFrame, layernorm_sweep_edit, "layer-sweep", true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_AxisFlipFrame, batch_to_one_view, "batch-to-1", false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_AxisFlipFrame, batch_to_one_edit, "batch-to-1", true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_AxisFlipFrame, cube_view, "cube", false)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AxisFlipRecompute64)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
