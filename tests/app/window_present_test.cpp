// What the real window presents, not what an offscreen screenshot renders: the app in a visible GLFW
// window on real GL (Xvfb in CI), driven by injected keys through every panel and step, forwards and
// back, at the desk and presenting, with each frame read from the default framebuffer's back buffer
// just before the swap. Every presented frame must be a picture (not one flat colour), and every step
// change must reach the screen within a few frames. The axis flip's cube renders into its own
// framebuffer each frame, which is what once left the window black or frozen on the last frame before
// the cube while screenshots stayed correct.
#include <GLFW/glfw3.h>  // key codes
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <tuple>

#include "panels/registry.hpp"
#include "gui/app.hpp"

namespace normlab::gui {
namespace {

constexpr int kWidth = 1280, kHeight = 720;
constexpr int kFramesToShowAChange = 4;

struct Frame {
  std::vector<unsigned char> pixels;
  int width = 0, height = 0;
};

// Distinct colours over a grid of samples: a cleared or never-drawn frame has one or two.
int distinct_colours(const Frame& frame) {
  std::set<std::uint32_t> colours;
  for (int y = 0; y < frame.height; y += 3) {
    for (int x = 0; x < frame.width; x += 3) {
      const unsigned char* pixel = &frame.pixels[(static_cast<std::size_t>(y) * frame.width + x) * 4];
      colours.insert(pixel[0] | pixel[1] << 8 | pixel[2] << 16);
      if (colours.size() > 16) return static_cast<int>(colours.size());
    }
  }
  return static_cast<int>(colours.size());
}

double changed_fraction(const Frame& before, const Frame& after) {
  if (before.pixels.size() != after.pixels.size() || before.pixels.empty()) return 1.0;
  std::size_t changed = 0;
  for (std::size_t index = 0; index < before.pixels.size(); index += 4) {
    if (before.pixels[index] != after.pixels[index] || before.pixels[index + 1] != after.pixels[index + 1] ||
        before.pixels[index + 2] != after.pixels[index + 2]) {
      ++changed;
    }
  }
  return static_cast<double>(changed) / static_cast<double>(before.pixels.size() / 4);
}

class PresentedWindow : public ::testing::Test {
 protected:
  void open(const std::string& panel = "", const std::string& step = "") {
    if (std::getenv("DISPLAY") == nullptr)
      GTEST_SKIP() << "needs a display (README's test command starts Xvfb)";
    AppConfig config;
    config.panels = &panels::panel_registry();
    config.window = {kWidth, kHeight, /*visible=*/true, /*offscreen=*/false};
    config.window.capture_presented = true;
    config.window.title = "NormLab presented-frame test";
    config.deterministic = true;
    config.scale = 1.0f;
    config.panel = panel;
    config.step = step;
    std::string error;
    app_ = App::create(config, error);
    ASSERT_NE(app_, nullptr) << error;
  }

  std::string where() const {
    const ShellPanel& panel = app_->shell().panels[app_->shell().current];
    return panel.descriptor->id + " step " + std::to_string(panel.step) + " (" +
           panel.descriptor->steps[panel.step].title + ")" +
           (app_->shell().presentation ? ", presenting" : "");
  }

  // One frame; returns what the window presented and checks that it is a picture.
  Frame frame(const InjectedInput& input = {}) {
    app_->frame(&input);
    Frame presented;
    presented.pixels = app_->last_frame(presented.width, presented.height);
    EXPECT_GT(distinct_colours(presented), 8) << "a blank frame presented on " << where();
    return presented;
  }

  // Presses `key`, then runs frames until the presented picture differs from the one before the press.
  void press_and_see_change(int key) {
    const Frame before = frame();
    const ShellState& shell = app_->shell();
    const auto state = [&] { return std::tuple(shell.current, shell.panels[shell.current].step, shell.presentation); };
    const auto state_before = state();
    InjectedInput input;
    input.keys_down = {key};
    frame(input);
    // Under a loaded Xvfb a key injected for one frame was, rarely, not taken (1 run in ~10); this test
    // is about what the window shows once the state has changed, so a missed key is pressed again.
    if (state() == state_before && key != GLFW_KEY_ESCAPE) {
      frame();
      frame(input);
    }
    double changed = 0;
    for (int count = 0; count < kFramesToShowAChange && changed < 0.01; ++count) {
      changed = changed_fraction(before, frame());
    }
    EXPECT_GE(changed, 0.01) << "after the key, the window still shows the frame before it, on " << where();
  }

  // PageDown to the very last step, then PageUp to the first: every step entered from both sides.
  void walk_every_step() {
    ShellState& shell = app_->shell();
    int transitions = 0;
    while (!(shell.current + 1 == static_cast<int>(shell.panels.size()) &&
             shell.panels[shell.current].step + 1 ==
                 static_cast<int>(shell.panels[shell.current].descriptor->steps.size()))) {
      press_and_see_change(GLFW_KEY_PAGE_DOWN);
      ASSERT_LT(++transitions, 100) << "PageDown never reached the last step";
      if (HasFailure()) return;
    }
    while (!(shell.current == 0 && shell.panels[0].step == 0)) {
      press_and_see_change(GLFW_KEY_PAGE_UP);
      ASSERT_LT(++transitions, 200) << "PageUp never reached the first step";
      if (HasFailure()) return;
    }
    EXPECT_GT(transitions, 10);
  }

  std::unique_ptr<App> app_;
};

TEST_F(PresentedWindow, EveryStepReachesTheScreenAtTheDesk) {
  open();
  for (int count = 0; count < 3; ++count) frame();
  walk_every_step();
}

TEST_F(PresentedWindow, EveryStepReachesTheScreenPresenting) {
  open();
  frame();
  press_and_see_change(GLFW_KEY_F5);
  ASSERT_TRUE(app_->shell().presentation);
  walk_every_step();
  press_and_see_change(GLFW_KEY_ESCAPE);
  EXPECT_FALSE(app_->shell().presentation);
}

// Started on the cube (the black window), then out of it and back into it.
TEST_F(PresentedWindow, StartedOnTheCubeTheWindowShowsItAndFollowsTheKeys) {
  open("axis-flip", "cube");
  for (int count = 0; count < 5; ++count) frame();
  press_and_see_change(GLFW_KEY_PAGE_UP);
  press_and_see_change(GLFW_KEY_PAGE_DOWN);
  press_and_see_change(GLFW_KEY_F5);
  press_and_see_change(GLFW_KEY_ESCAPE);
}

}  // namespace
}  // namespace normlab::gui
