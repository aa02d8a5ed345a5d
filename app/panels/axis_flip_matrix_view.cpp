#include "panels/axis_flip_matrix_view.hpp"

#include <algorithm>
#include <cmath>
#include <cfloat>
#include <cstdio>

#include "figure/figure.hpp"
#include "gui/plot_widget.hpp"
#include "gui/theme.hpp"

namespace normlab::panels::axis_flip {

namespace {

using lessons::CellStage;
using lessons::SweepTimeline;

enum class SliceOrientation { rows, columns, other };

// Whether every group lies in one row of the drawn matrix (LayerNorm), in one column (BatchNorm), or
// neither (GroupNorm on 2-D spans part of a row; 3-D tensors are unfolded).
SliceOrientation orientation_of(const lessons::AxisFlipResult& result, std::size_t cols) {
  bool rows = true, columns = true;
  for (const auto& members : result.reduction.members) {
    for (const std::size_t member : members) {
      rows = rows && member / cols == members.front() / cols;
      columns = columns && member % cols == members.front() % cols;
    }
  }
  if (rows && result.reduction.members.front().size() == cols) return SliceOrientation::rows;
  if (columns && result.reduction.members.front().size() * cols == result.batch.size()) return SliceOrientation::columns;
  return SliceOrientation::other;
}

ImU32 color_u32(figure::Color color) { return ImGui::ColorConvertFloat4ToU32({color.red, color.green, color.blue, color.alpha}); }

ImU32 cell_color(double value, double limit) {
  return color_u32(figure::colormap_color(figure::Colormap::diverging, 0.5 + 0.5 * value / limit));
}

// Text that stays readable on a cell: dark on light colours, white on saturated ends.
ImU32 text_on(double value, double limit) {
  return std::abs(value / limit) > 0.6 ? IM_COL32(255, 255, 255, 255) : IM_COL32(20, 20, 20, 255);
}

// Two decimals below 10 (one with decimals = 1), one below 100, none above.
std::string short_number(double value, int decimals = 2) {
  char text[16];
  const int shown = std::abs(value) >= 100 ? 0 : std::abs(value) >= 10 ? std::min(decimals, 1) : decimals;
  std::snprintf(text, sizeof text, "%.*f", shown, value);
  return text;
}

// How the cells print their values: the largest type that fits a cell ("-0.00" with a margin), two
// decimals while the type can stay large, else one, never under 12 logical pixels (24 px on a 1080p
// wall); no font: the cells are too small for numbers.
struct CellNumbers {
  ImFont* font = nullptr;
  float size = 0;
  int decimals = 2;
};
CellNumbers cell_numbers(float cell, const PanelContext& context) {
  ImFont* body = ImGui::GetFont();
  ImFont* small = context.fonts->small != nullptr ? context.fonts->small : body;
  const float margin = context.px(4);
  const float least = context.px(12);
  const auto fits = [&](ImFont* font, float size, const char* widest) {
    return font->CalcTextSizeA(size, FLT_MAX, 0, widest).x + margin <= cell && size <= cell;
  };
  for (const auto& [font, decimals] : {std::pair{body, 2}, std::pair{small, 2}, std::pair{body, 1}, std::pair{small, 1}}) {
    if (fits(font, font->FontSize, decimals == 2 ? "-0.00" : "-0.0")) return {font, font->FontSize, decimals};
  }
  // The small font scaled down to the largest size at which one decimal fits.
  const float width_per_pixel = small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, "-0.0").x / small->FontSize;
  const float size = std::min((cell - margin) / width_per_pixel, small->FontSize);
  if (size >= least) return {small, size, 1};
  return {};
}

// A group's mean and spread as printed beside or under its slice ("μ 0.78", "σ 0.82" or "rms 0.82").
struct StatisticLabels {
  std::string mean, spread;
};
StatisticLabels statistic_labels(const lessons::GroupStatistics& statistics, bool centring) {
  return {"μ " + short_number(statistics.mean),
          (centring ? "σ " : "rms ") + short_number(statistics.standard_deviation())};
}

// The colour bar spans the cells' width, at most 260 px (unscaled) and at least what its three numbers
// need side by side.
float colorbar_width_for(float grid_width, double limit, const PanelContext& context) {
  const float numbers = ImGui::CalcTextSize(short_number(-limit).c_str()).x + ImGui::CalcTextSize("0").x +
                        ImGui::CalcTextSize(short_number(limit).c_str()).x + context.px(28);
  return std::clamp(grid_width, numbers, std::max(numbers, context.px(260)));
}

// The label right of the bar, with its gap.
constexpr float kColorbarLabelGap = 10;
float colorbar_label_width(const MatrixViewOptions& options, const PanelContext& context) {
  return context.px(kColorbarLabelGap) + ImGui::CalcTextSize(options.colorbar_label.c_str()).x;
}

// The bar and the label to its right, from the bar's left end: wider than small cells, so the widget
// claims it (beside small cells it reached into the next matrix and hid that one's label).
float colorbar_extent(float grid_width, const MatrixViewOptions& options, const PanelContext& context) {
  return colorbar_width_for(grid_width, options.color_limit, context) + colorbar_label_width(options, context);
}

void draw_colorbar(ImDrawList* draw_list, ImVec2 origin, float width, float height, double limit,
                   const std::string& label, const PanelContext& context) {
  constexpr int kSteps = 48;
  for (int step = 0; step < kSteps; ++step) {
    const float left = origin.x + width * static_cast<float>(step) / kSteps;
    const float right = origin.x + width * static_cast<float>(step + 1) / kSteps;
    const double position = (static_cast<double>(step) + 0.5) / kSteps;
    draw_list->AddRectFilled(ImVec2(left, origin.y), ImVec2(right + 0.5f, origin.y + height),
                             color_u32(figure::colormap_color(figure::Colormap::diverging, position)));
  }
  const ImU32 text = gui::to_u32(context.palette->text);
  draw_list->AddRect(origin, ImVec2(origin.x + width, origin.y + height), gui::to_u32(context.palette->muted_text));
  const float text_y = origin.y + height + context.px(2);
  const std::string low = short_number(-limit), high = short_number(limit);
  draw_list->AddText(ImVec2(origin.x, text_y), text, low.c_str());
  draw_list->AddText(ImVec2(origin.x + width / 2 - ImGui::CalcTextSize("0").x / 2, text_y), text, "0");
  draw_list->AddText(ImVec2(origin.x + width - ImGui::CalcTextSize(high.c_str()).x, text_y), text, high.c_str());
  draw_list->AddText(ImVec2(origin.x + width + context.px(kColorbarLabelGap), origin.y - context.px(2)), text,
                     label.c_str());
}

}  // namespace

