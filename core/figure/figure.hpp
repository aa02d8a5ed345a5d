// NormLab's figure model: a backend-free description of a plot. The app draws it with ImDrawList, the
// exporters with cairo, both through the one routine draw_figure() (draw.hpp), so what is exported looks
// like what is on screen by construction. Everything here is plain data; options carry their defaults.
//
// Contents
//   1. Colours and colormaps      Color, Colormap, colormap_color()
//   2. Themes                     Theme, light_theme(), dark_theme(), theme_by_name()
//   3. Axes                       AxisScale, Axis
//   4. Series                     LineSeries, MarkerSeries, BarSeries, HeatmapSeries, BandSeries, Series
//   5. Legend and annotations     LegendPlacement, Annotation
//   6. The figure                 Figure (one plot, or several panels side by side)
//
// Units: lengths are logical pixels (1/96 inch at scale 1; exporters and the app scale them by DPI or UI
// scale), font sizes are points (1 pt = 96/72 logical pixels).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace normlab::figure {

// ---- 1. Colours and colormaps ---------------------------------------------------------------------

struct Color {
  float red = 0, green = 0, blue = 0, alpha = 1;  // each in [0, 1]
};
Color color_from_hex(unsigned rgb, float alpha = 1.0f);  // 0xRRGGBB
Color with_alpha(Color color, float alpha);
Color mix(Color from, Color to, float amount);  // amount 0 -> from, 1 -> to

enum class Colormap {
  diverging,   // Paul Tol's BuRd (colour-blind safe): blue below the midpoint, white at it, red above
  sequential,  // viridis-like: dark purple (low) to yellow (high), monotonic in lightness
};
// `position` in [0, 1] (clamped; NaN maps to mid grey). The one value -> colour map both renderers use.
Color colormap_color(Colormap colormap, double position);
std::string colormap_name(Colormap colormap);

// ---- 2. Themes -------------------------------------------------------------------------------------

struct Theme {
  std::string name;                  // "light" or "dark"
  Color background;                  // whole figure
  Color plot_background;             // inside the axes
  Color text;                        // titles, labels, tick labels
  Color muted_text;                  // subtitles, annotations
  Color axis;                        // axis lines and tick marks
  Color grid;                        // grid lines
  Color highlight;                   // hover ring, highlighted heatmap cells
  std::vector<Color> series_colors;  // cycled for series without an explicit colour (colour-blind safe)
  double tick_font_pt = 11;          // tick labels, legend entries
  double label_font_pt = 12.5;       // axis labels, colorbar label, panel titles
  double title_font_pt = 16;         // figure title
  double line_width_px = 2;          // default series line width
  double axis_width_px = 1;          // axis lines, ticks, grid
};
Theme light_theme();  // projector-friendly default: white background, near-black text
Theme dark_theme();
// "light" or "dark"; throws std::invalid_argument naming the choices otherwise.
Theme theme_by_name(const std::string& name);

// ---- 3. Axes ---------------------------------------------------------------------------------------

enum class AxisScale { linear, log };

struct Axis {
  std::string label;  // in words, with units if any; empty = none
  AxisScale scale = AxisScale::linear;
  std::optional<double> min, max;  // fixed range ends; nullopt = fitted to the data
  bool grid = true;                // grid lines at the major ticks
};

// ---- 4. Series -------------------------------------------------------------------------------------

struct LineSeries {
  std::string name;            // legend entry; empty = not in the legend
  std::vector<double> x, y;    // same length; non-finite points (or <= 0 on a log axis) break the line
  std::optional<Color> color;  // nullopt = the theme's next series colour
  // nullopt = the next colour; k = the theme's k-th series colour, so that related lines (a solid and a
  // dashed one for the same feature) share one. Ignored when `color` is set.
  std::optional<std::size_t> color_slot;
  // The legend's words when they differ from `name` (which read-outs and CSV keep); "" = not in the
  // legend. A series without points but with a label is a legend key, e.g. "dashed = LayerNorm".
  std::optional<std::string> legend_label;
  double width_px = 0;         // 0 = the theme's line width
  bool dashed = false;
  bool markers = false;  // also draw a dot at each point
};

