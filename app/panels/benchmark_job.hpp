// The speed panel's background work: core/perf's runner as a gui::Job computation (progress in words,
// stopped by the job's stop token), and the words that announce a finished run. Apart from the panel so
// tests can run them without a window.
#pragma once

#include <string>

#include "lessons/benchmark_figure.hpp"
#include "gui/job.hpp"
#include "perf/benchmark.hpp"

namespace normlab::panels {

using BenchmarkJob = gui::Job<perf::BenchmarkRequest, perf::BenchmarkReport>;

// The computation: runs the request, reporting each stage; a stop returns what was measured so far.
perf::BenchmarkReport run_benchmark_job(perf::BenchmarkRequest request, gui::JobReporter& job);

// What the panel says when a run ends, wherever the user is by then (a toast): the forward kernels'
// ratios to memcpy, computed from the report, and where the table and the answer are. A cancelled run
// that measured neither kernel says only that.
std::string finished_run_summary(const perf::BenchmarkReport& report, bool cancelled);

}  // namespace normlab::panels
