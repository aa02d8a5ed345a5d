#include "lessons/benchmark_figure.hpp"

#include <map>

namespace normlab::figure {

std::string benchmark_case_label(const std::string& name) {
  static const std::map<std::string, std::string> kLabels = {
      {"memcpy", "memcpy (the floor)"},
      {"layer_fwd", "LayerNorm forward"},
      {"rms_fwd", "RMSNorm forward"},
      {"layer_bwd", "LayerNorm backward"},
      {"rms_bwd", "RMSNorm backward"},
      {"layer_fwd_scalar", "LayerNorm forward, scalar loop"},
      {"rms_fwd_scalar", "RMSNorm forward, scalar loop"},
      {"layer_fwd_eigen", "LayerNorm forward, Eigen expression"},
      {"layer_fwd_onednn", "LayerNorm forward, oneDNN"},
      {"layer_bwd_onednn", "LayerNorm backward, oneDNN"},
  };
  const auto found = kLabels.find(name);
  return found == kLabels.end() ? name : found->second;
}

Figure benchmark_answer_figure(const perf::BenchmarkReport& report) {
  Figure figure;
  figure.title = "LayerNorm vs RMSNorm forward, " + std::to_string(report.rows) + " × " +
                 std::to_string(report.cols) + " float32";
  // The subtitle is the measured answer to the exercise, so a slide carries its own conclusion.
  figure.subtitle = perf::exercise_answer(report);
  if (figure.subtitle.empty()) {
    figure.subtitle = "median time per call, " + std::to_string(report.threads) + " thread" +
                      (report.threads == 1 ? "" : "s") + ", SIMD target " + report.target;
  }
  figure.x_axis.label = "";
  figure.y_axis.label = "median time per call (ms)";
  figure.y_axis.min = 0.0;
  figure.legend = LegendPlacement::hidden;
  BarSeries bars;
  bars.name = "median time (ms)";
  bars.label_values = true;
  for (const char* name : {"memcpy", "layer_fwd", "rms_fwd"}) {
    if (const perf::BenchmarkResult* result = report.find(name)) {
      bars.categories.push_back(benchmark_case_label(name));
      bars.values.push_back(result->median_s * 1e3);
    }
  }
  figure.series.push_back(bars);
  return figure;
}

}  // namespace normlab::figure
