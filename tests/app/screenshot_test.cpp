// The real `normlab` executable: --screenshot of every registered panel and step, light and dark,
// normal and presentation mode, checked pixel by pixel; --list-panels; bad options; the no-display path.
#include <gtest/gtest.h>
#include <unistd.h>
#include <stb_image.h>  // compiled into Debian's libstb
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "panels/registry.hpp"

namespace {

struct CommandRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

CommandRun run(const std::string& command) {
  CommandRun result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  while (std::size_t count = std::fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, count);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

struct Image {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;
  const unsigned char* at(int x, int y) const { return &rgb[(static_cast<std::size_t>(y) * width + x) * 3]; }
};

Image load(const std::string& path) {
  Image image;
  int channels = 0;
  unsigned char* data = stbi_load(path.c_str(), &image.width, &image.height, &channels, 3);
  if (data == nullptr) return image;
  image.rgb.assign(data, data + static_cast<std::size_t>(image.width) * image.height * 3);
  stbi_image_free(data);
  return image;
}

std::size_t distinct_colours(const Image& image) {
  std::set<unsigned> colours;
  for (std::size_t index = 0; index + 2 < image.rgb.size(); index += 3) {
    colours.insert(image.rgb[index] << 16 | image.rgb[index + 1] << 8 | image.rgb[index + 2]);
  }
  return colours.size();
}

// The most common colour: the window background.
unsigned background(const Image& image) {
  std::map<unsigned, std::size_t> counts;
  for (std::size_t index = 0; index + 2 < image.rgb.size(); index += 3) {
    ++counts[image.rgb[index] << 16 | image.rgb[index + 1] << 8 | image.rgb[index + 2]];
  }
  return std::max_element(counts.begin(), counts.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
}

// Fraction of a region's pixels that differ clearly from `colour` (text strokes, for a title).
double fraction_not(const Image& image, unsigned colour, int left, int top, int right, int bottom) {
  std::size_t differing = 0, total = 0;
  for (int y = top; y < bottom; ++y) {
    for (int x = left; x < right; ++x, ++total) {
      const unsigned char* pixel = image.at(x, y);
      const int distance = std::abs(pixel[0] - static_cast<int>(colour >> 16 & 255)) +
                           std::abs(pixel[1] - static_cast<int>(colour >> 8 & 255)) +
                           std::abs(pixel[2] - static_cast<int>(colour & 255));
      if (distance > 90) ++differing;
    }
  }
  return total == 0 ? 0.0 : static_cast<double>(differing) / total;
}

// Normal mode: the first column, along the middle row, that shows the main area's background (the
// panel list left of it has its own colour).
int main_area_left(const Image& image, unsigned main_background) {
  const int row = image.height / 2;
  for (int x = 0; x < image.width; ++x) {
    const unsigned char* pixel = image.at(x, row);
    if ((static_cast<unsigned>(pixel[0]) << 16 | pixel[1] << 8 | pixel[2]) == main_background) return x;
  }
  return image.width;
}

double mean_brightness(const Image& image) {
  double sum = 0;
  for (unsigned char value : image.rgb) sum += value;
  return sum / image.rgb.size();
}

class Screenshots : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::getenv("DISPLAY") == nullptr) GTEST_SKIP() << "needs a display (README's test command starts Xvfb)";
    folder_ = std::filesystem::temp_directory_path() / ("normlab_screenshot_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  Image shoot(const std::string& panel, int step, const std::string& theme, bool presentation) {
    const std::string path = (folder_ / (panel + "_" + std::to_string(step) + "_" + theme +
                                         (presentation ? "_presentation" : "") + ".png"))
                                 .string();
    const CommandRun result = run(std::string(NORMLAB_APP) + " --screenshot " + path + " --panel " + panel + " --step " +
                           std::to_string(step) + " --theme " + theme + " --size 1280x720 --frames 4" +
                           (presentation ? " --presentation" : ""));
    EXPECT_EQ(result.exit_code, 0) << result.output;
    Image image = load(path);
    EXPECT_GT(image.width, 0) << "could not read " << path << "; normlab said: " << result.output;
    return image;
  }

  std::filesystem::path folder_;
};

TEST_F(Screenshots, EveryPanelAndStepIsDrawnInBothThemes) {
  for (const auto& panel : normlab::panels::panel_registry()) {
    for (int step = 0; step < static_cast<int>(panel.steps.size()); ++step) {
      for (bool presentation : {false, true}) {
        SCOPED_TRACE(panel.id + " step " + std::to_string(step) + (presentation ? " presenting" : ""));
        const Image light = shoot(panel.id, step, "light", presentation);
        const Image dark = shoot(panel.id, step, "dark", presentation);
        ASSERT_EQ(light.width, 1280);
        ASSERT_EQ(light.height, 720);
        ASSERT_EQ(dark.width, 1280);
        // Not blank: anti-aliased text and widgets give many colours.
        EXPECT_GT(distinct_colours(light), 60u);
        EXPECT_GT(distinct_colours(dark), 60u);
        // The title's region holds text, not just background. Normal mode: right of the panel list
        // (whose width follows the longest title), under the menu bar; presentation: the top-left corner.
        for (const Image* image : {&light, &dark}) {
          const unsigned main_background = background(*image);
          const int left = presentation ? 20 : main_area_left(*image, main_background);
          const int top = presentation ? 10 : 28;
          ASSERT_LT(left + 220, image->width);
          EXPECT_GT(fraction_not(*image, main_background, left, top, left + 220, top + 50), 0.02);
        }
        // The themes differ, and light is the light one.
        EXPECT_GT(mean_brightness(light), mean_brightness(dark) + 80);
      }
    }
  }
}

TEST(NormlabCommand, ListPanelsPrintsTheRegistry) {
  const CommandRun result = run(std::string(NORMLAB_APP) + " --list-panels");
  EXPECT_EQ(result.exit_code, 0);
  for (const auto& panel : normlab::panels::panel_registry()) {
    EXPECT_NE(result.output.find(panel.id), std::string::npos) << panel.id;
    EXPECT_NE(result.output.find(panel.summary), std::string::npos) << panel.id;
  }
}

TEST(NormlabCommand, BadOptionsAreOneLineErrors) {
  const CommandRun unknown = run(std::string(NORMLAB_APP) + " --screenshot /tmp/x.png --size 12");
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.output.find("--size must be WIDTHxHEIGHT"), std::string::npos) << unknown.output;
}

TEST(NormlabCommand, UnknownPanelNamesTheChoices) {
  if (std::getenv("DISPLAY") == nullptr) GTEST_SKIP() << "needs a display";
  const std::string path = (std::filesystem::temp_directory_path() / "normlab_unknown_panel.png").string();
  const CommandRun result = run(std::string(NORMLAB_APP) + " --screenshot " + path + " --panel nosuch");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.output.find("unknown panel 'nosuch'"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find(normlab::panels::panel_id_list()), std::string::npos) << result.output;
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(NormlabCommand, WithoutADisplayItSaysSoAndWhatToUseInstead) {
  const std::string path = (std::filesystem::temp_directory_path() / "normlab_no_display.png").string();
  const CommandRun result =
      run("env -u DISPLAY -u WAYLAND_DISPLAY " + std::string(NORMLAB_APP) + " --screenshot " + path);
  EXPECT_EQ(result.exit_code, 1) << result.output;  // an orderly exit, not a crash (which gives -1 here)
  EXPECT_NE(result.output.find("needs a display"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("normlab-cli"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("xvfb-run"), std::string::npos) << result.output;
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
