// What a panel is, as the shell sees it (gui/ knows no particular panel: app/panels/registry lists them and
// main() hands the list to the app). A panel: its declaration (id, title, one-line summary, steps with ids) plus a state struct,
// the parameters it declares on that struct, and a draw function, in one file. The shell owns one
// instance per registered panel and hands every draw call a PanelContext; panels touch ImGui only
// (never GL), so they run in headless tests. A panel's inputs are its declared parameters: its
// controls write them, and `normlab --set`, saved demos and lessons set them through the same
// ParameterSet; the panel notices an outside change by ParameterSet::version().
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gui/fonts.hpp"
#include "gui/presentation_page.hpp"
#include "gui/settings.hpp"
#include "gui/theme.hpp"
#include "gui/toasts.hpp"
#include "params/parameters.hpp"

namespace normlab::panels {

struct PanelContext {
  gui::ThemeKind theme = gui::ThemeKind::light;
  const gui::Palette* palette = nullptr;
  const gui::FontSet* fonts = nullptr;
  float scale = 1.0f;         // UI scale: multiply every hard-coded pixel size by it
  bool presentation = false;  // fullscreen, large fonts, keyboard-driven
  int step = 0;               // the panel's current step (also chosen in normal mode)
  std::string_view step_id;   // its id ("cube"): branch on this, not on the index
  std::string_view panel_id;  // the panel's id ("axis-flip"): its texts are assets/panels/<id>.json
  gui::PageState* page = nullptr;  // the step's page (gui::StepPage fills it in); null: nobody measures
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
  // The panel's declared inputs (empty for a panel with none).
  virtual params::ParameterSet& parameters() = 0;
  // A step is shown (entered) or stops being shown (left: another step, another panel, or the panel's
  // destruction): start an animation, stop work nobody sees.
  virtual void enter_step(PanelContext& context) = 0;
  virtual void leave_step(PanelContext& context) = 0;
  // A file the user handed the app (on the command line, or dropped on the window) whose extension is
  // in the descriptor's `opens`. Problems go to context.toasts; nothing the panel holds is lost.
  virtual void open_file(const std::string& path, PanelContext& context) = 0;
};

struct StepDescriptor {
  std::string id;     // kebab-case, unique in its panel: "batch-sweep" (full id "axis-flip/batch-sweep")
  std::string title;  // shown on the step bar: "BatchNorm sweep"
};

struct PanelDescriptor {
  std::string id;       // command-line name (--panel) and settings key
  std::string title;    // shown in the sidebar and as the heading
  std::string summary;  // one line: what the panel shows
  std::vector<StepDescriptor> steps;  // in order (at least one)
  std::function<std::unique_ptr<PanelInstance>()> create;
  std::vector<std::string> opens = {};  // lower-case file extensions it opens (".json"), if any
};

// What a panel file provides: its draw function, and optionally the declaration of its parameters on
// its state, the handler of files it opens, and step enter/leave hooks.
template <typename State>
struct PanelFunctions {
  void (*draw)(State&, PanelContext&) = nullptr;
  void (*declare)(State&, params::ParameterSet&) = nullptr;
  void (*open)(State&, const std::string&, PanelContext&) = nullptr;
  void (*enter_step)(State&, PanelContext&) = nullptr;
  void (*leave_step)(State&, PanelContext&) = nullptr;
};

// Wraps a panel's state struct and functions into an instance, so a panel file stays
// "struct State + void draw(State&, PanelContext&)" (+ its declarations).
template <typename State>
std::function<std::unique_ptr<PanelInstance>()> make_panel_factory(PanelFunctions<State> functions) {
  struct Instance final : PanelInstance {
    explicit Instance(PanelFunctions<State> panel_functions) : functions(panel_functions) {
      if (functions.declare != nullptr) functions.declare(state, declared);
    }
    State state;
    params::ParameterSet declared;  // bound to `state`'s fields, so declared after it
    PanelFunctions<State> functions;
    void draw(PanelContext& context) override { functions.draw(state, context); }
    params::ParameterSet& parameters() override { return declared; }
    void enter_step(PanelContext& context) override {
      if (functions.enter_step != nullptr) functions.enter_step(state, context);
    }
    void leave_step(PanelContext& context) override {
      if (functions.leave_step != nullptr) functions.leave_step(state, context);
    }
    void open_file(const std::string& path, PanelContext& context) override {
      if (functions.open != nullptr) functions.open(state, path, context);
    }
  };
  return [functions] { return std::make_unique<Instance>(functions); };
}

// The index of the step named `step` (an id, "panel/id", or a 0-based index as text); -1 if none.
int find_step(const PanelDescriptor& panel, std::string_view step);
// "matrix, batch-sweep, ...": for messages naming the choices.
std::string step_id_list(const PanelDescriptor& panel);
// "welcome, axis-flip, ...": the panels' ids, for messages naming the choices.
std::string panel_id_list(const std::vector<PanelDescriptor>& panels);

}  // namespace normlab::panels
