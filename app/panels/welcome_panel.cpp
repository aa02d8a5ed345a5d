// Welcome: what NormLab teaches and where to start. The text is data (assets/welcome.json); the list
// of places to start is the panel registry itself, so it can never name a panel that does not exist.
#include <imgui.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "gui/assets.hpp"
#include "gui/presentation_page.hpp"
#include "panels/model_table.hpp"
#include "gui/panel.hpp"
#include "panels/registry.hpp"

namespace normlab::panels {
namespace {

struct WelcomeText {
  std::vector<std::string> teaches;
  std::string start;
  std::string start_presenting;  // the same without the panel list, which presenting hides
  std::string export_note;
  std::string problem;  // why the text could not be loaded, shown instead of it
};

WelcomeText load_welcome_text() {
  WelcomeText text;
  const std::string path = gui::asset_path("welcome.json");
  std::ifstream in(path);
  const nlohmann::json doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!in || doc.is_discarded() || !doc.is_object()) {
    text.problem = "The welcome text (" + path + ") is missing or not valid JSON.";
    return text;
  }
  if (auto teaches = doc.find("teaches"); teaches != doc.end() && teaches->is_array()) {
    for (const auto& paragraph : *teaches) {
      if (paragraph.is_string()) text.teaches.push_back(paragraph.get<std::string>());
    }
  }
  text.start = doc.value("start", "");
  text.start_presenting = doc.value("start_presenting", text.start);
  text.export_note = doc.value("export", "");
  return text;
}

struct WelcomeState {
  bool loaded = false;
  WelcomeText text;
};

void draw_paragraph(const std::string& text, float wrap_width) {
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap_width);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  ImGui::Spacing();
}

void draw_start_list(PanelContext& context, float wrap_width) {
  const auto& registry = panel_registry();
  const float button_width = context.px(110.0f), gap = context.px(16.0f);
  // More than four panels do not fit 720p (nor 1080p presenting) one under another: two or three
  // columns then, when the page is wide enough for a summary beside each button.
  const std::size_t entries = registry.size() - 1;
  const float page_width = ImGui::GetContentRegionAvail().x;
  const int columns = entries <= 4 || page_width < context.px(760.0f) ? 1 : page_width >= context.px(1500.0f) ? 3 : 2;
  const std::size_t rows = (entries + static_cast<std::size_t>(columns) - 1) / static_cast<std::size_t>(columns);
  // Each entry: the button's line and up to three lines of summary in the small face. When the page
  // has no room for that, the summaries move into the buttons' tooltips (nothing scrolls).
  ImGui::PushFont(context.fonts->small);
  const float small_line = ImGui::GetTextLineHeightWithSpacing();
  ImGui::PopFont();
  const float entry_height = ImGui::GetFrameHeightWithSpacing() + 3 * small_line + 2 * ImGui::GetStyle().ItemSpacing.y;
  const bool with_summaries = static_cast<float>(rows) * entry_height <= ImGui::GetContentRegionAvail().y;
  // Without summaries the rows spread over the page (up to three button heights apart), so the list
  // stays the page's picture rather than a strip at its top.
  const float row_gap =
      with_summaries || rows < 2 || !context.presentation
          ? ImGui::GetStyle().ItemSpacing.y
          : std::clamp((0.85f * ImGui::GetContentRegionAvail().y - static_cast<float>(rows) * ImGui::GetFrameHeightWithSpacing()) /
                           static_cast<float>(rows - 1),
                       ImGui::GetStyle().ItemSpacing.y, 2 * ImGui::GetFrameHeight());
  if (!ImGui::BeginTable("##start", columns, ImGuiTableFlags_None, ImVec2(columns > 1 ? page_width : wrap_width, 0))) {
    return;
  }
  std::size_t index = 0;
  for (const PanelDescriptor& panel : registry) {
    if (panel.id == "welcome") continue;
    ImGui::TableNextColumn();
    // Space between rows, not after the last: a Spacing() there is content height, and in
    // presentation mode at 1080p it gave the list a scrollbar although every entry was in view.
    if (index >= static_cast<std::size_t>(columns)) ImGui::Dummy(ImVec2(0, row_gap));
    ++index;
    const float cell_width = std::min(ImGui::GetContentRegionAvail().x, wrap_width);
    ImGui::PushID(panel.id.c_str());
    if (ImGui::Button("Open", ImVec2(button_width, 0)) && context.open_panel) context.open_panel(panel.id);
    if (!with_summaries && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", panel.summary.c_str());
    ImGui::SameLine(0, gap);
    ImGui::PushFont(context.fonts->bold);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(panel.title.c_str());
    ImGui::PopFont();
    if (with_summaries) {
      ImGui::PushFont(context.fonts->small);
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + cell_width - context.px(12.0f));
      ImGui::TextColored(context.palette->muted_text, "%s", panel.summary.c_str());
      ImGui::PopTextWrapPos();
      ImGui::PopFont();
    }
    ImGui::PopID();
  }
  ImGui::EndTable();
}

