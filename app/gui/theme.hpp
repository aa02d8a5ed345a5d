// The two UI themes. Light is the projector theme (dark text on near-white, strong contrast, saturated
// accents only where they carry meaning); dark is for screens in dim rooms. Sizes scale with the UI.
#pragma once

#include <imgui.h>

#include "gui/settings.hpp"

namespace normlab::gui {

// Colours panels use beyond ImGui's own widgets (headings, muted notes, status colours).
struct Palette {
  ImVec4 background;
  ImVec4 text;
  ImVec4 muted_text;
  ImVec4 accent;
  ImVec4 accent_soft;  // selection, highlighted rows
  ImVec4 good;
  ImVec4 warning;
  ImVec4 error;
  ImVec4 panel_frame;  // sidebar and status bar background
};

const Palette& palette_for(ThemeKind theme);

// Resets the ImGui style to the theme's colours and scales every size by `scale` (a fresh style each
// time, so repeated zooms do not compound rounding).
void apply_theme(ThemeKind theme, float scale);

inline ImU32 to_u32(const ImVec4& colour) { return ImGui::ColorConvertFloat4ToU32(colour); }

}  // namespace normlab::gui