std::string with_math_symbols(std::string text) {
  const std::pair<const char*, const char*> replacements[] = {
      {"sigma", "σ"}, {"mu", "μ"}, {"gamma", "γ"}, {"beta", "β"}, {"eps", "ε"}, {"sqrt", "√"}, {"^2", "²"}};
  for (const auto& [ascii, greek] : replacements) {
    for (std::size_t at = text.find(ascii); at != std::string::npos; at = text.find(ascii, at)) {
      text.replace(at, std::char_traits<char>::length(ascii), greek);
      at += std::char_traits<char>::length(greek);
    }
  }
  return text;
}

double symmetric_limit(const std::vector<double>& values, double floor) {
  double limit = floor;
  for (const double value : values) {
    if (std::isfinite(value)) limit = std::max(limit, std::abs(value));
  }
  return limit;
}

namespace {

// Where the widget's parts go, decided before anything is drawn so that a caller can size two matrices
// alike (measure_matrix_view, fit_side_by_side).
struct MatrixLayout {
  std::size_t rows = 0, cols = 0;
  SliceOrientation orientation = SliceOrientation::other;  // slices whose mu and sigma are drawn
  const char* row_words = "";
  const char* col_words = "";
  bool one_line = true;  // the axis words on one line
  float label_width = 0, right_margin = 0, bottom_margin = 0;
  float colorbar_gap = 0, colorbar_height = 0;  // above the colour bar; the bar and its numbers
  bool column_statistics = false;  // mu / sigma under the columns (space reserved in bottom_margin)
  float cell = 0;
};

const char* short_row_words(bool two_d) { return two_d ? "↓ samples" : "↓ (sample, channel)"; }
const char* short_column_words(bool two_d) { return two_d ? "→ features" : "→ positions"; }

// Both axes' words on one line.
float axis_words_width(const char* row_words, const char* col_words, const PanelContext& context) {
  return ImGui::CalcTextSize(row_words).x + context.px(24) + ImGui::CalcTextSize(col_words).x;
}

// The statistics' labels under a column, in the small font: the widest of them.
float widest_column_label(const lessons::AxisFlipResult& result, const PanelContext& context) {
  ImFont* font = context.fonts->small != nullptr ? context.fonts->small : ImGui::GetFont();
  const bool centring = lessons::is_centring(result.settings.kind);
  float widest = 0;
  for (const auto& statistics : result.statistics) {
    const StatisticLabels labels = statistic_labels(statistics, centring);
    for (const std::string* text : {&labels.mean, &labels.spread}) {
      widest = std::max(widest, font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text->c_str()).x);
    }
  }
  return widest;
}