enum class MarkerShape { circle, square, triangle, diamond };

struct MarkerSeries {  // a scatter plot
  std::string name;
  std::vector<double> x, y;
  std::optional<Color> color;
  double radius_px = 4;
  MarkerShape shape = MarkerShape::circle;
};

// Bars are grouped: every BarSeries of a plot shares `categories` from the first one that sets them, and
// series k takes slot k inside each category's group. The x axis then shows the category names.
struct BarSeries {
  std::string name;
  std::vector<std::string> categories;  // one per bar; the first bar series' list names the groups
  std::vector<double> values;
  std::optional<Color> color;
  bool label_values = false;  // print each value above its bar
  int label_digits = 3;       // significant digits of those labels
};

struct CellRegion {            // a set of cells drawn with one outline around their union
  std::vector<bool> cells;     // rows * cols, row-major; true = inside
  std::optional<Color> color;  // nullopt = the theme's highlight colour
  std::string label;           // shown in the legend when not empty
};

// A matrix drawn cell by cell. Row 0 is at the top (as matrices are written); cell (row, col) covers
// x in [col, col + 1] and y in [rows - row - 1, rows - row] in data coordinates.
struct HeatmapSeries {
  std::string name;
  std::size_t rows = 0, cols = 0;
  std::vector<double> values;  // rows * cols, row-major
  Colormap colormap = Colormap::diverging;
  std::optional<double> value_min, value_max;  // nullopt = fitted (symmetric about 0 for diverging)
  std::string colorbar_label;                  // what the colour encodes, in words
  bool show_colorbar = true;
  std::vector<std::string> row_labels, col_labels;  // empty = 1-based indices
  std::vector<CellRegion> regions;  // outlined groups, e.g. the cells sharing one mean and variance
  bool show_values = false;         // print values in cells that are large enough
};

struct BandSeries {  // a shaded region between two curves
  std::string name;
  std::vector<double> x, y_low, y_high;
  std::optional<Color> color;
  float opacity = 0.25f;
};

using Series = std::variant<LineSeries, MarkerSeries, BarSeries, HeatmapSeries, BandSeries>;
std::string series_name(const Series& series);
std::string series_kind_name(const Series& series);  // "line", "markers", "bars", "heatmap", "band"

// ---- 5. Legend and annotations ----------------------------------------------------------------------

enum class LegendPlacement {
  automatic,  // the inside corner that covers the fewest data points
  top_left,
  top_right,
  bottom_left,
  bottom_right,
  outside_right,  // to the right of the plot area; below instead when that would take over 30% of the width
  below,          // rows under the x axis label, as many entries a row as fit (the automatic choice for heatmaps)
  hidden,
};

enum class AnnotationKind {
  text,             // `text` at (x, y) in data coordinates
  horizontal_line,  // a line across the plot at y, labelled with `text` at its right end
  vertical_line,    // a line across the plot at x, labelled with `text` at its top
};

struct Annotation {
  AnnotationKind kind = AnnotationKind::text;
  double x = 0, y = 0;
  std::string text;
  std::optional<Color> color;  // nullopt = the theme's muted text colour
  bool dashed = true;          // for lines
};

// Shorthands (aggregate initialisation with an omitted std::optional member warns under -Wextra).
Annotation horizontal_line(double y, std::string text);
Annotation vertical_line(double x, std::string text);
Annotation text_note(double x, double y, std::string text);
Axis make_axis(std::string label, AxisScale scale = AxisScale::linear);

// ---- 6. The figure --------------------------------------------------------------------------------

struct Figure {
  std::string title;
  std::string subtitle;  // a line under the title in muted text; empty = none
  Axis x_axis, y_axis;
  std::vector<Series> series;
  LegendPlacement legend = LegendPlacement::automatic;
  std::vector<Annotation> annotations;
  // When not empty, the figure is these panels side by side (each with its own title, axes, series and
  // legend) under this figure's title and subtitle; this figure's own axes and series are then unused.
  std::vector<Figure> panels;
};

// The plots a figure consists of: its panels, or the figure itself.
std::vector<const Figure*> figure_plots(const Figure& figure);

}  // namespace normlab::figure
