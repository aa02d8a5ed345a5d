// What a panel is: its declaration (id, title, one-line summary, presentation steps) plus a state
// struct and a draw function in one file. The shell owns one instance per registered panel and hands
// every draw call a PanelContext; panels touch ImGui only (never GL), so they run in headless tests.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gui/fonts.hpp"
#include "gui/settings.hpp"
#include "gui/theme.hpp"
#include "gui/toasts.hpp"

namespace normlab::panels {

struct PanelContext {
  gui::ThemeKind theme = gui::ThemeKind::light;
  const gui::Palette* palette = nullptr;
  const gui::FontSet* fonts = nullptr;
  float scale = 1.0f;         // UI scale: multiply every hard-coded pixel size by it
  bool presentation = false;  // fullscreen, large fonts, keyboard-driven
  int step = 0;               // the panel's current presentation step (also chosen in normal mode)
  double time_s = 0.0;        // seconds since start; advances by a fixed step in screenshot mode
  bool deterministic = false; // screenshot mode: no wall-clock effects, no background work started
  gui::Toasts* toasts = nullptr;
  std::function<void(std::string_view panel_id)> open_panel;  // jump to another panel (welcome page)

  float px(float logical_pixels) const { return logical_pixels * scale; }
};

class PanelInstance {
 public:
  virtual ~PanelInstance() = default;
  virtual void draw(PanelContext& context) = 0;
  // A file the user handed the app (on the command line, or dropped on the window) whose extension is
  // in the descriptor's `opens`. Problems go to context.toasts; nothing the panel holds is lost.
  virtual void open_file(const std::string& path, PanelContext& context) = 0;
};

struct PanelDescriptor {
  std::string id;       // command-line name (--panel) and settings key
  std::string title;    // shown in the sidebar and as the heading
  std::string summary;  // one line: what the panel shows
  std::vector<std::string> steps;  // presentation steps, in order (at least one)
  std::function<std::unique_ptr<PanelInstance>()> create;
  std::vector<std::string> opens = {};  // lower-case file extensions it opens (".json"), if any
};

// Wraps a panel's state struct and draw function (and, for a panel that opens files, its open
// function) into an instance, so a panel file stays "struct State + void draw(State&, PanelContext&)".
template <typename State, void (*Draw)(State&, PanelContext&),
          void (*Open)(State&, const std::string&, PanelContext&) = nullptr>
std::function<std::unique_ptr<PanelInstance>()> make_panel_factory() {
  struct Instance final : PanelInstance {
    State state;
    void draw(PanelContext& context) override { Draw(state, context); }
    void open_file(const std::string& path, PanelContext& context) override {
      if constexpr (Open != nullptr) Open(state, path, context);
    }
  };
  return [] { return std::make_unique<Instance>(); };
}

}  // namespace normlab::panels
