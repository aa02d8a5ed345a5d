// Requests that used to crash, hang, or quietly do the wrong thing: each is now one clear line and a
// non-zero exit, with the inputs left as they were.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <chrono>
#include <thread>

#include "cli_test_support.hpp"
#include "io/npy.hpp"

namespace normlab {
namespace {

class CliReliability : public testing::CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    write_npy(path("a.npy"), Tensor<float>({2, 4}, {1, 2, 3, 4, 5, 6, 7, 9}));
    original_ = read_text(path("a.npy"));
  }
  std::string original_;
};

TEST_F(CliReliability, AnOutputThatIsTheInputIsRefusedHoweverItIsSpelt) {
  std::filesystem::create_symlink("a.npy", path("link.npy"));
  std::filesystem::create_hard_link(path("a.npy"), path("hard.npy"));
  for (const std::string& out : std::vector<std::string>{"a.npy", "./a.npy", path("a.npy"), "link.npy", "hard.npy"}) {
    expect_failure({"apply", "--norm", "layer", "--in", "a.npy", "--out", out}, "is the input file --in");
    EXPECT_EQ(read_text(path("a.npy")), original_) << out;
  }
  expect_failure({"apply", "--norm", "layer", "--in", "link.npy", "--out", "a.npy"}, "would replace the input");
  write_npy(path("dy.npy"), Tensor<float>({2, 4}, {1, 0, 0, 0, 0, 0, 0, 1}));
  expect_failure({"grad", "--norm", "layer", "--in", "a.npy", "--grad-out", "dy.npy", "--out-dx", "./dy.npy"},
                 "--out-dx './dy.npy' is the input file --grad-out");
  expect_failure({"grad", "--norm", "layer", "--in", "a.npy", "--grad-out", "dy.npy", "--out-dx", "dx.npy",
                  "--out", "hard.npy"},
                 "--out 'hard.npy' is the input file --in");
  write_npy(path("v.npy"), Tensor<double>({3}, {1, 2, 4}));
  const std::string vector = read_text(path("v.npy"));
  std::filesystem::create_symlink("v.npy", path("v-link.npy"));
  expect_failure({"jacobian", "--norm", "layer", "--in", "v.npy", "--out", "v-link.npy"}, "is the input file");
  EXPECT_EQ(read_text(path("v.npy")), vector);
  EXPECT_EQ(read_text(path("a.npy")), original_);
}

TEST_F(CliReliability, DirectoriesFifosAndDevicesAreNotInputs) {
  std::filesystem::create_directories(path("d.npy"));
  std::filesystem::create_directories(path("d.csv"));
  expect_failure({"apply", "--norm", "layer", "--in", "d.npy", "--out", "y.npy"}, "'d.npy' is a directory, not a file");
  expect_failure({"apply", "--norm", "layer", "--in", "d.csv", "--out", "y.npy"}, "'d.csv' is a directory, not a file");
  ASSERT_EQ(::mkfifo(path("f.npy").c_str(), 0600), 0);
  expect_failure({"apply", "--norm", "layer", "--in", "f.npy", "--out", "y.npy"}, "'f.npy' is a FIFO");
  expect_failure({"apply", "--norm", "layer", "--in", "a.npy", "--gamma", "f.npy", "--out", "y.npy"}, "FIFO");
}