MatrixLayout layout_matrix(const lessons::AxisFlipResult& result, const lessons::SweepFrame* frame,
                           const MatrixViewOptions& options, const PanelContext& context) {
  MatrixLayout layout;
  const Shape& shape = result.batch.shape;
  layout.cols = shape.back();
  layout.rows = result.batch.size() / layout.cols;
  const SliceOrientation slicing = orientation_of(result, layout.cols);
  layout.orientation = options.show_statistics ? slicing : SliceOrientation::other;
  const SliceOrientation reserved = options.show_statistics ? slicing
                                    : options.reserve_statistics_space && slicing == SliceOrientation::columns
                                        ? slicing
                                        : SliceOrientation::other;
  // The axes in words, on one line when it fits; else the short forms (large presentation type) on one
  // line, which leaves a line of height to the cells; else the short forms on two lines.
  const bool two_d = shape.size() == 2;
  layout.row_words = two_d ? "↓ rows = samples / tokens" : "↓ rows = (sample, channel)";
  layout.col_words = two_d ? "→ columns = features" : "→ columns = positions";
  layout.one_line = !options.stack_axis_words &&
                    axis_words_width(layout.row_words, layout.col_words, context) < options.max_size.x;
  if (options.stack_axis_words) {
    layout.row_words = short_row_words(two_d), layout.col_words = short_column_words(two_d);
  } else if (!layout.one_line) {
    layout.row_words = short_row_words(two_d), layout.col_words = short_column_words(two_d);
    layout.one_line = axis_words_width(layout.row_words, layout.col_words, context) < options.max_size.x;
  }
  const float line = ImGui::GetTextLineHeight();
  layout.label_width = ImGui::CalcTextSize(std::to_string(layout.rows).c_str()).x + context.px(8);
  layout.right_margin =
      reserved == SliceOrientation::rows ? ImGui::CalcTextSize("μ -00.00  σ 00.00").x + context.px(10) : 0;
  layout.colorbar_gap = context.px(8);
  layout.colorbar_height = context.px(12) + line + context.px(10);
  const float available_width =
      std::max(options.max_size.x - layout.label_width - layout.right_margin, context.px(60));
  // Above the cells: the title and the axis words (text lines with item spacing), then the column
  // numbers. Counted as drawn: a rounder estimate let presentation mode's matrices overflow their
  // height by half a line, cutting off the colour bar.
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  const float text_lines = (options.title.empty() ? 0.0f : 1.0f) + (layout.one_line ? 1.0f : 2.0f);
  const float header_height = text_lines * (line + spacing) + line + context.px(2);
  const auto cell_for = [&](float bottom_margin) {
    const float available_height = std::max(
        options.max_size.y - header_height - bottom_margin - layout.colorbar_gap - layout.colorbar_height,
        context.px(60));
    float cell = std::min(available_width / static_cast<float>(layout.cols),
                          available_height / static_cast<float>(layout.rows));
    if (options.max_cell > 0) cell = std::min(cell, options.max_cell);
    return std::clamp(cell, context.px(3), context.px(64));
  };
  layout.cell = cell_for(0);
  if (reserved == SliceOrientation::columns) {
    // Room under the columns only when their labels will be drawn: a swept column's always, the others
    // where they fit in a cell's width. Reserving it for nothing cost narrow matrices a third of their
    // height (the BatchNorm output beside the input at 1080p).
    const bool focus = frame != nullptr && !frame->finished;
    const float with_room = cell_for(2 * line + context.px(6));
    if (focus || widest_column_label(result, context) <= with_room * 1.02f) {
      layout.bottom_margin = 2 * line + context.px(6);
      layout.column_statistics = true;
      layout.cell = with_room;
    }
  }
  return layout;
}

}  // namespace

