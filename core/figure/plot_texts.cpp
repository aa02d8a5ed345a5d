// The texts of a plot placed once its axes are laid out: legend entries, annotation labels (where they
// cover the least data), bar values, heatmap cell values, and rotated axis and colorbar labels; and how
// much data a box would cover, which legends and annotation labels are placed by.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "figure/geometry.hpp"

namespace normlab::figure::detail {

namespace {

double luminance(Color color) { return 0.2126 * color.red + 0.7152 * color.green + 0.0722 * color.blue; }

}  // namespace

std::size_t data_covered(const PlotLayout& layout, const Rect& box, const std::vector<TextBox>& texts) {
  const Figure& plot = *layout.plot;
  std::size_t covered = 0;
  const auto crosses = [&](Point from, Point to) {
    // A segment crosses the box when a point sampled along it (every few pixels) lies inside.
    const int steps = std::clamp(int(std::hypot(to.x - from.x, to.y - from.y) / 4), 1, 400);
    for (int step = 1; step < steps; ++step) {
      const double along = double(step) / steps;
      if (box.contains({from.x + (to.x - from.x) * along, from.y + (to.y - from.y) * along})) return true;
    }
    return false;
  };
  for (const auto& series : plot.series) {
    const PointView points = point_view(series);
    const bool joined = std::holds_alternative<LineSeries>(series);
    Point previous;  // the last drawable point, when `has_previous`
    bool has_previous = false;
    for (std::size_t index = 0; index < points.size(); ++index) {
      const double x = (*points.x)[index], y = (*points.y)[index];
      if (!finite_on(x, layout.x_scale) || !finite_on(y, layout.y_scale)) {
        has_previous = false;
        continue;
      }
      const Point at = layout.to_pixel(x, y);
      covered += 4 * box.contains(at);
      if (joined && has_previous) covered += crosses(previous, at);
      previous = at, has_previous = true;
    }
    if (const auto* band = std::get_if<BandSeries>(&series)) {
      for (std::size_t index = 0; index < band->x.size(); ++index) {
        for (const auto* ys : {&band->y_low, &band->y_high}) {
          if (index < ys->size() && finite_on((*ys)[index], layout.y_scale))
            covered += box.contains(layout.to_pixel(band->x[index], (*ys)[index]));
        }
      }
    }
  }
  const std::size_t slots = bar_grouping(plot).bar_series;
  for (std::size_t index = 0; index < plot.series.size(); ++index) {
    if (const auto* bars = std::get_if<BarSeries>(&plot.series[index])) {
      for (std::size_t bar = 0; bar < bars->values.size(); ++bar) {
        if (!finite_on(bars->values[bar], layout.y_scale)) continue;
        covered += 8 * overlaps(box, bar_rect(layout, bar_slot(plot, index), slots, bar, bars->values[bar]));
      }
    }
    if (std::holds_alternative<HeatmapSeries>(plot.series[index])) covered += 8 * overlaps(box, layout.plot_area);
  }
  for (const auto& text : texts) covered += 8 * (text.role == TextRole::annotation && overlaps(box, text.box));
  return covered;
}

// The legend's box and its entries' swatches and labels, for a box whose top-left corner is `corner`.
void place_legend(PlotLayout& layout, const std::vector<LegendEntry>& entries, const LegendGrid& grid, Point corner,
                  const Theme& theme, Painter& painter, std::size_t plot_index, std::vector<TextBox>& texts) {
  layout.legend = Rect{corner.x, corner.y, grid.size.x, grid.size.y};
  double x = corner.x + kGap, row_top = corner.y + kGap * 0.5;
  for (std::size_t index = 0; index < entries.size(); ++index) {
    const std::size_t row = index / grid.columns, column = index % grid.columns;
    // The swatch beside the label's first line; further lines under it.
    const double first_line = row_top + grid.line_height * 0.55;
    layout.legend_swatches.push_back({x, first_line});
    for (std::size_t line = 0; line < grid.labels[index].size(); ++line) {
      texts.push_back(text_box(painter, TextRole::legend_entry, plot_index, grid.labels[index][line],
                               {x + kLegendSwatch + kGap * 0.75, first_line + grid.line_height * double(line)},
                               TextStyle{theme.tick_font_pt, theme.text, HorizontalAlign::left, VerticalAlign::middle}));
    }
    if (column + 1 < grid.columns && index + 1 < entries.size()) {
      x += grid.column_widths[column] + 2 * kGap;
    } else {
      x = corner.x + kGap;
      row_top += grid.row_heights[row];
    }
  }
}

namespace {

// The candidate that covers the least data and fewest texts already placed (the first on a tie).
TextBox least_covering(const PlotLayout& layout, std::vector<TextBox> candidates, const std::vector<TextBox>& texts) {
  std::size_t best = 0, best_count = SIZE_MAX;
  for (std::size_t index = 0; index < candidates.size(); ++index) {
    std::size_t count = data_covered(layout, candidates[index].box, texts);
    for (const auto& text : texts) count += 8 * overlaps(text.box, candidates[index].box);
    if (count < best_count) best = index, best_count = count;
  }
  return std::move(candidates[best]);
}

}  // namespace

// A line's label goes at one of its ends, on either side: where it covers the least data (the jacobian
// figure's label on a line through its bars hid two of them).
void place_annotations(const PlotLayout& layout, const Theme& theme, Painter& painter, std::size_t plot_index,
                       std::vector<TextBox>& texts) {
  const Rect& area = layout.plot_area;
  const double size_pt = theme.tick_font_pt;
  for (const auto& note : layout.plot->annotations) {
    if (note.text.empty()) continue;
    const Color color = note.color.value_or(theme.muted_text);
    const auto candidate = [&](Point anchor, HorizontalAlign horizontal, VerticalAlign vertical) {
      return text_box(painter, TextRole::annotation, plot_index, note.text, anchor,
                      TextStyle{size_pt, color, horizontal, vertical});
    };
    std::vector<TextBox> candidates;
    if (note.kind == AnnotationKind::horizontal_line) {
      if (!finite_on(note.y, layout.y_scale)) continue;
      const double y = layout.y_to_pixel(note.y);
      if (y < area.y || y > area.bottom()) continue;
      for (const auto vertical : {VerticalAlign::bottom, VerticalAlign::top}) {
        const double at = vertical == VerticalAlign::bottom ? y - 3 : y + 3;
        candidates.push_back(candidate({area.right() - 4, at}, HorizontalAlign::right, vertical));
        candidates.push_back(candidate({area.x + 4, at}, HorizontalAlign::left, vertical));
      }
    } else if (note.kind == AnnotationKind::vertical_line) {
      if (!finite_on(note.x, layout.x_scale)) continue;
      const double x = layout.x_to_pixel(note.x);
      if (x < area.x || x > area.right()) continue;
      for (const auto vertical : {VerticalAlign::top, VerticalAlign::bottom}) {
        const double at = vertical == VerticalAlign::top ? area.y + 4 : area.bottom() - 4;
        candidates.push_back(candidate({x + 4, at}, HorizontalAlign::left, vertical));
        candidates.push_back(candidate({x - 4, at}, HorizontalAlign::right, vertical));
      }
    } else if (finite_on(note.x, layout.x_scale) && finite_on(note.y, layout.y_scale)) {
      const Point at = layout.to_pixel(note.x, note.y);
      candidates.push_back(candidate({at.x + 4, at.y}, HorizontalAlign::left, VerticalAlign::middle));
      candidates.push_back(candidate({at.x - 4, at.y}, HorizontalAlign::right, VerticalAlign::middle));
    }
    // Only places inside the plot (a label that fits nowhere keeps the first and the checker says so).
    std::vector<TextBox> inside;
    for (const auto& box : candidates) {
      if (box.box.x >= area.x && box.box.right() <= area.right() && box.box.y >= area.y &&
          box.box.bottom() <= area.bottom())
        inside.push_back(box);
    }
    if (inside.empty() && !candidates.empty()) inside.push_back(candidates.front());
    if (!inside.empty()) texts.push_back(least_covering(layout, std::move(inside), texts));
  }
}

void place_bar_values(const PlotLayout& layout, const Theme& theme, Painter& painter, std::size_t plot_index,
                      std::vector<TextBox>& texts) {
  const Figure& plot = *layout.plot;
  const std::size_t bar_slots = bar_grouping(plot).bar_series;
  for (std::size_t index = 0; index < plot.series.size(); ++index) {
    const auto* bars = std::get_if<BarSeries>(&plot.series[index]);
    if (!bars || !bars->label_values) continue;
    for (std::size_t bar = 0; bar < bars->values.size(); ++bar) {
      const double value = bars->values[bar];
      if (!finite_on(value, layout.y_scale)) continue;
      const Rect rect = bar_rect(layout, bar_slot(plot, index), bar_slots, bar, value);
      const bool below = value < 0 && layout.y_scale == AxisScale::linear;
      texts.push_back(text_box(painter, TextRole::bar_value, plot_index, format_number(value, bars->label_digits),
                               {rect.x + rect.width / 2, below ? rect.bottom() + 3 : rect.y - 3},
                               TextStyle{theme.tick_font_pt * 0.92, theme.text, HorizontalAlign::center,
                                         below ? VerticalAlign::top : VerticalAlign::bottom}));
    }
  }
}

// Values in cells large enough to read them: two decimals, else one, at the tick font or smaller (never
// under 6 pt or 70% of the tick font); whole numbers without decimals. A value rounded to a whole number
// misleads (0.4 printed as "0"), so when one decimal does not fit, no values are printed.
void place_cell_values(const PlotLayout& layout, const HeatmapSeries& heatmap, const Theme& theme, Painter& painter,
                       std::size_t plot_index, std::vector<TextBox>& texts) {
  if (!heatmap.show_values || heatmap.cols == 0 || heatmap.rows == 0) return;
  if (heatmap.values.size() != heatmap.rows * heatmap.cols) return;
  const Rect first = heatmap_cell_rect(layout, heatmap, 0, 0);
  const bool whole = std::all_of(heatmap.values.begin(), heatmap.values.end(),
                                 [](double value) { return !std::isfinite(value) || value == std::round(value); });
  const auto fits = [&](int decimals, double size_pt) {
    double widest = 0;
    for (double value : heatmap.values) {
      if (std::isfinite(value)) widest = std::max(widest, painter.measure_text(format_fixed(value, decimals), size_pt).width);
    }
    return widest + 4 <= first.width;
  };
  const double largest_pt = std::min(theme.tick_font_pt, first.height * 0.55 / kPixelsPerPoint);
  const double smallest_pt = std::max(6.0, 0.7 * theme.tick_font_pt);
  int decimals = -1;
  double size_pt = largest_pt;
  for (const int candidate : whole ? std::vector<int>{0} : std::vector<int>{2, 1}) {
    for (size_pt = largest_pt; size_pt >= smallest_pt && !fits(candidate, size_pt); size_pt *= 0.9) {
    }
    if (size_pt >= smallest_pt) {
      decimals = candidate;
      break;
    }
  }
  if (decimals < 0) return;
  const Range value_range = heatmap_value_range(heatmap);
  for (std::size_t row = 0; row < heatmap.rows; ++row) {
    for (std::size_t col = 0; col < heatmap.cols; ++col) {
      const double value = heatmap.values[row * heatmap.cols + col];
      if (!std::isfinite(value)) continue;  // a cell not computed yet stays blank
      const Rect cell = heatmap_cell_rect(layout, heatmap, row, col);
      const Color ink = luminance(heatmap_cell_color(heatmap, value_range, value)) > 0.45 ? color_from_hex(0x111111)
                                                                                        : color_from_hex(0xFFFFFF);
      texts.push_back(text_box(painter, TextRole::cell_value, plot_index, format_fixed(value, decimals),
                               {cell.x + cell.width / 2, cell.y + cell.height / 2},
                               TextStyle{size_pt, ink, HorizontalAlign::center, VerticalAlign::middle}));
    }
  }
}

// An axis or colorbar label wrapped to `room` px, but in two lines at most: a label broken into a column
// of words reads worse than smaller fonts, which the fitting loop turns to when two lines overflow.
std::vector<std::string> label_lines(Painter& painter, const std::string& text, double size_pt, double room) {
  if (text.empty()) return {};
  std::vector<std::string> lines = wrap_text(painter, text, size_pt, false, room);
  if (lines.size() > 2) {
    const double half = painter.measure_text(text, size_pt).width / 2;
    for (double width = half; lines.size() > 2; width *= 1.1) lines = wrap_text(painter, text, size_pt, false, width);
  }
  return lines;
}

// Rotated lines (a y-axis or colorbar label) side by side from `left`, centred along y near `centre`
// but within [low, high].
void place_vertical_lines(const std::vector<std::string>& lines, TextRole role, double left, double centre,
                          double low, double high, double size_pt, const Theme& theme, Painter& painter,
                          std::size_t plot_index, std::vector<TextBox>& texts) {
  const double line = line_height(theme, size_pt);
  for (std::size_t index = 0; index < lines.size(); ++index) {
    const double half = painter.measure_text(lines[index], size_pt).width / 2;
    TextStyle style{size_pt, theme.text, HorizontalAlign::center, VerticalAlign::middle};
    style.vertical_text = true;
    texts.push_back(text_box(painter, role, plot_index, lines[index],
                             {left + line * (double(index) + 0.5), centre_within(centre, half, low, high)}, style));
  }
}

}  // namespace normlab::figure::detail
