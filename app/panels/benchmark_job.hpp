// The benchmark panel's worker: core/perf's runner on its own thread with progress and cancel, and the
// figure of its answer. Apart from the panel so tests can run it without a window.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "catalog/benchmark_figure.hpp"
#include "perf/benchmark.hpp"

namespace normlab::panels {

// One benchmark run on its own thread. Destroying the job cancels and joins it, so closing the app
// mid-run neither blocks for long nor leaves a thread touching freed state.
class BenchmarkJob {
 public:
  explicit BenchmarkJob(perf::BenchmarkRequest request);
  ~BenchmarkJob();
  BenchmarkJob(const BenchmarkJob&) = delete;
  BenchmarkJob& operator=(const BenchmarkJob&) = delete;
  void cancel() { cancel_ = true; }
  bool finished() const { return finished_; }
  double fraction_done() const { return fraction_done_; }
  std::string stage() const {
    std::lock_guard lock(mutex_);
    return stage_;
  }
  // Valid once finished(): the report, or the error that stopped the run.
  const std::optional<perf::BenchmarkReport>& report() const { return report_; }
  const std::string& error() const { return error_; }
  bool cancelled() const { return cancel_; }

 private:
  void run(const perf::BenchmarkRequest& request);

  std::atomic<bool> cancel_{false};
  std::atomic<bool> finished_{false};
  std::atomic<double> fraction_done_{0.0};
  mutable std::mutex mutex_;
  std::string stage_;
  std::optional<perf::BenchmarkReport> report_;
  std::string error_;
  std::thread thread_;  // last: starts after every member above exists
};

// What the panel says when a run ends, wherever the user is by then (a toast): the forward kernels'
// ratios to memcpy, computed from the report, and where the table and the answer are. A cancelled run
// that measured neither kernel says only that.
std::string finished_run_summary(const perf::BenchmarkReport& report, bool cancelled);

}  // namespace normlab::panels
