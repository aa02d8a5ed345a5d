// Command-line parsing and the remembered settings: bad input is a clear error or defaults, never a crash.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include "gui/launch_options.hpp"
#include "gui/settings.hpp"

namespace normlab::gui {
namespace {

std::optional<std::string> parse(std::vector<const char*> arguments, LaunchOptions& options) {
  arguments.insert(arguments.begin(), "normlab");
  return parse_launch_options(static_cast<int>(arguments.size()), arguments.data(), options);
}

TEST(LaunchOptions, ParsesTheScreenshotContract) {
  LaunchOptions options;
  ASSERT_FALSE(parse({"--screenshot", "out.png", "--panel", "models", "--theme", "dark", "--size", "1920x1080",
                      "--frames", "7", "--step", "1", "--presentation"},
                     options));
  EXPECT_EQ(options.screenshot_path, "out.png");
  EXPECT_EQ(options.panel, "models");
  EXPECT_EQ(options.theme, ThemeKind::dark);
  EXPECT_EQ(options.width, 1920);
  EXPECT_EQ(options.height, 1080);
  EXPECT_EQ(options.frames, 7);
  EXPECT_EQ(options.step, "1");
  EXPECT_TRUE(options.presentation);
}

TEST(LaunchOptions, ArgumentsThatAreNoOptionsAreFilesToOpen) {
  LaunchOptions options;
  ASSERT_FALSE(parse({"run.json", "--presentation", "data/matrix.npy"}, options));
  EXPECT_EQ(options.files, (std::vector<std::string>{"run.json", "data/matrix.npy"}));
  EXPECT_TRUE(options.presentation);
}

TEST(LaunchOptions, BadValuesNameTheProblem) {
  const std::vector<std::pair<std::vector<const char*>, std::string>> cases = {
      {{"--size", "1920by1080"}, "--size"},   {{"--size", "10x10"}, "--size"},
      {{"--frames", "0"}, "--frames"},        {{"--frames", "3x"}, "--frames"},
      {{"--theme", "blue"}, "--theme"},       {{"--step", ""}, "--step"},
      {{"--set", "layers"}, "--set needs KEY=VALUE"}, {{"--set", "=3"}, "--set needs KEY=VALUE"},
      {{"--scale", "nan"}, "--scale"},        {{"--bogus"}, "unknown option '--bogus'"},
      {{"--screenshot"}, "needs a value"},
  };
  for (const auto& [arguments, expected] : cases) {
    LaunchOptions options;
    const auto error = parse(arguments, options);
    ASSERT_TRUE(error.has_value()) << arguments[0];
    EXPECT_NE(error->find(expected), std::string::npos) << *error;
  }
}

// Found by the launch_options fuzz target: the bad argument was echoed with its control characters.
TEST(LaunchOptions, BadArgumentsAreEchoedEscaped) {
  for (const std::vector<const char*>& arguments :
       {std::vector<const char*>{"--pres\x01"}, std::vector<const char*>{"--theme", "\x1b[2J"},
        std::vector<const char*>{"--size", "1x1\n"}}) {
    LaunchOptions options;
    const auto error = parse(arguments, options);
    ASSERT_TRUE(error.has_value());
    for (const char c : *error) EXPECT_GE(static_cast<unsigned char>(c), 0x20) << *error;
    EXPECT_NE(error->find('\\'), std::string::npos) << "shown escaped: " << *error;
  }
}

class SettingsFile : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() /
              ("normlab_settings_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(folder_);
    path_ = (folder_ / "nested" / "settings.json").string();
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }
  void write(const std::string& text) {
    std::filesystem::create_directories(std::filesystem::path(path_).parent_path());
    std::ofstream(path_) << text;
  }
  std::filesystem::path folder_;
  std::string path_;
};

TEST_F(SettingsFile, MissingFileGivesDefaultsWithoutComplaint) {
  std::string problem;
  const Settings settings = load_settings(path_, &problem);
  EXPECT_EQ(settings.zoom, 1.0f);
  EXPECT_EQ(settings.theme, ThemeKind::light);
  EXPECT_TRUE(problem.empty());
}

TEST_F(SettingsFile, RoundTripsThroughTheNestedFolder) {
  ASSERT_TRUE(save_settings(path_, {1.3f, ThemeKind::dark}));
  const Settings settings = load_settings(path_);
  EXPECT_FLOAT_EQ(settings.zoom, 1.3f);
  EXPECT_EQ(settings.theme, ThemeKind::dark);
}

TEST_F(SettingsFile, GarbageGivesDefaultsAndAReason) {
  for (const std::string text : {"{not json", "[1, 2]", "", "\xff\xfe"}) {
    write(text);
    std::string problem;
    const Settings settings = load_settings(path_, &problem);
    EXPECT_EQ(settings.zoom, 1.0f) << text;
    EXPECT_EQ(settings.theme, ThemeKind::light) << text;
    EXPECT_NE(problem.find("not a JSON object"), std::string::npos) << problem;
  }
}

TEST_F(SettingsFile, WrongTypesAndRangesAreRepairedField_by_field) {
  write(R"({"zoom": 1000, "theme": "dark"})");
  Settings settings = load_settings(path_);
  EXPECT_EQ(settings.zoom, kMaxZoom);
  EXPECT_EQ(settings.theme, ThemeKind::dark);
  write(R"({"zoom": "big", "theme": 3})");
  std::string problem;
  settings = load_settings(path_, &problem);
  EXPECT_EQ(settings.zoom, 1.0f);
  EXPECT_EQ(settings.theme, ThemeKind::light);
  EXPECT_FALSE(problem.empty());
}

// Files left beside the settings path: the moved-aside copies.
std::vector<std::string> set_aside_files(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("settings.json.corrupt-", 0) == 0) names.push_back(entry.path().string());
  }
  return names;
}

