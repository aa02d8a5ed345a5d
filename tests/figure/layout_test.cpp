// Layout: data <-> pixel transforms round-trip, fitted ranges, hit-testing finds what was drawn.
#include <gtest/gtest.h>

#include <cmath>

#include "figure/draw.hpp"

namespace normlab::figure {
namespace {

Figure line_figure(AxisScale x_scale, AxisScale y_scale) {
  Figure figure;
  figure.title = "t";
  figure.x_axis = make_axis("x", x_scale);
  figure.y_axis = make_axis("y", y_scale);
  LineSeries line;
  line.name = "line";
  line.x = {1, 10, 100, 1000};
  line.y = {1e-6, 1e-3, 1, 1e3};
  figure.series.push_back(line);
  return figure;
}

TEST(Layout, TransformsRoundTripOnLinearAndLogAxes) {
  MeasuringPainter painter;
  for (AxisScale scale : {AxisScale::linear, AxisScale::log}) {
    const Figure figure = line_figure(scale, scale);
    const FigureLayout layout = layout_figure(figure, light_theme(), painter, Rect{0, 0, 800, 450});
    ASSERT_EQ(layout.plots.size(), 1u);
    const PlotLayout& plot = layout.plots[0];
    for (double value : {1.0, 3.7, 42.0, 999.0}) {
      EXPECT_NEAR(plot.pixel_to_x(plot.x_to_pixel(value)), value, 1e-9 * value);
      EXPECT_NEAR(plot.pixel_to_y(plot.y_to_pixel(value)), value, 1e-9 * value);
    }
    // Range ends land on the plot area's edges; y grows upwards.
    EXPECT_NEAR(plot.x_to_pixel(plot.x_range.min), plot.plot_area.x, 1e-9);
    EXPECT_NEAR(plot.x_to_pixel(plot.x_range.max), plot.plot_area.right(), 1e-9);
    EXPECT_NEAR(plot.y_to_pixel(plot.y_range.min), plot.plot_area.bottom(), 1e-9);
    EXPECT_NEAR(plot.y_to_pixel(plot.y_range.max), plot.plot_area.y, 1e-9);
    // The plot area sits inside the frame, which sits inside the figure.
    EXPECT_GE(plot.plot_area.x, plot.frame.x);
    EXPECT_LE(plot.plot_area.right(), plot.frame.right());
    EXPECT_GT(plot.plot_area.width, 400);
  }
}

TEST(Layout, LogAxisSpanningManyDecadesSnapsToWholeDecades) {
  const Figure figure = line_figure(AxisScale::log, AxisScale::log);
  EXPECT_DOUBLE_EQ(fitted_y_range(figure).min, 1e-6);
  EXPECT_DOUBLE_EQ(fitted_y_range(figure).max, 1e3);
  // Geometric midpoint of a log axis is the pixel midpoint.
  MeasuringPainter painter;
  const PlotLayout plot = layout_figure(figure, light_theme(), painter, Rect{0, 0, 800, 450}).plots[0];
  EXPECT_NEAR(plot.x_to_pixel(std::sqrt(1.0 * 1000.0)), plot.plot_area.x + plot.plot_area.width / 2, 1e-9);
}

TEST(Layout, BarsIncludeZeroAndViewOverridesRanges) {
  Figure figure;
  BarSeries bars;
  bars.name = "b";
  bars.categories = {"a", "b", "c"};
  bars.values = {3, 5, 4};
  figure.series.push_back(bars);
  EXPECT_DOUBLE_EQ(fitted_y_range(figure).min, 0.0);
  EXPECT_GT(fitted_y_range(figure).max, 5.0);
  EXPECT_DOUBLE_EQ(fitted_x_range(figure).min, -0.5);
  EXPECT_DOUBLE_EQ(fitted_x_range(figure).max, 2.5);

  ViewState view;
  view.plots.push_back(PlotView{Range{-1, 1}, Range{2, 4}});
  MeasuringPainter painter;
  const PlotLayout plot = layout_figure(figure, light_theme(), painter, Rect{0, 0, 640, 360}, &view).plots[0];
  EXPECT_DOUBLE_EQ(plot.x_range.min, -1);
  EXPECT_DOUBLE_EQ(plot.y_range.max, 4);
}

TEST(HitTest, FindsHeatmapCellsBarsAndLinePoints) {
  MeasuringPainter painter;
  Figure figure;
  HeatmapSeries heatmap;
  heatmap.name = "m";
  heatmap.rows = 3, heatmap.cols = 4;
  for (int index = 0; index < 12; ++index) heatmap.values.push_back(index);
  figure.series.push_back(heatmap);
  const FigureLayout layout = layout_figure(figure, light_theme(), painter, Rect{0, 0, 800, 450});
  const PlotLayout& plot = layout.plots[0];
  // Row 0 is drawn at the top: the centre of (row 2, col 1) is at data x = 1.5, y = 3 - 2 - 0.5 = 0.5.
  const auto hit = nearest_point(figure, layout, plot.to_pixel(1.5, 0.5));
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->row, 2u);
  EXPECT_EQ(hit->col, 1u);
  EXPECT_DOUBLE_EQ(hit->value, 9.0);
  EXPECT_FALSE(nearest_point(figure, layout, Point{plot.plot_area.x - 40, plot.plot_area.y}).has_value());

