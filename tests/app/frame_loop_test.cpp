// The real app in-process on real GL (Xvfb in CI): frames driven by injected ImGui input - key presses
// (F5, PageDown, Esc, Ctrl+=), clicks on the panel list and across every panel, wheel and drags - run
// for many frames with every ImGui stack balanced and the shell state doing what the keys say.
#include <GLFW/glfw3.h>  // key codes
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "panels/registry.hpp"
#include "gui/app.hpp"

namespace normlab::gui {
namespace {

constexpr int kWidth = 1280, kHeight = 720;

class FrameLoop : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::getenv("DISPLAY") == nullptr) GTEST_SKIP() << "needs a display (README's test command starts Xvfb)";
    AppConfig config;
    config.panels = &panels::panel_registry();
    config.window = {kWidth, kHeight, /*visible=*/false, /*offscreen=*/true, "NormLab test"};
    config.deterministic = true;
    config.scale = 1.0f;
    std::string error;
    app_ = App::create(config, error);
    ASSERT_NE(app_, nullptr) << error;
    // Exports clicked by accident land in a scratch folder, not the build tree.
    scratch_ = std::filesystem::temp_directory_path() / ("normlab_frame_loop_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(scratch_);
    previous_directory_ = std::filesystem::current_path();
    std::filesystem::current_path(scratch_);
  }
  void TearDown() override {
    app_.reset();
    if (!previous_directory_.empty()) std::filesystem::current_path(previous_directory_);
    std::filesystem::remove_all(scratch_);
  }

  void frame(const InjectedInput& input) {
    app_->frame(&input);
    ++frames_;
    ASSERT_TRUE(app_->last_frame_balanced())
        << "frame " << frames_ << " on panel " << app_->shell().panels[app_->shell().current].descriptor->id;
  }
  void idle(int count = 1) {
    for (int index = 0; index < count; ++index) frame(InjectedInput{});
  }
  void press(int key, bool ctrl = false) {
    InjectedInput input;
    input.keys_down = {key};
    input.ctrl = ctrl;
    frame(input);
    idle();
  }
  void click(ImVec2 where) {
    InjectedInput input;
    input.mouse_pos = where;
    frame(input);
    input.mouse_down[0] = true;
    frame(input);
    input.mouse_down[0] = false;
    frame(input);
  }
  ShellState& shell() { return app_->shell(); }

  std::unique_ptr<App> app_;
  std::filesystem::path scratch_, previous_directory_;
  int frames_ = 0;
};

TEST_F(FrameLoop, KeysDrivePresentationModeAndZoom) {
  idle(3);
  EXPECT_FALSE(shell().presentation);
  press(GLFW_KEY_F5);
  EXPECT_TRUE(shell().presentation);
  idle();
  // A 720-pixel window presents at 0.7 of a 1080p one's scale: the same page, smaller.
  EXPECT_FLOAT_EQ(app_->fonts().pixel_scale, kPresentationScale * 0.7f);
  int transitions = 0;
  std::pair<int, int> where = {shell().current, shell().panels[shell().current].step};
  std::size_t total_steps = 0;
  for (const ShellPanel& panel : shell().panels) total_steps += panel.descriptor->steps.size();
  for (std::size_t index = 0; index + 1 < total_steps; ++index) {
    press(GLFW_KEY_PAGE_DOWN);
    idle(4);  // let each step run a few frames
    const std::pair<int, int> now = {shell().current, shell().panels[shell().current].step};
    if (now != where) ++transitions;
    where = now;
  }
  EXPECT_EQ(shell().current, static_cast<int>(shell().panels.size()) - 1);
  EXPECT_GE(transitions, static_cast<int>(shell().panels.size()) - 1);
  press(GLFW_KEY_ESCAPE);
  EXPECT_FALSE(shell().presentation);
  press(GLFW_KEY_EQUAL, /*ctrl=*/true);
  idle();
  EXPECT_NEAR(shell().zoom, 1.1f, 1e-6);
  EXPECT_NEAR(app_->fonts().pixel_scale, 1.1f, 1e-6);
  press(GLFW_KEY_0, true);
  idle();
  EXPECT_FLOAT_EQ(app_->fonts().pixel_scale, 1.0f);
}

TEST_F(FrameLoop, ClicksOnThePanelListReachEveryPanel) {
  idle(2);
  std::set<int> reached;
  for (float y = 30; y < 680 && reached.size() < shell().panels.size(); y += 6) {  // under the Lessons entry
    click(ImVec2(90, y));
    reached.insert(shell().current);
  }
  EXPECT_EQ(reached.size(), shell().panels.size());
}

// The welcome page's first step ends in one button per panel: clicking across it reaches every panel.
TEST_F(FrameLoop, WelcomeButtonsOpenEveryOtherPanel) {
  idle(2);
  std::set<int> reached;
  for (float y = 400; y < 640; y += 10) {  // the buttons' rows sit below y = 400 at 1280 x 720
    for (float x = 340; x < kWidth - 20; x += 50) {
      shell().current = 0;  // the welcome page
      shell().panels[0].step = 0;
      idle();
      click(ImVec2(x, y));
      reached.insert(shell().current);
    }
  }
  EXPECT_EQ(reached.size(), shell().panels.size());  // every other panel, and welcome itself between buttons
}

TEST_F(FrameLoop, ClicksWheelAndDragsAcrossEveryPanelAndStep) {
  idle(2);
  for (std::size_t panel = 0; panel < shell().panels.size(); ++panel) {
    for (std::size_t step = 0; step < shell().panels[panel].descriptor->steps.size(); ++step) {
      for (float y = 90; y < kHeight - 40; y += 130) {
        for (float x = 330; x < kWidth - 20; x += 220) {
          shell().current = static_cast<int>(panel);  // a click may have jumped elsewhere (welcome's Open)
          shell().panels[panel].step = static_cast<int>(step);
          InjectedInput input;
          input.mouse_pos = ImVec2(x, y);
          input.mouse_wheel = (static_cast<int>(x + y) % 3) - 1.0f;
          frame(input);
          input.mouse_wheel = 0;
          input.mouse_down[0] = true;
          frame(input);
          input.mouse_pos = ImVec2(x + 25, y + 15);  // a drag
          frame(input);
          input.mouse_down[0] = false;
          frame(input);
        }
      }
      press(GLFW_KEY_ESCAPE);  // closes any popup a click opened
    }
  }
  EXPECT_GT(frames_, 500);
}

}  // namespace
}  // namespace normlab::gui
