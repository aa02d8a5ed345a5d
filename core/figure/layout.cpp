// Layout of a figure (margins from measured tick labels, colorbars, legends, panels), the data <-> pixel
// transforms of a laid-out plot, and hit-testing for hover read-outs.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>

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

namespace {

// Ticks at cell or category centres, thinned to a 1-2-5 stride so their labels do not collide.
std::vector<Tick> centred_ticks(const std::vector<std::string>& labels, double pixels_per_item,
                                double label_size, const std::function<double(std::size_t)>& position) {
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

std::vector<std::string> index_labels(const std::vector<std::string>& given, std::size_t count) {
  if (given.size() == count) return given;
  std::vector<std::string> labels;
  for (std::size_t index = 0; index < count; ++index) labels.push_back(std::to_string(index + 1));
  return labels;
}

double widest(const std::vector<Tick>& ticks, Painter& painter, double size_pt) {
  double width = 0;
  for (const auto& tick : ticks) {
    if (!tick.label.empty()) width = std::max(width, painter.measure_text(tick.label, size_pt).width);
  }
  return width;
}

double widest_label(const std::vector<std::string>& labels, Painter& painter, double size_pt) {
  double width = 0;
  for (const auto& label : labels) width = std::max(width, painter.measure_text(label, size_pt).width);
  return width;
}

void compute_ticks(PlotLayout& layout, const Theme& theme, Painter& painter) {
  const Figure& plot = *layout.plot;
  const double tick_pt = theme.tick_font_pt;
  if (const auto* heatmap = first_heatmap(plot)) {
    const auto cols = index_labels(heatmap->col_labels, heatmap->cols);
    const auto rows = index_labels(heatmap->row_labels, heatmap->rows);
    layout.x_ticks = centred_ticks(
        cols, layout.plot_area.width / double(std::max<std::size_t>(heatmap->cols, 1)),
        widest_label(cols, painter, tick_pt), [](std::size_t col) { return double(col) + 0.5; });
    const std::size_t row_count = heatmap->rows;
    layout.y_ticks =
        centred_ticks(rows, layout.plot_area.height / double(std::max<std::size_t>(row_count, 1)),
                      line_height(theme, tick_pt) * 0.8,
                      [row_count](std::size_t row) { return double(row_count - row) - 0.5; });
    return;
  }
  if (layout.categorical_x) {
    const auto grouping = bar_grouping(plot);
    layout.x_ticks = centred_ticks(
        grouping.categories,
        layout.plot_area.width / double(std::max<std::size_t>(grouping.categories.size(), 1)),
        widest_label(grouping.categories, painter, tick_pt), [](std::size_t index) { return double(index); });
  } else {
    layout.x_ticks =
        nice_ticks(layout.x_range, layout.x_scale, std::max(2, int(layout.plot_area.width / 110)));
  }
  layout.y_ticks = nice_ticks(layout.y_range, layout.y_scale, std::max(2, int(layout.plot_area.height / 60)));
}

// Beside the plot a legend may take at most this share of the frame's width before going below is
// considered.
constexpr double kMostRightLegendShare = 0.3;

// How roomy axes of this space (a frame less what a legend takes) are: the shorter of the width and
// twice the height (plots read best about twice as wide as tall), after the usual margins.
double axes_extent(double width, double height) { return std::min(width - 80, 2 * (height - 60)); }

PlotLayout layout_plot(const Figure& plot, bool is_panel, const Theme& theme, Painter& painter, Rect frame,
                       const PlotView* view) {
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
  const double label_line = line_height(theme, theme.label_font_pt);
  Rect inner = frame;
  if (is_panel && !plot.title.empty())
    inner.y += label_line + kGap * 0.5, inner.height -= label_line + kGap * 0.5;

  const auto entries = legend_entries(plot, theme);
  LegendPlacement placement = entries.empty() ? LegendPlacement::hidden : effective_legend_placement(plot);
  LegendGrid legend = legend_grid(entries, theme, painter, 1);
  const auto grid_below = [&] {
    return legend_grid(entries, theme, painter,
                       legend_columns_within(entries, theme, painter, inner.width));
  };
  if (placement == LegendPlacement::below) legend = grid_below();
  if (placement == LegendPlacement::outside_right && legend.size.x + kGap > kMostRightLegendShare * inner.width) {
    // A legend beside the plot in a narrow frame took the axes' width (eight entries at 600 px: 35%);
    // below, wrapped into rows, it takes height instead. It goes where the axes keep the larger side.
    const LegendGrid below = grid_below();
    if (axes_extent(inner.width, inner.height - below.size.y - kGap) >
        axes_extent(inner.width - legend.size.x - kGap, inner.height)) {
      placement = LegendPlacement::below;
      legend = below;
    }
  }
  const Point legend_box = legend.size;
  layout.legend_columns = legend.columns;
  double reserved_right = 0, reserved_bottom = 0;
  if (placement == LegendPlacement::outside_right) reserved_right += legend_box.x + kGap;
  if (placement == LegendPlacement::below) reserved_bottom += legend_box.y + kGap;

  if (heatmap && heatmap->show_colorbar) {
    layout.colorbar_range = heatmap_value_range(*heatmap);
    layout.colorbar_ticks =
        nice_ticks(layout.colorbar_range, AxisScale::linear, std::max(2, int(inner.height / 60)));
    reserved_right += kGap * 2 + kColorbarWidth + kTickLength + 4 +
                      widest(layout.colorbar_ticks, painter, theme.tick_font_pt) +
                      (heatmap->colorbar_label.empty() ? 0 : kGap + label_line);
  }

  // Margins depend on the tick labels, which depend on the plot size: two rounds settle it.
  layout.plot_area = Rect{inner.x + 60, inner.y + 10, inner.width - 80 - reserved_right,
                          inner.height - 60 - reserved_bottom};
  for (int round = 0; round < 2; ++round) {
    layout.plot_area.width = std::max(layout.plot_area.width, 10.0);
    layout.plot_area.height = std::max(layout.plot_area.height, 10.0);
    compute_ticks(layout, theme, painter);
    const double left = widest(layout.y_ticks, painter, theme.tick_font_pt) + kTickLength + 6 +
                        (plot.y_axis.label.empty() ? 0 : label_line + kGap * 0.5) + 2;
    const double bottom =
        kTickLength + 4 + tick_line + (plot.x_axis.label.empty() ? 0 : label_line + kGap * 0.5) + kGap * 0.5;
    const double last_label =
        layout.x_ticks.empty() ? 0
                               : painter.measure_text(layout.x_ticks.back().label, theme.tick_font_pt).width;
    const double right = std::max(last_label * 0.5 + 2, kGap * 1.5) + reserved_right;
    const double top = tick_line * 0.5 + kGap * 0.5;
    layout.plot_area = Rect{inner.x + left, inner.y + top, inner.width - left - right,
                            inner.height - top - bottom - reserved_bottom};
  }
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
    compute_ticks(layout, theme, painter);
  }
  const Rect& area = layout.plot_area;
  if (heatmap && heatmap->show_colorbar) {
    layout.colorbar = Rect{area.right() + kGap * 2, area.y, kColorbarWidth, area.height};
    layout.colorbar_ticks =
        nice_ticks(layout.colorbar_range, AxisScale::linear, std::max(2, int(area.height / 60)));
  }
  if (placement == LegendPlacement::outside_right) {
    layout.legend = Rect{frame.right() - legend_box.x, area.y, legend_box.x, legend_box.y};
  } else if (placement == LegendPlacement::below) {
    // Just under the x axis label, centred on the plot (not at the frame's bottom, far from the data).
    const double below_axis = area.bottom() + kTickLength + 4 + tick_line +
                              (plot.x_axis.label.empty() ? 0 : label_line + kGap * 0.5) + kGap * 0.5;
    // A grid wider than the plot area (it may take the frame's width) stays inside the frame.
    const double centred = area.x + (area.width - legend_box.x) / 2;
    layout.legend = Rect{std::max(frame.x, std::min(centred, frame.right() - legend_box.x)),
                         std::min(below_axis, frame.bottom() - legend_box.y), legend_box.x, legend_box.y};
  } else if (placement != LegendPlacement::hidden) {
    const double inset = kGap;
    const auto corner = [&](LegendPlacement at) {
      const bool left = at == LegendPlacement::top_left || at == LegendPlacement::bottom_left;
      const bool top = at == LegendPlacement::top_left || at == LegendPlacement::top_right;
      return Rect{left ? area.x + inset : area.right() - inset - legend_box.x,
                  top ? area.y + inset : area.bottom() - inset - legend_box.y, legend_box.x, legend_box.y};
    };
    if (placement == LegendPlacement::automatic) {
      // The inside corner covering the fewest data points (lines are sampled at their points).
      std::size_t best_count = SIZE_MAX;
      for (LegendPlacement candidate : {LegendPlacement::top_right, LegendPlacement::top_left,
                                        LegendPlacement::bottom_right, LegendPlacement::bottom_left}) {
        const Rect box = corner(candidate);
        std::size_t covered = 0;
        for (const auto& series : plot.series) {
          const PointView points = point_view(series);
          for (std::size_t index = 0; index < points.size(); ++index) {
            covered += box.contains(layout.to_pixel((*points.x)[index], (*points.y)[index]));
          }
          if (const auto* bars = std::get_if<BarSeries>(&series)) {
            for (std::size_t index = 0; index < bars->values.size(); ++index) {
              covered +=
                  4 * box.contains(layout.to_pixel(double(index), bars->values[index]));  // bars are wide
            }
          }
        }
        if (covered < best_count) best_count = covered, placement = candidate;
      }
    }
    layout.legend = corner(placement);
  }
  layout.legend_placement = placement;
  return layout;
}

}  // namespace

FigureLayout layout_figure(const Figure& figure, const Theme& theme, Painter& painter, Rect area,
                           const ViewState* view) {
  FigureLayout layout;
  layout.area = area;
  const double padding = kGap * 1.5;
  const double top =
      area.y + padding + figure_heading(figure, theme, painter, area.width - 2 * padding).height;
  const auto plots = figure_plots(figure);
  const double column_width = (area.width - 2 * padding) / double(plots.size());
  for (std::size_t index = 0; index < plots.size(); ++index) {
    const Rect frame{area.x + padding + column_width * double(index), top, column_width,
                     area.bottom() - top - padding};
    const PlotView* plot_view = view && index < view->plots.size() ? &view->plots[index] : nullptr;
    layout.plots.push_back(
        layout_plot(*plots[index], !figure.panels.empty(), theme, painter, frame, plot_view));
  }
  return layout;
}

}  // namespace normlab::figure
