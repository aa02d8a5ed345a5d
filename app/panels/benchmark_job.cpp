#include "panels/benchmark_job.hpp"

namespace normlab::panels {

BenchmarkJob::BenchmarkJob(perf::BenchmarkRequest request) : thread_([this, request] { run(request); }) {}

BenchmarkJob::~BenchmarkJob() {
  cancel_ = true;
  thread_.join();
}

void BenchmarkJob::run(const perf::BenchmarkRequest& request) {
  try {
    report_ = perf::run_benchmarks(
        request,
        [this](double fraction, const std::string& stage) {
          fraction_done_ = fraction;
          std::lock_guard lock(mutex_);
          stage_ = stage;
        },
        &cancel_);
  } catch (const std::exception& failure) {
    error_ = failure.what();
  }
  finished_ = true;
}

std::string case_label(const std::string& name) {
  if (name == "memcpy") return "memcpy (the floor)";
  if (name == "layer_fwd") return "LayerNorm";
  if (name == "rms_fwd") return "RMSNorm";
  return name;
}

figure::Figure answer_figure(const perf::BenchmarkReport& report) {
  figure::Figure figure;
  figure.title = "LayerNorm vs RMSNorm forward, " + std::to_string(report.rows) + " × " +
                 std::to_string(report.cols) + " float32";
  figure.subtitle = "median time per call, " + std::to_string(report.threads) + " thread" +
                    (report.threads == 1 ? "" : "s") + ", SIMD target " + report.target;
  figure.x_axis.label = "";
  figure.y_axis.label = "median time per call (ms)";
  figure.y_axis.min = 0.0;
  figure.legend = figure::LegendPlacement::hidden;
  figure::BarSeries bars;
  bars.name = "median time (ms)";
  bars.label_values = true;
  for (const char* name : {"memcpy", "layer_fwd", "rms_fwd"}) {
    if (const perf::BenchmarkResult* result = report.find(name)) {
      bars.categories.push_back(case_label(name));
      bars.values.push_back(result->median_s * 1e3);
    }
  }
  figure.series.push_back(bars);
  return figure;
}

}  // namespace normlab::panels
