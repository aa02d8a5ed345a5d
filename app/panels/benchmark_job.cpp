#include "panels/benchmark_job.hpp"

#include <cmath>
#include <cstdio>

namespace normlab::panels {

perf::BenchmarkReport run_benchmark_job(perf::BenchmarkRequest request, gui::JobReporter& job) {
  return perf::run_benchmarks(
      request, [&job](double fraction, const std::string& stage) { job.report(fraction, stage); }, job.stop());
}

std::string finished_run_summary(const perf::BenchmarkReport& report, bool cancelled) {
  std::string ratios;
  for (const auto& [name, label] :
       {std::pair{"layer_fwd", "LayerNorm forward"}, std::pair{"rms_fwd", "RMSNorm forward"}}) {
    const perf::BenchmarkResult* result = report.find(name);
    if (result == nullptr) continue;
    const double to_floor = perf::floor_ratio(report, *result);
    if (std::isnan(to_floor)) continue;
    char text[64];
    std::snprintf(text, sizeof text, "%s%s %.2fx", ratios.empty() ? "" : " and ", label, to_floor);
    ratios += text;
  }
  const std::string ending = cancelled ? "Benchmark cancelled" : "Benchmark done";
  if (ratios.empty()) return ending + ": no kernel was measured.";
  return ending + ": " + ratios + " memcpy's time. The table is in step 2, the answer in step 3.";
}

}  // namespace normlab::panels
