#include "gui/toasts.hpp"

#include <imgui.h>

#include <algorithm>

namespace normlab::gui {

void Toasts::post(ToastKind kind, std::string text, double now_s, double duration_s) {
  last_text_ = text;
  toasts_.push_back({kind, std::move(text), now_s + (kind == ToastKind::error ? 2 * duration_s : duration_s)});
  constexpr std::size_t kMaxShown = 4;
  if (toasts_.size() > kMaxShown) toasts_.erase(toasts_.begin());
}

void Toasts::expire(double now_s) {
  std::erase_if(toasts_, [now_s](const Toast& toast) { return toast.shown_until_s < now_s; });
}

std::vector<std::string> wrap_at_spaces(std::string_view text, float max_width,
                                        const std::function<float(std::string_view)>& width_of) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(' ', start), text.size());
    const std::string_view word = text.substr(start, end - start);
    const std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
    if (!line.empty() && width_of(candidate) > max_width) {
      lines.push_back(line);
      line = std::string(word);
    } else {
      line = candidate;
    }
    start = end + 1;
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

void draw_toasts(const Toasts& toasts, const Palette& palette, float scale, float bottom_margin) {
  if (toasts.active().empty()) return;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float margin = 16.0f * scale;
  float bottom = viewport->WorkPos.y + viewport->WorkSize.y - bottom_margin - margin;
  int index = 0;
  for (auto toast = toasts.active().rbegin(); toast != toasts.active().rend(); ++toast, ++index) {
    ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x - margin, bottom),
                            ImGuiCond_Always, ImVec2(1.0f, 1.0f));
    ImGui::SetNextWindowBgAlpha(0.96f);
    const std::string window_id = "##toast" + std::to_string(index);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1.0f);
    ImGui::Begin(window_id.c_str(), nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav |
                     ImGuiWindowFlags_NoSavedSettings);
    const ImVec4 colour = toast->kind == ToastKind::error     ? palette.error
                          : toast->kind == ToastKind::success ? palette.good
                                                              : palette.text;
    const auto width_of = [](std::string_view piece) {
      return ImGui::CalcTextSize(piece.data(), piece.data() + piece.size()).x;
    };
    for (const std::string& line : wrap_at_spaces(toast->text, 560.0f * scale, width_of)) {
      ImGui::TextColored(colour, "%s", line.c_str());
    }
    bottom -= ImGui::GetWindowHeight() + 8.0f * scale;
    ImGui::End();
    ImGui::PopStyleVar();
  }
}

}  // namespace normlab::gui
