// A restless student at the real app (in-process, offscreen GL, real time so background work runs as in
// class): thousands of frames of random clicks, drags, wheel turns, key presses (F5, Esc, PageUp/Down,
// arrows, Ctrl +/-/0, Ctrl+S/O, Enter, Tab) and typed text ("nan", "-1e308", digits) across every
// panel, step and presentation mode, with the panels' parameters pushed to their limits (depth 1000,
// a 1 x 1 matrix, batch 1, eps 0, huge values). Nothing may crash or leave an ImGui stack unbalanced,
// and no frame may take over 100 ms of the UI thread's CPU time. The seed is fixed and every event is
// logged, so a failure names the frame and the events that led to it (NORMLAB_MONKEY_SEED and
// NORMLAB_MONKEY_FRAMES choose others).
#include <GLFW/glfw3.h>  // key codes
#include <gtest/gtest.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <random>
#include <sstream>

#include "panels/registry.hpp"
#include "gui/app.hpp"
#include "gui/demo.hpp"

namespace normlab::gui {
namespace {

constexpr int kWidth = 1280, kHeight = 720;
constexpr double kFrameBudgetMs = 100.0;
// The frame that enters a step may build that step's content once (a 2000-point 3-D cloud, a recomputed
// lesson): it gets this looser budget; every frame after it, while things animate, gets the one above.
constexpr double kEnteringStepBudgetMs = 250.0;

double thread_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) * 1e-6;
}

long environment_number(const char* name, long fallback) {
  const char* text = std::getenv(name);
  return text != nullptr ? std::strtol(text, nullptr, 10) : fallback;
}

// Settings at the edges of every declared range, applied between bursts of input.
const std::vector<std::vector<std::string>> kExtremes = {
    {"depth.layers=1000", "depth.width=256"},
    {"depth.layers=1", "depth.width=32", "depth.seed=1000000"},
    {"axis-flip.rows=1", "axis-flip.cols=1", "axis-flip.batch-size=1", "axis-flip.eps=0"},
    {"axis-flip.matrix=1e300 -1e300; 1e-300 0", "axis-flip.gamma=1000", "axis-flip.beta=-1000"},
    {"axis-flip.matrix=5 5 5; 5 5 5", "axis-flip.eps=0", "axis-flip.mode=eval", "axis-flip.running-steps=0"},
    {"axis-flip.rows=64", "axis-flip.cols=64", "axis-flip.preset=wild-scales", "axis-flip.momentum=1"},
    {"axis-flip.cube-samples=8", "axis-flip.cube-channels=8", "axis-flip.cube-positions=8", "axis-flip.groups=8"},
    {"axis-flip.cube-samples=1", "axis-flip.cube-channels=1", "axis-flip.cube-positions=1", "axis-flip.cube-norm=batch"},
    {"benchmark.rows=1", "benchmark.cols=1", "benchmark.run-file=/nonexistent/run.json"},
};

const char* const kTyped[] = {"nan", "-1e308", "1e-300", "0", "42", "-", ".", "e", "inf", "9999999999", "\t", "abc"};
const int kKeys[] = {GLFW_KEY_F5,    GLFW_KEY_ESCAPE, GLFW_KEY_PAGE_DOWN, GLFW_KEY_PAGE_UP, GLFW_KEY_LEFT,
                     GLFW_KEY_RIGHT, GLFW_KEY_UP,     GLFW_KEY_DOWN,      GLFW_KEY_ENTER,   GLFW_KEY_TAB,
                     GLFW_KEY_SPACE, GLFW_KEY_BACKSPACE};

