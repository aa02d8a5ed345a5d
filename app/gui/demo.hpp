// Saved demos: what a lecturer sets up at home and opens in class on another machine - the current
// panel and step, every panel's declared parameters (edited matrices included), theme and zoom - as
// versioned JSON written atomically. Opening checks the whole file before changing anything, so a
// corrupt file, one from a newer NormLab, or an unknown panel, step or parameter, or a value out of
// range, is refused with the file and the problem named and what is on screen stays as it was.
// `--set panel.key=value` goes through the same parameters.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "gui/shell.hpp"

namespace normlab::gui {

inline constexpr const char* kDemoFormat = "normlab-demo";
inline constexpr int kDemoVersion = 1;

// The shell's state as a demo document.
nlohmann::json demo_document(const ShellState& shell);
// Checks `demo` completely, then applies it; throws std::invalid_argument (shell untouched) otherwise.
void apply_demo(ShellState& shell, const nlohmann::json& demo);

// Reads and parses a demo file; throws std::invalid_argument "FILE: problem" (not JSON, not a demo).
nlohmann::json read_demo_file(const std::string& path);
// read_demo_file + apply_demo, the message naming the file.
void open_demo(ShellState& shell, const std::string& path);
// Writes demo_document atomically; throws std::runtime_error naming the file on failure.
void save_demo(const ShellState& shell, const std::string& path);
// Whether `path` is a JSON file that says it is a demo (its "format" is kDemoFormat). Never throws.
bool is_demo_file(const std::string& path);

// `--set`: "panel.key=value", or "key=value" for the current panel. Throws std::invalid_argument with
// one line naming the key, the value and what is allowed.
void apply_setting(ShellState& shell, std::string_view assignment);

// Selects the panel's step named `step` (an id, "panel/id" or an index); throws naming the steps.
void select_step(ShellState& shell, std::string_view step);

}  // namespace normlab::gui
