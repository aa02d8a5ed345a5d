#include "gui/widgets.hpp"

#include <algorithm>
#include <string>

namespace normlab::gui {

void draw_wrapped_note(std::string_view text, const ImVec4& colour) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

void draw_job_progress(const JobProgress& progress, float width) {
  const std::string words = progress.words.empty() ? "starting" : progress.words;
  ImGui::ProgressBar(static_cast<float>(std::clamp(progress.fraction, 0.0, 1.0)), ImVec2(width, 0), words.c_str());
}

}  // namespace normlab::gui
