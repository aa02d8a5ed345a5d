// The benchmark runner's contract (not its timings): every case runs, names and JSON fields are the
// ones issue 3 fixes, byte floors follow from the shape, cancel stops early, bad input is refused.
#include <gtest/gtest.h>

#include <atomic>
#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/kernels.hpp"
#include "perf/benchmark.hpp"

namespace normlab::perf {
namespace {

BenchmarkRequest quick_request() {
  BenchmarkRequest request;
  request.rows = 8;
  request.cols = 24;
  request.min_seconds_per_case = 0.0;
  request.min_repetitions = 3;
  return request;
}

TEST(Benchmark, RunsEveryCaseWithTheIssuesNamesAndFields) {
  std::vector<double> fractions;
  const BenchmarkReport report =
      run_benchmarks(quick_request(), [&](double fraction, const std::string&) { fractions.push_back(fraction); });
  std::vector<std::string> names;
  for (const auto& result : report.results) {
    names.push_back(result.name);
    EXPECT_GT(result.median_s, 0.0) << result.name;
    EXPECT_NEAR(result.gbps, result.bytes_moved / result.median_s / 1e9, 1e-9 * result.gbps) << result.name;
  }
  EXPECT_EQ(names, benchmark_case_names());
  std::vector<std::string> issue_names = {"memcpy", "layer_fwd", "rms_fwd", "layer_bwd", "rms_bwd",
                                          "layer_fwd_scalar", "rms_fwd_scalar", "layer_fwd_eigen"};
#ifdef NORMLAB_HAVE_ONEDNN
  issue_names.push_back("layer_fwd_onednn");
  issue_names.push_back("layer_bwd_onednn");
#endif
  EXPECT_EQ(names, issue_names);
  EXPECT_EQ(report.find("memcpy")->bytes_moved, 2.0 * 8 * 24 * 4);
  EXPECT_EQ(report.find("layer_bwd")->bytes_moved, (3.0 * 8 * 24 + 3 * 24 + 2 * 8) * 4);
  ASSERT_FALSE(fractions.empty());
  EXPECT_DOUBLE_EQ(fractions.back(), 1.0);

  const nlohmann::ordered_json json = to_json(report);
  std::vector<std::string> keys;
  for (const auto& item : json.items()) keys.push_back(item.key());
  // The issue's keys, plus how the run was made (threads, cache), which the answer and table depend on.
  EXPECT_EQ(keys, (std::vector<std::string>{"target", "rows", "cols", "threads", "cache", "results"}));
  EXPECT_EQ(json.at("threads"), 1);
  EXPECT_EQ(json.at("cache"), "warm");
  EXPECT_EQ(json.at("target"), kernels::simd_target_name());
  EXPECT_EQ(json.at("rows"), 8);
  EXPECT_EQ(json.at("cols"), 24);
  ASSERT_EQ(json.at("results").size(), names.size());
  for (const auto& result : json.at("results")) {
    EXPECT_EQ(result.size(), 3u);
    EXPECT_TRUE(result.at("name").is_string());
    EXPECT_TRUE(result.at("median_s").is_number());
    EXPECT_TRUE(result.at("gbps").is_number());
  }
}

TEST(Benchmark, ExerciseAnswerQuotesTheMeasuredRatio) {
  BenchmarkReport report;
  report.target = "AVX3";
  report.rows = 2048;
  report.cols = 4096;
  report.results = {{"memcpy", 2.0e-3, 0, 0}, {"layer_fwd", 2.2e-3, 0, 0}, {"rms_fwd", 2.1e-3, 0, 0}};
  const std::string answer = exercise_answer(report);
  EXPECT_NE(answer.find("0.95x LayerNorm's time"), std::string::npos) << answer;
  EXPECT_NE(answer.find("5% less time"), std::string::npos) << answer;
  EXPECT_NE(answer.find("not the ~15% claimed"), std::string::npos) << answer;
  EXPECT_NE(answer.find("1.10x of a memcpy"), std::string::npos) << answer;
  // A memcpy slower than both kernels (glibc's copy is not always the fastest way to move bytes) must not
  // read as "within 0.9x": the sentence says neither kernel took longer.
  report.results[0].median_s = 2.5e-3;
  EXPECT_NE(exercise_answer(report).find("neither takes longer than a memcpy"), std::string::npos)
      << exercise_answer(report);
  report.results.pop_back();
  EXPECT_TRUE(exercise_answer(report).empty());
}

// The "x floor" column of the CLI and the app: time over what memcpy needs for the case's bytes. A
// backward moving 1.5x memcpy's bytes in 3x memcpy's time sits at 2x its floor.
TEST(Benchmark, FloorRatioScalesMemcpyByTheCasesBytes) {
  BenchmarkReport report;
  report.results.push_back({"memcpy", 1e-3, 40.0, 40e6});
  report.results.push_back({"layer_bwd", 3e-3, 20.0, 60e6});
  report.results.push_back({"layer_fwd", 1.2e-3, 40.0 / 1.2, 40e6});
  EXPECT_DOUBLE_EQ(floor_ratio(report, report.results[1]), 2.0);
  EXPECT_DOUBLE_EQ(floor_ratio(report, report.results[2]), 1.2);
  EXPECT_DOUBLE_EQ(floor_ratio(report, report.results[0]), 1.0);
  BenchmarkReport without_memcpy;
  without_memcpy.results.push_back(report.results[1]);
  EXPECT_TRUE(std::isnan(floor_ratio(without_memcpy, without_memcpy.results[0])));
}

// Reports (the CLI's table, the app's panel) and bench/kernels_bench's ratio counters share it.
TEST(Benchmark, MedianOfOddAndEvenCounts) {
  EXPECT_EQ(median({3.0, 1.0, 2.0}), 2.0);
  EXPECT_EQ(median({4.0, 1.0, 3.0, 2.0}), 2.5);
  EXPECT_EQ(median({7.0}), 7.0);
  EXPECT_TRUE(std::isnan(median({})));
}

// In a fixed order each case follows the same neighbour in every round and inherits what it left in
// the caches; the rounds' orders must be permutations in which every case meets several predecessors,
// and reproducible so that two runs compare.
TEST(Benchmark, RoundsShuffleTheOrderOfTheCases) {
  constexpr std::size_t kCases = 10, kRounds = 40;
  std::vector<std::set<std::size_t>> predecessors(kCases);
  std::set<std::vector<std::size_t>> distinct_orders;
  for (std::size_t round = 0; round < kRounds; ++round) {
    const std::vector<std::size_t> order = round_order(kCases, round);
    std::vector<std::size_t> sorted = order;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t index = 0; index < kCases; ++index) ASSERT_EQ(sorted[index], index) << "round " << round;
    for (std::size_t position = 1; position < kCases; ++position) predecessors[order[position]].insert(order[position - 1]);
    distinct_orders.insert(order);
    EXPECT_EQ(order, round_order(kCases, round));
  }
  EXPECT_GE(distinct_orders.size(), kRounds - 1);
  for (std::size_t index = 0; index < kCases; ++index) EXPECT_GE(predecessors[index].size(), 5u) << "case " << index;
  EXPECT_TRUE(round_order(0, 3).empty());
  EXPECT_EQ(round_order(1, 3), std::vector<std::size_t>{0});
}

TEST(Benchmark, CancelStopsAndBadRequestsAreRefused) {
  std::stop_source stopped;
  stopped.request_stop();
  const BenchmarkReport report = run_benchmarks(quick_request(), {}, stopped.get_token());
  EXPECT_TRUE(report.results.empty());

  BenchmarkRequest empty = quick_request();
  empty.cols = 0;
  EXPECT_THROW(run_benchmarks(empty), std::invalid_argument);
  BenchmarkRequest unknown = quick_request();
  unknown.names = {"layer_fwd", "fastest_possible"};
  EXPECT_THROW(run_benchmarks(unknown), std::invalid_argument);
}

// 65536 x 65536 (the app's largest inputs) needs four 16 GiB matrices: refused with the sizes in
// words before anything is allocated, instead of an overcommitted allocation the kernel kills the
// process for while filling it. No test machine has 64 GiB / 0.75 = 85 GiB of memory.
TEST(Benchmark, ShapesBeyondTheMachinesMemoryAreRefusedUpFront) {
  BenchmarkRequest huge = quick_request();
  huge.rows = 65536;
  huge.cols = 65536;
  try {
    run_benchmarks(huge);
    FAIL() << "65536 x 65536 was not refused";
  } catch (const std::invalid_argument& refusal) {
    const std::string message = refusal.what();
    EXPECT_NE(message.find("65536 x 65536"), std::string::npos) << message;
    EXPECT_NE(message.find("needs 64.0 GiB"), std::string::npos) << message;
    EXPECT_NE(message.find("of memory"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace normlab::perf
