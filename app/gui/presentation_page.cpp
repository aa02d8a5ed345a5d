#include "gui/presentation_page.hpp"

#include <imgui_internal.h>  // RenderTextEllipsis

#include <algorithm>
#include <cfloat>

#include "gui/assets.hpp"
#include "gui/panel.hpp"
#include "gui/widgets.hpp"

namespace normlab::gui {
namespace {

constexpr ImGuiWindowFlags kOverlayFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings |
                                           ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav |
                                           ImGuiWindowFlags_NoMove;

void add_sentences(std::string& to, std::string_view sentences) {
  if (sentences.empty()) return;
  if (!to.empty()) to += ' ';
  to.append(sentences);
}

}  // namespace

void PageState::begin_frame() {
  notes.clear();
  central_reported = false;
  central_min = central_max = ImVec2(0, 0);
}

float PageState::central_area() const {
  if (!central_reported) return 0.0f;
  return std::max(0.0f, central_max.x - central_min.x) * std::max(0.0f, central_max.y - central_min.y);
}

StepPage::StepPage(panels::PanelContext& context) : context_(context) {
  const std::string step(context.step_id);
  if (const std::string* caption = find_panel_text(context.panel_id, step + ".caption")) caption_ = *caption;
  if (const std::string* notes = find_panel_text(context.panel_id, step)) notes_ = *notes;
  if (context_.page != nullptr) add_sentences(context_.page->notes, notes_);
}

bool StepPage::presenting() const { return context_.presentation; }

void StepPage::add_notes(std::string_view sentences) {
  add_sentences(notes_, sentences);
  if (context_.page != nullptr) add_sentences(context_.page->notes, sentences);
}

void StepPage::draw_header(const std::function<void()>& rare_controls) {
  const ImVec4& muted = context_.palette->muted_text;
  if (!presenting()) {
    std::string paragraph = caption_;
    add_sentences(paragraph, notes_);
    if (!paragraph.empty()) draw_wrapped_note(paragraph, muted);
    if (rare_controls) rare_controls();
    return;
  }
  PageState* page = context_.page;
  const bool notes_shown = page != nullptr && page->show_notes;
  const char* hint = notes_.empty() ? "" : notes_shown ? "N: hide notes" : "N: notes";
  const bool drawer = rare_controls && page != nullptr;
  const char* button = drawer && page->drawer_open ? "Close controls (C)" : "Controls (C)";
  const ImGuiStyle& style = ImGui::GetStyle();
  const float gap = context_.px(12);
  const float hint_width = ImGui::CalcTextSize(hint).x;
  const float button_width = drawer ? ImGui::CalcTextSize(button).x + 2 * style.FramePadding.x : 0;
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const float right = start.x + ImGui::GetContentRegionAvail().x;
  const float caption_right = right - (hint_width > 0 ? hint_width + gap : 0) - (drawer ? button_width + gap : 0);
  ImGui::AlignTextToFramePadding();
  const float text_y = ImGui::GetCursorScreenPos().y + style.FramePadding.y;
  ImFont* bold = context_.fonts->bold != nullptr ? context_.fonts->bold : ImGui::GetFont();
  ImGui::PushFont(bold);
  const ImVec2 size = ImGui::CalcTextSize(caption_.c_str());
  ImGui::PushStyleColor(ImGuiCol_Text, context_.palette->text);
  ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), ImVec2(start.x, text_y),
                            ImVec2(caption_right, text_y + size.y), caption_right, caption_right, caption_.c_str(),
                            nullptr, &size);
  ImGui::PopStyleColor();
  ImGui::PopFont();
  ImGui::Dummy(ImVec2(std::max(0.0f, caption_right - start.x), ImGui::GetFrameHeight()));
  if (hint_width > 0) {
    ImGui::SameLine(0, 0);
    ImGui::SetCursorScreenPos(ImVec2(caption_right + gap, start.y));
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(muted, "%s", hint);
  }
  if (!drawer) return;
  ImGui::SameLine(0, 0);
  ImGui::SetCursorScreenPos(ImVec2(right - button_width, start.y));
  if (ImGui::Button(button)) page->drawer_open = !page->drawer_open;
  if (!page->drawer_open) return;
  // Under the button, its right edge at the button's, inside the page.
  const ImVec2 button_max = ImGui::GetItemRectMax();
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float width = std::min(viewport->Size.x * 0.62f, viewport->Size.x - context_.px(16));
  ImGui::SetNextWindowPos(ImVec2(button_max.x, button_max.y + context_.px(4)), ImGuiCond_Always, ImVec2(1.0f, 0.0f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, viewport->Size.y * 0.8f));
  ImGui::SetNextWindowBgAlpha(0.98f);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1.0f);
  ImGui::Begin("##controls_drawer", nullptr, kOverlayFlags | ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::PopStyleVar();
  rare_controls();
  ImGui::End();
}

