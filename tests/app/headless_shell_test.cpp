// The GL seam: the shell and every panel run whole ImGui frames on a context with no renderer at all,
// in both themes, normal and presentation mode, every step; keyboard shortcuts act on the shell state.
#include <GLFW/glfw3.h>  // key codes, as ImGui 1.86's glfw backend uses them
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>  // the windows' scroll ranges

#include <unistd.h>

#include <cfloat>
#include <filesystem>
#include <fstream>
#include <set>
#include <string_view>

#include "headless_fixture.hpp"
#include "panels/registry.hpp"
#include "gui/shell.hpp"
#include "gui/theme.hpp"

namespace normlab::gui {
namespace {

class HeadlessShell : public testing::HeadlessShellFixture {
 protected:
  // Runs every step of every panel at this window size for 90 frames (the axis flip's sweep reaches its
  // output phase, whose formulas are the tallest; other panels settle in a few) and expects no window
  // to need a vertical scrollbar. Presenting, each step's central object (gui::StepPage's report) must
  // also cover at least half of the window: the picture gets the page, not the prose.
  void expect_no_step_scrolls(ImVec2 window, bool presentation, int frames = 90) {
    ImGui::GetIO().DisplaySize = window;
    shell_.window_height = window.y;
    shell_.presentation = presentation;
    for (std::size_t panel = 0; panel < shell_.panels.size(); ++panel) {
      shell_.current = static_cast<int>(panel);
      for (std::size_t step = 0; step < shell_.panels[panel].descriptor->steps.size(); ++step) {
        shell_.panels[panel].step = static_cast<int>(step);
        for (int repeat = 0; repeat < frames; ++repeat) {
          frame();
          // A window's scroll range follows its content a frame late, and windows take their size
          // in the first two frames: the first frames of a step still show the previous step's.
          if (repeat < 2) continue;
          const std::string where = std::to_string(static_cast<int>(window.x)) + " x " +
                                    std::to_string(static_cast<int>(window.y)) +
                                    (presentation ? " presenting, " : ", ") + shell_.panels[panel].descriptor->id +
                                    " step " + shell_.panels[panel].descriptor->steps[step].id + ", frame " +
                                    std::to_string(repeat);
          for (const ImGuiWindow* imgui_window : GImGui->Windows) {
            if (!imgui_window->WasActive || imgui_window->Hidden) continue;
            if (std::string_view(imgui_window->Name) == "##MainMenuBar") continue;  // never scrolls
            EXPECT_LE(imgui_window->ScrollMax.y, 0.5f) << where << ", window " << imgui_window->Name;
          }
          // Tables and plots size themselves over a few frames: the area is measured from the fifth.
          if (!presentation || repeat < 4) continue;
          EXPECT_TRUE(shell_.page.central_reported) << where << ": no central object reported";
          EXPECT_GE(shell_.page.central_area(), 0.5f * window.x * window.y)
              << where << ": the central object covers " << shell_.page.central_area() / (window.x * window.y)
              << " of the page (" << shell_.page.central_min.x << ", " << shell_.page.central_min.y << ") to ("
              << shell_.page.central_max.x << ", " << shell_.page.central_max.y << ")";
          // Inside the page, so "half of the page" is not a rectangle running off it.
          EXPECT_GE(shell_.page.central_min.x, 0.0f) << where;
          EXPECT_GE(shell_.page.central_min.y, 0.0f) << where;
          EXPECT_LE(shell_.page.central_max.x, window.x + 0.5f) << where;
          EXPECT_LE(shell_.page.central_max.y, window.y + 0.5f) << where;
          if (HasFailure()) return;  // one step's failure, not 90 frames of it
        }
      }
    }
  }
};

TEST_F(HeadlessShell, EveryPanelAndStepDrawsInBothThemesAndModes) {
  for (ThemeKind theme : {ThemeKind::light, ThemeKind::dark}) {
    for (bool presentation : {false, true}) {
      shell_.theme = theme;
      shell_.presentation = presentation;
      for (std::size_t panel = 0; panel < shell_.panels.size(); ++panel) {
        shell_.current = static_cast<int>(panel);
        for (std::size_t step = 0; step < shell_.panels[panel].descriptor->steps.size(); ++step) {
          shell_.panels[panel].step = static_cast<int>(step);
          for (int repeat = 0; repeat < 3; ++repeat) frame();
        }
      }
    }
  }
}

// On the wall nobody scrolls, and the picture gets the page: presenting at 1280 x 720, 1920 x 1080 and
// 3840 x 2160 (the same page at each, README promises), no step of any panel may need a scrollbar (the
// axis flip's formula column and the welcome page's list both did), and each step's central object
// covers at least half of the window (the axis flip's matrices once got ~165 px under a third of a
// page of prose).
TEST_F(HeadlessShell, PresentingAt1080pNothingScrollsAndThePictureGetsThePage) {
  expect_no_step_scrolls(ImVec2(1920, 1080), true);
}
TEST_F(HeadlessShell, PresentingAt720pAnd2160pNothingScrollsAndThePictureGetsThePage) {
  expect_no_step_scrolls(ImVec2(1280, 720), true);
  expect_no_step_scrolls(ImVec2(3840, 2160), true, 30);
}

// With the notes shown (N) and the controls' drawer open (C), still nothing scrolls; the notes are
// drawn (beside the picture or over it) on every step that has them, and the drawer on every step that
// has rarely touched controls is a window inside the page.
TEST_F(HeadlessShell, PresentingTheNotesAndTheDrawerFitThePage) {
  ImGui::GetIO().DisplaySize = ImVec2(1920, 1080);
  shell_.window_height = 1080;
  shell_.presentation = true;
  frame();
  press(GLFW_KEY_N);
  EXPECT_TRUE(shell_.page.show_notes);
  int steps_with_notes = 0, steps_with_drawers = 0;
  for (std::size_t panel = 0; panel < shell_.panels.size(); ++panel) {
    shell_.current = static_cast<int>(panel);
    for (std::size_t step = 0; step < shell_.panels[panel].descriptor->steps.size(); ++step) {
      shell_.panels[panel].step = static_cast<int>(step);
      frame();
      frame();
      press(GLFW_KEY_C);  // entering the step closed the drawer; C opens it
      for (int repeat = 0; repeat < 3; ++repeat) frame();
      const std::string where = shell_.panels[panel].descriptor->id + " step " + shell_.panels[panel].descriptor->steps[step].id;
      const ImGuiWindow* notes = ImGui::FindWindowByName("##page_notes");
      const bool notes_drawn = notes != nullptr && notes->WasActive;
      EXPECT_EQ(notes_drawn, !shell_.page.notes.empty()) << where;
      steps_with_notes += notes_drawn ? 1 : 0;
      const ImGuiWindow* drawer = ImGui::FindWindowByName("##controls_drawer");
      if (drawer != nullptr && drawer->WasActive) {
        ++steps_with_drawers;
        EXPECT_GE(drawer->Pos.x, -0.5f) << where;
        EXPECT_LE(drawer->Pos.x + drawer->Size.x, 1920.5f) << where;
        EXPECT_LE(drawer->Pos.y + drawer->Size.y, 1080.5f) << where;
      }
      for (const ImGuiWindow* imgui_window : GImGui->Windows) {
        if (!imgui_window->WasActive || imgui_window->Hidden) continue;
        EXPECT_LE(imgui_window->ScrollMax.y, 0.5f) << where << ", window " << imgui_window->Name;
      }
      if (HasFailure()) return;
    }
  }
  EXPECT_GT(steps_with_notes, 10);
  EXPECT_GT(steps_with_drawers, 10);
}

// Presenting, a message goes to the footer line, never over the page: no toast window is drawn.
TEST_F(HeadlessShell, PresentingAToastTakesTheFooterNotThePage) {
  for (const bool presentation : {false, true}) {
    shell_.presentation = presentation;
    frame();
    shell_.toasts.post(ToastKind::success, "Saved the run to run.json", shell_.time_s);
    frame();
    frame();  // WasActive: drawn in the frame before
    const ImGuiWindow* toast = ImGui::FindWindowByName("##toast0");
    EXPECT_EQ(toast != nullptr && toast->WasActive, !presentation) << (presentation ? "presenting" : "at the desk");
    shell_.toasts.expire(1e9);
  }
}

// Nor at the desk on a 1280 x 720 screen or a 1600 x 900 window, with each panel's defaults (the
// batch-to-1 step squeezed its curves to nothing and scrolled).
TEST_F(HeadlessShell, AtTheDeskFrom720pNothingScrolls) {
  expect_no_step_scrolls(ImVec2(1280, 720), false);
  expect_no_step_scrolls(ImVec2(1600, 900), false);
}

// Files handed to the app (command line, dropped on the window) open in the panel that reads them; a
// bad file leaves what was shown and says why; a file no panel reads is named with what would work.
TEST_F(HeadlessShell, FilesHandedToTheAppOpenInTheirPanel) {
  const std::filesystem::path folder =
      std::filesystem::temp_directory_path() / ("normlab_open_files_" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  const auto write = [&](const char* name, const char* text) {
    std::ofstream((folder / name).string()) << text;
    return (folder / name).string();
  };
  const std::string run = write("run.json", R"({"target": "AVX2", "rows": 2048, "cols": 4096, "results": [
      {"name": "memcpy", "median_s": 0.0018, "gbps": 37.28}, {"name": "layer_fwd", "median_s": 0.0022, "gbps": 30.52},
      {"name": "rms_fwd", "median_s": 0.00176, "gbps": 38.14}]})");
  const std::string bad = write("bad.json", R"({"target": "AVX2", "rows": 2048})");
  const std::string matrix = write("matrix.CSV", "1,2,3\n4,5,7\n");
  const std::string notes = write("notes.txt", "hello");
  const auto index_of = [&](std::string_view id) {
    for (std::size_t index = 0; index < shell_.panels.size(); ++index) {
      if (shell_.panels[index].descriptor->id == id) return static_cast<int>(index);
    }
    return -1;
  };
  const int speed = index_of("benchmark");
  shell_.panels[speed].step = 1;  // the table
  shell_.current = speed;
  frame();
  EXPECT_EQ(GImGui->Tables.GetAliveCount(), 1) << "before any run, the shipped sample run's table";

