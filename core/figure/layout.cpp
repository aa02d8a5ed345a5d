// Layout of a figure: the data ranges and data <-> pixel transforms of a plot, the text-box helpers, and
// the fitting loop that lays the figure out at decreasing levels of detail until no rule is broken
// (one plot's placement is in plot_layout.cpp, the rules in layout_check.cpp).
#include <algorithm>
#include <cmath>

#include "figure/geometry.hpp"

namespace normlab::figure {

using namespace detail;

namespace {

double to_axis_units(double value, AxisScale scale) {
  return scale == AxisScale::log ? std::log10(value) : value;
}
double from_axis_units(double value, AxisScale scale) {
  return scale == AxisScale::log ? std::pow(10.0, value) : value;
}

// Fits [low, high] (data units) with `fraction` of the span added at each end; log axes pad in decades
// and snap to whole decades when they span two or more, so both ends carry a labelled tick.
Range padded(double low, double high, AxisScale scale, double fraction) {
  if (!std::isfinite(low)) return scale == AxisScale::log ? Range{1, 10} : Range{0, 1};
  if (scale == AxisScale::log) {
    double log_low = std::log10(low), log_high = std::log10(high);
    if (log_high - log_low < 1e-12) log_low -= 0.5, log_high += 0.5;
    if (log_high - log_low >= 2)
      return Range{std::pow(10.0, std::floor(log_low)), std::pow(10.0, std::ceil(log_high))};
    const double pad = (log_high - log_low) * fraction;
    return Range{std::pow(10.0, log_low - pad), std::pow(10.0, log_high + pad)};
  }
  if (high - low < 1e-300) {
    const double half = std::max(std::fabs(low) * 0.1, 0.5);
    return Range{low - half, high + half};
  }
  const double pad = (high - low) * fraction;
  return Range{low - pad, high + pad};
}

Range with_fixed_ends(Range range, const Axis& axis) {
  if (axis.min) range.min = *axis.min;
  if (axis.max) range.max = *axis.max;
  if (!(range.max > range.min)) range.max = range.min + 1;
  return range;
}

struct Extent {
  double low = INFINITY, high = -INFINITY;
  void add(double value, AxisScale scale) {
    if (!finite_on(value, scale)) return;
    low = std::min(low, value);
    high = std::max(high, value);
  }
};

}  // namespace

Range fitted_x_range(const Figure& plot) {
  if (const auto grouping = bar_grouping(plot); grouping.bar_series > 0) {
    return with_fixed_ends(Range{-0.5, double(grouping.categories.size()) - 0.5}, plot.x_axis);
  }
  if (const auto* heatmap = first_heatmap(plot))
    return with_fixed_ends(Range{0, double(heatmap->cols)}, plot.x_axis);
  Extent extent;
  const AxisScale scale = plot.x_axis.scale;
  for (const auto& series : plot.series) {
    std::visit(
        [&](const auto& item) {
          if constexpr (requires { item.x; }) {
            for (double x : item.x) extent.add(x, scale);
          }
        },
        series);
  }
  for (const auto& note : plot.annotations) {
    if (note.kind != AnnotationKind::horizontal_line) extent.add(note.x, scale);
  }
  return with_fixed_ends(padded(extent.low, extent.high, scale, 0.02), plot.x_axis);
}

Range fitted_y_range(const Figure& plot) {
  if (const auto* heatmap = first_heatmap(plot))
    return with_fixed_ends(Range{0, double(heatmap->rows)}, plot.y_axis);
  Extent extent;
  const AxisScale scale = plot.y_axis.scale;
  bool has_bars = false, labelled_bars = false;
  for (const auto& series : plot.series) {
    if (const auto* line = std::get_if<LineSeries>(&series)) {
      for (double y : line->y) extent.add(y, scale);
    } else if (const auto* markers = std::get_if<MarkerSeries>(&series)) {
      for (double y : markers->y) extent.add(y, scale);
    } else if (const auto* band = std::get_if<BandSeries>(&series)) {
      for (double y : band->y_low) extent.add(y, scale);
      for (double y : band->y_high) extent.add(y, scale);
    } else if (const auto* bars = std::get_if<BarSeries>(&series)) {
      has_bars = true;
      labelled_bars = labelled_bars || bars->label_values;
      for (double value : bars->values) extent.add(value, scale);
    }
  }
  bool labelled_lines = false;  // a horizontal line's label sits above it: leave room at the top
  for (const auto& note : plot.annotations) {
    if (note.kind != AnnotationKind::vertical_line) extent.add(note.y, scale);
    labelled_lines = labelled_lines || (note.kind == AnnotationKind::horizontal_line && !note.text.empty());
  }
  if (has_bars && scale == AxisScale::linear) {
    // Bars grow from zero: keep zero on the axis and leave room above (and below) for value labels.
    extent.add(0.0, scale);
    Range range = padded(extent.low, extent.high, scale, labelled_bars || labelled_lines ? 0.12 : 0.05);
    if (extent.low >= 0) range.min = 0;
    if (extent.high <= 0) range.max = 0;
    return with_fixed_ends(range, plot.y_axis);
  }
  return with_fixed_ends(padded(extent.low, extent.high, scale, 0.06), plot.y_axis);
}

double PlotLayout::x_to_pixel(double x) const {
  const double low = to_axis_units(x_range.min, x_scale), high = to_axis_units(x_range.max, x_scale);
  return plot_area.x + (to_axis_units(x, x_scale) - low) / (high - low) * plot_area.width;
}

double PlotLayout::y_to_pixel(double y) const {
  const double low = to_axis_units(y_range.min, y_scale), high = to_axis_units(y_range.max, y_scale);
  return plot_area.bottom() - (to_axis_units(y, y_scale) - low) / (high - low) * plot_area.height;
}

double PlotLayout::pixel_to_x(double pixel_x) const {
  const double low = to_axis_units(x_range.min, x_scale), high = to_axis_units(x_range.max, x_scale);
  return from_axis_units(low + (pixel_x - plot_area.x) / plot_area.width * (high - low), x_scale);
}

double PlotLayout::pixel_to_y(double pixel_y) const {
  const double low = to_axis_units(y_range.min, y_scale), high = to_axis_units(y_range.max, y_scale);
  return from_axis_units(low + (plot_area.bottom() - pixel_y) / plot_area.height * (high - low), y_scale);
}

namespace detail {

Theme scaled_theme(const Theme& theme, double font_scale) {
  Theme scaled = theme;
  scaled.tick_font_pt *= font_scale;
  scaled.label_font_pt *= font_scale;
  scaled.title_font_pt *= font_scale;
  return scaled;
}

TextBox text_box(Painter& painter, TextRole role, std::size_t plot, std::string text, Point anchor,
                 const TextStyle& style) {
  const TextExtent extent = painter.measure_text(text, style.size_pt, style.bold);
  const double height = extent.ascent + extent.descent;
  // Offsets of the box from the anchor along the reading direction and across it (as the painters align).
  double along = 0, across = 0;
  if (style.horizontal == HorizontalAlign::center) along = -extent.width / 2;
  if (style.horizontal == HorizontalAlign::right) along = -extent.width;
  if (style.vertical == VerticalAlign::middle) across = -height / 2;
  if (style.vertical == VerticalAlign::baseline) across = -extent.ascent;
  if (style.vertical == VerticalAlign::bottom) across = -height;
  Rect box{anchor.x + along, anchor.y + across, extent.width, height};
  // Rotated a quarter turn counter-clockwise about the anchor: (dx, dy) lands at (dy, -dx).
  if (style.vertical_text) box = Rect{anchor.x + across, anchor.y - along - extent.width, height, extent.width};
  return TextBox{role, plot, std::move(text), anchor, style, box};
}

bool overlaps(const Rect& first, const Rect& second, double tolerance) {
  return std::min(first.right(), second.right()) - std::max(first.x, second.x) > tolerance &&
         std::min(first.bottom(), second.bottom()) - std::max(first.y, second.y) > tolerance;
}

double centre_within(double preferred, double half, double low, double high) {
  if (high - low <= 2 * half) return (low + high) / 2;
  return std::clamp(preferred, low + half, high - half);
}

}  // namespace detail

namespace {

// The levels of detail tried in order until a layout breaks no rule: the least important text goes
// first (the subtitle), then tick density, then the fonts shrink, down to the caller's smallest scale.
constexpr LayoutDetail kDetailLevels[] = {
    {1.0, 1, true},   {1.0, 1, false},   {1.0, 1.6, false}, {0.88, 1.6, false}, {0.78, 2, false}, {0.68, 2, false},
    {0.6, 2.5, false}, {0.52, 2.5, false}, {0.45, 3, false}, {0.4, 3, false},    {0.35, 3, false},
    {0.35, 3, false, true},
};

struct Attempt {
  FigureLayout layout;
  double roominess = 0;  // the smallest plot's extent: what a grid of panels is chosen by
};

double roominess(const FigureLayout& layout) {
  double smallest = INFINITY;
  for (const auto& plot : layout.plots)
    smallest = std::min(smallest, std::min(plot.plot_area.width, 1.6 * plot.plot_area.height));
  return smallest;
}

Attempt attempt_layout(const Figure& figure, const Theme& base_theme, Painter& painter, Rect area,
                       const ViewState* view, const LayoutDetail& detail, std::size_t columns) {
  const Theme theme = scaled_theme(base_theme, detail.font_scale);
  Attempt attempt;
  FigureLayout& layout = attempt.layout;
  layout.area = area;
  layout.font_scale = detail.font_scale;
  layout.panel_columns = columns;
  const double padding = kGap * 1.5;
  const double width = area.width - 2 * padding;

  Figure heading_only;
  heading_only.title = figure.title;
  if (detail.subtitle) heading_only.subtitle = figure.subtitle;
  layout.subtitle_dropped = !figure.subtitle.empty() && !detail.subtitle;
  const Heading heading = figure_heading(heading_only, theme, painter, width);
  double y = area.y + padding;
  const double centre = area.x + area.width / 2;
  for (const auto& line : heading.title_lines) {
    layout.texts.push_back(text_box(painter, TextRole::title, kFigureText, line, {centre, y},
                                    TextStyle{heading.title_pt, theme.text, HorizontalAlign::center,
                                              VerticalAlign::top, true}));
    y += line_height(theme, heading.title_pt);
  }
  for (const auto& line : heading.subtitle_lines) {
    layout.texts.push_back(text_box(painter, TextRole::subtitle, kFigureText, line, {centre, y},
                                    TextStyle{theme.label_font_pt, theme.muted_text, HorizontalAlign::center,
                                              VerticalAlign::top}));
    y += line_height(theme, theme.label_font_pt);
  }
  const double top = area.y + padding + heading.height;
  const auto plots = figure_plots(figure);
  const std::size_t rows = (plots.size() + columns - 1) / columns;
  // Panels a column or a row apart get a gap, so one's labels do not touch the next one's. A last row
  // with fewer panels shares the whole width among them (a grid's empty slot would be wasted room).
  const double frame_height = (area.bottom() - top - padding - kGap * double(rows - 1)) / double(rows);
  for (std::size_t index = 0; index < plots.size(); ++index) {
    const std::size_t row = index / columns, column = index % columns;
    const std::size_t in_row = std::min(columns, plots.size() - row * columns);
    const double frame_width = (width - kGap * double(in_row - 1)) / double(in_row);
    const Rect frame{area.x + padding + (frame_width + kGap) * double(column), top + (frame_height + kGap) * double(row),
                     frame_width, frame_height};
    const PlotView* plot_view = view && index < view->plots.size() ? &view->plots[index] : nullptr;
    const bool is_panel = !figure.panels.empty();
    std::size_t row_title_lines = 0;
    for (std::size_t other = row * columns; is_panel && other < row * columns + in_row; ++other)
      row_title_lines = std::max(row_title_lines, panel_title_lines(*plots[other], theme, painter, frame_width).size());
    const std::size_t first_text = layout.texts.size();
    PlotLayout plot = layout_plot(*plots[index], index, is_panel, row_title_lines, theme, detail, painter, frame,
                                  plot_view, std::nullopt, layout.texts);
    if (plot.legend && plot.legend_placement != LegendPlacement::outside_right &&
        plot.legend_placement != LegendPlacement::below && data_covered(plot, *plot.legend, layout.texts) > 0) {
      // Every corner covers data: the legend goes beside the plot (or below it when that is narrow).
      layout.texts.resize(first_text);
      plot = layout_plot(*plots[index], index, is_panel, row_title_lines, theme, detail, painter, frame, plot_view,
                         LegendPlacement::outside_right, layout.texts);
    }
    layout.plots.push_back(std::move(plot));
  }
  layout.problems = layout_problems(layout);
  attempt.roominess = roominess(layout);
  return attempt;
}

// Panel arrangements to try: all in one row, then each grid with fewer columns (one per row count).
std::vector<std::size_t> column_choices(std::size_t panels) {
  std::vector<std::size_t> choices;
  for (std::size_t rows = 1; rows <= panels; ++rows) {
    const std::size_t columns = (panels + rows - 1) / rows;
    if (choices.empty() || columns < choices.back()) choices.push_back(columns);
  }
  return choices;
}

}  // namespace

FigureLayout layout_figure(const Figure& figure, const Theme& theme, Painter& painter, Rect area,
                           const ViewState* view, double smallest_font_scale) {
  const std::vector<std::size_t> columns = column_choices(figure_plots(figure).size());
  std::optional<Attempt> fewest_problems;
  for (LayoutDetail detail : kDetailLevels) {
    if (detail.font_scale < smallest_font_scale) {
      if (!detail.numbered_cells) continue;
      detail.font_scale = smallest_font_scale;  // the last resort keeps the smallest fonts allowed
    }
    std::optional<Attempt> chosen;
    for (std::size_t choice : columns) {
      Attempt attempt = attempt_layout(figure, theme, painter, area, view, detail, choice);
      if (attempt.layout.problems.empty()) {
        // A grid is taken over a single row only when it gives the smallest plot clearly more room.
        if (!chosen || attempt.roominess > 1.25 * chosen->roominess) chosen = std::move(attempt);
      } else if (!fewest_problems || attempt.layout.problems.size() < fewest_problems->layout.problems.size()) {
        fewest_problems = std::move(attempt);
      }
    }
    if (chosen) return std::move(chosen->layout);
  }
  // Nothing fits every rule (a canvas far too small): the attempt that breaks the fewest, with its
  // problems listed.
  return std::move(fewest_problems->layout);
}

}  // namespace normlab::figure