  Figure bars_figure;
  BarSeries first, second;
  first.name = "first", first.categories = {"p", "q"}, first.values = {2, 6};
  second.name = "second", second.values = {4, 1};
  bars_figure.series = {first, second};
  const FigureLayout bars_layout = layout_figure(bars_figure, light_theme(), painter, Rect{0, 0, 800, 450});
  // Category q (x = 1): the first series' bar is left of centre, the second's right of it.
  const PlotLayout& bars_plot = bars_layout.plots[0];
  const auto left = nearest_point(bars_figure, bars_layout, bars_plot.to_pixel(0.8, 0.5));
  const auto right = nearest_point(bars_figure, bars_layout, bars_plot.to_pixel(1.2, 0.5));
  ASSERT_TRUE(left && right);
  EXPECT_EQ(left->series, 0u);
  EXPECT_DOUBLE_EQ(left->value, 6.0);
  EXPECT_EQ(right->series, 1u);
  EXPECT_DOUBLE_EQ(right->value, 1.0);

  const Figure lines = line_figure(AxisScale::log, AxisScale::log);
  const FigureLayout line_layout = layout_figure(lines, light_theme(), painter, Rect{0, 0, 800, 450});
  const Point near_third = line_layout.plots[0].to_pixel(100, 1);
  const auto point = nearest_point(lines, line_layout, Point{near_third.x + 3, near_third.y - 2});
  ASSERT_TRUE(point.has_value());
  EXPECT_EQ(point->index, 2u);
  EXPECT_NEAR(point->distance_px, std::hypot(3.0, 2.0), 1e-9);
}

TEST(Layout, AutomaticLegendAvoidsTheData) {
  // A line hugging the top-right corner: the legend must go to another corner.
  Figure figure;
  LineSeries line;
  line.name = "rising";
  for (int step = 0; step <= 20; ++step) line.x.push_back(step), line.y.push_back(step * step);
  figure.series.push_back(line);
  MeasuringPainter painter;
  const PlotLayout plot = layout_figure(figure, light_theme(), painter, Rect{0, 0, 800, 450}).plots[0];
  ASSERT_TRUE(plot.legend.has_value());
  EXPECT_LT(plot.legend->x, plot.plot_area.x + plot.plot_area.width / 2);  // a left corner
  EXPECT_LT(plot.legend->y,
            plot.plot_area.y + plot.plot_area.height / 2);  // the top one: the curve is low there
}

TEST(Layout, PanelsShareTheWidthSideBySide) {
  Figure figure;
  figure.title = "two panels";
  figure.panels = {line_figure(AxisScale::linear, AxisScale::linear),
                   line_figure(AxisScale::log, AxisScale::log)};
  MeasuringPainter painter;
  const FigureLayout layout = layout_figure(figure, light_theme(), painter, Rect{0, 0, 1000, 400});
  ASSERT_EQ(layout.plots.size(), 2u);
  EXPECT_LT(layout.plots[0].frame.right(), layout.plots[1].frame.x + 1e-9);
  EXPECT_NEAR(layout.plots[0].frame.width, layout.plots[1].frame.width, 1e-9);
  EXPECT_EQ(layout.plots[1].y_scale, AxisScale::log);
}

}  // namespace
}  // namespace normlab::figure
