// normlab-cli bench: times the SIMD kernels beside memcpy (the floor), the scalar reference, Eigen and
// oneDNN on one shape, prints a table (or --json), and answers the third exercise (LayerNorm vs RMSNorm time) in one sentence.
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "command.hpp"
#include "options.hpp"
#include "perf/benchmark.hpp"
#include "io/untrusted_text.hpp"

namespace normlab::cli {

namespace {

const std::string kUsage =
    "usage: normlab-cli bench [--rows R --cols C] [--threads T] [--json] [--min-seconds S] [--cases a,b,...]\n"
    "                         [--cpu-time] [--cache warm|cold]\n"
    "Times float32 normalization over an R x C matrix (default 2048 x 4096, the exercise's shape), the\n"
    "median of many repetitions per case, the cases shuffled anew every round. Cases: memcpy (the\n"
    "floor), layer_fwd, rms_fwd, layer_bwd, rms_bwd (SIMD), layer_fwd_scalar, rms_fwd_scalar (the\n"
    "textbook reference), layer_fwd_eigen, layer_fwd_onednn, layer_bwd_onednn. --threads splits rows\n"
    "(memcpy, SIMD, oneDNN; the scalar and Eigen rows stay single-threaded). --min-seconds: time spent\n"
    "per case (default 0.25).\n"
    "A large shape such as --rows 32768 --cols 4096 (512 MiB per matrix, ~3.5 GiB in all) shows the DRAM\n"
    "floor; it takes memory and time. --cpu-time (one thread only) times with the thread's CPU clock, which\n"
    "leaves out time spent preempted when other work shares the machine. --cache cold starts every sample\n"
    "after sweeping a buffer twice the last-level cache, so no case inherits what the previous one left in\n"
    "cache; warm (default) runs the samples back to back.\n"
    "--json prints the run as one JSON object; saved to a file, the app's speed panel opens it and\n"
    "`normlab-cli export --figure kernel-speed --set from=FILE` plots it without measuring again.";

std::size_t positive_size(const Options& options, const std::string& name, long long fallback) {
  const long long value = options.integer(name, fallback);
  if (value < 1) throw std::invalid_argument("--" + name + " must be at least 1 (got " + std::to_string(value) + ")");
  return static_cast<std::size_t>(value);
}

void print_table(const perf::BenchmarkReport& report, bool thread_cpu_time) {
  const perf::BenchmarkResult* onednn_forward = report.find("layer_fwd_onednn");
  const perf::BenchmarkResult* onednn_backward = report.find("layer_bwd_onednn");
  std::printf("NormLab kernels, %zu x %zu float32, SIMD target %s, %zu thread%s, %s time, %s caches\n\n",
              report.rows, report.cols, report.target.c_str(), report.threads, report.threads == 1 ? "" : "s",
              thread_cpu_time ? "thread CPU" : "wall", report.cold_cache ? "cold" : "warm");
  std::printf("%-18s %12s %9s %9s %9s\n", "case", "median", "GB/s", "x floor", "x oneDNN");
  for (const auto& result : report.results) {
    char floor_ratio[16] = "-", peer_ratio[16] = "-";
    const double to_floor = perf::floor_ratio(report, result);
    if (!std::isnan(to_floor)) std::snprintf(floor_ratio, sizeof floor_ratio, "%.2f", to_floor);
    const bool backward = result.name.find("bwd") != std::string::npos;
    const perf::BenchmarkResult* peer = backward ? onednn_backward : onednn_forward;
    if (peer != nullptr && result.name != "memcpy" && peer->median_s > 0) {
      std::snprintf(peer_ratio, sizeof peer_ratio, "%.2f", result.median_s / peer->median_s);
    }
    std::printf("%-18s %9.3f ms %9.1f %9s %9s\n", result.name.c_str(), result.median_s * 1e3, result.gbps,
                floor_ratio, peer_ratio);
  }
  std::printf("\nx floor: time over what memcpy needs to move the case's bytes (forward: read x, write y;\n"
              "backward: read x and dy, write dx; parameters included). x oneDNN: time over oneDNN's time\n"
              "for the same direction (forward or backward).\n");
  const std::string answer = perf::exercise_answer(report);
  if (!answer.empty()) std::printf("\nExercise 3: %s\n", answer.c_str());
}

int run_bench(const std::vector<std::string>& arguments) {
  const Options options(arguments, {"rows", "cols", "threads", "min-seconds", "cases", "cache"}, {"json", "cpu-time"});
  perf::BenchmarkRequest request;
  request.rows = positive_size(options, "rows", static_cast<long long>(request.rows));
  request.cols = positive_size(options, "cols", static_cast<long long>(request.cols));
  request.threads = positive_size(options, "threads", 1);
  request.min_seconds_per_case = options.number("min-seconds", request.min_seconds_per_case);
  if (!(request.min_seconds_per_case >= 0.0)) throw std::invalid_argument("--min-seconds must be 0 or more");
  request.thread_cpu_time = options.has("cpu-time");
  if (options.has("cases")) request.names = options.text_list("cases", "");
  const std::string cache = options.text("cache", "warm");
  if (cache != "warm" && cache != "cold") {
    throw std::invalid_argument("--cache must be warm or cold (got '" + printable_excerpt(cache) + "')");
  }
  request.cache = cache == "cold" ? perf::CacheMode::kCold : perf::CacheMode::kWarm;
  if (request.rows > (std::size_t{1} << 40) / request.cols) {
    throw std::invalid_argument("--rows x --cols is too large to benchmark (" + std::to_string(request.rows) + " x " +
                                std::to_string(request.cols) + ")");
  }
  const perf::BenchmarkReport report = perf::run_benchmarks(request);
  if (options.has("json")) {
    std::printf("%s\n", perf::to_json(report).dump(2).c_str());
  } else {
    print_table(report, request.thread_cpu_time);
  }
  return 0;
}

const CommandRegistration kBench({"bench", "time the SIMD kernels against memcpy, scalar, Eigen and oneDNN",
                                  kUsage, &run_bench});

}  // namespace

}  // namespace normlab::cli
