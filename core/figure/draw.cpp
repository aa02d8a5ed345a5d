// draw_figure(): the one drawing routine behind the screen and every exported file.
#include "figure/draw.hpp"

#include <algorithm>
#include <cmath>

#include "figure/geometry.hpp"

namespace normlab::figure {

using namespace detail;

namespace {

constexpr double kPi = 3.14159265358979323846;

std::vector<Point> circle_points(Point center, double radius) {
  std::vector<Point> points;
  for (int step = 0; step < 32; ++step) {
    const double angle = 2 * kPi * step / 32;
    points.push_back({center.x + radius * std::cos(angle), center.y + radius * std::sin(angle)});
  }
  return points;
}

std::vector<Point> rect_points(const Rect& rect) {
  return {{rect.x, rect.y}, {rect.right(), rect.y}, {rect.right(), rect.bottom()}, {rect.x, rect.bottom()}};
}

void stroke_segment(Painter& painter, Point from, Point to, Color color, double width) {
  const Point points[2] = {from, to};
  painter.stroke_polyline(points, color, width);
}

// Dashes built here, not by backends, so screen and file dash alike.
void stroke_dashed(Painter& painter, const std::vector<Point>& points, Color color, double width) {
  const double dash = std::max(6.0, width * 3.5), gap = std::max(4.0, width * 2.5);
  double phase = 0;  // distance into the current dash+gap period
  for (std::size_t index = 1; index < points.size(); ++index) {
    const Point from = points[index - 1], to = points[index];
    const double length = std::hypot(to.x - from.x, to.y - from.y);
    double travelled = 0;
    while (travelled < length) {
      const bool drawing = phase < dash;
      const double step = std::min(length - travelled, drawing ? dash - phase : dash + gap - phase);
      if (drawing && step > 0) {
        const auto at = [&](double distance) {
          return Point{from.x + (to.x - from.x) * distance / length,
                       from.y + (to.y - from.y) * distance / length};
        };
        stroke_segment(painter, at(travelled), at(travelled + step), color, width);
      }
      travelled += step;
      phase = std::fmod(phase + step, dash + gap);
    }
  }
}

void stroke_line(Painter& painter, const std::vector<Point>& points, Color color, double width, bool dashed) {
  if (points.size() < 2) return;
  if (dashed) {
    stroke_dashed(painter, points, color, width);
  } else {
    painter.stroke_polyline(points, color, width);
  }
}

void draw_marker(Painter& painter, Point center, double radius, MarkerShape shape, Color color, Color halo) {
  const auto polygon = [&](double scale_radius, Color fill) {
    const double size = scale_radius;
    switch (shape) {
      case MarkerShape::circle:
        painter.fill_circle(center, size, fill);
        break;
      case MarkerShape::square:
        painter.fill_rect(Rect{center.x - size * 0.85, center.y - size * 0.85, size * 1.7, size * 1.7}, fill);
        break;
      case MarkerShape::triangle: {
        const Point points[3] = {{center.x, center.y - size * 1.15},
                                 {center.x + size, center.y + size * 0.75},
                                 {center.x - size, center.y + size * 0.75}};
        painter.fill_polygon(points, fill);
        break;
      }
      case MarkerShape::diamond: {
        const Point points[4] = {{center.x, center.y - size * 1.2},
                                 {center.x + size, center.y},
                                 {center.x, center.y + size * 1.2},
                                 {center.x - size, center.y}};
        painter.fill_polygon(points, fill);
        break;
      }
    }
  };
  polygon(radius + 1.25, halo);  // a thin ring in the background colour separates overlapping markers
  polygon(radius, color);
}

// Splits x/y into runs of drawable points (a NaN or a non-positive value on a log axis breaks a line).
std::vector<std::vector<Point>> point_runs(const PlotLayout& layout, const std::vector<double>& xs,
                                           const std::vector<double>& ys) {
  std::vector<std::vector<Point>> runs(1);
  for (std::size_t index = 0; index < std::min(xs.size(), ys.size()); ++index) {
    if (finite_on(xs[index], layout.x_scale) && finite_on(ys[index], layout.y_scale)) {
      runs.back().push_back(layout.to_pixel(xs[index], ys[index]));
    } else if (!runs.back().empty()) {
      runs.emplace_back();
    }
  }
  return runs;
}

void draw_heatmap(Painter& painter, const PlotLayout& layout, const HeatmapSeries& heatmap,
                  const Theme& theme, double stroke_scale) {
  if (heatmap.values.size() != heatmap.rows * heatmap.cols) return;
  const Range value_range = heatmap_value_range(heatmap);
  for (std::size_t row = 0; row < heatmap.rows; ++row) {
    for (std::size_t col = 0; col < heatmap.cols; ++col) {
      Rect cell = heatmap_cell_rect(layout, heatmap, row, col);
      // Overlap neighbours by a fraction of a pixel: anti-aliased edges of abutting rectangles would
      // otherwise let the background show through as hairlines.
      cell.width += 0.4, cell.height += 0.4;
      painter.fill_rect(cell,
                        heatmap_cell_color(heatmap, value_range, heatmap.values[row * heatmap.cols + col]));
    }
  }
  // Each region's outline follows the boundary of its union of cells: an edge is drawn where the
  // neighbouring cell lies outside the region.
  for (const auto& region : heatmap.regions) {
    if (region.cells.size() != heatmap.rows * heatmap.cols) continue;
    const Color color = region.color.value_or(theme.highlight);
    const auto inside = [&](long row, long col) {
      return row >= 0 && col >= 0 && row < long(heatmap.rows) && col < long(heatmap.cols) &&
             region.cells[std::size_t(row) * heatmap.cols + std::size_t(col)];
    };
    for (long row = 0; row < long(heatmap.rows); ++row) {
      for (long col = 0; col < long(heatmap.cols); ++col) {
        if (!inside(row, col)) continue;
        const Rect cell = heatmap_cell_rect(layout, heatmap, std::size_t(row), std::size_t(col));
        const double width = 3 * stroke_scale;
        if (!inside(row - 1, col))
          stroke_segment(painter, {cell.x, cell.y}, {cell.right(), cell.y}, color, width);
        if (!inside(row + 1, col))
          stroke_segment(painter, {cell.x, cell.bottom()}, {cell.right(), cell.bottom()}, color, width);
        if (!inside(row, col - 1))
          stroke_segment(painter, {cell.x, cell.y}, {cell.x, cell.bottom()}, color, width);
        if (!inside(row, col + 1))
          stroke_segment(painter, {cell.right(), cell.y}, {cell.right(), cell.bottom()}, color, width);
      }
    }
  }
}

void draw_series(Painter& painter, const PlotLayout& layout, const Theme& theme, double stroke_scale) {
  const Figure& plot = *layout.plot;
  const std::size_t bar_slots = bar_grouping(plot).bar_series;
  // Areas first, then bars, then lines and markers, so nothing thin hides under something filled.
  for (int pass = 0; pass < 3; ++pass) {
    for (std::size_t index = 0; index < plot.series.size(); ++index) {
      const Series& series = plot.series[index];
      const Color color = series_color(plot, index, theme);
      if (const auto* heatmap = std::get_if<HeatmapSeries>(&series); heatmap && pass == 0) {
        draw_heatmap(painter, layout, *heatmap, theme, stroke_scale);
      } else if (const auto* band = std::get_if<BandSeries>(&series); band && pass == 0) {
        const auto highs = point_runs(layout, band->x, band->y_high);
        const auto lows = point_runs(layout, band->x, band->y_low);
        for (std::size_t run = 0; run < std::min(highs.size(), lows.size()); ++run) {
          std::vector<Point> outline = highs[run];
          outline.insert(outline.end(), lows[run].rbegin(), lows[run].rend());
          if (outline.size() >= 3) painter.fill_polygon(outline, with_alpha(color, band->opacity));
        }
      } else if (const auto* bars = std::get_if<BarSeries>(&series); bars && pass == 1) {
        const std::size_t slot = bar_slot(plot, index);
        for (std::size_t bar = 0; bar < bars->values.size(); ++bar) {
          if (!finite_on(bars->values[bar], layout.y_scale)) continue;
          painter.fill_rect(bar_rect(layout, slot, bar_slots, bar, bars->values[bar]), color);
        }
      } else if (const auto* line = std::get_if<LineSeries>(&series); line && pass == 2) {
        const double width = (line->width_px > 0 ? line->width_px : theme.line_width_px) * stroke_scale;
        for (const auto& run : point_runs(layout, line->x, line->y)) {
          stroke_line(painter, run, color, width, line->dashed);
          if (line->markers) {
            for (Point point : run)
              draw_marker(painter, point, width * 1.9, MarkerShape::circle, color, theme.plot_background);
          }
        }
      } else if (const auto* markers = std::get_if<MarkerSeries>(&series); markers && pass == 2) {
        for (const auto& run : point_runs(layout, markers->x, markers->y)) {
          for (Point point : run)
            draw_marker(painter, point, markers->radius_px * stroke_scale, markers->shape, color, theme.plot_background);
        }
      }
    }
  }
}

// Annotation lines; their texts are among the layout's text boxes.
void draw_annotation_lines(Painter& painter, const PlotLayout& layout, const Theme& theme) {
  const Rect& area = layout.plot_area;
  for (const auto& note : layout.plot->annotations) {
    const Color color = note.color.value_or(theme.muted_text);
    if (note.kind == AnnotationKind::horizontal_line && finite_on(note.y, layout.y_scale)) {
      const double y = layout.y_to_pixel(note.y);
      if (y >= area.y && y <= area.bottom()) stroke_line(painter, {{area.x, y}, {area.right(), y}}, color, 1.5, note.dashed);
    } else if (note.kind == AnnotationKind::vertical_line && finite_on(note.x, layout.x_scale)) {
      const double x = layout.x_to_pixel(note.x);
      if (x >= area.x && x <= area.right()) stroke_line(painter, {{x, area.y}, {x, area.bottom()}}, color, 1.5, note.dashed);
    }
  }
}

void draw_axes(Painter& painter, const PlotLayout& layout, const Theme& theme) {
  const Rect& area = layout.plot_area;
  const double axis_width = theme.axis_width_px;
  if (layout.heatmap) {
    painter.stroke_polyline(rect_points(area), theme.axis, axis_width, true);
  } else {
    stroke_segment(painter, {area.x, area.bottom()}, {area.right(), area.bottom()}, theme.axis, axis_width);
    stroke_segment(painter, {area.x, area.y}, {area.x, area.bottom()}, theme.axis, axis_width);
  }
  for (const auto& tick : layout.x_ticks) {
    const double x = layout.x_to_pixel(tick.value);
    if (x < area.x - 0.5 || x > area.right() + 0.5) continue;
    const double length = tick.major ? kTickLength : kTickLength * 0.6;
    stroke_segment(painter, {x, area.bottom()}, {x, area.bottom() + length}, theme.axis, axis_width);
  }
  for (const auto& tick : layout.y_ticks) {
    const double y = layout.y_to_pixel(tick.value);
    if (y < area.y - 0.5 || y > area.bottom() + 0.5) continue;
    const double length = tick.major ? kTickLength : kTickLength * 0.6;
    stroke_segment(painter, {area.x - length, y}, {area.x, y}, theme.axis, axis_width);
  }
}

void draw_colorbar(Painter& painter, const PlotLayout& layout, const Theme& theme) {
  const auto* heatmap = first_heatmap(*layout.plot);
  if (!layout.colorbar || !heatmap) return;
  const Rect bar = *layout.colorbar;
  constexpr int kSlices = 96;
  for (int slice = 0; slice < kSlices; ++slice) {
    const double position = (slice + 0.5) / kSlices;
    const double value = layout.colorbar_range.min + position * layout.colorbar_range.span();
    const double top = bar.bottom() - bar.height * (slice + 1) / kSlices;
    painter.fill_rect(Rect{bar.x, top, bar.width, bar.height / kSlices + 0.5},
                      heatmap_cell_color(*heatmap, layout.colorbar_range, value));
  }
  painter.stroke_polyline(rect_points(bar), theme.axis, theme.axis_width_px, true);
  for (const auto& tick : layout.colorbar_ticks) {
    const double y =
        bar.bottom() - (tick.value - layout.colorbar_range.min) / layout.colorbar_range.span() * bar.height;
    stroke_segment(painter, {bar.right(), y}, {bar.right() + kTickLength, y}, theme.axis,
                   theme.axis_width_px);
  }
}

void draw_legend(Painter& painter, const PlotLayout& layout, const Theme& theme, double stroke_scale) {
  if (!layout.legend) return;
  const auto entries = legend_entries(*layout.plot, theme);
  const Rect box = *layout.legend;
  if (layout.legend_placement != LegendPlacement::below) {
    painter.fill_rect(box, with_alpha(theme.plot_background, 0.92f));
    painter.stroke_polyline(rect_points(box), theme.grid, theme.axis_width_px, true);
  }
  for (std::size_t index = 0; index < std::min(entries.size(), layout.legend_swatches.size()); ++index) {
    const LegendEntry& entry = entries[index];
    const double x = layout.legend_swatches[index].x, y = layout.legend_swatches[index].y;
    const double swatch_right = x + kLegendSwatch;
    switch (entry.swatch) {
      case LegendEntry::Swatch::line:
      case LegendEntry::Swatch::dashed_line:
        stroke_line(painter, {{x, y}, {swatch_right, y}}, entry.color,
                    (entry.width_px > 0 ? entry.width_px : theme.line_width_px + 0.5) * stroke_scale,
                    entry.swatch == LegendEntry::Swatch::dashed_line);
        break;
      case LegendEntry::Swatch::marker:
        draw_marker(painter, {x + kLegendSwatch / 2, y}, 4.5 * stroke_scale, MarkerShape::circle, entry.color,
                    theme.plot_background);
        break;
      case LegendEntry::Swatch::box:
        painter.fill_rect(Rect{x + 3, y - 6, kLegendSwatch - 6, 12}, entry.color);
        break;
      case LegendEntry::Swatch::outline:
        painter.stroke_polyline(rect_points(Rect{x + 3, y - 6, kLegendSwatch - 6, 12}), entry.color, 2.5 * stroke_scale,
                                true);
        break;
    }
  }
}

void draw_hover(Painter& painter, const PlotLayout& layout, std::size_t series_index, std::size_t item,
                const Theme& theme) {
  const Figure& plot = *layout.plot;
  if (series_index >= plot.series.size()) return;
  const Series& series = plot.series[series_index];
  if (const auto* heatmap = std::get_if<HeatmapSeries>(&series)) {
    if (heatmap->cols == 0 || item >= heatmap->rows * heatmap->cols) return;
    const Rect cell = heatmap_cell_rect(layout, *heatmap, item / heatmap->cols, item % heatmap->cols);
    painter.stroke_polyline(rect_points(cell), theme.highlight, 2.5, true);
  } else if (const auto* bars = std::get_if<BarSeries>(&series)) {
    if (item >= bars->values.size()) return;
    const Rect rect = bar_rect(layout, bar_slot(plot, series_index), bar_grouping(plot).bar_series, item,
                               bars->values[item]);
    painter.stroke_polyline(rect_points(rect), theme.highlight, 2.5, true);
  } else if (const PointView points = point_view(series); item < points.size()) {
    const Point center = layout.to_pixel((*points.x)[item], (*points.y)[item]);
    painter.stroke_polyline(circle_points(center, 8), theme.highlight, 2, true);
  }
}

void draw_plot(Painter& painter, const PlotLayout& layout, const Theme& theme, double stroke_scale, const ViewState* view,
               std::size_t plot_index, bool fill_background) {
  const Figure& plot = *layout.plot;
  const Rect& area = layout.plot_area;
  if (fill_background) painter.fill_rect(area, theme.plot_background);
  if (!layout.heatmap) {
    const Color minor_grid = mix(theme.grid, theme.plot_background, 0.55f);
    for (const auto& tick : layout.x_ticks) {
      if (!plot.x_axis.grid || layout.categorical_x) break;
      const double x = layout.x_to_pixel(tick.value);
      if (x > area.x + 0.5 && x < area.right() - 0.5) {
        stroke_segment(painter, {x, area.y}, {x, area.bottom()}, tick.major ? theme.grid : minor_grid,
                       theme.axis_width_px);
      }
    }
    for (const auto& tick : layout.y_ticks) {
      if (!plot.y_axis.grid) break;
      const double y = layout.y_to_pixel(tick.value);
      if (y > area.y + 0.5 && y < area.bottom() - 0.5) {
        stroke_segment(painter, {area.x, y}, {area.right(), y}, tick.major ? theme.grid : minor_grid,
                       theme.axis_width_px);
      }
    }
  }
  painter.push_clip(Rect{area.x - 1, area.y - 1, area.width + 2, area.height + 2});
  draw_series(painter, layout, theme, stroke_scale);
  painter.pop_clip();
  painter.push_clip(Rect{area.x - 12, area.y - 12, area.width + 24, area.height + 24});
  if (view && view->hovered_plot == plot_index && view->hovered_series && view->hovered_index) {
    draw_hover(painter, layout, *view->hovered_series, *view->hovered_index, theme);
  }
  painter.pop_clip();
  draw_annotation_lines(painter, layout, theme);
  draw_axes(painter, layout, theme);
  draw_colorbar(painter, layout, theme);
  draw_legend(painter, layout, theme, stroke_scale);
}

}  // namespace

void draw_layout(const FigureLayout& layout, const Theme& theme, Painter& painter, const ViewState* view,
                 bool fill_background) {
  if (fill_background) painter.fill_rect(layout.area, theme.background);
  // Lines and markers thin with the fonts (more gently), or on a small canvas they outweigh the text
  // and crowd the plot.
  const double stroke_scale = std::sqrt(layout.font_scale);
  for (std::size_t index = 0; index < layout.plots.size(); ++index)
    draw_plot(painter, layout.plots[index], theme, stroke_scale, view, index, fill_background);
  for (const TextBox& text : layout.texts) {
    // An annotation sits on a translucent patch of the plot background, so a line passing under it
    // does not strike it through.
    if (text.role == TextRole::annotation) {
      const Rect& box = text.box;
      painter.fill_rect(Rect{box.x - 3, box.y, box.width + 6, box.height}, with_alpha(theme.plot_background, 0.8f));
    }
    painter.text(text.anchor, text.text, text.style);
  }
}

FigureLayout draw_figure(const Figure& figure, const Theme& theme, Painter& painter, Rect area,
                         const ViewState* view, bool fill_background) {
  FigureLayout layout = layout_figure(figure, theme, painter, area, view);
  draw_layout(layout, theme, painter, view, fill_background);
  return layout;
}

}  // namespace normlab::figure
