// The running app: one ImGui context, the GL window, the shell's state, fonts rebuilt when the scale
// changes, settings remembered. main() and the in-process tests both drive it one frame at a time.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gui/fonts.hpp"
#include "gui/gl_window.hpp"
#include "gui/launch_options.hpp"
#include "gui/shell.hpp"

namespace normlab::gui {

struct AppConfig {
  // The panels, in presentation order (main() passes app/panels' registry; gui/ knows no panel).
  const std::vector<panels::PanelDescriptor>* panels = nullptr;
  WindowOptions window;
  bool deterministic = false;      // fixed 1/60 s steps, no settings read or written
  std::string settings_path;       // empty = none (tests, screenshots)
  std::optional<ThemeKind> theme;  // overrides the remembered theme
  std::optional<float> scale;      // overrides the monitor's content scale
  std::string panel;               // panel id to open first
  std::string step;                // its step: an id or an index (empty: the first, or the demo's)
  std::vector<std::string> settings;  // "panel.key=value" or "key=value", applied in order
  bool presentation = false;
  std::string lesson, lesson_step, lesson_answer;  // a lesson to open at a step, and an answer to give
  std::string progress_path;       // lesson progress; empty = none kept (tests, screenshots)
  // Opened before the first frame: saved demos at once (before panel, step and settings, which
  // override them), the rest by their panels (the shell's files_to_open).
  std::vector<std::string> files;
};

// The shell a configuration asks for, without a window (also what --save-demo writes). Throws
// std::invalid_argument with one line naming the bad panel, step, setting or demo file.
void configure_shell(ShellState& shell, const AppConfig& config);

class App {
 public:
  // nullptr with `error` set when there is no display, no GL 3.3, or an unknown panel id.
  static std::unique_ptr<App> create(const AppConfig& config, std::string& error);
  ~App();

  ShellState& shell() { return shell_; }
  const FontSet& fonts() const { return fonts_; }
  // One whole frame: input (real, or `input` injected), shortcuts, the shell's UI, rendering.
  void frame(const InjectedInput* input = nullptr);
  bool should_close() const;
  // Whether the last frame's ImGui stacks were balanced (every Begin/Push matched).
  bool last_frame_balanced() const { return last_frame_balanced_; }
  // The last rendered frame as RGBA rows, top row first (GlWindow::read_pixels).
  std::vector<unsigned char> last_frame(int& width, int& height) const { return window_->read_pixels(width, height); }
  // Writes the last rendered frame as PNG; throws std::runtime_error on failure.
  void write_screenshot(const std::string& path) const;

 private:
  App() = default;
  void refresh_style_if_needed();

  AppConfig config_;
  ImGuiContext* imgui_ = nullptr;
  std::unique_ptr<GlWindow> window_;
  ShellState shell_;
  FontSet fonts_;
  float styled_scale_ = 0.0f;
  bool last_frame_balanced_ = true;
  ThemeKind styled_theme_ = ThemeKind::light;
};

// `normlab --list-panels`: each panel, its steps with ids, and its parameters with kind, range and default.
std::string panel_listing(const std::vector<panels::PanelDescriptor>& panels);

// Everything main() does, returning the process exit code.
int run_normlab(int argc, const char* const* argv, const std::vector<panels::PanelDescriptor>& panels);

}  // namespace normlab::gui
