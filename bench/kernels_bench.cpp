// Google Benchmark program for the normalization kernels: every case of core/perf (memcpy floor, SIMD
// forward/backward, scalar reference, Eigen, oneDNN) on issue 3's shapes, including 32768 x 4096
// (512 MiB per matrix, ~2 GiB in all) where DRAM is the floor. Reports the median of repetitions
// with bytes/second and, like normlab-cli bench, two ratios per case: x_floor (memcpy's bytes/second
// over the case's, i.e. time over what memcpy needs to move the case's bytes) and x_onednn (time over
// oneDNN's for the same direction). memcpy and oneDNN run first for each shape so the ratios exist;
// they use the medians of those repetitions. Select with --benchmark_filter, e.g. '2048x4096'.
// Each case runs back to back (Google Benchmark's way), unlike the CLI's interleaved rounds: at
// 2048 x 4096 part of memcpy's 32 MiB source then stays in the 32 MiB L3 (README, Performance).
// A shape's buffers are allocated when its first selected case runs and freed when the next shape starts.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kernels/kernels.hpp"
#include "perf/benchmark.hpp"
#include "perf/benchmark_cases.hpp"

namespace {

const std::vector<std::pair<std::size_t, std::size_t>> kShapes = {
    {2048, 4096}, {8192, 1024}, {256, 768}, {64, 64}, {1, 4096}, {32768, 4096}};

// Benchmarks run in registration order, shape after shape: the one workspace is replaced when the
// shape changes, so at most one shape's buffers are alive at a time.
struct CurrentWorkspace {
  std::size_t rows = 0, cols = 0;
  std::unique_ptr<normlab::perf::BenchmarkWorkspace> workspace;
} current;

// Per shape: memcpy's bytes/second and oneDNN's seconds per call, one entry per repetition.
struct ShapeReferences {
  std::vector<double> memcpy_gbps;
  std::vector<double> onednn_forward_s;
  std::vector<double> onednn_backward_s;
};
std::map<std::pair<std::size_t, std::size_t>, ShapeReferences> references;

bool is_backward(const std::string& name) { return name.find("_bwd") != std::string::npos; }

// Records memcpy's and oneDNN's repetitions and sets the ratio counters of every other case.
void record_ratios(benchmark::State& state, std::size_t rows, std::size_t cols, const std::string& name,
                   double seconds_per_call, double bytes) {
  ShapeReferences& shape = references[{rows, cols}];
  const double gbps = bytes / seconds_per_call / 1e9;
  if (name == "memcpy") {
    shape.memcpy_gbps.push_back(gbps);
    return;
  }
  if (!shape.memcpy_gbps.empty()) state.counters["x_floor"] = normlab::perf::median(shape.memcpy_gbps) / gbps;
  if (name == "layer_fwd_onednn" || name == "layer_bwd_onednn") {
    (is_backward(name) ? shape.onednn_backward_s : shape.onednn_forward_s).push_back(seconds_per_call);
    return;
  }
  const std::vector<double>& onednn = is_backward(name) ? shape.onednn_backward_s : shape.onednn_forward_s;
  if (!onednn.empty()) state.counters["x_onednn"] = seconds_per_call / normlab::perf::median(onednn);
}

void run_case(benchmark::State& state, std::size_t rows, std::size_t cols, const std::string& name) {
  if (!current.workspace || current.rows != rows || current.cols != cols) {
    current.workspace.reset();
    current.workspace = std::make_unique<normlab::perf::BenchmarkWorkspace>(rows, cols, 1);
    current.rows = rows;
    current.cols = cols;
  }
  const normlab::perf::BenchmarkCase item = current.workspace->cases({name}).front();
  item.run();  // warm-up
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) item.run();
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  state.SetBytesProcessed(static_cast<std::int64_t>(item.bytes_moved) * static_cast<std::int64_t>(state.iterations()));
  if (state.iterations() > 0 && elapsed > 0) {
    record_ratios(state, rows, cols, name, elapsed / static_cast<double>(state.iterations()), item.bytes_moved);
  }
}

// memcpy and oneDNN first: the other cases' ratios refer to them.
std::vector<std::string> registration_order() {
  std::vector<std::string> names = normlab::perf::benchmark_case_names();
  std::stable_partition(names.begin(), names.end(), [](const std::string& name) {
    return name == "memcpy" || name.find("onednn") != std::string::npos;
  });
  return names;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("simd_target", normlab::kernels::simd_target_name());
  for (const auto& [rows, cols] : kShapes) {
    for (const std::string& name : registration_order()) {
      benchmark::RegisterBenchmark((name + "/" + std::to_string(rows) + "x" + std::to_string(cols)).c_str(), run_case,
                                   rows, cols, name)
          ->UseRealTime()
          ->Unit(benchmark::kMicrosecond)
          ->Repetitions(5)
          ->ReportAggregatesOnly(true);
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  current.workspace.reset();
  benchmark::Shutdown();
  return 0;
}
