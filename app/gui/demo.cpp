#include "gui/demo.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "io/atomic_file.hpp"
#include "io/untrusted_text.hpp"

namespace normlab::gui {
namespace {

using json = nlohmann::json;

ShellPanel* find_shell_panel(ShellState& shell, std::string_view id) {
  for (ShellPanel& panel : shell.panels) {
    if (panel.descriptor->id == id) return &panel;
  }
  return nullptr;
}

const ShellPanel& require_panel(const ShellState& shell, std::string_view id) {
  for (const ShellPanel& panel : shell.panels) {
    if (panel.descriptor->id == id) return panel;
  }
  throw std::invalid_argument("unknown panel '" + printable_excerpt(id) + "' (panels: " + panel_ids(shell) +
                              ")");
}

int require_step(const panels::PanelDescriptor& panel, const json& step) {
  const int index = step.is_string() ? panels::find_step(panel, step.get<std::string>()) : -1;
  if (index < 0) {
    throw std::invalid_argument("panel '" + panel.id + "' has no step " + step.dump() +
                                " (steps: " + panels::step_id_list(panel) + ")");
  }
  return index;
}

const json& member(const json& object, const char* key, const char* what) {
  if (!object.contains(key))
    throw std::invalid_argument(std::string("missing \"") + key + "\" (" + what + ")");
  return object[key];
}

}  // namespace

json demo_document(const ShellState& shell) {
  json panels = json::object();
  for (const ShellPanel& panel : shell.panels) {
    panels[panel.descriptor->id] = {{"step", panel.descriptor->steps[panel.step].id},
                                    {"parameters", panel.instance->parameters().to_json()}};
  }
  const ShellPanel& current = shell.panels[shell.current];
  return {{"format", kDemoFormat},
          {"version", kDemoVersion},
          {"panel", current.descriptor->id},
          {"step", current.descriptor->steps[current.step].id},
          {"theme", theme_name(shell.theme)},
          {"zoom", shell.zoom},
          {"panels", panels}};
}

void apply_demo(ShellState& shell, const json& demo) {
  // Everything is checked first; nothing below the checks can throw.
  if (!demo.is_object()) throw std::invalid_argument("a demo is a JSON object");
  const json& format = member(demo, "format", "a NormLab demo says \"format\": \"normlab-demo\"");
  if (format != kDemoFormat)
    throw std::invalid_argument("not a NormLab demo (\"format\" is " + format.dump() + ")");
  const json& version = member(demo, "version", "the demo format's version");
  if (!version.is_number_integer() || version.get<long long>() < 1) {
    throw std::invalid_argument("\"version\" must be a whole number from 1, not " + version.dump());
  }
  if (version.get<long long>() > kDemoVersion) {
    throw std::invalid_argument("written by a newer NormLab (demo version " + version.dump() +
                                "; this one reads up to " + std::to_string(kDemoVersion) + ")");
  }
  const json& panel_id = member(demo, "panel", "the panel to show");
  if (!panel_id.is_string())
    throw std::invalid_argument("\"panel\" must be a panel id, not " + panel_id.dump());
  const ShellPanel& current = require_panel(shell, panel_id.get<std::string>());
  const int current_step = demo.contains("step") ? require_step(*current.descriptor, demo["step"]) : 0;
  ThemeKind theme = shell.theme;
  if (demo.contains("theme") &&
      (!demo["theme"].is_string() || !parse_theme(demo["theme"].get<std::string>(), theme))) {
    throw std::invalid_argument("\"theme\" must be \"light\" or \"dark\", not " + demo["theme"].dump());
  }
  float zoom = shell.zoom;
  if (demo.contains("zoom")) {
    const json& value = demo["zoom"];
    if (!value.is_number() || value.get<double>() < kMinZoom || value.get<double>() > kMaxZoom) {
      throw std::invalid_argument("\"zoom\" must be a number from " + std::to_string(kMinZoom).substr(0, 3) +
                                  " to " + std::to_string(kMaxZoom).substr(0, 3) + ", not " + value.dump());
    }
    zoom = value.get<float>();
  }
  std::vector<std::pair<ShellPanel*, int>> steps;
  std::vector<std::pair<ShellPanel*, const json*>> parameters;
  if (demo.contains("panels")) {
    const json& panels = demo["panels"];
    if (!panels.is_object())
      throw std::invalid_argument("\"panels\" must be an object of panel id: settings");
    for (const auto& [id, entry] : panels.items()) {
      ShellPanel* panel = find_shell_panel(shell, id);
      if (panel == nullptr) require_panel(shell, id);  // throws naming the panels
      if (!entry.is_object()) throw std::invalid_argument("panels." + printable_excerpt(id) + " must be an object");
      if (entry.contains("step")) steps.emplace_back(panel, require_step(*panel->descriptor, entry["step"]));
      if (entry.contains("parameters")) {
        const json& values = entry["parameters"];
        if (!values.is_object())
          throw std::invalid_argument("panels." + printable_excerpt(id) + ".parameters must be an object");
        for (const auto& [key, value] : values.items()) {
          try {
            panel->instance->parameters().check_json(key, value);
          } catch (const std::invalid_argument& problem) {
            throw std::invalid_argument("panel '" + id + "': " + problem.what());
          }
        }
        parameters.emplace_back(panel, &values);
      }
    }
  }
  for (const auto& [panel, values] : parameters) panel->instance->parameters().set_all_json(*values);
  for (const auto& [panel, step] : steps) panel->step = step;
  select_panel(shell, current.descriptor->id);
  shell.panels[shell.current].step = current_step;
  shell.theme = theme;
  shell.zoom = zoom;
}

json read_demo_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::invalid_argument(path + ": cannot be read");
  std::ostringstream text;
  text << file.rdbuf();
  try {
    return json::parse(text.str());
  } catch (const json::parse_error& problem) {
    throw std::invalid_argument(path + ": not valid JSON (at byte " + std::to_string(problem.byte) + ")");
  }
}

