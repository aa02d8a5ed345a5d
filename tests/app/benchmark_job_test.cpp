// The speed panel's background work: core/perf's runner as a gui::Job off the calling thread, with
// progress, a cancel, and an answer figure that shows exactly the measured medians.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>

#include "panels/benchmark_job.hpp"

namespace normlab::panels {
namespace {

void wait_until_finished(BenchmarkJob& job) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (job.running() && std::chrono::steady_clock::now() < deadline) {
    job.poll();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_FALSE(job.running());
}

// The results table names every case for people (projected in class, "layer_fwd_onednn" is noise):
// each case this build can run has its own label, none the raw name.
TEST(BenchmarkJob, EveryCaseHasItsOwnReadableLabel) {
  std::set<std::string> labels;
  for (const std::string& name : perf::benchmark_case_names()) {
    const std::string label = figure::benchmark_case_label(name);
    EXPECT_NE(label, name);
    EXPECT_TRUE(labels.insert(label).second) << label;
  }
  EXPECT_EQ(figure::benchmark_case_label("no_such_case"), "no_such_case");
}

TEST(BenchmarkJob, RunsOffThreadAndTheFigureShowsItsMedians) {
  perf::BenchmarkRequest request;
  request.rows = 64;
  request.cols = 256;
  request.min_seconds_per_case = 0.01;
  request.min_repetitions = 3;
  request.names = {"memcpy", "layer_fwd", "rms_fwd"};
  BenchmarkJob job;
  job.start(request, run_benchmark_job, false);
  EXPECT_TRUE(job.running());
  wait_until_finished(job);
  ASSERT_TRUE(job.error().empty()) << job.error();
  ASSERT_TRUE(job.shown().has_value());
  EXPECT_FALSE(job.cancelled());
  const perf::BenchmarkReport& report = *job.shown();
  const figure::Figure figure = figure::benchmark_answer_figure(report);
  ASSERT_EQ(figure.series.size(), 1u);
  const auto& bars = std::get<figure::BarSeries>(figure.series[0]);
  ASSERT_EQ(bars.values.size(), 3u);
  const char* names[] = {"memcpy", "layer_fwd", "rms_fwd"};
  for (std::size_t index = 0; index < 3; ++index) {
    const perf::BenchmarkResult* result = report.find(names[index]);
    ASSERT_NE(result, nullptr) << names[index];
    EXPECT_GT(result->median_s, 0.0);
    EXPECT_DOUBLE_EQ(bars.values[index], result->median_s * 1e3);  // milliseconds
    EXPECT_EQ(bars.categories[index], figure::benchmark_case_label(names[index]));
  }
  EXPECT_NE(figure.title.find("64 × 256"), std::string::npos) << figure.title;
}

// The toast at the end of a run quotes the forward ratios from the report (memcpy's GB/s over the
// kernel's, as the table's x floor column), and says where the results are.
TEST(BenchmarkJob, FinishedRunSummaryQuotesTheMeasuredRatios) {
  perf::BenchmarkReport report;
  report.results = {{"memcpy", 2.0e-3, 32.0, 64e6}, {"layer_fwd", 2.5e-3, 25.6, 64e6}, {"rms_fwd", 1.6e-3, 40.0, 64e6}};
  EXPECT_EQ(finished_run_summary(report, false),
            "Benchmark done: LayerNorm forward 1.25x and RMSNorm forward 0.80x memcpy's time. The table is in "
            "step 2, the answer in step 3.");
  report.results.pop_back();  // cancelled before RMSNorm
  EXPECT_EQ(finished_run_summary(report, true),
            "Benchmark cancelled: LayerNorm forward 1.25x memcpy's time. The table is in step 2, the answer in "
            "step 3.");
  report.results.resize(1);  // only memcpy
  EXPECT_EQ(finished_run_summary(report, true), "Benchmark cancelled: no kernel was measured.");
}

TEST(BenchmarkJob, CancelStopsALongRunPromptly) {
  perf::BenchmarkRequest request;  // the seed's 2048 x 4096, every case, at least 60 s each
  request.min_seconds_per_case = 60.0;
  BenchmarkJob job;
  job.start(request, run_benchmark_job, false);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(job.progress().words.empty());  // "allocating ...", "warming up ..."
  job.cancel();
  wait_until_finished(job);  // within its 2 minutes: a whole uncancelled run would take 10 or more
  EXPECT_TRUE(job.cancelled());
  EXPECT_TRUE(job.error().empty()) << job.error();
  if (job.shown()) {
    EXPECT_LT(job.shown()->results.size(), perf::benchmark_case_names().size());
  }
}

TEST(BenchmarkJob, BadRequestsBecomeAnErrorNotACrash) {
  perf::BenchmarkRequest request;
  request.rows = 0;
  BenchmarkJob job;
  job.start(request, run_benchmark_job, false);
  wait_until_finished(job);
  EXPECT_FALSE(job.error().empty());
  EXPECT_FALSE(job.shown().has_value());
}

}  // namespace
}  // namespace normlab::panels
