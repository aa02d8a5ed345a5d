// The one routine that turns a Figure into primitives on a Painter, and the layout helpers the app
// needs around it (data <-> pixel transforms for zoom/pan, hit-testing for hover read-outs).
//
// Contents
//   1. Ticks          Range, Tick, nice_ticks(), format_number()
//   2. View state     PlotView, ViewState (ranges overriding the figure's, the hovered item)
//   3. Layout         TextBox, PlotLayout, FigureLayout, layout_figure(), layout_problems()
//   4. Hit-testing    Hit, nearest_point()
//   5. Drawing        draw_layout(), draw_figure()
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
//
// One pass measures every text with the painter's fonts and places it; drawing then only draws the boxes
// the layout holds. The layout is checked against its own rules (no text box overlaps another, leaves the
// canvas or lies on another plot; no legend covers data) and, when a figure is too small for its content,
// laid out again with panels in a grid, then without the subtitle, with sparser ticks and smaller fonts,
// least important first, until the rules hold.

// What a piece of text is (tests and the fitting loop tell them apart by it).
enum class TextRole {
  title,
  subtitle,
  panel_title,
  axis_label,
  tick_label,
  colorbar_tick,
  colorbar_label,
  legend_entry,
  bar_value,
  annotation,
  cell_value,
};

inline constexpr std::size_t kFigureText = static_cast<std::size_t>(-1);  // TextBox::plot of title, subtitle

struct TextBox {
  TextRole role = TextRole::title;
  std::size_t plot = kFigureText;  // index into FigureLayout::plots
  std::string text;
  Point anchor;     // where Painter::text draws it with `style`
  TextStyle style;  // font size already scaled by the layout
  Rect box;         // the space it takes: measured advance x (ascent + descent), rotated when vertical
};

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
  // Where the legend went (outside_right turns into below in a narrow frame; automatic into a corner,
  // or outside when every corner would cover data) and its entries a row.
  LegendPlacement legend_placement = LegendPlacement::hidden;
  std::size_t legend_columns = 1;
  std::vector<Point> legend_swatches;  // left end, vertical middle, of each legend entry's swatch

  double x_to_pixel(double x) const;
  double y_to_pixel(double y) const;
  double pixel_to_x(double pixel_x) const;
  double pixel_to_y(double pixel_y) const;
  Point to_pixel(double x, double y) const { return {x_to_pixel(x), y_to_pixel(y)}; }
};

struct FigureLayout {
  Rect area;
  std::vector<PlotLayout> plots;  // figure_plots order
  std::vector<TextBox> texts;     // every text drawn, heading first
  std::size_t panel_columns = 1;  // panels a row (a figure with panels may be laid out as a grid)
  double font_scale = 1;          // the theme's font sizes were multiplied by this to fit
  bool subtitle_dropped = false;  // the subtitle did not fit and is not drawn
  std::vector<std::string> problems;  // layout_problems() of this layout; empty when everything fits
};

// The data ranges a plot would show with no view override (fitted with padding, or the axis' fixed
// ends). The app's "auto-fit" restores these.
Range fitted_x_range(const Figure& plot);
Range fitted_y_range(const Figure& plot);

// Lays out title, panels, axes, colorbars and legends in `area`; the painter is used only to measure text.
// `figure` must outlive the layout (its plots point into it). Fonts shrink to fit down to
// `smallest_font_scale` times the theme's sizes: on screen text smaller than ~0.6 of them is hard to
// read, while an export at a high DPI may go lower (its logical pixels are several physical ones).
FigureLayout layout_figure(const Figure& figure, const Theme& theme, Painter& painter, Rect area,
                           const ViewState* view = nullptr, double smallest_font_scale = 0.6);

// The layout's broken rules, in words ("tick label '10' overlaps axis label 'x'"): a text box outside
// the area, two text boxes overlapping (touching is fine), a text on a plot area, colorbar or legend it
// does not belong to, a legend over a data point, a plot area too small to show data.
std::vector<std::string> layout_problems(const FigureLayout& layout);

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

// Draws a laid-out figure: background, heading, and for each plot its grid, series, axes, ticks, labels,
// colorbar, legend and annotations, all where `layout` put them.
void draw_layout(const FigureLayout& layout, const Theme& theme, Painter& painter, const ViewState* view = nullptr,
                 bool fill_background = true);

// layout_figure() then draw_layout(): the whole figure into `area`. Returns the layout used (for hover
// and zoom in the app).
FigureLayout draw_figure(const Figure& figure, const Theme& theme, Painter& painter, Rect area,
                         const ViewState* view = nullptr, bool fill_background = true);

}  // namespace normlab::figure
