#include "gui/launch_options.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "io/untrusted_text.hpp"

namespace normlab::gui {
namespace {

bool parse_int(std::string_view text, int& value) {
  const char* end = text.data() + text.size();
  auto [where, status] = std::from_chars(text.data(), end, value);
  return status == std::errc() && where == end;
}

}  // namespace

const char* launch_usage() {
  return "usage: normlab [--theme light|dark] [--panel NAME] [--step STEP] [--set KEY=VALUE ...]\n"
         "               [--presentation] [--scale S] [FILE ...]\n"
         "       normlab --screenshot OUT.png [--size WxH] [--frames N] [same options as above]\n"
         "       normlab --save-demo OUT.json [--panel NAME] [--step STEP] [--set KEY=VALUE ...] [FILE ...]\n"
         "       normlab --list-panels      (panels, their steps, and their parameters)\n"
         "       normlab --list-lessons     (lesson ids and titles)\n"
         "       normlab --lesson ID [--lesson-step K] [--lesson-answer A] [--screenshot OUT.png ...]\n"
         "STEP: a step id (normlab --list-panels) or its index from 0. KEY: a parameter of --panel's panel,\n"
         "or panel.parameter for another (--set depth.layers=24).\n"
         "FILE: a saved demo (.json, File > Save demo or --save-demo) sets every panel up as saved; a\n"
         "saved benchmark run (.json, from normlab-cli bench --json) opens in the speed panel; a matrix\n"
         "(.npy, .csv) in the axis flip. Files can also be dropped on the window.\n"
         "NormLab needs a display; headless, use normlab-cli or xvfb-run -a normlab --screenshot ...\n";
}

std::optional<std::string> parse_launch_options(int argc, const char* const* argv, LaunchOptions& options) {
  for (int index = 1; index < argc; ++index) {
    const std::string_view argument = argv[index];
    auto value = [&](std::string& out) -> std::optional<std::string> {
      if (index + 1 >= argc) return "option " + std::string(argument) + " needs a value";
      out = argv[++index];
      return std::nullopt;
    };
    std::string text;
    if (argument == "--help" || argument == "-h") {
      options.help = true;
    } else if (argument == "--list-panels") {
      options.list_panels = true;
    } else if (argument == "--list-lessons") {
      options.list_lessons = true;
    } else if (argument == "--lesson") {
      if (auto error = value(options.lesson)) return error;
    } else if (argument == "--lesson-step") {
      if (auto error = value(options.lesson_step)) return error;
    } else if (argument == "--lesson-answer") {
      if (auto error = value(options.lesson_answer)) return error;
    } else if (argument == "--presentation") {
      options.presentation = true;
    } else if (argument == "--screenshot") {
      if (auto error = value(options.screenshot_path)) return error;
    } else if (argument == "--panel") {
      if (auto error = value(options.panel)) return error;
    } else if (argument == "--theme") {
      if (auto error = value(text)) return error;
      ThemeKind theme;
      if (!parse_theme(text, theme)) return "--theme must be light or dark, not '" + printable_excerpt(text) + "'";
      options.theme = theme;
    } else if (argument == "--size") {
      if (auto error = value(text)) return error;
      const auto cross = text.find('x');
      int width = 0, height = 0;
      if (cross == std::string::npos || !parse_int(std::string_view(text).substr(0, cross), width) ||
          !parse_int(std::string_view(text).substr(cross + 1), height) || width < 320 || height < 240 ||
          width > 8192 || height > 8192) {
        return "--size must be WIDTHxHEIGHT between 320x240 and 8192x8192, not '" + printable_excerpt(text) + "'";
      }
      options.width = width;
      options.height = height;
      options.size_given = true;
    } else if (argument == "--frames") {
      if (auto error = value(text)) return error;
      if (!parse_int(text, options.frames) || options.frames < 1 || options.frames > 100000) {
        return "--frames must be a whole number from 1 to 100000, not '" + printable_excerpt(text) + "'";
      }
    } else if (argument == "--step") {
      if (auto error = value(options.step)) return error;
      if (options.step.empty()) return "--step needs a step id or index";
    } else if (argument == "--set") {
      if (auto error = value(text)) return error;
      if (text.find('=') == std::string::npos || text.front() == '=') {
        return "--set needs KEY=VALUE, not '" + printable_excerpt(text) + "'";
      }
      options.settings.push_back(text);
    } else if (argument == "--save-demo") {
      if (auto error = value(options.save_demo_path)) return error;
    } else if (argument == "--scale") {
      if (auto error = value(text)) return error;
      char* end = nullptr;
      const float scale = std::strtof(text.c_str(), &end);
      if (end == text.c_str() || *end != '\0' || !std::isfinite(scale) || scale < 0.5f || scale > 4.0f) {
        return "--scale must be a number from 0.5 to 4, not '" + printable_excerpt(text) + "'";
      }
      options.scale = scale;
    } else if (!argument.empty() && argument[0] != '-') {
      options.files.emplace_back(argument);  // a saved benchmark run or a matrix to open
    } else {
      return "unknown option '" + printable_excerpt(argument) + "' (see normlab --help)";
    }
  }
  if ((!options.lesson_step.empty() || !options.lesson_answer.empty()) && options.lesson.empty()) {
    return "--lesson-step and --lesson-answer need --lesson ID";
  }
  return std::nullopt;
}

}  // namespace normlab::gui