MatrixViewMeasure measure_matrix_view(const lessons::AxisFlipResult& result, const lessons::SweepFrame* frame,
                                      const MatrixViewOptions& options, const PanelContext& context) {
  const MatrixLayout layout = layout_matrix(result, frame, options, context);
  const bool two_d = result.batch.shape.size() == 2;
  ImGui::PushFont(context.fonts->bold);
  const float title = ImGui::CalcTextSize(options.title.c_str()).x;
  ImGui::PopFont();
  MatrixViewMeasure measure;
  measure.cell_size = layout.cell;
  measure.rows = layout.rows;
  measure.cols = layout.cols;
  // Besides the cells: the row numbers, and to the right the statistics beside the rows or the colour
  // bar's label beside the bar (which spans the cells), whichever is wider.
  measure.fixed_width = layout.label_width + std::max(layout.right_margin, colorbar_label_width(options, context));
  const float grid_width = static_cast<float>(layout.cols) * layout.cell;
  const float narrowest_colorbar = layout.label_width + colorbar_extent(0, options, context);
  measure.min_width_one_line = std::max(
      {title, axis_words_width(short_row_words(two_d), short_column_words(two_d), context), narrowest_colorbar});
  measure.min_width_two_lines = std::max({title, ImGui::CalcTextSize(short_row_words(two_d)).x,
                                          ImGui::CalcTextSize(short_column_words(two_d)).x, narrowest_colorbar});
  measure.width = std::max({measure.fixed_width + grid_width,
                            layout.label_width + colorbar_extent(grid_width, options, context), title,
                            layout.one_line ? axis_words_width(layout.row_words, layout.col_words, context)
                                            : std::max(ImGui::CalcTextSize(layout.row_words).x,
                                                       ImGui::CalcTextSize(layout.col_words).x)});
  return measure;
}

