#include "gui/demo_dialog.hpp"

#include <imgui.h>

#include <cstdio>
#include <string>

#include "gui/shell.hpp"

namespace normlab::gui {

void draw_demo_dialog(ShellState& shell, float scale) {
  DemoDialogState& dialog = shell.demo_dialog;
  constexpr const char* kPopup = "Demo file##demo_dialog";
  if (dialog.requested != DemoDialogState::Mode::closed) {
    dialog.showing = dialog.requested;
    dialog.requested = DemoDialogState::Mode::closed;
    if (dialog.path[0] == '\0')
      std::snprintf(dialog.path.data(), dialog.path.size(), "%s", "normlab-demo.json");
    ImGui::OpenPopup(kPopup);
  }
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal(kPopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  const bool saving = dialog.showing == DemoDialogState::Mode::save;
  ImGui::TextUnformatted(
      saving ? "Save this demo: the current panel and step, every panel's settings, theme and zoom."
             : "Open a demo saved with File > Save demo (or normlab --save-demo).");
  ImGui::SetNextItemWidth(520.0f * scale);
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  const bool entered =
      ImGui::InputText("File", dialog.path.data(), dialog.path.size(), ImGuiInputTextFlags_EnterReturnsTrue);
  if (ImGui::Button(saving ? "Save" : "Open", ImVec2(120.0f * scale, 0)) || entered) {
    const std::string path = dialog.path.data();
    if (saving) {
      save_demo_with_toast(shell, path);
    } else {
      open_demo_with_toast(shell, path);
    }
    dialog.showing = DemoDialogState::Mode::closed;
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel", ImVec2(120.0f * scale, 0)) ||
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
    dialog.showing = DemoDialogState::Mode::closed;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace normlab::gui
