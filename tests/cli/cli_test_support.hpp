// Runs normlab-cli (found through the NORMLAB_CLI macro) in a fresh temporary directory and captures
// its exit code, stdout and stderr.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace normlab::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    directory_ = std::filesystem::temp_directory_path() /
                 ("normlab_cli_" + std::to_string(::getpid()) + "_" + info->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::string path(const std::string& name) const { return (directory_ / name).string(); }

  void write_text(const std::string& name, const std::string& text) const {
    std::ofstream(path(name), std::ios::binary) << text;
  }
  static std::string read_text(const std::string& file) {
    std::ifstream stream(file, std::ios::binary);
    std::ostringstream contents;
    contents << stream.rdbuf();
    return contents.str();
  }

  // Arguments are passed through the shell single-quoted; test arguments contain no quotes.
  CliResult run(const std::vector<std::string>& arguments) const {
    std::string command = "cd '" + directory_.string() + "' && '" NORMLAB_CLI "'";
    for (const auto& argument : arguments) command += " '" + argument + "'";
    const std::string out_file = path(".stdout"), err_file = path(".stderr");
    command += " >'" + out_file + "' 2>'" + err_file + "'";
    const int status = std::system(command.c_str());
    CliResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_text(out_file);
    result.err = read_text(err_file);
    std::filesystem::remove(out_file);
    std::filesystem::remove(err_file);
    return result;
  }

  // Names of the files in the directory (the captured streams are removed by run()).
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(directory_))
      names.push_back(entry.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }

  // Runs a command that must fail; checks the exit code, the single line, the phrase, and that the
  // directory holds exactly the files it held before.
  void expect_failure(const std::vector<std::string>& arguments, const std::string& phrase) {
    const auto before = files();
    const auto result = run(arguments);
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find(phrase), std::string::npos) << "stderr: " << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << "one line: " << result.err;
    EXPECT_EQ(result.err.rfind("normlab-cli ", 0), 0u) << result.err;
    EXPECT_EQ(files(), before) << "no output or temporary file left by: " << result.err;
  }

  std::filesystem::path directory_;
};

}  // namespace normlab::testing