float fit_side_by_side(const std::vector<SideBySideMatrix>& matrices, ImVec2 size, float gap,
                       const PanelContext& context) {
  if (matrices.empty()) return 0;
  std::vector<MatrixViewMeasure> measures;
  float tallest_cell = context.px(64);  // what the height allows every matrix
  for (const SideBySideMatrix& matrix : matrices) {
    matrix.options->max_size = size;  // as wide as the row: what limits each is its height
    matrix.options->max_cell = 0;     // this fit decides both
    matrix.options->stack_axis_words = false;
    measures.push_back(measure_matrix_view(*matrix.result, matrix.frame, *matrix.options, context));
    tallest_cell = std::min(tallest_cell, measures.back().cell_size);
  }
  const float gaps = gap * static_cast<float>(matrices.size() - 1);
  const auto width_of = [&](const MatrixViewMeasure& measure, float side, bool one_line) {
    return std::max(measure.fixed_width + static_cast<float>(measure.cols) * side,
                    one_line ? measure.min_width_one_line : measure.min_width_two_lines);
  };
  const auto row_width = [&](float side, bool one_line) {
    float total = gaps;
    for (const MatrixViewMeasure& measure : measures) total += width_of(measure, side, one_line);
    return total;
  };
  // The row's width grows with the cell: bisect for the largest cell that fits.
  const auto widest_cell = [&](bool one_line) {
    if (row_width(tallest_cell, one_line) <= size.x) return tallest_cell;
    float low = context.px(3), high = tallest_cell;
    for (int iteration = 0; iteration < 24; ++iteration) {
      const float middle = 0.5f * (low + high);
      (row_width(middle, one_line) <= size.x ? low : high) = middle;
    }
    return low;
  };
  // The axis words on one line save a line of height; on two they leave the cells more width. The
  // narrow rows of presentation mode need the second.
  std::size_t most_rows = 1;
  for (const MatrixViewMeasure& measure : measures) most_rows = std::max(most_rows, measure.rows);
  const float two_line_height_cost = 0.5f * ImGui::GetTextLineHeight() / static_cast<float>(most_rows);
  const float one_line_cell = widest_cell(true), two_line_cell = widest_cell(false);
  const bool one_line = one_line_cell >= std::min(two_line_cell, tallest_cell - two_line_height_cost);
  const float cell = one_line ? one_line_cell : two_line_cell;
  float drawn_cell = cell;
  for (std::size_t index = 0; index < matrices.size(); ++index) {
    matrices[index].options->max_size.x = width_of(measures[index], cell, one_line) + 1.0f;
    matrices[index].options->max_cell = cell;
    matrices[index].options->stack_axis_words = !one_line;
    measures[index] = measure_matrix_view(*matrices[index].result, matrices[index].frame,
                                          *matrices[index].options, context);
    drawn_cell = std::min(drawn_cell, measures[index].cell_size);
  }
  // Two lines of words take height: one cell size for all, the smallest any of them can draw.
  float total = gaps;
  for (std::size_t index = 0; index < matrices.size(); ++index) {
    matrices[index].options->max_cell = drawn_cell;
    total += measures[index].width;
  }
  return total;
}

