#include "gui/settings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "io/atomic_file.hpp"

namespace normlab::gui {

const char* theme_name(ThemeKind theme) { return theme == ThemeKind::dark ? "dark" : "light"; }

bool parse_theme(const std::string& text, ThemeKind& theme) {
  if (text == "light") {
    theme = ThemeKind::light;
    return true;
  }
  if (text == "dark") {
    theme = ThemeKind::dark;
    return true;
  }
  return false;
}

float clamp_zoom(float zoom) {
  if (!std::isfinite(zoom)) return 1.0f;
  return std::clamp(zoom, kMinZoom, kMaxZoom);
}

std::string default_settings_path() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::string(xdg) + "/normlab/settings.json";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::string(home) + "/.config/normlab/settings.json";
  }
  return "";
}

Settings load_settings(const std::string& path, std::string* problem) {
  Settings settings;
  auto report = [&](const std::string& why) {
    if (problem != nullptr) *problem = why;
  };
  if (path.empty()) return settings;
  std::ifstream in(path);
  if (!in) return settings;  // First run: no file yet is not a problem.
  nlohmann::json doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    report("settings file " + path + " is not a JSON object; using defaults");
    return settings;
  }
  if (auto zoom = doc.find("zoom"); zoom != doc.end()) {
    if (zoom->is_number()) {
      settings.zoom = clamp_zoom(zoom->get<float>());
    } else {
      report("settings: \"zoom\" is not a number; using 1");
    }
  }
  if (auto theme = doc.find("theme"); theme != doc.end()) {
    if (!theme->is_string() || !parse_theme(theme->get<std::string>(), settings.theme)) {
      report("settings: \"theme\" must be \"light\" or \"dark\"; using light");
    }
  }
  return settings;
}

bool save_settings(const std::string& path, const Settings& settings, std::string* problem) {
  if (path.empty()) return false;
  try {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    nlohmann::json doc = {{"zoom", clamp_zoom(settings.zoom)}, {"theme", theme_name(settings.theme)}};
    write_file_atomically(path, [&](std::ostream& out) { out << doc.dump(2) << '\n'; });
    return true;
  } catch (const std::exception& error) {
    if (problem != nullptr) *problem = error.what();
    return false;
  }
}

}  // namespace normlab::gui
