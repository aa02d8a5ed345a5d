// File > Save demo / Open demo (Ctrl+S, Ctrl+O): a small modal asking for the file, since ImGui has no
// native file dialog. The outcome goes to a toast; a refused file leaves the screen as it was.
#pragma once

#include <array>

namespace normlab::gui {

struct ShellState;

struct DemoDialogState {
  enum class Mode { closed, save, open };
  Mode requested = Mode::closed;  // set by the menu or the shortcut; the dialog opens on the next draw
  Mode showing = Mode::closed;
  std::array<char, 1024> path{};  // remembered between uses: the last demo saved or opened
};

// Draws the dialog when one was requested or is open.
void draw_demo_dialog(ShellState& shell, float scale);

}  // namespace normlab::gui
