#include "gui/theme.hpp"

namespace normlab::gui {
namespace {

ImVec4 rgb(int red, int green, int blue, float alpha = 1.0f) {
  return ImVec4(red / 255.0f, green / 255.0f, blue / 255.0f, alpha);
}

// Accents are from the Okabe-Ito colour-blind-safe set (blue, vermillion, bluish green, orange).
const Palette kLight = {
    .background = rgb(250, 250, 248),
    .text = rgb(20, 22, 26),
    .muted_text = rgb(84, 90, 100),
    .accent = rgb(0, 94, 168),
    .accent_soft = rgb(0, 114, 178, 0.16f),
    .good = rgb(0, 120, 90),
    .warning = rgb(170, 100, 0),
    .error = rgb(190, 50, 20),
    .panel_frame = rgb(236, 238, 241),
};

const Palette kDark = {
    .background = rgb(30, 32, 36),
    .text = rgb(236, 238, 241),
    .muted_text = rgb(160, 166, 176),
    .accent = rgb(86, 180, 233),
    .accent_soft = rgb(86, 180, 233, 0.22f),
    .good = rgb(0, 178, 134),
    .warning = rgb(230, 159, 0),
    .error = rgb(240, 110, 70),
    .panel_frame = rgb(40, 43, 48),
};

void set_common_sizes(ImGuiStyle& style) {
  style.WindowPadding = ImVec2(14, 12);
  style.FramePadding = ImVec2(10, 6);
  style.ItemSpacing = ImVec2(10, 8);
  style.ItemInnerSpacing = ImVec2(8, 6);
  style.CellPadding = ImVec2(10, 6);
  style.ScrollbarSize = 16;
  style.GrabMinSize = 10;
  style.WindowRounding = 4;
  style.FrameRounding = 4;
  style.GrabRounding = 4;
  style.PopupRounding = 4;
  style.TabRounding = 4;
  style.WindowBorderSize = 0;
  style.FrameBorderSize = 1;
  style.PopupBorderSize = 1;
}

void set_colours(ImGuiStyle& style, const Palette& palette, bool light) {
  ImVec4* colours = style.Colors;
  auto mix = [](ImVec4 from, ImVec4 to, float amount) {
    return ImVec4(from.x + (to.x - from.x) * amount, from.y + (to.y - from.y) * amount,
                  from.z + (to.z - from.z) * amount, 1.0f);
  };
  const ImVec4 frame = light ? rgb(255, 255, 255) : rgb(48, 52, 58);
  const ImVec4 border = light ? rgb(196, 200, 207) : rgb(70, 75, 84);
  colours[ImGuiCol_Text] = palette.text;
  colours[ImGuiCol_TextDisabled] = palette.muted_text;
  colours[ImGuiCol_WindowBg] = palette.background;
  colours[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  colours[ImGuiCol_PopupBg] = light ? rgb(255, 255, 255) : rgb(40, 43, 48);
  colours[ImGuiCol_Border] = border;
  colours[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
  colours[ImGuiCol_FrameBg] = frame;
  colours[ImGuiCol_FrameBgHovered] = mix(frame, palette.accent, 0.12f);
  colours[ImGuiCol_FrameBgActive] = mix(frame, palette.accent, 0.22f);
  colours[ImGuiCol_TitleBg] = palette.panel_frame;
  colours[ImGuiCol_TitleBgActive] = palette.panel_frame;
  colours[ImGuiCol_TitleBgCollapsed] = palette.panel_frame;
  colours[ImGuiCol_MenuBarBg] = palette.panel_frame;
  colours[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
  colours[ImGuiCol_ScrollbarGrab] = border;
  colours[ImGuiCol_ScrollbarGrabHovered] = mix(border, palette.text, 0.2f);
  colours[ImGuiCol_ScrollbarGrabActive] = mix(border, palette.text, 0.35f);
  colours[ImGuiCol_CheckMark] = palette.accent;
  // A slider's value is drawn over its knob: a pale knob keeps the digits readable (a solid accent
  // knob covered them, on a projector most of all).
  colours[ImGuiCol_SliderGrab] = mix(frame, palette.accent, 0.38f);
  colours[ImGuiCol_SliderGrabActive] = mix(frame, palette.accent, 0.55f);
  colours[ImGuiCol_Button] = light ? rgb(228, 232, 238) : rgb(56, 61, 68);
  colours[ImGuiCol_ButtonHovered] = mix(colours[ImGuiCol_Button], palette.accent, 0.25f);
  colours[ImGuiCol_ButtonActive] = mix(colours[ImGuiCol_Button], palette.accent, 0.4f);
  colours[ImGuiCol_Header] = palette.accent_soft;
  colours[ImGuiCol_HeaderHovered] = ImVec4(palette.accent.x, palette.accent.y, palette.accent.z, 0.24f);
  colours[ImGuiCol_HeaderActive] = ImVec4(palette.accent.x, palette.accent.y, palette.accent.z, 0.32f);
  colours[ImGuiCol_Separator] = border;
  colours[ImGuiCol_SeparatorHovered] = palette.accent;
  colours[ImGuiCol_SeparatorActive] = palette.accent;
  colours[ImGuiCol_ResizeGrip] = ImVec4(0, 0, 0, 0);
  colours[ImGuiCol_ResizeGripHovered] = palette.accent_soft;
  colours[ImGuiCol_ResizeGripActive] = palette.accent;
  colours[ImGuiCol_Tab] = colours[ImGuiCol_Button];
  colours[ImGuiCol_TabHovered] = colours[ImGuiCol_ButtonHovered];
  colours[ImGuiCol_TabActive] = mix(colours[ImGuiCol_Button], palette.accent, 0.3f);
  colours[ImGuiCol_TabUnfocused] = colours[ImGuiCol_Tab];
  colours[ImGuiCol_TabUnfocusedActive] = colours[ImGuiCol_TabActive];
  colours[ImGuiCol_PlotHistogram] = palette.accent;
  colours[ImGuiCol_PlotHistogramHovered] = mix(palette.accent, palette.text, 0.2f);
  colours[ImGuiCol_TableHeaderBg] = palette.panel_frame;
  colours[ImGuiCol_TableBorderStrong] = border;
  colours[ImGuiCol_TableBorderLight] = light ? rgb(222, 225, 230) : rgb(58, 62, 70);
  colours[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
  colours[ImGuiCol_TableRowBgAlt] = light ? rgb(0, 0, 0, 0.035f) : rgb(255, 255, 255, 0.04f);
  colours[ImGuiCol_TextSelectedBg] = palette.accent_soft;
  colours[ImGuiCol_NavHighlight] = palette.accent;
  colours[ImGuiCol_ModalWindowDimBg] = light ? rgb(20, 22, 26, 0.25f) : rgb(0, 0, 0, 0.5f);
}

}  // namespace

const Palette& palette_for(ThemeKind theme) { return theme == ThemeKind::dark ? kDark : kLight; }

void apply_theme(ThemeKind theme, float scale) {
  ImGuiStyle style;
  set_common_sizes(style);
  set_colours(style, palette_for(theme), theme == ThemeKind::light);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

}  // namespace normlab::gui