void open_demo(ShellState& shell, const std::string& path) {
  const json demo = read_demo_file(path);
  try {
    apply_demo(shell, demo);
  } catch (const std::invalid_argument& problem) {
    throw std::invalid_argument(path + ": " + problem.what());
  }
}

void save_demo(const ShellState& shell, const std::string& path) {
  const std::string text = demo_document(shell).dump(2) + "\n";
  write_file_atomically(path, [&text](std::ostream& out) { out << text; });
}

bool is_demo_file(const std::string& path) {
  try {
    std::ifstream file(path, std::ios::binary);
    if (!file) return false;
    char head[4096] = {};
    file.read(head, sizeof head - 1);
    return std::string_view(head).find(std::string("\"") + kDemoFormat + "\"") != std::string_view::npos;
  } catch (...) {
    return false;
  }
}

void apply_setting(ShellState& shell, std::string_view assignment) {
  const auto [key, value] = params::split_assignment(assignment);
  const std::size_t dot = key.find('.');
  ShellPanel* panel = &shell.panels[shell.current];
  std::string parameter = key;
  if (dot != std::string::npos) {
    const std::string panel_id = key.substr(0, dot);
    panel = find_shell_panel(shell, panel_id);
    if (panel == nullptr) {
      throw std::invalid_argument("--set " + printable_excerpt(key) + ": unknown panel '" + printable_excerpt(panel_id) +
                                  "' (panels: " + panel_ids(shell) + ")");
    }
    parameter = key.substr(dot + 1);
  }
  try {
    panel->instance->parameters().set(parameter, value);
  } catch (const std::invalid_argument& problem) {
    throw std::invalid_argument("--set: panel '" + panel->descriptor->id + "': " + problem.what());
  }
}

void select_step(ShellState& shell, std::string_view step) {
  ShellPanel& panel = shell.panels[shell.current];
  const int index = panels::find_step(*panel.descriptor, step);
  if (index < 0) {
    throw std::invalid_argument("panel '" + panel.descriptor->id + "' has no step '" + printable_excerpt(step) +
                                "' (steps: " + panels::step_id_list(*panel.descriptor) + ", or 0 to " +
                                std::to_string(panel.descriptor->steps.size() - 1) + ")");
  }
  panel.step = index;
}

}  // namespace normlab::gui