TEST_F(SettingsFile, ADirectoryOrAFifoThereNeitherAbortsNorBlocksAndIsMovedAside) {
  std::filesystem::create_directories(path_);
  std::string problem;
  Settings settings = load_settings(path_, &problem);
  EXPECT_EQ(settings.zoom, 1.0f);
  EXPECT_NE(problem.find("is a directory"), std::string::npos) << problem;
  EXPECT_NE(problem.find("kept as " + path_ + ".corrupt-"), std::string::npos) << problem;
  EXPECT_FALSE(std::filesystem::exists(path_));
  ASSERT_EQ(::mkfifo(path_.c_str(), 0600), 0);
  settings = load_settings(path_, &problem);  // would block forever in open() without a writer
  EXPECT_NE(problem.find("FIFO"), std::string::npos) << problem;
  EXPECT_EQ(set_aside_files(std::filesystem::path(path_).parent_path()).size(), 2u);
  EXPECT_TRUE(save_settings(path_, {1.5f, ThemeKind::dark}));
  EXPECT_FLOAT_EQ(load_settings(path_).zoom, 1.5f);
}

TEST_F(SettingsFile, ACorruptFileIsKeptAsideNotOverwrittenByTheNextSave) {
  write("{\"zoom\": 2.0, \"theme\": \"da");
  std::string problem;
  load_settings(path_, &problem);
  EXPECT_NE(problem.find("not a JSON object"), std::string::npos) << problem;
  ASSERT_TRUE(save_settings(path_, {1.25f, ThemeKind::light}));
  const auto aside = set_aside_files(std::filesystem::path(path_).parent_path());
  ASSERT_EQ(aside.size(), 1u);
  std::ifstream kept(aside[0]);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(kept), {}), "{\"zoom\": 2.0, \"theme\": \"da");
}

TEST_F(SettingsFile, AnUnreadableFileIsReportedAndKept) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads a file without read permission";
  write(R"({"zoom": 2})");
  std::filesystem::permissions(path_, std::filesystem::perms::none);
  std::string problem;
  load_settings(path_, &problem);
  EXPECT_NE(problem.find("Permission denied"), std::string::npos) << problem;
  EXPECT_EQ(set_aside_files(std::filesystem::path(path_).parent_path()).size(), 1u);
}

TEST_F(SettingsFile, EveryBadFieldIsReported) {
  write(R"({"zoom": "big", "theme": "blue"})");
  std::string problem;
  load_settings(path_, &problem);
  EXPECT_NE(problem.find("\"zoom\""), std::string::npos) << problem;
  EXPECT_NE(problem.find("\"theme\""), std::string::npos) << problem;
  EXPECT_EQ(problem.find('\n'), std::string::npos);
}

TEST_F(SettingsFile, ASymlinkedFileIsWrittenThroughAndStaysALink) {
  const std::filesystem::path real = folder_ / "dotfiles" / "normlab.json";
  std::filesystem::create_directories(real.parent_path());
  std::ofstream(real) << R"({"zoom": 1.1})";
  std::filesystem::create_directories(std::filesystem::path(path_).parent_path());
  std::filesystem::create_symlink(real, path_);
  EXPECT_FLOAT_EQ(load_settings(path_).zoom, 1.1f);
  ASSERT_TRUE(save_settings(path_, {2.0f, ThemeKind::dark}));
  EXPECT_TRUE(std::filesystem::is_symlink(path_));
  EXPECT_FLOAT_EQ(load_settings(real.string()).zoom, 2.0f);
}

TEST(Settings, ZoomIsClamped) {
  EXPECT_EQ(clamp_zoom(0.01f), kMinZoom);
  EXPECT_EQ(clamp_zoom(99.0f), kMaxZoom);
  EXPECT_EQ(clamp_zoom(std::numeric_limits<float>::quiet_NaN()), 1.0f);
  EXPECT_EQ(clamp_zoom(1.21f), 1.21f);
}

}  // namespace
}  // namespace normlab::gui