void StepPage::begin_central() { ImGui::BeginGroup(); }

void StepPage::end_central() {
  ImGui::EndGroup();
  if (context_.page == nullptr) return;
  PageState& page = *context_.page;
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  if (page.central_reported) {
    page.central_min = ImVec2(std::min(page.central_min.x, min.x), std::min(page.central_min.y, min.y));
    page.central_max = ImVec2(std::max(page.central_max.x, max.x), std::max(page.central_max.y, max.y));
  } else {
    page.central_min = min;
    page.central_max = max;
  }
  page.central_reported = true;
}

void StepPage::draw_central_text(const std::vector<Paragraph>& paragraphs, float desk_wrap) {
  const ImVec2 available = ImGui::GetContentRegionAvail();
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  const auto height_with = [&](ImFont* font, float width) {
    float height = 0;
    for (const Paragraph& paragraph : paragraphs) {
      height += font->CalcTextSizeA(font->FontSize, FLT_MAX, width, paragraph.text.c_str()).y + 3 * spacing;
    }
    return height;
  };
  ImFont* chosen = ImGui::GetFont();
  float width = std::min(desk_wrap, available.x);
  if (presenting()) {
    width = available.x;
    for (ImFont* font : {context_.fonts->heading, context_.fonts->large, context_.fonts->body}) {
      if (font == nullptr) continue;
      chosen = font;
      if (height_with(font, width) <= available.y) break;
    }
  }
  // Presenting, the chosen font may grow by up to a fifth to fill the page's height (rasterized fonts
  // come in a few sizes; a fifth larger stays crisp enough on a wall).
  float scale = 1.0f;
  if (presenting()) {
    const auto height_scaled = [&](float factor) {
      float height = 0;
      for (const Paragraph& paragraph : paragraphs) {
        height += chosen->CalcTextSizeA(chosen->FontSize * factor, FLT_MAX, width, paragraph.text.c_str()).y + 3 * spacing;
      }
      return height;
    };
    for (float factor = 1.2f; factor > 1.0f; factor -= 0.02f) {
      if (height_scaled(factor) <= available.y) {
        scale = factor;
        break;
      }
    }
  }
  begin_central();
  const float base_scale = chosen->Scale;
  chosen->Scale = base_scale * scale;
  ImGui::PushFont(chosen);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  for (std::size_t index = 0; index < paragraphs.size(); ++index) {
    if (index > 0) ImGui::Dummy(ImVec2(0, 2 * spacing));
    ImGui::TextColored(paragraphs[index].colour, "%s", paragraphs[index].text.c_str());
  }
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  chosen->Scale = base_scale;
  end_central();
}

float row_padding_to_fill(int rows, float height) {
  const float line = ImGui::GetTextLineHeight();
  if (rows <= 0) return ImGui::GetStyle().CellPadding.y;
  // Row borders take a pixel each; a table that does not fit even without padding gets none.
  const float per_row = height / static_cast<float>(rows) - line - 1.0f;
  return std::clamp(per_row / 2.0f, 0.0f, line);
}

void draw_page_notes(PageState& page, ImVec2 body_min, ImVec2 body_max, float scale) {
  if (!page.show_notes || page.notes.empty()) return;
  const ImVec2 object_min = page.central_reported ? page.central_min : body_min;
  const ImVec2 object_max = page.central_reported ? page.central_max : body_max;
  const float gap = 16.0f * scale / 2.0f;
  const float body_width = body_max.x - body_min.x;
  const float room = body_max.x - object_max.x - gap;
  ImGui::SetNextWindowBgAlpha(0.96f);
  if (room >= 0.25f * body_width) {
    ImGui::SetNextWindowPos(ImVec2(object_max.x + gap, object_min.y));
    ImGui::SetNextWindowSize(ImVec2(room, body_max.y - object_min.y));
  } else {
    const float width = std::min(object_max.x - object_min.x, 0.8f * body_width);
    ImGui::SetNextWindowPos(ImVec2((object_min.x + object_max.x) / 2, object_max.y), ImGuiCond_Always, ImVec2(0.5f, 1.0f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, (object_max.y - object_min.y) * 0.9f));
  }
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1.0f);
  ImGui::Begin("##page_notes", nullptr, kOverlayFlags | (room >= 0.25f * body_width ? 0 : ImGuiWindowFlags_AlwaysAutoResize));
  ImGui::PopStyleVar();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(page.notes.c_str());
  ImGui::PopTextWrapPos();
  ImGui::End();
}

}  // namespace normlab::gui
