#include "gui/settings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <ctime>
#include <vector>
#include <nlohmann/json.hpp>

#include "io/atomic_file.hpp"
#include "io/read_file.hpp"

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

std::string config_file_path(const std::string& file_name) {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::string(xdg) + "/normlab/" + file_name;
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::string(home) + "/.config/normlab/" + file_name;
  }
  return "";
}

std::string default_settings_path() { return config_file_path("settings.json"); }

namespace {

// "<path>.corrupt-20261202T181800" (UTC), so the user can still look at what was there.
std::string set_aside_name(const std::string& path) {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &utc);
  const std::string name = path + ".corrupt-" + stamp;
  std::error_code error;
  std::string unique = name;
  for (int copy = 2; std::filesystem::symlink_status(unique, error).type() != std::filesystem::file_type::not_found;
       ++copy) {
    unique = name + "-" + std::to_string(copy);
  }
  return unique;
}

// Moves a settings file that cannot be used out of the way, so the next save does not destroy it;
// returns the sentence that says where it went.
std::string set_aside(const std::string& path) {
  const std::string aside = set_aside_name(path);
  std::error_code error;
  std::filesystem::rename(path, aside, error);
  if (error) return "could not move it aside (" + error.message() + "), so zoom and theme will not be saved";
  return "kept as " + aside;
}

Settings parse_settings(const std::string& path, const std::string& text, std::vector<std::string>& problems,
                        bool& unusable) {
  Settings settings;
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    problems.push_back("settings file " + path + " is not a JSON object; using defaults");
    unusable = true;
    return settings;
  }
  if (auto zoom = doc.find("zoom"); zoom != doc.end()) {
    if (zoom->is_number()) {
      settings.zoom = clamp_zoom(zoom->get<float>());
    } else {
      problems.push_back("settings: \"zoom\" is not a number; using 1");
    }
  }
  if (auto theme = doc.find("theme"); theme != doc.end()) {
    if (!theme->is_string() || !parse_theme(theme->get<std::string>(), settings.theme)) {
      problems.push_back("settings: \"theme\" must be \"light\" or \"dark\"; using light");
    }
  }
  return settings;
}

}  // namespace

Settings load_settings(const std::string& path, std::string* problem) {
  std::vector<std::string> problems;
  Settings settings;
  try {
    std::error_code error;
    // A missing file is the first run, not a problem.
    if (path.empty() || std::filesystem::status(path, error).type() == std::filesystem::file_type::not_found) {
      return settings;
    }
    bool unusable = false;
    try {
      settings = parse_settings(path, read_regular_file(path), problems, unusable);
    } catch (const std::exception& unreadable) {
      problems.push_back(std::string("settings file unusable: ") + unreadable.what() + "; using defaults");
      unusable = true;
    }
    if (unusable) problems.back() += "; " + set_aside(path);
  } catch (...) {
    settings = Settings{};
    problems.push_back("settings could not be read; using defaults");
  }
  if (problem != nullptr) {
    problem->clear();
    for (const std::string& line : problems) *problem += (problem->empty() ? "" : "; ") + line;
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
