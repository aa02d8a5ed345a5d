// Google Benchmark program for the normalization kernels: every case of core/perf (memcpy floor, SIMD
// forward/backward, scalar reference, Eigen, oneDNN) on issue 3's shapes, including 32768 x 4096
// (512 MiB per matrix, ~2 GiB in all) where DRAM is the floor. Reports the median of repetitions
// with bytes/second. Select with --benchmark_filter, e.g. --benchmark_filter='2048x4096'.
// A shape's buffers are allocated when its first selected case runs and freed when the next shape starts.
#include <benchmark/benchmark.h>

#include <cstddef>
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

void run_case(benchmark::State& state, std::size_t rows, std::size_t cols, const std::string& name) {
  if (!current.workspace || current.rows != rows || current.cols != cols) {
    current.workspace.reset();
    current.workspace = std::make_unique<normlab::perf::BenchmarkWorkspace>(rows, cols, 1);
    current.rows = rows;
    current.cols = cols;
  }
  const normlab::perf::BenchmarkCase item = current.workspace->cases({name}).front();
  item.run();  // warm-up
  for (auto _ : state) item.run();
  state.SetBytesProcessed(static_cast<std::int64_t>(item.bytes_moved) * static_cast<std::int64_t>(state.iterations()));
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("simd_target", normlab::kernels::simd_target_name());
  for (const auto& [rows, cols] : kShapes) {
    for (const std::string& name : normlab::perf::benchmark_case_names()) {
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
