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

}  // namespace normlab::panels
