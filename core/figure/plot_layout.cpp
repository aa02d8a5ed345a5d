// Layout of one plot: margins from measured tick labels and axis labels, colorbar, legend, and a text
// box for every piece of text the plot draws. Everything is placed relative to the final plot area, so
// the heatmap's squaring (which shrinks and centres the area) moves its labels with it.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>

#include "figure/geometry.hpp"

namespace normlab::figure::detail {

namespace {

constexpr double kLabelGap = kGap * 0.5;  // between an axis label and its tick labels

std::vector<std::string> index_labels(const std::vector<std::string>& given, std::size_t count) {
  if (given.size() == count) return given;
  std::vector<std::string> labels;
  for (std::size_t index = 0; index < count; ++index) labels.push_back(std::to_string(index + 1));
  return labels;
}

double widest_label(const std::vector<std::string>& labels, Painter& painter, double size_pt) {
  double width = 0;
  for (const auto& label : labels) width = std::max(width, painter.measure_text(label, size_pt).width);
  return width;
}

double widest_tick(const std::vector<Tick>& ticks, Painter& painter, double size_pt) {
  double width = 0;
  for (const auto& tick : ticks) {
    if (!tick.label.empty()) width = std::max(width, painter.measure_text(tick.label, size_pt).width);
  }
  return width;
}

// Ticks at cell or category centres, thinned to a 1-2-5 stride so their labels do not collide.
std::vector<Tick> centred_ticks(const std::vector<std::string>& labels, double pixels_per_item, double label_size,
                                const std::function<double(std::size_t)>& position) {
  std::size_t stride = 1;
  for (std::size_t candidate : {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000}) {
    stride = candidate;
    if (pixels_per_item * double(candidate) >= label_size + kGap) break;
  }
  std::vector<Tick> ticks;
  for (std::size_t index = 0; index < labels.size(); ++index) {
    // Every stride-th label (5, 10, 15...), and the first one too when it cannot crowd the second.
    if (stride == 1 || (index + 1) % stride == 0 || (index == 0 && stride >= 5)) {
      ticks.push_back(Tick{position(index), labels[index], true});
    }
  }
  return ticks;
}

// The x tick labels split into lines: categories too wide for their slot wrap onto a second line rather
// than being thinned out (three bars named "LayerNorm forward" kept one label at 1024 x 768).
std::vector<std::vector<std::string>> x_tick_lines(const PlotLayout& layout, const Theme& theme, Painter& painter) {
  std::vector<std::vector<std::string>> lines;
  const bool centred = layout.categorical_x || layout.heatmap;
  double slot = 0;
  if (centred && !layout.x_ticks.empty()) {
    const double items = layout.x_range.span();
    slot = layout.plot_area.width / std::max(items, 1.0) - kGap;
  }
  for (const auto& tick : layout.x_ticks) {
    std::vector<std::string> wrapped{tick.label};
    if (centred && painter.measure_text(tick.label, theme.tick_font_pt).width > slot) {
      wrapped = wrap_text(painter, tick.label, theme.tick_font_pt, false, slot);
      if (wrapped.size() > 2) wrapped = {tick.label};
    }
    lines.push_back(std::move(wrapped));
  }
  return lines;
}

// True when neighbouring x tick labels (as wrapped) stand at least a gap apart.
bool x_labels_apart(const PlotLayout& layout, const std::vector<std::vector<std::string>>& lines, const Theme& theme,
                    Painter& painter) {
  double previous_right = -INFINITY;
  for (std::size_t index = 0; index < layout.x_ticks.size(); ++index) {
    if (layout.x_ticks[index].label.empty()) continue;
    double width = 0;
    for (const auto& line : lines[index]) width = std::max(width, painter.measure_text(line, theme.tick_font_pt).width);
    const double centre = layout.x_to_pixel(layout.x_ticks[index].value);
    if (centre - width / 2 < previous_right + kGap) return false;
    previous_right = centre + width / 2;
  }
  return true;
}

void compute_ticks(PlotLayout& layout, const Theme& theme, const LayoutDetail& detail, Painter& painter) {
  const Figure& plot = *layout.plot;
  const double tick_pt = theme.tick_font_pt;
  const double tick_line = line_height(theme, tick_pt);
  if (const auto* heatmap = first_heatmap(plot)) {
    const auto cols = index_labels(detail.numbered_cells ? std::vector<std::string>{} : heatmap->col_labels, heatmap->cols);
    const auto rows = index_labels(detail.numbered_cells ? std::vector<std::string>{} : heatmap->row_labels, heatmap->rows);
    layout.x_ticks = centred_ticks(cols, layout.plot_area.width / double(std::max<std::size_t>(heatmap->cols, 1)),
                                   widest_label(cols, painter, tick_pt) * detail.tick_spacing,
                                   [](std::size_t col) { return double(col) + 0.5; });
    const std::size_t row_count = heatmap->rows;
    layout.y_ticks = centred_ticks(rows, layout.plot_area.height / double(std::max<std::size_t>(row_count, 1)),
                                   tick_line * 0.8 * detail.tick_spacing,
                                   [row_count](std::size_t row) { return double(row_count - row) - 0.5; });
    return;
  }
  if (layout.categorical_x) {
    const auto grouping = bar_grouping(plot);
    // Room for a wrapped label (half its width), thinned only when even that does not fit.
    layout.x_ticks = centred_ticks(
        grouping.categories, layout.plot_area.width / double(std::max<std::size_t>(grouping.categories.size(), 1)),
        widest_label(grouping.categories, painter, tick_pt) * 0.55 * detail.tick_spacing,
        [](std::size_t index) { return double(index); });
  } else {
    // Fewer ticks until their measured labels stand apart.
    for (int count = std::max(2, int(layout.plot_area.width / (110 * detail.tick_spacing))); count >= 2; --count) {
      layout.x_ticks = nice_ticks(layout.x_range, layout.x_scale, count);
      if (x_labels_apart(layout, x_tick_lines(layout, theme, painter), theme, painter)) break;
    }
  }
  // Fewer ticks until their labels stand a line apart; on a plot too short even for that, labels are
  // dropped from ticks too close to the last labelled one (they stay as unlabelled ticks).
  for (int count = std::max(2, int(layout.plot_area.height / (std::max(60.0, 2.2 * tick_line) * detail.tick_spacing)));
       count >= 2; --count) {
    layout.y_ticks = nice_ticks(layout.y_range, layout.y_scale, count);
    bool apart = true;
    double previous = INFINITY;
    for (const auto& tick : layout.y_ticks) {
      if (tick.label.empty()) continue;
      const double y = layout.y_to_pixel(tick.value);
      apart = apart && std::fabs(y - previous) >= tick_line;
      previous = y;
    }
    if (apart) break;
  }
  double last_labelled = INFINITY;
  for (auto& tick : layout.y_ticks) {
    if (tick.label.empty()) continue;
    const double y = layout.y_to_pixel(tick.value);
    if (std::fabs(y - last_labelled) < tick_line) {
      tick.label.clear();
      tick.major = false;
    } else {
      last_labelled = y;
    }
  }
}

// Colorbar ticks whose labels stand a line apart along a bar `height` px tall: fewer ticks until they
// do, then only the two ends, then only the top.
std::vector<Tick> colorbar_ticks(Range range, double height, const Theme& theme) {
  const double spacing = line_height(theme, theme.tick_font_pt);
  const auto apart = [&](const std::vector<Tick>& ticks) {
    for (std::size_t index = 1; index < ticks.size(); ++index) {
      if (std::fabs(ticks[index].value - ticks[index - 1].value) / range.span() * height < spacing) return false;
    }
    return true;
  };
  std::vector<Tick> ticks;
  for (int count = std::max(2, int(height / std::max(60.0, 2.2 * spacing))); count >= 2; --count) {
    ticks = nice_ticks(range, AxisScale::linear, count);
    if (apart(ticks)) return ticks;
  }
  if (ticks.empty()) return ticks;
  if (ticks.size() > 2) ticks = {ticks.front(), ticks.back()};
  if (!apart(ticks)) ticks = {ticks.back()};
  return ticks;
}

// Beside the plot a legend may take at most this share of the frame's width before going below is
// considered.
constexpr double kMostRightLegendShare = 0.3;

// How roomy axes of this space (a frame less what a legend takes) are: the shorter of the width and
// twice the height (plots read best about twice as wide as tall), after the usual margins (about four
// label lines across, three down).
double axes_extent(double width, double height, double label_line) {
  return std::min(width - 3.8 * label_line, 2 * (height - 2.9 * label_line));
}

std::size_t max_lines(const std::vector<std::vector<std::string>>& lines) {
  std::size_t most = 1;
  for (const auto& tick_lines : lines) most = std::max(most, tick_lines.size());
  return most;
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

double luminance(Color color) { return 0.2126 * color.red + 0.7152 * color.green + 0.0722 * color.blue; }

// Values in cells large enough to read them: the most decimals (2, else 1, else 0; 0 when every value is
// whole) whose widest label fits a cell, at the tick font or smaller (never under 6 pt).
void place_cell_values(const PlotLayout& layout, const HeatmapSeries& heatmap, const Theme& theme, Painter& painter,
                       std::size_t plot_index, std::vector<TextBox>& texts) {
  if (!heatmap.show_values || heatmap.cols == 0 || heatmap.rows == 0) return;
  if (heatmap.values.size() != heatmap.rows * heatmap.cols) return;
  const Rect first = heatmap_cell_rect(layout, heatmap, 0, 0);
  const double size_pt = std::min(theme.tick_font_pt, first.height * 0.55 / kPixelsPerPoint);
  if (size_pt < 6) return;
  const bool whole = std::all_of(heatmap.values.begin(), heatmap.values.end(),
                                 [](double value) { return !std::isfinite(value) || value == std::round(value); });
  int decimals = whole ? 0 : 2;
  for (; decimals >= 0; --decimals) {
    double widest = 0;
    for (double value : heatmap.values) {
      if (std::isfinite(value))
        widest = std::max(widest, painter.measure_text(format_fixed(value, decimals), size_pt).width);
    }
    if (widest + 4 <= first.width) break;
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

PlotLayout layout_plot(const Figure& plot, std::size_t plot_index, bool is_panel, const Theme& theme,
                       const LayoutDetail& detail, Painter& painter, Rect frame, const PlotView* view,
                       std::optional<LegendPlacement> legend_override, std::vector<TextBox>& texts) {
  PlotLayout layout;
  layout.plot = &plot;
  layout.frame = frame;
  const HeatmapSeries* heatmap = first_heatmap(plot);
  layout.heatmap = heatmap != nullptr;
  layout.categorical_x = bar_grouping(plot).bar_series > 0;
  layout.x_scale = layout.heatmap || layout.categorical_x ? AxisScale::linear : plot.x_axis.scale;
  layout.y_scale = layout.heatmap ? AxisScale::linear : plot.y_axis.scale;
  layout.x_range = view && view->x_range ? *view->x_range : fitted_x_range(plot);
  layout.y_range = view && view->y_range ? *view->y_range : fitted_y_range(plot);

  const double tick_line = line_height(theme, theme.tick_font_pt);
  const double label_pt = theme.label_font_pt;
  const double label_line = line_height(theme, label_pt);
  Rect inner = frame;
  std::vector<std::string> title_lines;
  if (is_panel && !plot.title.empty()) {
    title_lines = wrap_text(painter, plot.title, label_pt, true, frame.width);
    const double taken = double(title_lines.size()) * label_line + kGap * 0.5;
    inner.y += taken, inner.height -= taken;
  }

  // ---- The legend's place and size.
  const auto entries = legend_entries(plot, theme);
  LegendPlacement placement = entries.empty() ? LegendPlacement::hidden
                                              : legend_override.value_or(effective_legend_placement(plot));
  LegendGrid legend = legend_grid(entries, theme, painter, 1, inner.width * 0.45);
  // A legend below keeps clear of the y label's column (it runs down beside the x tick labels).
  const double y_label_column = plot.y_axis.label.empty() ? 0 : 2 * label_line + kLabelGap;
  const double below_room = inner.width - y_label_column;
  const auto grid_below = [&] {
    return legend_grid(entries, theme, painter, legend_columns_within(entries, theme, painter, below_room),
                       below_room);
  };
  if (placement == LegendPlacement::below) legend = grid_below();
  if (placement == LegendPlacement::outside_right && legend.size.x + kGap > kMostRightLegendShare * inner.width) {
    // A legend beside the plot in a narrow frame took the axes' width (eight entries at 600 px: 35%);
    // below, wrapped into rows, it takes height instead. It goes where the axes keep the larger side.
    const LegendGrid below = grid_below();
    if (axes_extent(inner.width, inner.height - below.size.y - kGap, label_line) >
        axes_extent(inner.width - legend.size.x - kGap, inner.height, label_line)) {
      placement = LegendPlacement::below;
      legend = below;
    }
  }
  layout.legend_columns = legend.columns;
  double reserved_right = 0, reserved_bottom = 0;
  if (placement == LegendPlacement::outside_right) reserved_right += legend.size.x + kGap;
  if (placement == LegendPlacement::below) reserved_bottom += legend.size.y + kGap;

  // ---- Margins. They depend on the tick labels and the wrapped axis labels, which depend on the plot
  // size: a few rounds settle it.
  const bool colorbar = heatmap && heatmap->show_colorbar;
  if (colorbar) layout.colorbar_range = heatmap_value_range(*heatmap);
  std::vector<std::string> x_label_lines, y_label_lines, colorbar_label_lines;
  std::vector<std::vector<std::string>> tick_lines;
  double colorbar_tick_width = 0;
  layout.plot_area = Rect{inner.x + 60, inner.y + 10, inner.width - 80 - reserved_right,
                          inner.height - 60 - reserved_bottom};
  for (int round = 0; round < 3; ++round) {
    layout.plot_area.width = std::max(layout.plot_area.width, 10.0);
    layout.plot_area.height = std::max(layout.plot_area.height, 10.0);
    compute_ticks(layout, theme, detail, painter);
    tick_lines = x_tick_lines(layout, theme, painter);
    const double y_label_room = inner.height - reserved_bottom;
    y_label_lines = label_lines(painter, plot.y_axis.label, label_pt, y_label_room);
    double right = 0;
    if (colorbar) {
      layout.colorbar_ticks = colorbar_ticks(layout.colorbar_range, layout.plot_area.height, theme);
      colorbar_tick_width = widest_tick(layout.colorbar_ticks, painter, theme.tick_font_pt);
      colorbar_label_lines = label_lines(painter, heatmap->colorbar_label, label_pt, layout.plot_area.height);
      right += kGap * 2 + kColorbarWidth + kTickLength + 4 + colorbar_tick_width +
               (colorbar_label_lines.empty() ? 0 : kGap + label_line * double(colorbar_label_lines.size()));
    }
    const double left = widest_tick(layout.y_ticks, painter, theme.tick_font_pt) + kTickLength + 6 +
                        (y_label_lines.empty() ? 0 : label_line * double(y_label_lines.size()) + kLabelGap) + 2;
    const double x_label_room = inner.width - (y_label_lines.empty() ? 0 : label_line * double(y_label_lines.size())) -
                                (placement == LegendPlacement::outside_right ? legend.size.x + kGap : 0);
    x_label_lines = label_lines(painter, plot.x_axis.label, label_pt, x_label_room);
    const double bottom = kTickLength + 4 + tick_line * double(max_lines(tick_lines)) +
                          (x_label_lines.empty() ? 0 : label_line * double(x_label_lines.size()) + kLabelGap) +
                          kGap * 0.5;
    const double last_label = layout.x_ticks.empty() || layout.heatmap || layout.categorical_x
                                  ? 0
                                  : painter.measure_text(layout.x_ticks.back().label, theme.tick_font_pt).width;
    right = std::max(right, last_label * 0.5 + 2);
    right = std::max(right, kGap * 1.5) + reserved_right;
    const double top = tick_line * 0.5 + kGap * 0.5;
    layout.plot_area = Rect{inner.x + left, inner.y + top, inner.width - left - right,
                            inner.height - top - bottom - reserved_bottom};
  }
  layout.plot_area.width = std::max(layout.plot_area.width, 1.0);
  layout.plot_area.height = std::max(layout.plot_area.height, 1.0);
  if (heatmap && heatmap->rows > 0 && heatmap->cols > 0) {
    // Nearly square cells read as a matrix (at most 1.6 : 1 either way); centre the shrunk area in the
    // space the margins left.
    constexpr double kMaxAspect = 1.6;
    const double cell_width = layout.plot_area.width / double(heatmap->cols);
    const double cell_height = layout.plot_area.height / double(heatmap->rows);
    const double width = std::min(cell_width, cell_height * kMaxAspect) * double(heatmap->cols);
    const double height = std::min(cell_height, cell_width * kMaxAspect) * double(heatmap->rows);
    layout.plot_area.x += (layout.plot_area.width - width) / 2;
    layout.plot_area.y += (layout.plot_area.height - height) / 2;
    layout.plot_area.width = width, layout.plot_area.height = height;
    compute_ticks(layout, theme, detail, painter);
    tick_lines = x_tick_lines(layout, theme, painter);
  }
  const Rect& area = layout.plot_area;

  // ---- Texts, all relative to the final plot area.
  if (!title_lines.empty()) {
    double widest = 0;
    for (const auto& line : title_lines) widest = std::max(widest, painter.measure_text(line, label_pt, true).width);
    const double centre = centre_within(area.x + area.width / 2, widest / 2, frame.x, frame.right());
    for (std::size_t index = 0; index < title_lines.size(); ++index) {
      texts.push_back(text_box(painter, TextRole::panel_title, plot_index, title_lines[index],
                               {centre, frame.y + label_line * double(index)},
                               TextStyle{label_pt, theme.text, HorizontalAlign::center, VerticalAlign::top, true}));
    }
  }
  for (std::size_t index = 0; index < layout.x_ticks.size(); ++index) {
    const double x = layout.x_to_pixel(layout.x_ticks[index].value);
    if (x < area.x - 0.5 || x > area.right() + 0.5) continue;
    for (std::size_t line = 0; line < tick_lines[index].size(); ++line) {
      if (tick_lines[index][line].empty()) continue;
      texts.push_back(text_box(painter, TextRole::tick_label, plot_index, tick_lines[index][line],
                               {x, area.bottom() + kTickLength + 3 + tick_line * double(line)},
                               TextStyle{theme.tick_font_pt, theme.text, HorizontalAlign::center, VerticalAlign::top}));
    }
  }
  double y_tick_width = 0;
  for (const auto& tick : layout.y_ticks) {
    const double y = layout.y_to_pixel(tick.value);
    if (tick.label.empty() || y < area.y - 0.5 || y > area.bottom() + 0.5) continue;
    texts.push_back(text_box(painter, TextRole::tick_label, plot_index, tick.label, {area.x - kTickLength - 4, y},
                             TextStyle{theme.tick_font_pt, theme.text, HorizontalAlign::right, VerticalAlign::middle}));
    y_tick_width = std::max(y_tick_width, texts.back().box.width);
  }
  const double x_label_top = area.bottom() + kTickLength + 4 + tick_line * double(max_lines(tick_lines)) + kLabelGap;
  const double y_label_left =
      area.x - kTickLength - 6 - y_tick_width - kLabelGap - label_line * double(y_label_lines.size());
  if (!x_label_lines.empty()) {
    double widest = 0;
    for (const auto& line : x_label_lines) widest = std::max(widest, painter.measure_text(line, label_pt).width);
    // Centred under the axes, but kept off a legend beside them and inside the frame.
    const double right_end =
        placement == LegendPlacement::outside_right ? frame.right() - legend.size.x - kGap : frame.right();
    const double left_end = y_label_lines.empty() ? frame.x : y_label_left + label_line * double(y_label_lines.size());
    const double centre = centre_within(area.x + area.width / 2, widest / 2, left_end, right_end);
    for (std::size_t index = 0; index < x_label_lines.size(); ++index) {
      texts.push_back(text_box(painter, TextRole::axis_label, plot_index, x_label_lines[index],
                               {centre, x_label_top + label_line * double(index)},
                               TextStyle{label_pt, theme.text, HorizontalAlign::center, VerticalAlign::top}));
    }
  }
  const double axes_bottom = x_label_top + label_line * double(x_label_lines.size());
  // A legend below sits under the x axis label (centred on the plot, not at the frame's bottom, far from
  // the data); the y label stays above it.
  const double legend_below_top = std::min(axes_bottom + kGap * 0.5, frame.bottom() - legend.size.y);
  place_vertical_lines(y_label_lines, TextRole::axis_label, y_label_left, area.y + area.height / 2, inner.y,
                       placement == LegendPlacement::below ? legend_below_top : inner.bottom(), label_pt, theme,
                       painter, plot_index, texts);
  if (colorbar) {
    const Rect bar{area.right() + kGap * 2, area.y, kColorbarWidth, area.height};
    layout.colorbar = bar;
    layout.colorbar_ticks = colorbar_ticks(layout.colorbar_range, area.height, theme);
    double widest = 0;
    for (const auto& tick : layout.colorbar_ticks) {
      const double y = bar.bottom() - (tick.value - layout.colorbar_range.min) / layout.colorbar_range.span() * bar.height;
      texts.push_back(text_box(painter, TextRole::colorbar_tick, plot_index, tick.label,
                               {bar.right() + kTickLength + 3, y},
                               TextStyle{theme.tick_font_pt, theme.text, HorizontalAlign::left, VerticalAlign::middle}));
      widest = std::max(widest, texts.back().box.width);
    }
    place_vertical_lines(colorbar_label_lines, TextRole::colorbar_label, bar.right() + kTickLength + 4 + widest + kGap,
                         bar.y + bar.height / 2, bar.y, bar.bottom(), label_pt, theme, painter, plot_index, texts);
  }
  if (heatmap) place_cell_values(layout, *heatmap, theme, painter, plot_index, texts);
  place_bar_values(layout, theme, painter, plot_index, texts);
  place_annotations(layout, theme, painter, plot_index, texts);

  // ---- The legend's box, now that the axes and their texts are placed.
  if (placement == LegendPlacement::outside_right) {
    place_legend(layout, entries, legend, {frame.right() - legend.size.x, area.y}, theme, painter, plot_index, texts);
  } else if (placement == LegendPlacement::below) {
    // A grid wider than the plot area (it may take the frame's width) stays inside the frame.
    const double centred = area.x + (area.width - legend.size.x) / 2;
    const double leftmost = y_label_lines.empty() ? frame.x : y_label_left + label_line * double(y_label_lines.size());
    place_legend(layout, entries, legend,
                 {std::max(leftmost, std::min(centred, frame.right() - legend.size.x)), legend_below_top}, theme,
                 painter, plot_index, texts);
  } else if (placement != LegendPlacement::hidden) {
    const auto corner = [&](LegendPlacement at) {
      const bool left = at == LegendPlacement::top_left || at == LegendPlacement::bottom_left;
      const bool top = at == LegendPlacement::top_left || at == LegendPlacement::top_right;
      return Point{left ? area.x + kGap : area.right() - kGap - legend.size.x,
                   top ? area.y + kGap : area.bottom() - kGap - legend.size.y};
    };
    if (placement == LegendPlacement::automatic) {
      // The inside corner covering the least data, as matplotlib's "best" does; the fitting loop moves
      // the legend outside when even that one covers some.
      std::size_t best_count = SIZE_MAX;
      for (LegendPlacement candidate : {LegendPlacement::top_right, LegendPlacement::top_left,
                                        LegendPlacement::bottom_right, LegendPlacement::bottom_left}) {
        const Point at = corner(candidate);
        const std::size_t covered = data_covered(layout, Rect{at.x, at.y, legend.size.x, legend.size.y}, texts);
        if (covered < best_count) best_count = covered, placement = candidate;
      }
    }
    place_legend(layout, entries, legend, corner(placement), theme, painter, plot_index, texts);
  }
  layout.legend_placement = placement;
  return layout;
}

}  // namespace normlab::figure::detail