TEST(Monkey, ThousandsOfRandomEventsNeitherCrashNorStall) {
  if (std::getenv("DISPLAY") == nullptr) GTEST_SKIP() << "needs a display (README's test command starts Xvfb)";
  const auto seed = static_cast<unsigned>(environment_number("NORMLAB_MONKEY_SEED", 20261202));
  const long frames = environment_number("NORMLAB_MONKEY_FRAMES", 3000);
  // Exports and demos saved by accident land in a scratch folder.
  const std::filesystem::path scratch =
      std::filesystem::temp_directory_path() / ("normlab_monkey_" + std::to_string(::getpid()));
  std::filesystem::create_directories(scratch);
  const std::filesystem::path previous = std::filesystem::current_path();
  std::filesystem::current_path(scratch);

  AppConfig config;
  config.panels = &panels::panel_registry();
  config.window = {kWidth, kHeight, /*visible=*/false, /*offscreen=*/true, "NormLab monkey"};
  config.scale = 1.0f;
  std::string error;
  std::unique_ptr<App> app = App::create(config, error);
  ASSERT_NE(app, nullptr) << error;

  std::mt19937 random(seed);
  const auto pick = [&](int count) { return static_cast<int>(random() % static_cast<unsigned>(count)); };
  std::deque<std::string> recent;  // the last events, for a failure's message
  const auto log = [&](long frame, const std::string& event) {
    recent.push_back("frame " + std::to_string(frame) + ": " + event);
    if (recent.size() > 40) recent.pop_front();
  };
  const auto history = [&] {
    std::ostringstream text;
    text << "seed " << seed << "; last events:\n";
    for (const std::string& line : recent) text << "  " << line << "\n";
    return text.str();
  };

  ImVec2 mouse(kWidth / 2.0f, kHeight / 2.0f);
  bool button_down = false;
  double worst_ms = 0;
  long worst_frame = -1, events = 0;
  std::string worst_where;
  float last_scale = 0;
  std::pair<int, int> last_place = {-1, -1};
  for (long frame = 0; frame < frames; ++frame) {
    InjectedInput input;
    if (frame % 250 == 125) {
      const auto& settings = kExtremes[static_cast<std::size_t>(pick(static_cast<int>(kExtremes.size())))];
      for (const std::string& setting : settings) {
        apply_setting(app->shell(), setting);  // a valid extreme: must be accepted
        log(frame, "--set " + setting);
      }
    }
    if (frame % 40 == 0) {  // jump somewhere: a random panel and step
      ShellState& shell = app->shell();
      shell.current = pick(static_cast<int>(shell.panels.size()));
      ShellPanel& panel = shell.panels[shell.current];
      panel.step = pick(static_cast<int>(panel.descriptor->steps.size()));
      log(frame, "go to " + panel.descriptor->id + "/" + panel.descriptor->steps[panel.step].id);
    }
    switch (pick(10)) {
      case 0:
      case 1:
        mouse = ImVec2(static_cast<float>(pick(kWidth)), static_cast<float>(pick(kHeight)));
        log(frame, "move to " + std::to_string(int(mouse.x)) + "," + std::to_string(int(mouse.y)));
        break;
      case 2:
      case 3:
        button_down = !button_down;  // press or release: a click spans frames, a move while down drags
        log(frame, button_down ? "press" : "release");
        break;
      case 4:
        mouse.x = std::clamp(mouse.x + static_cast<float>(pick(81) - 40), 0.0f, float(kWidth));
        mouse.y = std::clamp(mouse.y + static_cast<float>(pick(81) - 40), 0.0f, float(kHeight));
        log(frame, "nudge");
        break;
      case 5:
        input.mouse_wheel = static_cast<float>(pick(5) - 2);
        log(frame, "wheel " + std::to_string(int(input.mouse_wheel)));
        break;
      case 6: {
        const int key = kKeys[pick(static_cast<int>(std::size(kKeys)))];
        input.keys_down = {key};
        log(frame, "key " + std::to_string(key));
        break;
      }
      case 7: {
        const int choice = pick(4);
        const int keys[] = {GLFW_KEY_EQUAL, GLFW_KEY_MINUS, GLFW_KEY_0, pick(2) == 0 ? GLFW_KEY_S : GLFW_KEY_O};
        input.keys_down = {keys[choice]};
        input.ctrl = true;
        log(frame, "ctrl+key " + std::to_string(keys[choice]));
        break;
      }
      case 8:
        input.typed = kTyped[pick(static_cast<int>(std::size(kTyped)))];
        log(frame, "type '" + input.typed + "'");
        break;
      default:
        break;  // an idle frame
    }
    input.mouse_pos = mouse;
    input.mouse_down[0] = button_down;
    ++events;
    const double start = thread_cpu_ms();
    app->frame(&input);
    const double spent = thread_cpu_ms() - start;
    ASSERT_TRUE(app->last_frame_balanced()) << "frame " << frame << "\n" << history();
    ASSERT_FALSE(app->should_close()) << "frame " << frame << " quit the app\n" << history();
    // A frame that rebuilt the fonts (the zoom or presentation scale changed) is the one allowed
    // exception to the budget: it happens once per change, not while anything animates.
    const float scale = app->fonts().pixel_scale;
    const bool rebuilt_fonts = scale != last_scale;
    last_scale = scale;
    const ShellPanel& shown = app->shell().panels[app->shell().current];
    const std::pair<int, int> place = {app->shell().current, shown.step};
    const bool entered_step = place != last_place;
    last_place = place;
    const double budget = entered_step ? kEnteringStepBudgetMs : kFrameBudgetMs;
    if (!rebuilt_fonts && frame > 2 && spent > worst_ms) {
      worst_ms = spent;
      worst_frame = frame;
      worst_where = shown.descriptor->id + "/" + shown.descriptor->steps[shown.step].id;
    }
    EXPECT_TRUE(rebuilt_fonts || frame <= 2 || spent <= budget)
        << "frame " << frame << " took " << spent << " ms of UI-thread CPU on " << shown.descriptor->id << "/"
        << shown.descriptor->steps[shown.step].id << (app->shell().presentation ? " presenting" : "") << "\n"
        << history();
    if (HasFailure()) break;
  }
  std::printf("monkey: seed %u, %ld frames, %ld events, worst frame %.1f ms of UI-thread CPU (frame %ld, %s)\n",
              seed, frames, events, worst_ms, worst_frame, worst_where.c_str());
  app.reset();
  std::filesystem::current_path(previous);
  std::filesystem::remove_all(scratch);
}

}  // namespace
}  // namespace normlab::gui
