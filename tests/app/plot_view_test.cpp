// Zoom and pan of the plot widget, checked through the figure layout's own transforms: the data under
// the cursor stays under the cursor when zooming, and panning moves the data by exactly the drag.
// Positions are compared as fractions of the plot area, because new tick labels may shift the area's
// edges by a pixel or two between the two layouts.
#include <gtest/gtest.h>

#include <cmath>

#include "figure/draw.hpp"
#include "gui/plot_widget.hpp"

namespace normlab::gui {
namespace {

figure::Figure line_figure(figure::AxisScale x_scale) {
  figure::Figure plot;
  plot.title = "test";
  plot.x_axis.scale = x_scale;
  figure::LineSeries line;
  line.name = "line";
  for (int index = 1; index <= 100; ++index) {
    line.x.push_back(index * 10.0);
    line.y.push_back(std::sin(index * 0.1));
  }
  plot.series.push_back(line);
  return plot;
}

double x_fraction(const figure::PlotLayout& layout, double pixel_x) {
  return (pixel_x - layout.plot_area.x) / layout.plot_area.width;
}
double y_fraction(const figure::PlotLayout& layout, double pixel_y) {
  return (pixel_y - layout.plot_area.y) / layout.plot_area.height;
}

figure::FigureLayout lay_out(const figure::Figure& plot, const figure::ViewState* view) {
  figure::MeasuringPainter painter;
  return figure::layout_figure(plot, figure::light_theme(), painter, {0, 0, 800, 450}, view);
}

TEST(PlotView, WheelZoomKeepsTheDataUnderTheCursor) {
  for (const auto scale : {figure::AxisScale::linear, figure::AxisScale::log}) {
    const figure::Figure plot = line_figure(scale);
    const figure::FigureLayout before = lay_out(plot, nullptr);
    const figure::PlotLayout& area = before.plots.at(0);
    const figure::Point cursor{area.plot_area.x + 0.3 * area.plot_area.width,
                               area.plot_area.y + 0.6 * area.plot_area.height};
    const double x_under = area.pixel_to_x(cursor.x), y_under = area.pixel_to_y(cursor.y);
    figure::ViewState view;
    view.plots = {zoomed_view(area, cursor, 0.5, true, true)};
    const figure::FigureLayout after = lay_out(plot, &view);
    const figure::PlotLayout& zoomed = after.plots.at(0);
    EXPECT_NEAR(x_fraction(zoomed, zoomed.x_to_pixel(x_under)), x_fraction(area, cursor.x), 1e-9);
    EXPECT_NEAR(y_fraction(zoomed, zoomed.y_to_pixel(y_under)), y_fraction(area, cursor.y), 1e-9);
    if (scale == figure::AxisScale::linear) {
      EXPECT_NEAR(zoomed.x_range.span(), 0.5 * area.x_range.span(), 1e-9 * area.x_range.span());
    } else {  // half the decades
      EXPECT_NEAR(std::log10(zoomed.x_range.max / zoomed.x_range.min),
                  0.5 * std::log10(area.x_range.max / area.x_range.min), 1e-9);
    }
    EXPECT_NEAR(zoomed.y_range.span(), 0.5 * area.y_range.span(), 1e-9);
  }
}

TEST(PlotView, DragMovesTheDataByTheDrag) {
  for (const auto scale : {figure::AxisScale::linear, figure::AxisScale::log}) {
    const figure::Figure plot = line_figure(scale);
    const figure::PlotLayout area = lay_out(plot, nullptr).plots.at(0);
    const figure::Point somewhere{area.plot_area.x + 100, area.plot_area.y + 50};
    const double x_there = area.pixel_to_x(somewhere.x), y_there = area.pixel_to_y(somewhere.y);
    figure::ViewState view;
    view.plots = {panned_view(area, 40, -25, true, true)};
    const figure::PlotLayout panned = lay_out(plot, &view).plots.at(0);
    EXPECT_NEAR(x_fraction(panned, panned.x_to_pixel(x_there)), x_fraction(area, somewhere.x + 40), 1e-9);
    EXPECT_NEAR(y_fraction(panned, panned.y_to_pixel(y_there)), y_fraction(area, somewhere.y - 25), 1e-9);
  }
}

TEST(PlotView, AxesLeftAloneKeepTheirRange) {
  const figure::Figure plot = line_figure(figure::AxisScale::linear);
  const figure::PlotLayout area = lay_out(plot, nullptr).plots.at(0);
  const figure::PlotView view = zoomed_view(area, {area.plot_area.x + 10, area.plot_area.y + 10}, 0.5, false, true);
  ASSERT_TRUE(view.x_range.has_value());
  EXPECT_DOUBLE_EQ(view.x_range->min, area.x_range.min);
  EXPECT_DOUBLE_EQ(view.x_range->max, area.x_range.max);
}

}  // namespace
}  // namespace normlab::gui
