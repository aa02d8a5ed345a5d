// Saved benchmark runs: what to_json writes reads back to the same report (and the same answer), a
// run from a file names its file instead of "this machine", and every malformed file is refused with
// the problem named and nothing half-read.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "perf/benchmark.hpp"

namespace normlab::perf {
namespace {

BenchmarkReport sample_report() {
  BenchmarkReport report;
  report.target = "AVX2";
  report.rows = 2048;
  report.cols = 4096;
  report.threads = 2;
  report.cold_cache = true;
  // bytes: a forward moves two 32 MiB matrices plus gamma and beta; gbps = bytes / time / 1e9.
  const double forward_bytes = (2.0 * 2048 * 4096 + 2 * 4096) * 4;
  report.results = {{"memcpy", 1.8e-3, 2.0 * 2048 * 4096 * 4 / 1.8e-3 / 1e9, 2.0 * 2048 * 4096 * 4},
                    {"layer_fwd", 2.2e-3, forward_bytes / 2.2e-3 / 1e9, forward_bytes},
                    {"rms_fwd", 1.76e-3, forward_bytes / 1.76e-3 / 1e9, forward_bytes},
                    {"layer_bwd_onednn", 9.0e-3, 11.5, 9.0e-3 * 11.5e9}};
  return report;
}

std::string scratch_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("normlab_report_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

TEST(SavedRun, RoundTripsThroughJsonAndAFile) {
  const BenchmarkReport report = sample_report();
  const BenchmarkReport read = report_from_json(nlohmann::json(to_json(report)));
  EXPECT_EQ(read.target, "AVX2");
  EXPECT_EQ(read.rows, 2048u);
  EXPECT_EQ(read.cols, 4096u);
  EXPECT_EQ(read.threads, 2u);
  EXPECT_TRUE(read.cold_cache);
  ASSERT_EQ(read.results.size(), report.results.size());
  for (std::size_t index = 0; index < report.results.size(); ++index) {
    EXPECT_EQ(read.results[index].name, report.results[index].name);
    EXPECT_DOUBLE_EQ(read.results[index].median_s, report.results[index].median_s);
    EXPECT_DOUBLE_EQ(read.results[index].gbps, report.results[index].gbps);
    EXPECT_NEAR(read.results[index].bytes_moved, report.results[index].bytes_moved,
                1e-12 * report.results[index].bytes_moved);
    EXPECT_DOUBLE_EQ(floor_ratio(read, read.results[index]), floor_ratio(report, report.results[index]));
  }
  EXPECT_TRUE(read.source.empty());
  EXPECT_EQ(exercise_answer(read), exercise_answer(report));

  const std::string path = scratch_path("run.json");
  save_report(path, report);
  const BenchmarkReport loaded = load_report(path);
  std::filesystem::remove(path);
  EXPECT_EQ(loaded.source, std::filesystem::path(path).filename().string());
  EXPECT_EQ(loaded.results.size(), report.results.size());
  // Measured elsewhere: the answer names the file, not "this machine" (0.80x: 1.76 / 2.2).
  const std::string answer = exercise_answer(loaded);
  EXPECT_EQ(answer.rfind("In the run saved as " + loaded.source + " (AVX2, 2 threads), ", 0), 0u) << answer;
  EXPECT_NE(answer.find("0.80x LayerNorm's time"), std::string::npos) << answer;
  EXPECT_EQ(exercise_answer(report).rfind("On this machine (AVX2, 2 threads)", 0), 0u);
}

TEST(SavedRun, FilesWithoutThreadsOrCacheReadAsOneWarmThread) {
  const nlohmann::json json = nlohmann::json::parse(
      R"({"target": "AVX3", "rows": 8, "cols": 24, "results": [{"name": "memcpy", "median_s": 1e-6, "gbps": 1.5}]})");
  const BenchmarkReport report = report_from_json(json);
  EXPECT_EQ(report.threads, 1u);
  EXPECT_FALSE(report.cold_cache);
  EXPECT_DOUBLE_EQ(report.results[0].bytes_moved, 1500.0);
}

std::string message_of_refusal(const std::string& text) {
  try {
    report_from_json(nlohmann::json::parse(text));
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "accepted";
}

void expect_refused(const std::string& text, const std::string& words) {
  SCOPED_TRACE(text);
  const std::string message = message_of_refusal(text);
  EXPECT_NE(message.find(words), std::string::npos) << message;
}

TEST(SavedRun, MalformedRunsAreRefusedWithTheProblemNamed) {
  const std::string head = R"({"target": "AVX3", "rows": 8, "cols": 24, )";
  const std::string ok_case = R"({"name": "memcpy", "median_s": 1e-6, "gbps": 1.5})";
  expect_refused("[1, 2]", "JSON object");
  expect_refused(R"({"rows": 8, "cols": 24, "results": [)" + ok_case + "]}", "no \"target\"");
  expect_refused(R"({"target": "", "rows": 8, "cols": 24, "results": [)" + ok_case + "]}", "\"target\"");
  expect_refused(R"({"target": "AVX3", "rows": 0, "cols": 24, "results": [)" + ok_case + "]}", "\"rows\"");
  expect_refused(R"({"target": "AVX3", "rows": 8, "cols": 2.5, "results": [)" + ok_case + "]}", "\"cols\"");
  expect_refused(head + R"("threads": -2, "results": [)" + ok_case + "]}", "\"threads\"");
  expect_refused(head + R"("cache": "lukewarm", "results": [)" + ok_case + "]}", "\"cache\"");
  expect_refused(head + R"("results": []})", "non-empty array");
  expect_refused(head + R"("results": [42]})", "results[0] must be an object");
  expect_refused(head + R"("results": [{"median_s": 1e-6, "gbps": 1.5}]})", "results[0] has no \"name\"");
  expect_refused(head + R"("results": [{"name": "layer_fwd_cuda", "median_s": 1e-6, "gbps": 1.5}]})",
                 "\"layer_fwd_cuda\" is not a benchmark case");
  expect_refused(head + R"("results": [)" + ok_case + R"(, {"name": "layer_fwd", "median_s": 0, "gbps": 1}]})",
                 "results[1].median_s must be a positive number");
  expect_refused(head + R"("results": [{"name": "memcpy", "median_s": 1e-6, "gbps": "fast"}]})",
                 "results[0].gbps");
  expect_refused(head + R"("results": [)" + ok_case + ", " + ok_case + "]}", "\"memcpy\" appears twice");
  // Values whose products overflow (bytes = gbps x median_s x 1e9) are refused, not plotted as inf.
  expect_refused(head + R"("results": [{"name": "memcpy", "median_s": 1e300, "gbps": 1.5}]})",
                 "results[0].median_s must be a positive number up to 604800");
  expect_refused(head + R"("results": [{"name": "memcpy", "median_s": 1e-6, "gbps": 1e300}]})",
                 "results[0].gbps must be a positive number up to 1e+06");
  // A name with a terminal escape and 10 KB of text is quoted escaped and short.
  const std::string refused = message_of_refusal(head + R"("results": [{"name": "\u001b[2J)" + std::string(10000, 'n') +
                                                 R"(", "median_s": 1e-6, "gbps": 1.5}]})");
  EXPECT_EQ(refused.find('\x1b'), std::string::npos);
  EXPECT_NE(refused.find("\\x1b[2J"), std::string::npos) << refused;
  EXPECT_LT(refused.size(), 400u);
}

TEST(SavedRun, UnreadableFilesNameTheFile) {
  EXPECT_THROW(load_report(scratch_path("missing.json")), std::runtime_error);
  const std::string path = scratch_path("truncated.json");
  std::ofstream(path) << R"({"target": "AVX3", "rows": 8, "co)";
  try {
    load_report(path);
    ADD_FAILURE() << "accepted a truncated file";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find(path + " is not JSON"), std::string::npos) << error.what();
  }
  std::ofstream(path, std::ios::trunc) << R"({"target": "AVX3", "rows": 8, "cols": 24, "results": []})";
  try {
    load_report(path);
    ADD_FAILURE() << "accepted a run without results";
  } catch (const std::invalid_argument& error) {
    EXPECT_EQ(std::string(error.what()).rfind(path + ": ", 0), 0u) << error.what();
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace normlab::perf
