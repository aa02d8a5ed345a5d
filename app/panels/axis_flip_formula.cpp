#include "panels/axis_flip_formula.hpp"

#include <imgui.h>

#include <algorithm>
#include <string_view>

#include "gui/fonts.hpp"
#include "gui/toasts.hpp"
#include "panels/axis_flip_matrix_view.hpp"

namespace normlab::panels::axis_flip {

namespace {

ImFont* font_of(TextStyle style, const PanelContext& context) {
  return style == TextStyle::heading ? context.fonts->bold : context.fonts->mono;
}

// Formula lines wrap at spaces only: ImGui's wrapping also breaks after '.', which in the narrow column
// split "0.7327" across two lines. Call with the block's font pushed.
std::vector<std::string> formula_pieces(const std::string& text, float width) {
  const auto width_of = [](std::string_view piece) {
    return ImGui::CalcTextSize(piece.data(), piece.data() + piece.size()).x;
  };
  return gui::wrap_at_spaces(text, width, width_of);
}

void append_formula(std::vector<TextBlock>& blocks, const std::vector<lessons::FormulaLine>& lines) {
  for (const auto& line : lines) {
    blocks.push_back({TextStyle::symbolic, with_math_symbols(line.symbolic)});
    blocks.push_back({TextStyle::substituted, with_math_symbols(line.substituted)});
  }
}

}  // namespace

std::string group_heading(const lessons::AxisFlipResult& result, const lessons::SweepFrame& frame,
                          std::optional<std::size_t> hovered_cell, bool cells_hoverable) {
  const std::size_t groups = result.statistics.size();
  if (hovered_cell) {
    const std::size_t group = result.reduction.group_of_element[*hovered_cell];
    return "Group " + std::to_string(group + 1) + " of " + std::to_string(groups) + " (the hovered cell's)";
  }
  if (frame.finished) {
    return "All " + std::to_string(groups) + " groups done" +
           (cells_hoverable ? ": hover a cell for its numbers" : "; the last one's numbers:");
  }
  static const char* const kPhaseWords[] = {"the cells that share statistics light up", "their mean and spread",
                                            "the outputs fill in"};
  return "Group " + std::to_string(frame.group + 1) + " of " + std::to_string(groups) + ": " +
         kPhaseWords[static_cast<int>(frame.phase)];
}

std::vector<TextBlock> formula_blocks(const lessons::AxisFlipResult& result, const lessons::SweepFrame& frame,
                                      std::optional<std::size_t> hovered_cell, bool cells_hoverable) {
  const std::size_t group = hovered_cell ? result.reduction.group_of_element[*hovered_cell] : frame.group;
  std::vector<TextBlock> blocks = {{TextStyle::heading, group_heading(result, frame, hovered_cell, cells_hoverable)}};
  // While the sweep plays, each phase shows its own formulas: the statistics phase the mean and variance,
  // the output phase x_hat and y (which quote the mean and variance). Both at once were taller than a
  // 1080p screen in presentation mode. A hovered cell shows all of them; a finished sweep invites hovering
  // where cells can be hovered, else shows the last group's.
  const bool all = hovered_cell.has_value() || (frame.finished && !cells_hoverable);
  if (all || (!frame.finished && frame.phase == lessons::SweepPhase::statistics)) {
    append_formula(blocks, lessons::statistics_formula(result, group));
  }
  if (all || (!frame.finished && frame.phase == lessons::SweepPhase::output)) {
    const std::size_t cell = hovered_cell ? *hovered_cell : result.reduction.members[group].front();
    append_formula(blocks, lessons::output_formula(result, cell));
  }
  return blocks;
}

void draw_text_blocks(const std::vector<TextBlock>& blocks, const PanelContext& context) {
  const float width = ImGui::GetContentRegionAvail().x;
  for (const TextBlock& block : blocks) {
    ImGui::PushFont(font_of(block.style, context));
    const bool muted = block.style == TextStyle::symbolic;
    ImGui::PushStyleColor(ImGuiCol_Text, muted ? context.palette->muted_text : context.palette->text);
    if (block.style != TextStyle::heading) {
      const std::vector<std::string> pieces = formula_pieces(block.text, width);
      for (std::size_t index = 0; index < pieces.size(); ++index) {
        // The pieces of one formula line sit as close as wrapped text; spacing only after the last.
        const bool last = index + 1 == pieces.size();
        if (!last) ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0));
        ImGui::TextUnformatted(pieces[index].c_str());
        if (!last) ImGui::PopStyleVar();
      }
    } else {
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
      ImGui::TextUnformatted(block.text.c_str());
      ImGui::PopTextWrapPos();
    }
    ImGui::PopStyleColor();
    ImGui::PopFont();
  }
}

float text_blocks_height(const std::vector<TextBlock>& blocks, float width, const PanelContext& context) {
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  float height = 0;
  for (const TextBlock& block : blocks) {
    ImGui::PushFont(font_of(block.style, context));
    if (block.style != TextStyle::heading) {
      height += static_cast<float>(formula_pieces(block.text, width).size()) * ImGui::GetFontSize();
    } else {
      height += ImGui::CalcTextSize(block.text.c_str(), nullptr, false, width).y;
    }
    height += spacing;
    ImGui::PopFont();
  }
  return height;
}

float tallest_sweep_column(const lessons::AxisFlipResult& result, float width, const PanelContext& context) {
  const std::size_t groups = result.statistics.size();
  if (groups == 0) return 0;
  float tallest = 0;
  for (const std::size_t group : {std::size_t{0}, groups / 2, groups - 1}) {
    lessons::SweepFrame frame;
    frame.group = group;
    for (const auto phase : {lessons::SweepPhase::highlight, lessons::SweepPhase::statistics, lessons::SweepPhase::output}) {
      frame.phase = phase;
      tallest = std::max(tallest, text_blocks_height(formula_blocks(result, frame, std::nullopt, true), width, context));
    }
    frame.finished = true;
    tallest = std::max(tallest, text_blocks_height(formula_blocks(result, frame, std::nullopt, true), width, context));
  }
  return tallest;
}

}  // namespace normlab::panels::axis_flip
