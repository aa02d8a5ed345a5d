// The app's frame without the window: menu bar, panel sidebar, main area, status bar, presentation mode
// and keyboard shortcuts. Everything here talks to ImGui only, so a test can drive whole frames with a
// plain ImGui context and no GL (the GL seam is gl_window.hpp).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gui/demo_dialog.hpp"
#include "gui/fonts.hpp"
#include "gui/settings.hpp"
#include "gui/toasts.hpp"
#include "gui/panel.hpp"

namespace normlab::gui {

struct LessonRunner;  // gui/lesson_runner.hpp

struct ShellPanel {
  const panels::PanelDescriptor* descriptor = nullptr;
  std::unique_ptr<panels::PanelInstance> instance;
  int step = 0;
};

// Presentation mode enlarges everything by this factor on top of the normal UI scale, on a window
// kPresentationHeight pixels tall (at content scale 1); on other windows in proportion to their
// height (presentation_fit), so a 1280 x 720 projector shows the same page as a 1080p one.
inline constexpr float kPresentationScale = 2.0f;
inline constexpr float kPresentationHeight = 1080.0f;

struct ShellState {
  std::vector<ShellPanel> panels;  // one per registered panel, in registry order
  int current = 0;                 // index into panels
  int entered_panel = -1, entered_step = -1;  // the step whose enter hook ran last (-1: none yet)
  bool presentation = false;
  bool show_sidebar = true;
  ThemeKind theme = ThemeKind::light;
  float zoom = 1.0f;               // user zoom (remembered)
  float content_scale = 1.0f;      // the monitor's, from the window
  float window_height = 0.0f;      // framebuffer pixels over content_scale; 0 until the window reports it
  bool deterministic = false;      // screenshot mode: fixed time step, nothing wall-clock dependent
  double time_s = 0.0;
  float frame_ms = 0.0f;           // smoothed frame time shown in the status bar
  std::string simd_target;
  std::string font_note;           // non-empty when the font fell back
  Toasts toasts;
  PageState page;                  // the current step's page: notes and drawer toggles, the central object
  // Files handed to the app (command line, dropped on the window), opened at the start of the next
  // frame by the panel whose descriptor lists their extension.
  std::vector<std::string> files_to_open;
  DemoDialogState demo_dialog;
  bool quit_requested = false;
  bool settings_changed = false;   // zoom or theme changed: the app saves them
  std::shared_ptr<LessonRunner> lessons;  // the course, once loaded (load_lessons); null: no Lessons entry
};

// One instance of every registered panel, the first one current.
ShellState make_shell_state(const std::vector<panels::PanelDescriptor>& panels);
// "welcome, axis-flip, ...": the shell's panel ids, for messages naming the choices.
std::string panel_ids(const ShellState& shell);

// The scale fonts and sizes are built for: content scale x zoom (x kPresentationScale x
// presentation_fit when presenting).
float ui_scale(const ShellState& shell);

// window_height / kPresentationHeight in steps of 0.1 (each change rebuilds the fonts, so a window being
// resized does not rebuild them every frame), within 0.6 .. 2; 1 while the height is unknown.
float presentation_fit(float window_height);

bool select_panel(ShellState& shell, std::string_view panel_id);
// Next step of the current panel, else the first step of the next panel (stops at the very end).
void step_forward(ShellState& shell);
// Previous step, else the last step of the previous panel (stops at the very beginning).
void step_back(ShellState& shell);
void change_zoom(ShellState& shell, float factor);  // factor 0 resets to 1
void set_presentation(ShellState& shell, bool on);

// Reads this frame's key presses from ImGui's io (F5, Esc, PageUp/PageDown, arrows, N (notes) and C
// (controls) in presentation, Ctrl +/-/0, Ctrl+Q). Call after ImGui::NewFrame.
void handle_shortcuts(ShellState& shell);

// True when every Begin/Push of this frame was matched (call before ImGui::Render). ImGui's own checks
// are asserts compiled out of Debian's release library; tests use this instead.
bool imgui_stacks_balanced();

// Open or save a demo; the outcome (or the problem, the screen unchanged) goes to a toast.
void open_demo_with_toast(ShellState& shell, const std::string& path);
void save_demo_with_toast(ShellState& shell, const std::string& path);

// Opens shell.files_to_open: each by the panel that lists its extension (case-insensitive), which becomes
// the current panel; a file no panel opens gets an error toast naming the extensions that work.
void open_pending_files(ShellState& shell, const FontSet& fonts);

// The current panel's step, in the current window, after the leave/enter hooks of a change of step or
// panel (the lesson page draws it beside the lesson's text).
void draw_current_step(ShellState& shell, const FontSet& fonts);

// Draws the whole frame's UI for the current mode. `delta_s` is this frame's time step.
void draw_shell(ShellState& shell, const FontSet& fonts, float delta_s);

}  // namespace normlab::gui