TEST_F(CliReliability, FileContentNeverReachesTheTerminalRaw) {
  write_text("esc.csv", "1,\x1b[2J\x1b]0;title\x07\n");
  expect_failure({"apply", "--norm", "layer", "--in", "esc.csv", "--out", "y.npy"}, "'\\x1b[2J\\x1b]0;title\\x07'");
  write_text("long.csv", "1," + std::string(200 * 1024, '9') + "x\n");
  const auto result = run({"apply", "--norm", "layer", "--in", "long.csv", "--out", "y.npy"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_LT(result.err.size(), 300u) << result.err.substr(0, 300);
}

// Found by the cli_options fuzz target: a name argument echoed with its control characters.
TEST_F(CliReliability, ArgumentsAreEchoedEscaped) {
  for (const std::vector<std::string>& arguments :
       {std::vector<std::string>{"apply", "--norm", "b\x10l\x1b[2J", "--in", "a.npy", "--out", "y.npy"},
        std::vector<std::string>{"apply", "--norm", "batch", "--mode", "t\x1b]0;x\x07", "--in", "a.npy", "--out", "y.npy"},
        std::vector<std::string>{"depth", "--placement", "p\x1bre", "--out", "r.csv"},
        std::vector<std::string>{"export", "--figure", "jacobian-spectrum", "--theme", "\x1b[31m", "--out", "f.png"},
        std::vector<std::string>{"apply", "--\x1b[2Jnorm", "layer"}}) {
    const auto result = run(arguments);
    EXPECT_NE(result.exit_code, 0);
    ASSERT_FALSE(result.err.empty());
    EXPECT_EQ(std::count_if(result.err.begin(), result.err.end() - 1,
                            [](char c) { return static_cast<unsigned char>(c) < 0x20; }),
              0)
        << result.err;
    EXPECT_NE(result.err.find("\\x1b"), std::string::npos) << result.err;
  }
}

TEST_F(CliReliability, NumbersAreDecimalOnly) {
  for (const char* eps : {"0x10", "inf", "nan", "1e999"}) {
    expect_failure({"apply", "--norm", "layer", "--in", "a.npy", "--out", "y.npy", "--eps", eps},
                   "option --eps needs a decimal number");
  }
  expect_failure({"apply", "--norm", "group", "--groups", "0x2", "--in", "a.npy", "--out", "y.npy"},
                 "needs a whole number, got '0x2'");
}

TEST_F(CliReliability, BenchSizesAndThreadsHaveStatedLimits) {
  expect_failure({"bench", "--threads", "100000", "--rows", "64", "--cols", "64"},
                 "100000 threads is more than the limit of");
  expect_failure({"bench", "--rows", "1000000000", "--cols", "1"}, "more than NormLab's budget of");
  expect_failure({"bench", "--rows", "1000000", "--cols", "1000000"}, "");
}

TEST_F(CliReliability, ModelSizesBeyondTheMemoryBudgetAreRefusedBeforeAllocating) {
  expect_failure({"depth", "--layers", "100000", "--out", "r.csv"}, "a transformer of 100000 layers");
  expect_failure({"depth", "--d-model", "100000", "--out", "r.csv"}, "more than NormLab's budget of");
  expect_failure({"train", "--d-model", "65536", "--steps", "1", "--out", "c.csv"}, "more than NormLab's budget of");
}

TEST_F(CliReliability, UndefinedOrOverflowingResultsAreRefusedInWords) {
  write_text("flat.csv", "1,1,1\n1,2,3\n");
  expect_failure({"apply", "--norm", "layer", "--eps", "0", "--in", "flat.csv", "--out", "y.csv"},
                 "group 0 (each row's 3 features (last axis), 2 rows) has variance 0");
  write_text("big.csv", "1,2,3\n");
  write_text("gamma.csv", "1.7e308,1.7e308,1.7e308\n");
  expect_failure({"apply", "--norm", "layer", "--in", "big.csv", "--gamma", "gamma.csv", "--out", "y.csv"},
                 "has Inf at flat index 0: it overflows");
  // With eps > 0 the same flat row is defined: all zeros.
  ASSERT_EQ(run({"apply", "--norm", "layer", "--in", "flat.csv", "--out", "y.csv"}).exit_code, 0);
  EXPECT_EQ(read_text(path("y.csv")).substr(0, 6), "0,0,0\n");
}

TEST_F(CliReliability, ProgressNamesEachStageOfApply) {
  const auto quiet = run({"apply", "--norm", "layer", "--in", "a.npy", "--out", "y.npy"});
  EXPECT_EQ(quiet.exit_code, 0);
  EXPECT_EQ(quiet.err, "") << "no notes for a small file when stderr is not a terminal";
  const auto noted = run({"apply", "--norm", "layer", "--in", "a.npy", "--out", "z.npy", "--progress"});
  ASSERT_EQ(noted.exit_code, 0) << noted.err;
  EXPECT_NE(noted.err.find("normlab-cli apply: reading a.npy... ("), std::string::npos) << noted.err;
  EXPECT_NE(noted.err.find("normlab-cli apply: normalizing (2, 4) float32... ("), std::string::npos) << noted.err;
  EXPECT_NE(noted.err.find("normlab-cli apply: writing z.npy... ("), std::string::npos) << noted.err;
  EXPECT_EQ(std::count(noted.err.begin(), noted.err.end(), '\n'), 3);
}

TEST_F(CliReliability, TrainKilledMidwayLeavesTheCurveSoFar) {
  const pid_t child = ::fork();
  if (child == 0) {
    ::chdir(directory_.c_str());
    ::execl(NORMLAB_CLI, NORMLAB_CLI, "train", "--layers", "1", "--d-model", "8", "--heads", "1", "--seq", "4",
            "--batch", "1", "--steps", "100000000", "--lr", "1e-9", "--out", "curve.csv", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!std::filesystem::exists(path("curve.csv")) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  const std::string curve = read_text(path("curve.csv"));
  ASSERT_EQ(curve.rfind("step,loss,grad_norm,update_norm,lr\n", 0), 0u) << curve.substr(0, 200);
  const auto lines = std::count(curve.begin(), curve.end(), '\n');
  EXPECT_GE(lines, 51);
  EXPECT_EQ((lines - 1) % 50, 0) << "whole saves of 50 steps";
}

}  // namespace
}  // namespace normlab
