// The shell on a plain ImGui context with no renderer (the GL seam), for tests that drive whole frames:
// every registered panel, deterministic time, fonts rebuilt when the scale changes.
#pragma once

#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <initializer_list>

#include "gui/shell.hpp"
#include "gui/theme.hpp"
#include "panels/registry.hpp"

namespace normlab::gui::testing {

class HeadlessShellFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    context_ = ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui::GetIO().DisplaySize = ImVec2(1280, 720);
    shell_ = make_shell_state(panels::panel_registry());
    shell_.deterministic = true;
  }
  void TearDown() override { ImGui::DestroyContext(context_); }

  // One frame with `keys` held (and ctrl), the fonts rebuilt first when the scale changed.
  void frame(std::initializer_list<int> keys = {}, bool ctrl = false) {
    const float scale = ui_scale(shell_);
    if (scale != fonts_.pixel_scale || fonts_.body == nullptr) fonts_ = build_fonts(scale);
    apply_theme(shell_.theme, scale);
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 60.0f;
    std::fill(std::begin(io.KeysDown), std::end(io.KeysDown), false);
    for (int key : keys) io.KeysDown[key] = true;
    io.KeyCtrl = ctrl;
    ImGui::NewFrame();
    handle_shortcuts(shell_);
    draw_shell(shell_, fonts_, io.DeltaTime);
    EXPECT_TRUE(imgui_stacks_balanced()) << "panel " << shell_.panels[shell_.current].descriptor->id;
    ImGui::Render();
    EXPECT_GT(ImGui::GetDrawData()->TotalVtxCount, 0);
  }
  void press(int key, bool ctrl = false) {
    frame({key}, ctrl);
    frame();
  }

  ImGuiContext* context_ = nullptr;
  ShellState shell_;
  FontSet fonts_;
};

}  // namespace normlab::gui::testing
