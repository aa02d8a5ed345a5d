// The one routine that turns a Figure into primitives on a Painter, and the layout helpers the app
// needs around it (data <-> pixel transforms for zoom/pan, hit-testing for hover read-outs).
//
// Contents
//   1. Ticks          Range, Tick, nice_ticks(), format_number()
//   2. View state     PlotView, ViewState (ranges overriding the figure's, the hovered item)
//   3. Layout         PlotLayout, FigureLayout, layout_figure()
//   4. Hit-testing    Hit, nearest_point()
//   5. Drawing        draw_figure()
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "figure/figure.hpp"
#include "figure/painter.hpp"

namespace normlab::figure {

// ---- 1. Ticks -----------------------------------------------------------------------------------

struct Range {
  double min = 0, max = 1;
  double span() const { return max - min; }
};

struct Tick {
  double value = 0;
  std::string label;  // empty for minor ticks
  bool major = true;
};

// "Nice" tick positions inside [range.min, range.max]: for linear axes steps of 1, 2 or 5 times a power
// of ten giving about `target_count` ticks; for log axes whole decades (every k-th when there are many,
// with unlabelled minor ticks at 2..9 when there are few), or 1-2-5 steps when the range spans less than
// a decade. Labels use a Unicode minus and superscript powers of ten ("10⁻³", "2×10⁵").
std::vector<Tick> nice_ticks(Range range, AxisScale scale, int target_count);

// `significant` digits, trailing zeros trimmed, Unicode minus, ×10ⁿ outside [1e-3, 1e5).
std::string format_number(double value, int significant = 3);
// The same with trailing zeros kept ("1.10", "0.140", "1.00"): measured values quoted side by side.
std::string format_significant(double value, int significant = 3);
// Exactly `decimals` decimals, Unicode minus, never "−0.00".
std::string format_fixed(double value, int decimals);

// ---- 2. View state --------------------------------------------------------------------------------

struct Hit;

struct PlotView {
  std::optional<Range> x_range, y_range;  // override the figure's ranges (zoom/pan); nullopt = auto-fit
};

struct ViewState {
  std::vector<PlotView> plots;  // by plot index (figure_plots order); missing entries = auto-fit
  std::optional<std::size_t> hovered_plot, hovered_series, hovered_index;  // drawn with a ring/outline
};

// ---- 3. Layout ------------------------------------------------------------------------------------

struct PlotLayout {
  const Figure* plot = nullptr;  // the figure or panel laid out here
  Rect frame;                    // this plot's share of the figure area (title, axes, colorbar, legend)
  Rect plot_area;                // inside the axes, where data is drawn
  Range x_range, y_range;        // data ranges shown (log axes: in data units, not exponents)
  AxisScale x_scale = AxisScale::linear, y_scale = AxisScale::linear;
  bool categorical_x = false;  // bars: x is the category index
  bool heatmap = false;        // a heatmap fills the plot: ticks at cell centres
  std::vector<Tick> x_ticks, y_ticks;
  std::optional<Rect> colorbar;  // the colour ramp of the plot's first heatmap, when shown
  Range colorbar_range;          // values at the bottom and top of the ramp
  std::vector<Tick> colorbar_ticks;
  std::optional<Rect> legend;  // the legend box, when there is one
  // Where the legend went (outside_right turns into below in a narrow frame; automatic into a corner)
  // and its entries a row.
  LegendPlacement legend_placement = LegendPlacement::hidden;
  std::size_t legend_columns = 1;

  double x_to_pixel(double x) const;
  double y_to_pixel(double y) const;
  double pixel_to_x(double pixel_x) const;
  double pixel_to_y(double pixel_y) const;
  Point to_pixel(double x, double y) const { return {x_to_pixel(x), y_to_pixel(y)}; }
};

struct FigureLayout {
  Rect area;
  std::vector<PlotLayout> plots;  // figure_plots order
};

// The data ranges a plot would show with no view override (fitted with padding, or the axis' fixed
// ends). The app's "auto-fit" restores these.
Range fitted_x_range(const Figure& plot);
Range fitted_y_range(const Figure& plot);

// Lays out title, panels, axes, colorbars and legends in `area`; the painter is used only to measure text.
FigureLayout layout_figure(const Figure& figure, const Theme& theme, Painter& painter, Rect area,
                           const ViewState* view = nullptr);

// ---- 4. Hit-testing ---------------------------------------------------------------------------------

struct Hit {
  std::size_t plot = 0, series = 0, index = 0;  // index: point, bar, or row * cols + col of a heatmap cell
  double x = 0, y = 0;           // the point's data coordinates (bars: category index and value)
  double value = 0;              // heatmap cell value, bar value, or y
  std::size_t row = 0, col = 0;  // heatmap cell
  double distance_px = 0;
  std::string description;  // a ready read-out, e.g. "Welford: x = 1000, y = 2.3×10⁻⁵"
};

// The item under or nearest to `pixel` within `max_distance_px`: points of lines and markers, the bar
// or heatmap cell containing the pixel. nullopt when nothing is close.
std::optional<Hit> nearest_point(const Figure& figure, const FigureLayout& layout, Point pixel,
                                 double max_distance_px = 12);

// ---- 5. Drawing -------------------------------------------------------------------------------------

// Draws the whole figure into `area`: background, title, and for each plot its grid, series, axes, ticks,
// labels, colorbar, legend and annotations. Returns the layout used (for hover and zoom in the app).
FigureLayout draw_figure(const Figure& figure, const Theme& theme, Painter& painter, Rect area,
                         const ViewState* view = nullptr, bool fill_background = true);

}  // namespace normlab::figure
