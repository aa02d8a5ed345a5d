// `normlab-cli bench` as a user runs it: the JSON object issue 3 fixes (keys, order, case names, a
// byte rate consistent with the time), the table with its floor column and the exercise's sentence,
// and a one-line error for every bad argument. Timings are not judged here (benchmarks judge them);
// the shape is tiny so a run takes milliseconds.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "cli_test_support.hpp"

namespace normlab::testing {
namespace {

class CliBench : public CliTest {};

const std::vector<std::string> kQuick = {"bench", "--rows", "8", "--cols", "24", "--min-seconds", "0"};

std::vector<std::string> quick(std::vector<std::string> extra) {
  std::vector<std::string> arguments = kQuick;
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  return arguments;
}

TEST_F(CliBench, JsonIsOneObjectWithTheIssuesKeysAndNames) {
  const CliResult result = run(quick({"--json"}));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto report = nlohmann::ordered_json::parse(result.out);
  std::vector<std::string> keys;
  for (const auto& item : report.items()) keys.push_back(item.key());
  // The issue's keys plus how the run was made, which an opened run's table and answer need.
  EXPECT_EQ(keys, (std::vector<std::string>{"target", "rows", "cols", "threads", "cache", "results"}));
  EXPECT_EQ(report["threads"], 1);
  EXPECT_EQ(report["cache"], "warm");
  EXPECT_FALSE(report["target"].get<std::string>().empty());
  EXPECT_EQ(report["rows"], 8);
  EXPECT_EQ(report["cols"], 24);
  std::vector<std::string> names;
  for (const auto& item : report["results"]) {
    names.push_back(item["name"]);
    const double median_s = item["median_s"], gbps = item["gbps"];
    EXPECT_GT(median_s, 0.0) << item;
    EXPECT_GT(gbps, 0.0) << item;
  }
  for (const std::string expected : {"memcpy", "layer_fwd", "rms_fwd", "layer_bwd", "rms_bwd", "layer_fwd_scalar",
                                     "rms_fwd_scalar", "layer_fwd_eigen"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  }
  // memcpy moves 2 * 8 * 24 floats: its GB/s must be those bytes over its median time.
  const auto& copy = report["results"][0];
  ASSERT_EQ(copy["name"], "memcpy");
  EXPECT_NEAR(copy["gbps"].get<double>(), 2 * 8 * 24 * 4 / copy["median_s"].get<double>() / 1e9,
              1e-9 * copy["gbps"].get<double>());
}

TEST_F(CliBench, TableHasTheFloorColumnAndAnswersTheExercise) {
  const CliResult result = run(quick({"--cases", "memcpy,layer_fwd,rms_fwd"}));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("x floor"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("Exercise 3: "), std::string::npos) << result.out;
  // Only the requested cases are timed.
  EXPECT_EQ(result.out.find("layer_bwd"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("rms_fwd"), std::string::npos) << result.out;
}

// The table's header says which cache state the samples started from: warm unless --cache cold.
TEST_F(CliBench, HeaderNamesTheCacheState) {
  const CliResult warm = run(quick({"--cases", "memcpy,layer_fwd"}));
  ASSERT_EQ(warm.exit_code, 0) << warm.err;
  EXPECT_NE(warm.out.find("wall time, warm caches\n"), std::string::npos) << warm.out;
  const CliResult cold = run(quick({"--cases", "memcpy,layer_fwd", "--cache", "cold"}));
  ASSERT_EQ(cold.exit_code, 0) << cold.err;
  EXPECT_NE(cold.out.find("wall time, cold caches\n"), std::string::npos) << cold.out;
  EXPECT_NE(cold.out.find("layer_fwd"), std::string::npos) << cold.out;
}

TEST_F(CliBench, BadArgumentsGiveOneLineAndExitNonZero) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {quick({"--cases", "memcpy,,layer_fwd"}), "empty entry"},
      {quick({"--cases", "memcpy,nosuch"}), "unknown case 'nosuch'"},
      {{"bench", "--rows", "0"}, "at least 1"},
      {{"bench", "--cols", "-3"}, "at least 1"},
      {{"bench", "--threads", "2", "--cpu-time", "--rows", "8", "--cols", "8"}, "single thread"},
      {{"bench", "--rows", "many"}, "--rows"},
      {{"bench", "--frobnicate"}, "frobnicate"},
      {quick({"--cache", "lukewarm"}), "--cache must be warm or cold (got 'lukewarm')"},
  };
  for (const auto& [arguments, expected] : cases) {
    const CliResult result = run(arguments);
    EXPECT_NE(result.exit_code, 0) << arguments.back();
    EXPECT_NE(result.err.find(expected), std::string::npos) << arguments.back() << " -> " << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_TRUE(result.out.empty()) << result.out;
  }
}

}  // namespace
}  // namespace normlab::testing