  shell_.current = 0;
  shell_.files_to_open = {run};
  frame();
  frame();
  EXPECT_EQ(shell_.current, speed);
  EXPECT_EQ(shell_.toasts.last_text(), "Opened the run saved as " + run);
  EXPECT_EQ(GImGui->Tables.GetAliveCount(), 1) << "the run's table is drawn";

  shell_.files_to_open = {bad};
  frame();
  EXPECT_NE(shell_.toasts.last_text().find("has no \"cols\""), std::string::npos) << shell_.toasts.last_text();
  frame();
  EXPECT_EQ(GImGui->Tables.GetAliveCount(), 1);
  EXPECT_EQ(shell_.toasts.active().back().kind, ToastKind::error);

  shell_.files_to_open = {matrix};  // extensions match whatever their case
  frame();
  EXPECT_EQ(shell_.current, index_of("axis-flip"));
  EXPECT_EQ(shell_.toasts.last_text(), "Imported " + matrix);

  shell_.files_to_open = {notes};
  frame();
  EXPECT_EQ(shell_.current, index_of("axis-flip"));
  EXPECT_EQ(shell_.toasts.last_text(), "Cannot open notes.txt: NormLab opens .npy, .csv, .json files");
  std::filesystem::remove_all(folder);
}

// Two panels open .npy: the one on screen gets a dropped file. The check panel takes x, then y.
TEST_F(HeadlessShell, FilesDroppedOnTheCheckPanelAreTheInputThenTheStudentsOutput) {
  const std::filesystem::path folder =
      std::filesystem::temp_directory_path() / ("normlab_check_drop_" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  const std::string x = (folder / "x.csv").string(), y = (folder / "y.csv").string();
  std::ofstream(x) << "1,2,3,5\n4,5,7,6\n";
  std::ofstream(y) << "0,0,0,0\n0,0,0,0\n";
  int check = -1;
  for (std::size_t index = 0; index < shell_.panels.size(); ++index) {
    if (shell_.panels[index].descriptor->id == "check") check = static_cast<int>(index);
  }
  ASSERT_GE(check, 0);
  shell_.current = check;
  frame();
  params::ParameterSet& parameters = shell_.panels[check].instance->parameters();
  shell_.files_to_open = {x};
  frame();
  EXPECT_EQ(shell_.current, check);
  EXPECT_EQ(parameters.get("input-path"), x);
  EXPECT_EQ(parameters.get("student-path"), "");
  shell_.files_to_open = {y};
  frame();
  frame();
  EXPECT_EQ(parameters.get("student-path"), y);
  EXPECT_EQ(shell_.toasts.last_text(), "Checking " + y + " against " + x);
  std::filesystem::remove_all(folder);
}

// A long message (a file's full path) in the status bar ends in "..." before the "F5: present" hint: the
// gap left of the hint stays empty (the text ran under the hint).
TEST_F(HeadlessShell, ALongStatusMessageStopsShortOfTheHint) {
  frame();
  shell_.toasts.post(ToastKind::info, "Opened the run saved as /tmp/" + std::string(300, 'x') + ".json", shell_.time_s);
  frame();
  const ImGuiWindow* bar = ImGui::FindWindowByName("##status_bar");
  ASSERT_NE(bar, nullptr);
  const float hint_width = fonts_.small->CalcTextSizeA(fonts_.small->FontSize, FLT_MAX, 0.0f, "F5: present").x;
  const float hint_left = bar->Pos.x + bar->Size.x - hint_width - ImGui::GetStyle().WindowPadding.x;
  const float gap = 28.0f * fonts_.pixel_scale;
  int in_gap = 0, right_of_gap = 0;
  for (const ImDrawVert& vertex : bar->DrawList->VtxBuffer) {
    if (vertex.pos.y < bar->Pos.y + 1 || vertex.pos.y > bar->Pos.y + bar->Size.y - 1) continue;  // the frame
    if (vertex.pos.x > hint_left - gap + 1 && vertex.pos.x < hint_left - 1) ++in_gap;
    if (vertex.pos.x >= hint_left) ++right_of_gap;
  }
  EXPECT_EQ(in_gap, 0);
  EXPECT_GT(right_of_gap, 0);  // the hint is drawn
}

TEST_F(HeadlessShell, PresentationKeysStepThroughEveryPanelAndStep) {
  frame();
  press(GLFW_KEY_F5);
  EXPECT_TRUE(shell_.presentation);
  EXPECT_FLOAT_EQ(fonts_.pixel_scale, kPresentationScale);  // fonts rebuilt larger
  std::size_t total_steps = 0;
  for (const ShellPanel& panel : shell_.panels) total_steps += panel.descriptor->steps.size();
  std::vector<std::pair<int, int>> visited = {{shell_.current, shell_.panels[shell_.current].step}};
  for (std::size_t index = 1; index < total_steps; ++index) {
    press(index % 2 == 0 ? GLFW_KEY_PAGE_DOWN : GLFW_KEY_RIGHT);
    visited.emplace_back(shell_.current, shell_.panels[shell_.current].step);
  }
  EXPECT_EQ(shell_.current, static_cast<int>(shell_.panels.size()) - 1);
  const std::set<std::pair<int, int>> distinct(visited.begin(), visited.end());
  EXPECT_EQ(distinct.size(), total_steps);
  press(GLFW_KEY_PAGE_DOWN);  // past the end: stays
  const std::pair<int, int> at_end = {shell_.current, shell_.panels[shell_.current].step};
  EXPECT_EQ(visited.back(), at_end);
  for (std::size_t index = 1; index < total_steps; ++index) press(GLFW_KEY_PAGE_UP);
  EXPECT_EQ(shell_.current, 0);
  EXPECT_EQ(shell_.panels[0].step, 0);
  press(GLFW_KEY_ESCAPE);
  EXPECT_FALSE(shell_.presentation);
  EXPECT_FLOAT_EQ(fonts_.pixel_scale, 1.0f);
}

TEST_F(HeadlessShell, CtrlPlusMinusZeroZoomAndRebuildTheFonts) {
  frame();
  const float body_pixels = fonts_.body->FontSize;
  press(GLFW_KEY_EQUAL, /*ctrl=*/true);
  EXPECT_NEAR(shell_.zoom, 1.1f, 1e-6);
  EXPECT_TRUE(shell_.settings_changed);
  frame();
  EXPECT_NEAR(fonts_.pixel_scale, 1.1f, 1e-6);
  EXPECT_GT(fonts_.body->FontSize, body_pixels);  // rasterized larger, not stretched
  press(GLFW_KEY_MINUS, true);
  press(GLFW_KEY_MINUS, true);
  EXPECT_NEAR(shell_.zoom, 1.0f / 1.1f, 1e-5);
  for (int index = 0; index < 40; ++index) press(GLFW_KEY_MINUS, true);
  EXPECT_EQ(shell_.zoom, kMinZoom);  // clamped
  press(GLFW_KEY_0, true);
  EXPECT_EQ(shell_.zoom, 1.0f);
  press(GLFW_KEY_EQUAL);  // without Ctrl: not a zoom
  EXPECT_EQ(shell_.zoom, 1.0f);
}

// Presentation mode keeps the page's proportions on any window: its scale follows the window's height
// (in steps of 0.1, within 0.6 .. 2), 1080 pixels being kPresentationScale; unknown height counts as
// 1080. Normal mode does not follow the window.
TEST(PresentationScale, FollowsTheWindowsHeight) {
  EXPECT_FLOAT_EQ(presentation_fit(1080), 1.0f);
  EXPECT_FLOAT_EQ(presentation_fit(720), 0.7f);  // 0.667, to the nearest 0.1
  EXPECT_FLOAT_EQ(presentation_fit(800), 0.7f);  // 0.741
  EXPECT_FLOAT_EQ(presentation_fit(1440), 1.3f);
  EXPECT_FLOAT_EQ(presentation_fit(2160), 2.0f);
  EXPECT_FLOAT_EQ(presentation_fit(400), 0.6f);
  EXPECT_FLOAT_EQ(presentation_fit(5000), 2.0f);
  EXPECT_FLOAT_EQ(presentation_fit(0), 1.0f);
  ShellState shell;
  shell.content_scale = 1.5f;
  shell.window_height = 720;  // a 1080-pixel framebuffer at content scale 1.5
  EXPECT_FLOAT_EQ(ui_scale(shell), 1.5f);
  shell.presentation = true;
  EXPECT_FLOAT_EQ(ui_scale(shell), 1.5f * kPresentationScale * 0.7f);
}

TEST_F(HeadlessShell, TheDejaVuFontIsUsedWhenInstalledAndTheFallbackSaysSo) {
  fonts_ = build_fonts(1.0f);
  EXPECT_TRUE(fonts_.real_font);
  EXPECT_TRUE(fonts_.note.empty());
  setenv("NORMLAB_FONT_DIR", "/nonexistent", 1);
  const FontSet fallback = build_fonts(1.0f);
  unsetenv("NORMLAB_FONT_DIR");
  EXPECT_FALSE(fallback.real_font);
  EXPECT_NE(fallback.note.find("DejaVu Sans not found"), std::string::npos);
  fonts_ = fallback;
  frame();  // the shell still draws with ImGui's own font
}

}  // namespace
}  // namespace normlab::gui