MatrixViewResult draw_matrix_view(const lessons::AxisFlipResult& result, const std::vector<double>& values,
                                  const lessons::SweepFrame* frame, MatrixViewState& state,
                                  const MatrixViewOptions& options, const PanelContext& context) {
  MatrixViewResult outcome;
  const MatrixLayout layout = layout_matrix(result, frame, options, context);
  const std::size_t rows = layout.rows, cols = layout.cols;
  const SliceOrientation orientation = layout.orientation;
  const float line = ImGui::GetTextLineHeight();
  const float label_width = layout.label_width, right_margin = layout.right_margin;
  const float bottom_margin = layout.bottom_margin, colorbar_height = layout.colorbar_height;
  const float cell = layout.cell;
  const float grid_width = static_cast<float>(layout.cols) * cell;
  const float claimed_width = label_width + std::max(grid_width + right_margin, colorbar_extent(grid_width, options, context));
  outcome.cell_size = cell;
  ImGui::PushID(options.id);
  ImGui::BeginGroup();  // one item for SameLine: the widget positions its parts with SetCursorScreenPos

  if (!options.title.empty()) {
    ImGui::PushFont(context.fonts->bold);
    ImGui::TextUnformatted(options.title.c_str());
    ImGui::PopFont();
  }
  ImGui::TextColored(context.palette->muted_text, "%s", layout.row_words);
  if (layout.one_line) ImGui::SameLine(0, context.px(24));
  ImGui::TextColored(context.palette->muted_text, "%s", layout.col_words);
  const CellNumbers numbers = cell_numbers(cell, context);
  const bool numbers_fit = numbers.font != nullptr;

  ImDrawList* draw_list = ImGui::GetWindowDrawList();
  const ImVec2 cursor = ImGui::GetCursorScreenPos();
  const ImVec2 origin(cursor.x + label_width, cursor.y + line + context.px(2));
  const ImU32 text_colour = gui::to_u32(context.palette->text);
  const ImU32 muted = gui::to_u32(context.palette->muted_text);
  // Column numbers on top, row numbers on the left (1-based, as a teacher counts).
  const std::size_t label_stride = cell >= line * 1.6f ? 1 : static_cast<std::size_t>(std::ceil(line * 1.6f / cell));
  for (std::size_t col = 0; col < cols; col += label_stride) {
    const std::string text = std::to_string(col + 1);
    draw_list->AddText(ImVec2(origin.x + (static_cast<float>(col) + 0.5f) * cell - ImGui::CalcTextSize(text.c_str()).x / 2, cursor.y), muted,
                       text.c_str());
  }
  for (std::size_t row = 0; row < rows; row += label_stride) {
    const std::string text = std::to_string(row + 1);
    draw_list->AddText(ImVec2(cursor.x, origin.y + (static_cast<float>(row) + 0.5f) * cell - line / 2), muted, text.c_str());
  }

  // Cells.
  const ImU32 empty_fill = gui::to_u32(context.palette->panel_frame);
  for (std::size_t row = 0; row < rows; ++row) {
    for (std::size_t col = 0; col < cols; ++col) {
      const std::size_t index = row * cols + col;
      const ImVec2 top_left(origin.x + static_cast<float>(col) * cell, origin.y + static_cast<float>(row) * cell);
      const ImVec2 bottom_right(top_left.x + cell, top_left.y + cell);
      const double value = values[index];
      if (std::isnan(value)) {
        draw_list->AddRectFilled(top_left, bottom_right, empty_fill);
      } else {
        draw_list->AddRectFilled(top_left, bottom_right, cell_color(value, options.color_limit));
        if (numbers_fit) {
          const std::string text = short_number(value, numbers.decimals);
          const ImVec2 size = numbers.font->CalcTextSizeA(numbers.size, FLT_MAX, 0, text.c_str());
          draw_list->AddText(numbers.font, numbers.size,
                             ImVec2(top_left.x + (cell - size.x) / 2, top_left.y + (cell - size.y) / 2),
                             text_on(value, options.color_limit), text.c_str());
        }
      }
    }
  }
  // Thin white grid lines between cells: one line per row and column, not an outline per cell, so a
  // 64 x 64 matrix stays at four vertices per cell.
  if (cell >= context.px(6)) {
    const ImU32 grid = IM_COL32(255, 255, 255, 110);
    const float right = origin.x + static_cast<float>(cols) * cell, bottom = origin.y + static_cast<float>(rows) * cell;
    for (std::size_t col = 1; col < cols; ++col) {
      const float x = origin.x + static_cast<float>(col) * cell;
      draw_list->AddLine(ImVec2(x, origin.y), ImVec2(x, bottom), grid);
    }
    for (std::size_t row = 1; row < rows; ++row) {
      const float y = origin.y + static_cast<float>(row) * cell;
      draw_list->AddLine(ImVec2(origin.x, y), ImVec2(right, y), grid);
    }
  }

  // The group in focus: one outline around the union of its cells.
  if (frame != nullptr && !frame->finished) {
    const ImU32 outline = color_u32(gui::figure_theme(context.theme).highlight);
    const float thickness = std::max(context.px(3), 2.0f);
    const auto in_group = [&](long row, long col) {
      if (row < 0 || col < 0 || row >= static_cast<long>(rows) || col >= static_cast<long>(cols)) return false;
      return result.reduction.group_of_element[static_cast<std::size_t>(row) * cols + static_cast<std::size_t>(col)] == frame->group;
    };
    for (const std::size_t member : result.reduction.members[frame->group]) {
      const long row = static_cast<long>(member / cols), col = static_cast<long>(member % cols);
      const float left = origin.x + static_cast<float>(col) * cell, top = origin.y + static_cast<float>(row) * cell;
      if (!in_group(row - 1, col)) draw_list->AddLine(ImVec2(left, top), ImVec2(left + cell, top), outline, thickness);
      if (!in_group(row + 1, col)) draw_list->AddLine(ImVec2(left, top + cell), ImVec2(left + cell, top + cell), outline, thickness);
      if (!in_group(row, col - 1)) draw_list->AddLine(ImVec2(left, top), ImVec2(left, top + cell), outline, thickness);
      if (!in_group(row, col + 1)) draw_list->AddLine(ImVec2(left + cell, top), ImVec2(left + cell, top + cell), outline, thickness);
    }
  }

  // mu and sigma beside each slice whose statistics have appeared.
  const bool centring = lessons::is_centring(result.settings.kind);
  for (std::size_t group = 0; group < result.statistics.size() && orientation != SliceOrientation::other; ++group) {
    if (frame != nullptr && SweepTimeline::stage_of(*frame, group) < CellStage::statistics_shown) continue;
    const auto& statistics = result.statistics[group];
    const std::size_t first = result.reduction.members[group].front();
    const bool focus = frame != nullptr && !frame->finished && frame->group == group;
    const ImU32 colour = focus ? text_colour : muted;
    const StatisticLabels labels = statistic_labels(statistics, centring);
    const char* mean_text = labels.mean.c_str();
    const char* spread_text = labels.spread.c_str();
    if (orientation == SliceOrientation::rows) {
      if (cell < line * 0.9f && !focus) continue;
      const float y = origin.y + (static_cast<float>(first / cols) + 0.5f) * cell - line / 2;
      std::string both = centring ? std::string(mean_text) + "  " + spread_text : spread_text;
      draw_list->AddText(ImVec2(origin.x + static_cast<float>(cols) * cell + context.px(8), y), colour, both.c_str());
    } else if (layout.column_statistics) {
      // Under a column: the small font, and only where it fits (the focused column always shows).
      ImFont* font = context.fonts->small != nullptr ? context.fonts->small : ImGui::GetFont();
      const float font_size = font->FontSize;
      const float widest = std::max(font->CalcTextSizeA(font_size, FLT_MAX, 0, mean_text).x,
                                    font->CalcTextSizeA(font_size, FLT_MAX, 0, spread_text).x);
      if (widest > cell * 1.02f && !focus) continue;
      // Centred under its column, but kept inside the widget: the first and last column's labels are
      // wider than small cells.
      const float centred = origin.x + static_cast<float>(first % cols) * cell + (cell - widest) / 2;
      const float x = std::clamp(centred, cursor.x, std::max(cursor.x, cursor.x + claimed_width - widest));
      const float y = origin.y + static_cast<float>(rows) * cell + context.px(3);
      if (centring) draw_list->AddText(font, font_size, ImVec2(x, y), colour, mean_text);
      draw_list->AddText(font, font_size, ImVec2(x, y + font_size), colour, spread_text);
    }
  }

  // Interaction over the cell area.
  const ImVec2 grid_size(static_cast<float>(cols) * cell, static_cast<float>(rows) * cell);
  ImGui::SetCursorScreenPos(origin);
  ImGui::InvisibleButton("##cells", grid_size);
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const auto cell_at = [&](ImVec2 point) -> std::optional<std::size_t> {
    const float col = (point.x - origin.x) / cell, row = (point.y - origin.y) / cell;
    if (col < 0 || row < 0 || col >= static_cast<float>(cols) || row >= static_cast<float>(rows)) return std::nullopt;
    return static_cast<std::size_t>(row) * cols + static_cast<std::size_t>(col);
  };
  if (hovered) outcome.hovered_cell = cell_at(mouse);
  if (options.editable) {
    const auto pressed_cell = cell_at(ImGui::GetIO().MouseClickedPos[0]);
    if (ImGui::IsItemActivated() && pressed_cell) state.drag_start_value = result.batch[*pressed_cell];
    if (ImGui::IsItemActive() && pressed_cell && ImGui::IsMouseDragging(ImGuiMouseButton_Left, context.px(3))) {
      // Sideways drag: one cell width changes the value by 0.5, whatever the zoom.
      const double delta = ImGui::GetMouseDragDelta(ImGuiMouseButton_Left).x / cell * 0.5;
      outcome.edit = MatrixEdit{*pressed_cell, std::round((state.drag_start_value + delta) * 100) / 100};
    }
    if (hovered && outcome.hovered_cell && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
      state.typing_cell = outcome.hovered_cell;
      state.typed_value = result.batch[*outcome.hovered_cell];
      ImGui::OpenPopup("type a value");
    }
    if (ImGui::BeginPopup("type a value")) {
      if (state.typing_cell) {
        ImGui::Text("sample %zu, feature %zu", *state.typing_cell / cols + 1, *state.typing_cell % cols + 1);
        ImGui::SetNextItemWidth(context.px(160));
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        if (ImGui::InputDouble("##value", &state.typed_value, 0, 0, "%.4g", ImGuiInputTextFlags_EnterReturnsTrue)) {
          outcome.edit = MatrixEdit{*state.typing_cell, state.typed_value};
          ImGui::CloseCurrentPopup();
        }
        ImGui::TextColored(context.palette->muted_text, "Enter to set, Esc to cancel");
      }
      ImGui::EndPopup();
    }
  }

  // Legend for the colours, then leave the cursor under the widget.
  const ImVec2 colorbar_origin(origin.x, origin.y + grid_size.y + bottom_margin + layout.colorbar_gap);
  draw_colorbar(draw_list, colorbar_origin, colorbar_width_for(grid_size.x, options.color_limit, context), context.px(12),
                options.color_limit, options.colorbar_label, context);
  ImGui::SetCursorScreenPos(ImVec2(cursor.x, colorbar_origin.y + colorbar_height));
  ImGui::Dummy(ImVec2(claimed_width, 0));
  ImGui::EndGroup();
  ImGui::PopID();
  return outcome;
}

