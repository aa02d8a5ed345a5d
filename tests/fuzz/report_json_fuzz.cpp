// A saved benchmark run (JSON text) -> report_from_json: a report whose derived numbers are finite,
// or a one-line refusal.
#include <cmath>
#include <stdexcept>

#include "fuzz_support.hpp"
#include "perf/benchmark.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const nlohmann::json json = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return 0;
  try {
    const normlab::perf::BenchmarkReport report = normlab::perf::report_from_json(json);
    for (const auto& result : report.results) {
      if (!std::isfinite(result.bytes_moved) || std::isinf(normlab::perf::floor_ratio(report, result))) std::abort();
    }
    normlab::fuzz::require_one_clean_line(normlab::perf::exercise_answer(report));
  } catch (const std::invalid_argument& error) {
    normlab::fuzz::require_one_clean_line(error.what());
  }
  return 0;
}