// One button per panel, titled, wrapping within wrap_width: step 0's short way in (the list with the
// summaries is step 1; at 1280 x 720 it fell below the fold here).
void draw_start_buttons(PanelContext& context, float wrap_width) {
  const float line_start = ImGui::GetCursorPosX();
  const float gap = context.px(12.0f);
  bool first = true;
  for (const PanelDescriptor& panel : panel_registry()) {
    if (panel.id == "welcome") continue;
    const float width = ImGui::CalcTextSize(panel.title.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x;
    if (!first) {
      ImGui::SameLine(0, gap);
      if (ImGui::GetCursorPosX() + width > line_start + wrap_width) ImGui::NewLine();
    }
    first = false;
    ImGui::PushID(panel.id.c_str());
    if (ImGui::Button(panel.title.c_str()) && context.open_panel) context.open_panel(panel.id);
    ImGui::PopID();
  }
}

void draw_welcome(WelcomeState& state, PanelContext& context) {
  if (!state.loaded) {
    state.text = load_welcome_text();
    state.loaded = true;
  }
  // Lines of about 80 characters read best from the back of a room.
  const float wrap_width = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 42.0f);
  if (!state.text.problem.empty()) {
    ImGui::TextColored(context.palette->error, "%s", state.text.problem.c_str());
  }
  gui::StepPage page(context);
  if (context.presentation && context.step_id == "start") page.add_notes(state.text.start_presenting);
  if (context.presentation) page.draw_header();
  if (context.step_id == "teaches") {
    std::vector<gui::StepPage::Paragraph> paragraphs;
    for (const std::string& paragraph : state.text.teaches) paragraphs.push_back({paragraph, context.palette->text});
    page.draw_central_text(paragraphs, wrap_width);
    if (!context.presentation) {
      // A first-time user lands here: the places to start are one click away, not one step away.
      ImGui::Spacing();
      ImGui::PushFont(context.fonts->bold);
      ImGui::TextUnformatted("Where to start (each is explained in the next step)");
      ImGui::PopFont();
      ImGui::Spacing();
      draw_start_buttons(context, wrap_width);
    }
  } else {
    if (!context.presentation) draw_paragraph(state.text.start, wrap_width);
    page.begin_central();
    draw_start_list(context, wrap_width);
    page.end_central();
    // The export note is for whoever prepares slides at the desk; presenting at 1080p it fell below
    // the fold and gave the page a scrollbar.
    if (!context.presentation) {
      ImGui::Spacing();
      ImGui::PushStyleColor(ImGuiCol_Text, context.palette->muted_text);
      draw_paragraph(state.text.export_note, wrap_width);
      ImGui::PopStyleColor();
    }
  }
}

}  // namespace

PanelDescriptor welcome_panel() {
  return {"welcome", "Welcome", "What NormLab teaches and where to start.",
          {{"teaches", "What NormLab teaches"}, {"start", "Where to start"}},
          make_panel_factory<WelcomeState>({.draw = draw_welcome})};
}

}  // namespace normlab::panels