void draw_cell_readout(const lessons::AxisFlipResult& result, std::size_t cell, const PanelContext& context) {
  const lessons::CellReadout readout = lessons::read_cell(result, cell);
  ImGui::BeginTooltip();
  std::string where;
  if (readout.coordinates.size() == 2) {
    where = "sample " + std::to_string(readout.coordinates[0] + 1) + ", feature " + std::to_string(readout.coordinates[1] + 1);
  } else {
    where = "sample " + std::to_string(readout.coordinates[0] + 1) + ", channel " + std::to_string(readout.coordinates[1] + 1) +
            ", position " + std::to_string(readout.coordinates[2] + 1);
  }
  ImGui::PushFont(context.fonts->bold);
  ImGui::TextUnformatted(where.c_str());
  ImGui::PopFont();
  ImGui::Text("value x = %.4g", readout.value);
  const bool centring = lessons::is_centring(result.settings.kind);
  ImGui::Text("its group (%zu of %zu, %zu values): %s", readout.group + 1, result.statistics.size(),
              readout.statistics.count, readout.statistics.from_running ? "running statistics" : "");
  if (centring) {
    ImGui::Text("  μ = %.4g    σ = %.4g", readout.statistics.mean, readout.statistics.standard_deviation());
    ImGui::Text("normalized x_hat = (x - μ) / √(σ² + ε) = %.4g", readout.normalized);
  } else {
    ImGui::Text("  rms = %.4g", readout.statistics.standard_deviation());
    ImGui::Text("normalized x_hat = x / √(ms + ε) = %.4g", readout.normalized);
  }
  ImGui::Text("output y = %.4g", readout.output);
  ImGui::EndTooltip();
}

}  // namespace normlab::panels::axis_flip
