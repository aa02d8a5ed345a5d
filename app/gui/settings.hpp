// What the app remembers between runs (~/.config/normlab/settings.json). A missing, unreadable or
// malformed file means defaults, never a crash or a blocked start (a directory or a FIFO there is not
// opened); out-of-range values are clamped on load. A file that cannot be used at all (unreadable, not
// a regular file, not a JSON object) is moved aside to "<path>.corrupt-<UTC time>" and said so, so the
// next save does not destroy it. Saving through a symbolic link replaces the file it points to.
#pragma once

#include <string>

namespace normlab::gui {

enum class ThemeKind { light, dark };

const char* theme_name(ThemeKind theme);
// Parses "light" / "dark"; returns false (and leaves `theme` alone) for anything else.
bool parse_theme(const std::string& text, ThemeKind& theme);

struct Settings {
  // The user's zoom on top of the monitor's content scale (Ctrl +/-, Ctrl 0 resets to 1).
  float zoom = 1.0f;
  // Light is the default: it projects best in a lit lecture hall.
  ThemeKind theme = ThemeKind::light;
};

inline constexpr float kMinZoom = 0.5f;
inline constexpr float kMaxZoom = 3.0f;
float clamp_zoom(float zoom);

// $XDG_CONFIG_HOME/normlab/settings.json, else $HOME/.config/normlab/settings.json, else "" (no home).
std::string default_settings_path();
// $XDG_CONFIG_HOME/normlab/<file_name>, else ~/.config/normlab/<file_name>; empty when neither is set.
std::string config_file_path(const std::string& file_name);

// Never throws: a bad file gives defaults and, if `problem` is non-null, one line naming every problem.
Settings load_settings(const std::string& path, std::string* problem = nullptr);
// Writes atomically (creating the folder); returns false with a reason instead of throwing.
bool save_settings(const std::string& path, const Settings& settings, std::string* problem = nullptr);

}  // namespace normlab::gui
