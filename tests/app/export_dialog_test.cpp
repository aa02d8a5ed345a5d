// The Export button's choices turned into files through core/figure's exporters: the path shown is the
// path written, PNG presets give their pixel size, CSV carries the data, and a bad folder is an error
// that leaves no file.
#include <gtest/gtest.h>
#include <unistd.h>
#include <stb_image.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "gui/export_dialog.hpp"

namespace normlab::gui {
namespace {

figure::Figure bar_figure() {
  figure::Figure plot;
  plot.title = "bars";
  figure::BarSeries bars;
  bars.name = "time";
  bars.categories = {"memcpy", "LayerNorm", "RMSNorm"};
  bars.values = {2.5, 3.125, 2.75};
  plot.series.push_back(bars);
  return plot;
}

class ExportDialog : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() / ("normlab_export_dialog_test_" + std::to_string(::getpid()));
    std::filesystem::remove_all(folder_);
    std::filesystem::create_directories(folder_);
    std::snprintf(state_.folder.data(), state_.folder.size(), "%s", folder_.c_str());
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }
  std::filesystem::path folder_;
  ExportDialogState state_;
};

TEST_F(ExportDialog, PngPresetsGiveTheirPixelSize) {
  for (int preset : {1, 4}) {
    state_.format = 0;
    state_.size_preset = preset;
    const std::string path = export_with(bar_figure(), state_, ThemeKind::dark, "bars");
    EXPECT_EQ(path, (folder_ / "bars.png").string());
    int width = 0, height = 0, channels = 0;
    ASSERT_TRUE(stbi_info(path.c_str(), &width, &height, &channels)) << path;
    EXPECT_EQ(width, kExportSizes[preset].width_px);
    EXPECT_EQ(height, kExportSizes[preset].height_px);
  }
}

TEST_F(ExportDialog, ThemeChoiceAndDpiReachTheExporter) {
  state_.theme_choice = 0;
  EXPECT_EQ(export_options(state_, ThemeKind::dark).theme.name, "dark");
  state_.theme_choice = 1;
  EXPECT_EQ(export_options(state_, ThemeKind::dark).theme.name, "light");
  state_.dpi_preset = 0;
  EXPECT_EQ(export_options(state_, ThemeKind::light).dpi, 96);
  state_.transparent = true;
  EXPECT_TRUE(export_options(state_, ThemeKind::light).transparent);
}

TEST_F(ExportDialog, CsvCarriesTheBarValues) {
  state_.format = 3;
  const std::string path = export_with(bar_figure(), state_, ThemeKind::light, "bars");
  EXPECT_EQ(std::filesystem::path(path).extension(), ".csv");
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  for (const char* expected : {"memcpy", "LayerNorm", "RMSNorm", "3.125", "2.75"}) {
    EXPECT_NE(text.str().find(expected), std::string::npos) << expected << " in\n" << text.str();
  }
}

TEST_F(ExportDialog, AMissingFolderIsAnErrorAndLeavesNoFile) {
  std::snprintf(state_.folder.data(), state_.folder.size(), "%s", (folder_ / "absent").c_str());
  EXPECT_ANY_THROW(export_with(bar_figure(), state_, ThemeKind::light, "bars"));
  EXPECT_FALSE(std::filesystem::exists(folder_ / "absent"));
}

}  // namespace
}  // namespace normlab::gui
