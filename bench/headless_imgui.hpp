// One ImGui context with the app's fonts and light theme, for benchmarks that run whole panel frames
// without any GL backend (DisplaySize set, font atlas built, then NewFrame, panel, Render).
#pragma once

#include <imgui.h>

#include "gui/fonts.hpp"
#include "gui/theme.hpp"
#include "gui/toasts.hpp"

namespace normlab::bench {

struct HeadlessImGui {
  HeadlessImGui() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1920, 1080);
    io.DeltaTime = 1.0f / 60.0f;
    // The app's OpenGL 3 backend declares this (GL >= 3.2), letting one window hold over 65536 vertices.
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
    fonts = gui::build_fonts(1.0f);
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);  // what a backend would upload
    gui::apply_theme(gui::ThemeKind::light, 1.0f);
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;
  gui::FontSet fonts;
  gui::Toasts toasts;
};

// The program's one context, created on first use.
inline HeadlessImGui& headless_imgui() {
  static HeadlessImGui instance;
  return instance;
}

}  // namespace normlab::bench
