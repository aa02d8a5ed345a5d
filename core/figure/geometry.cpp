#include "figure/geometry.hpp"

#include <algorithm>
#include <cmath>

namespace normlab::figure::detail {

double line_height(const Theme&, double size_pt) { return size_pt * kPixelsPerPoint * 1.25; }

bool finite_on(double value, AxisScale scale) {
  return std::isfinite(value) && (scale == AxisScale::linear || value > 0);
}

PointView point_view(const Series& series) {
  if (const auto* line = std::get_if<LineSeries>(&series)) return PointView{&line->x, &line->y};
  if (const auto* markers = std::get_if<MarkerSeries>(&series)) return PointView{&markers->x, &markers->y};
  return {};
}

Color series_color(const Figure& plot, std::size_t series_index, const Theme& theme) {
  std::size_t palette_index = 0;
  for (std::size_t index = 0; index < series_index && index < plot.series.size(); ++index) {
    if (!std::holds_alternative<HeatmapSeries>(plot.series[index])) ++palette_index;
  }
  if (const auto* line = std::get_if<LineSeries>(&plot.series[series_index]); line && line->color_slot) {
    palette_index = *line->color_slot;
  }
  const Color fallback = theme.series_colors[palette_index % theme.series_colors.size()];
  return std::visit(
      [&](const auto& series) -> Color {
        if constexpr (requires { series.color.value_or(fallback); }) {
          return series.color.value_or(fallback);
        } else {
          return fallback;
        }
      },
      plot.series[series_index]);
}

BarGrouping bar_grouping(const Figure& plot) {
  BarGrouping grouping;
  std::size_t longest = 0;
  for (const auto& series : plot.series) {
    if (const auto* bars = std::get_if<BarSeries>(&series)) {
      ++grouping.bar_series;
      if (grouping.categories.empty()) grouping.categories = bars->categories;
      longest = std::max(longest, bars->values.size());
    }
  }
  for (std::size_t index = grouping.categories.size(); index < longest; ++index) {
    grouping.categories.push_back(std::to_string(index + 1));
  }
  return grouping;
}

std::size_t bar_slot(const Figure& plot, std::size_t series_index) {
  std::size_t slot = 0;
  for (std::size_t index = 0; index < series_index; ++index) {
    slot += std::holds_alternative<BarSeries>(plot.series[index]);
  }
  return slot;
}

Rect bar_rect(const PlotLayout& layout, std::size_t slot, std::size_t slots, std::size_t bar_index,
              double value) {
  constexpr double kGroupWidth = 0.8;  // of one category's width; the rest separates groups
  const double slot_width = kGroupWidth / double(std::max<std::size_t>(slots, 1));
  const double left = double(bar_index) - kGroupWidth / 2 + double(slot) * slot_width;
  const double x0 = layout.x_to_pixel(left + slot_width * 0.06),
               x1 = layout.x_to_pixel(left + slot_width * 0.94);
  const double base = layout.y_scale == AxisScale::log ? layout.y_range.min : 0.0;
  double y0 = layout.y_to_pixel(base), y1 = layout.y_to_pixel(value);
  if (!std::isfinite(y1)) y1 = y0;
  return Rect{x0, std::min(y0, y1), x1 - x0, std::fabs(y1 - y0)};
}

const HeatmapSeries* first_heatmap(const Figure& plot) {
  for (const auto& series : plot.series) {
    if (const auto* heatmap = std::get_if<HeatmapSeries>(&series)) return heatmap;
  }
  return nullptr;
}

Range heatmap_value_range(const HeatmapSeries& heatmap) {
  double low = INFINITY, high = -INFINITY;
  for (double value : heatmap.values) {
    if (std::isfinite(value)) {
      low = std::min(low, value);
      high = std::max(high, value);
    }
  }
  if (!std::isfinite(low)) low = 0, high = 1;
  if (heatmap.colormap == Colormap::diverging) {
    const double extent = std::max(std::fabs(low), std::fabs(high));
    low = -extent, high = extent;
  }
  Range range{heatmap.value_min.value_or(low), heatmap.value_max.value_or(high)};
  if (!(range.max > range.min)) range = Range{range.min - 1, range.min + 1};
  return range;
}

Color heatmap_cell_color(const HeatmapSeries& heatmap, const Range& range, double value) {
  return colormap_color(heatmap.colormap, (value - range.min) / range.span());
}

Rect heatmap_cell_rect(const PlotLayout& layout, const HeatmapSeries& heatmap, std::size_t row,
                       std::size_t col) {
  const double top = double(heatmap.rows - row), bottom = top - 1;
  const double x0 = layout.x_to_pixel(double(col)), x1 = layout.x_to_pixel(double(col + 1));
  const double y0 = layout.y_to_pixel(top), y1 = layout.y_to_pixel(bottom);
  return Rect{x0, y0, x1 - x0, y1 - y0};
}

std::vector<LegendEntry> legend_entries(const Figure& plot, const Theme& theme) {
  std::vector<LegendEntry> entries;
  for (std::size_t index = 0; index < plot.series.size(); ++index) {
    const auto& series = plot.series[index];
    if (const auto* heatmap = std::get_if<HeatmapSeries>(&series)) {
      for (const auto& region : heatmap->regions) {
        if (!region.label.empty()) {
          entries.push_back(
              {region.label, region.color.value_or(theme.highlight), LegendEntry::Swatch::outline});
        }
      }
      continue;
    }
    const auto* line = std::get_if<LineSeries>(&series);
    const std::string name = line && line->legend_label ? *line->legend_label : series_name(series);
    if (name.empty()) continue;
    LegendEntry entry{name, series_color(plot, index, theme), LegendEntry::Swatch::line};
    if (line && line->dashed) {
      entry.swatch = LegendEntry::Swatch::dashed_line;
    }
    if (line) entry.width_px = line->width_px;
    if (std::holds_alternative<MarkerSeries>(series)) entry.swatch = LegendEntry::Swatch::marker;
    if (std::holds_alternative<BarSeries>(series) || std::holds_alternative<BandSeries>(series)) {
      entry.swatch = LegendEntry::Swatch::box;
    }
    if (std::holds_alternative<BandSeries>(series)) {
      entry.color = with_alpha(entry.color, std::get<BandSeries>(series).opacity);
    }
    entries.push_back(entry);
  }
  return entries;
}

LegendPlacement effective_legend_placement(const Figure& plot) {
  if (plot.legend == LegendPlacement::automatic && first_heatmap(plot)) return LegendPlacement::below;
  return plot.legend;
}

LegendGrid legend_grid(const std::vector<LegendEntry>& entries, const Theme& theme, Painter& painter,
                       std::size_t columns, double max_width) {
  LegendGrid grid;
  if (entries.empty()) return grid;
  grid.columns = std::clamp<std::size_t>(columns, 1, entries.size());
  grid.column_widths.assign(grid.columns, 0.0);
  const double swatch = kLegendSwatch + kGap * 0.75;
  const double label_room = max_width - 2 * kGap - swatch;
  for (std::size_t index = 0; index < entries.size(); ++index) {
    const std::string& label = entries[index].label;
    std::vector<std::string> lines{label};
    if (grid.columns == 1 && painter.measure_text(label, theme.tick_font_pt).width > label_room)
      lines = wrap_text(painter, label, theme.tick_font_pt, false, label_room);
    double width = 0;
    for (const auto& line : lines) width = std::max(width, painter.measure_text(line, theme.tick_font_pt).width);
    double& column_width = grid.column_widths[index % grid.columns];
    column_width = std::max(column_width, swatch + width);
    grid.labels.push_back(std::move(lines));
  }
  grid.line_height = line_height(theme, theme.tick_font_pt);
  const std::size_t rows = (entries.size() + grid.columns - 1) / grid.columns;
  grid.row_heights.assign(rows, 0.0);
  for (std::size_t index = 0; index < entries.size(); ++index) {
    double& row_height = grid.row_heights[index / grid.columns];
    row_height = std::max(row_height, grid.line_height * (double(grid.labels[index].size()) + 0.1));
  }
  double width = 0, height = 0;
  for (double column_width : grid.column_widths) width += column_width;
  for (double row_height : grid.row_heights) height += row_height;
  grid.size = {width + 2 * kGap * double(grid.columns), height + kGap};
  return grid;
}

std::size_t legend_columns_within(const std::vector<LegendEntry>& entries, const Theme& theme, Painter& painter,
                                  double max_width) {
  for (std::size_t columns = entries.size(); columns > 1; --columns) {
    if (legend_grid(entries, theme, painter, columns).size.x <= max_width) return columns;
  }
  return 1;
}

std::vector<std::string> wrap_text(Painter& painter, const std::string& text, double size_pt, bool bold,
                                   double max_width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    const std::string candidate = line.empty() ? word : line + " " + word;
    if (!line.empty() && painter.measure_text(candidate, size_pt, bold).width > max_width) {
      lines.push_back(line);
      line = word;
    } else {
      line = candidate;
    }
    start = end + 1;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

Heading figure_heading(const Figure& figure, const Theme& theme, Painter& painter, double width) {
  Heading heading;
  heading.title_pt = theme.title_font_pt;
  if (!figure.title.empty()) {
    heading.title_lines = wrap_text(painter, figure.title, heading.title_pt, true, width);
    while (heading.title_lines.size() > 2 && heading.title_pt * 0.92 >= theme.label_font_pt) {
      heading.title_pt *= 0.92;
      heading.title_lines = wrap_text(painter, figure.title, heading.title_pt, true, width);
    }
  }
  if (!figure.subtitle.empty()) {
    heading.subtitle_lines = wrap_text(painter, figure.subtitle, theme.label_font_pt, false, width);
  }
  heading.height = double(heading.title_lines.size()) * line_height(theme, heading.title_pt) +
                   double(heading.subtitle_lines.size()) * line_height(theme, theme.label_font_pt);
  if (heading.height > 0) heading.height += kGap;
  return heading;
}

}  // namespace normlab::figure::detail
