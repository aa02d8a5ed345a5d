// `normlab-cli depth`, `train` and `sweep` as a user runs them: the CSV contracts of issue 6 and a
// one-line error with no file left behind for every bad argument.
#include <gtest/gtest.h>

#include <cmath>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>
#include <sys/wait.h>

namespace {

namespace fs = std::filesystem;

struct CliRun {
  int exit_code = 0;
  std::string error_text;
};

fs::path scratch_dir() {
  const fs::path dir = fs::temp_directory_path() / ("normlab_model_cli_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

CliRun run_cli(const std::string& arguments) {
  const fs::path error_file = scratch_dir() / "stderr.txt";
  const std::string command = std::string(NORMLAB_CLI) + " " + arguments + " > /dev/null 2> " + error_file.string();
  const int status = std::system(command.c_str());
  std::ifstream error_stream(error_file);
  std::stringstream text;
  text << error_stream.rdbuf();
  return {WEXITSTATUS(status), text.str()};
}

std::vector<std::vector<std::string>> read_csv(const fs::path& path) {
  std::ifstream stream(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(stream, line)) {
    std::vector<std::string> cells;
    std::stringstream cells_stream(line);
    std::string cell;
    while (std::getline(cells_stream, cell, ',')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

// Runs a command that must succeed and write `file_name` (given as --out), and returns its rows.
std::vector<std::vector<std::string>> run_to_csv(const std::string& arguments, const std::string& file_name) {
  const fs::path out = scratch_dir() / file_name;
  const CliRun run = run_cli(arguments + " --out " + out.string());
  EXPECT_EQ(run.exit_code, 0) << arguments << " -> " << run.error_text;
  return read_csv(out);
}

TEST(ModelCli, DepthWritesOneRowPerLayerCountedFromOne) {
  const auto rows = run_to_csv("depth --placement post --norm rms --layers 5 --d-model 16 --heads 2 --seq 8 --seed 3",
                               "depth.csv");
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"layer", "hidden_norm", "attn_out_norm", "ffn_out_norm",
                                               "grad_norm_input", "grad_norm_ffn_w1", "grad_norm_ffn_w2",
                                               "attn_alignment", "ffn_alignment"}));
  for (std::size_t layer = 1; layer <= 5; ++layer) {
    ASSERT_EQ(rows[layer].size(), 9u);
    EXPECT_EQ(rows[layer][0], std::to_string(layer));
    // Post-RMSNorm puts every token on the sphere of radius sqrt(d ms/(ms + eps)) ~ sqrt(16) = 4.
    EXPECT_NEAR(std::stod(rows[layer][1]), 4.0, 1e-3);
    for (std::size_t column = 1; column < 7; ++column) EXPECT_GT(std::stod(rows[layer][column]), 0.0);
    for (std::size_t column = 7; column < 9; ++column) EXPECT_LE(std::abs(std::stod(rows[layer][column])), 1.0);  // cosines
  }
}

TEST(ModelCli, TrainWritesTheCurve) {
  const auto rows = run_to_csv("train --placement pre --norm layer --layers 2 --d-model 16 --heads 2 --seq 7 --lr 1e-3 "
                               "--warmup 4 --steps 6 --task sort --seed 1 --batch 4",
                               "curve.csv");
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"step", "loss", "grad_norm", "update_norm", "lr"}));
  EXPECT_DOUBLE_EQ(std::stod(rows[1][4]), 1e-3 / 4);  // linear warm-up: step 0 runs at lr/4
  EXPECT_DOUBLE_EQ(std::stod(rows[6][4]), 1e-3);
}

TEST(ModelCli, DivergenceIsAResultNotACrash) {
  // No norms, a 1e3 learning rate: the loss blows up within a few steps.
  const auto rows = run_to_csv("train --placement none --layers 4 --d-model 16 --heads 2 --seq 7 --lr 1e3 --warmup 0 "
                               "--steps 50 --task copy --seed 1 --batch 4",
                               "diverged.csv");
  EXPECT_GT(rows.size(), 1u);
  EXPECT_LT(rows.size(), 51u);  // stopped early
}

TEST(ModelCli, SweepWritesConfigLrFinalLossDiverged) {
  const auto rows = run_to_csv("sweep --configs pre,post+warmup --lrs 1e-3,1e3 --layers 2 --d-model 16 --heads 2 "
                               "--seq 7 --steps 5 --warmup 2 --batch 4 --seeds 3,5",
                               "sweep.csv");
  ASSERT_EQ(rows.size(), 9u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"config", "lr", "seed", "final_loss", "final_accuracy", "outcome"}));
  EXPECT_EQ(rows[1][0], "pre");
  EXPECT_EQ(rows[1][2], "3");  // each learning rate once per seed
  EXPECT_EQ(rows[2][2], "5");
  EXPECT_EQ(rows[5][0], "post+warmup");
  EXPECT_EQ(rows[1][5], "stalled");  // five steps at 1e-3 learn nothing and blow nothing up
  EXPECT_EQ(rows[3][5], "diverged");  // 1e3 blows up
}

TEST(ModelCli, BadArgumentsGiveOneLineErrorAndNoFile) {
  const fs::path out = scratch_dir() / "never.csv";
  const std::string tail = " --out " + out.string();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"depth --layers 0", "layers"},
      {"depth --d-model 30 --heads 4", "divisible"},
      {"depth --placement sideways", "placement"},
      {"depth --norm batch", "norm"},
      {"depth --layers -3", "negative"},
      {"depth --layers 2.5", "layers"},
      {"depth --bogus 1", "bogus"},
      {"train --lr -1e-3", "learning rate"},
      {"train --task juggle", "task"},
      {"train --steps 0", "steps"},
      {"sweep --lrs 1e-3,abc", "lrs"},
      {"sweep --lrs 1e-3 --configs post+warmup --warmup 0", "warm-up"},
      {"sweep --lrs 1e-3 --configs pre,,post", "empty"},
      {"sweep --lrs 1e-3 --seeds 1,x", "seeds"},
      {"sweep --lrs 1e-3 --seeds -2", "seeds"},
  };
  for (const auto& [arguments, keyword] : cases) {
    const CliRun run = run_cli(arguments + tail);
    EXPECT_NE(run.exit_code, 0) << arguments;
    EXPECT_NE(run.error_text.find(keyword), std::string::npos) << arguments << " -> " << run.error_text;
    EXPECT_EQ(std::count(run.error_text.begin(), run.error_text.end(), '\n'), 1) << run.error_text;
    EXPECT_FALSE(fs::exists(out)) << arguments;
  }
  const CliRun missing_out = run_cli("depth --layers 2");
  EXPECT_NE(missing_out.exit_code, 0);
  EXPECT_NE(missing_out.error_text.find("--out"), std::string::npos);
}

}  // namespace
