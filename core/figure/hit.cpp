// Hit-testing for hover read-outs: the same geometry helpers as drawing, so the item reported is the
// item under the pointer.
#include <cmath>

#include "figure/geometry.hpp"

namespace normlab::figure {

using namespace detail;

namespace {

std::string point_description(const Figure& plot, const std::string& name, double x, double y) {
  std::string text = name.empty() ? "" : name + ": ";
  const std::string x_name = plot.x_axis.label.empty() ? "x" : plot.x_axis.label;
  const std::string y_name = plot.y_axis.label.empty() ? "y" : plot.y_axis.label;
  return text + x_name + " = " + format_number(x, 4) + ", " + y_name + " = " + format_number(y, 4);
}

Hit make_hit(std::size_t plot, std::size_t series, std::size_t index) {
  Hit hit;
  hit.plot = plot, hit.series = series, hit.index = index;
  return hit;
}

void consider(std::optional<Hit>& best, Hit candidate) {
  if (!best || candidate.distance_px < best->distance_px) best = std::move(candidate);
}

}  // namespace

std::optional<Hit> nearest_point(const Figure& figure, const FigureLayout& layout, Point pixel,
                                 double max_distance_px) {
  std::optional<Hit> best;
  const auto plots = figure_plots(figure);
  for (std::size_t plot_index = 0; plot_index < layout.plots.size(); ++plot_index) {
    const PlotLayout& plot_layout = layout.plots[plot_index];
    if (plot_index >= plots.size()) break;
    const Figure& plot = *plots[plot_index];
    const Rect& area = plot_layout.plot_area;
    const Rect reach{area.x - max_distance_px, area.y - max_distance_px, area.width + 2 * max_distance_px,
                     area.height + 2 * max_distance_px};
    if (!reach.contains(pixel)) continue;
    const std::size_t bar_slots = bar_grouping(plot).bar_series;
    for (std::size_t series_index = 0; series_index < plot.series.size(); ++series_index) {
      const Series& series = plot.series[series_index];
      const std::string name = series_name(series);
      if (const auto* heatmap = std::get_if<HeatmapSeries>(&series)) {
        if (!area.contains(pixel) || heatmap->values.size() != heatmap->rows * heatmap->cols) continue;
        const double col = std::floor(plot_layout.pixel_to_x(pixel.x));
        const double row = double(heatmap->rows) - 1 - std::floor(plot_layout.pixel_to_y(pixel.y));
        if (col < 0 || row < 0 || col >= double(heatmap->cols) || row >= double(heatmap->rows)) continue;
        Hit hit = make_hit(plot_index, series_index, std::size_t(row) * heatmap->cols + std::size_t(col));
        hit.row = std::size_t(row), hit.col = std::size_t(col);
        hit.x = col, hit.y = row, hit.value = heatmap->values[hit.index];
        const std::string row_name = heatmap->row_labels.size() == heatmap->rows
                                         ? heatmap->row_labels[hit.row]
                                         : "row " + std::to_string(hit.row + 1);
        const std::string col_name = heatmap->col_labels.size() == heatmap->cols
                                         ? heatmap->col_labels[hit.col]
                                         : "column " + std::to_string(hit.col + 1);
        hit.description = (name.empty() ? "" : name + ": ") + row_name + ", " + col_name + ": " +
                          format_number(hit.value, 4);
        consider(best, hit);
      } else if (const auto* bars = std::get_if<BarSeries>(&series)) {
        const auto categories = bar_grouping(plot).categories;
        for (std::size_t bar = 0; bar < bars->values.size(); ++bar) {
          if (!finite_on(bars->values[bar], plot_layout.y_scale)) continue;
          const Rect rect =
              bar_rect(plot_layout, bar_slot(plot, series_index), bar_slots, bar, bars->values[bar]);
          if (!rect.contains(pixel)) continue;
          Hit hit = make_hit(plot_index, series_index, bar);
          hit.x = double(bar), hit.y = hit.value = bars->values[bar];
          hit.description =
              (name.empty() ? "" : name + ", ") + categories[bar] + ": " + format_number(hit.value, 4);
          consider(best, hit);
        }
      } else {
        const PointView points = point_view(series);
        for (std::size_t index = 0; index < points.size(); ++index) {
          const double x = (*points.x)[index], y = (*points.y)[index];
          if (!finite_on(x, plot_layout.x_scale) || !finite_on(y, plot_layout.y_scale)) continue;
          const Point at = plot_layout.to_pixel(x, y);
          const double distance = std::hypot(at.x - pixel.x, at.y - pixel.y);
          if (distance > max_distance_px) continue;
          Hit hit = make_hit(plot_index, series_index, index);
          hit.x = x, hit.y = hit.value = y, hit.distance_px = distance;
          hit.description = point_description(plot, name, x, y);
          consider(best, hit);
        }
      }
    }
  }
  return best;
}

}  // namespace normlab::figure
