// The hypersphere panel's frame on the CPU: the cloud step with 2000 points (building the 3-D scene of
// about 34000 triangles and drawing it with the ImDrawList fallback, which sorts them far to near), and
// the single-vector step. Run through the registry on a bare ImGui context (no GL), so it measures what
// the panel costs, not the GPU. A frame must stay under 16.7 ms for 60 fps.
// Run: build/bench/hypersphere_bench
#include <benchmark/benchmark.h>

#include <imgui.h>

#include <memory>
#include <string>

#include "headless_imgui.hpp"
#include "panels/registry.hpp"

namespace {

void BM_HypersphereFrame(benchmark::State& bench, const char* step, int points, bool playing) {
  normlab::bench::HeadlessImGui& gui = normlab::bench::headless_imgui();
  const normlab::panels::PanelDescriptor* panel = normlab::panels::find_panel("hypersphere");
  std::unique_ptr<normlab::panels::PanelInstance> instance = panel->create();
  instance->parameters().set("cloud-count", std::to_string(points));
  normlab::panels::PanelContext context;
  context.palette = &normlab::gui::palette_for(normlab::gui::ThemeKind::light);
  context.fonts = &gui.fonts;
  context.toasts = &gui.toasts;
  context.step_id = step;
  instance->enter_step(context);
  double time_s = playing ? 0.5 : 10.0;
  for (auto _ : bench) {
    // Playing: every frame moves every point (the worst case); still: the animation ended long ago.
    // (Play started at time 0; by 3.5 s the second stage is still running, so it never stops.)
    if (playing) time_s = time_s > 3.5 ? 0.5 : time_s + 1.0 / 60.0;
    context.time_s = time_s;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("hypersphere", nullptr, ImGuiWindowFlags_NoDecoration);
    instance->draw(context);
    ImGui::End();
    ImGui::Render();
    benchmark::DoNotOptimize(ImGui::GetDrawData()->TotalVtxCount);
  }
  bench.counters["vertices"] = ImGui::GetDrawData()->TotalVtxCount;
  instance->leave_step(context);
}

}  // namespace

BENCHMARK_CAPTURE(BM_HypersphereFrame, cloud_2000_playing, "cloud", 2000, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_HypersphereFrame, cloud_2000_still, "cloud", 2000, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_HypersphereFrame, vector, "vector", 1, true)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
