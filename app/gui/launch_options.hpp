// The `normlab` command line. Parsing is separate from running so it can be tested without a window.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gui/settings.hpp"

namespace normlab::gui {

struct LaunchOptions {
  bool help = false;
  bool list_panels = false;
  bool list_lessons = false;
  std::string lesson;                // a lesson id to open (its step: lesson_step)
  std::string lesson_step;           // an index from 0 or a step id; empty: the first
  std::string lesson_answer;         // answers the step's question before the first frame
  std::string screenshot_path;       // non-empty: render `frames` frames, write a PNG, exit
  std::string panel;                 // panel id to open (default: the first in the registry)
  std::optional<ThemeKind> theme;    // default: the remembered one (light for screenshots)
  int width = 1600, height = 900;    // window size; in screenshot mode the image size
  bool size_given = false;
  int frames = 3;                    // screenshot mode: frames rendered before the capture
  std::string step;                  // the panel's step: an id ("cube") or a 0-based index; empty: the first
  std::vector<std::string> settings; // --set panel.key=value (or key=value for --panel's), in order
  std::string save_demo_path;        // non-empty: write the demo these options describe, exit
  bool presentation = false;
  std::optional<float> scale;        // UI scale override (screenshots default to 1)
  std::vector<std::string> files;    // to open, in order (the panel of the last one stays current)
};

// Returns an error line naming the bad argument, or nullopt.
std::optional<std::string> parse_launch_options(int argc, const char* const* argv, LaunchOptions& options);

const char* launch_usage();

}  // namespace normlab::gui
