// Geometry shared by layout, drawing and hit-testing (internal to core/figure): where a bar or a
// heatmap cell lands, which colour a series gets, what the legend lists. One definition each, so the
// hover read-out always matches what was drawn.
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "figure/draw.hpp"

namespace normlab::figure::detail {

// Layout constants in logical pixels.
inline constexpr double kGap = 8;
inline constexpr double kTickLength = 5;
inline constexpr double kColorbarWidth = 16;
inline constexpr double kLegendSwatch = 26;

double line_height(const Theme& theme, double size_pt);

// The colour of series `series_index` of `plot`: its own, or the theme's palette cycled over the series
// that take palette colours (heatmaps do not).
Color series_color(const Figure& plot, std::size_t series_index, const Theme& theme);

// Bars: the category names (from the first bar series that has them) and the number of bar series.
struct BarGrouping {
  std::vector<std::string> categories;
  std::size_t bar_series = 0;
};
BarGrouping bar_grouping(const Figure& plot);
// Slot of series `series_index` among the plot's bar series.
std::size_t bar_slot(const Figure& plot, std::size_t series_index);
Rect bar_rect(const PlotLayout& layout, std::size_t slot, std::size_t slots, std::size_t bar_index,
              double value);

const HeatmapSeries* first_heatmap(const Figure& plot);
// The value range a heatmap's colours span: its fixed ends, else the data's (symmetric about 0 for the
// diverging colormap, so white means zero).
Range heatmap_value_range(const HeatmapSeries& heatmap);
// `range` is heatmap_value_range(heatmap), computed once by the caller: it scans every value, so
// recomputing it per cell made drawing quadratic in the cell count.
Color heatmap_cell_color(const HeatmapSeries& heatmap, const Range& range, double value);
Rect heatmap_cell_rect(const PlotLayout& layout, const HeatmapSeries& heatmap, std::size_t row,
                       std::size_t col);

struct LegendEntry {
  std::string label;
  Color color;
  enum class Swatch { line, dashed_line, marker, box, outline } swatch = Swatch::line;
  double width_px = 0;  // a line's own width (0 = the theme's), so a wide line's key is wide too
};
std::vector<LegendEntry> legend_entries(const Figure& plot, const Theme& theme);
LegendPlacement effective_legend_placement(const Figure& plot);
// A legend's entries in rows of `columns`, first row first (entry k at row k / columns, column
// k % columns); each column as wide as its widest entry. Labels wider than `max_width` allows (with one
// column) wrap onto more lines. One computation for layout and drawing.
struct LegendGrid {
  std::size_t columns = 1;
  std::vector<double> column_widths;              // swatch, gap and label
  std::vector<std::vector<std::string>> labels;   // each entry's label, in lines
  double line_height = 0;                         // of one label line
  std::vector<double> row_heights;                // each row: its entries' most lines, plus spacing
  Point size;                                     // the whole box, with its padding
};
LegendGrid legend_grid(const std::vector<LegendEntry>& entries, const Theme& theme, Painter& painter,
                       std::size_t columns, double max_width = INFINITY);
// The most columns whose grid is at most max_width wide; 1 at least.
std::size_t legend_columns_within(const std::vector<LegendEntry>& entries, const Theme& theme, Painter& painter,
                                  double max_width);

bool finite_on(double value, AxisScale scale);

// The (x, y) points of a line or marker series; empty for other kinds. One accessor for drawing,
// hit-testing, legend placement and CSV, instead of a visit at each.
struct PointView {
  const std::vector<double>* x = nullptr;
  const std::vector<double>* y = nullptr;
  std::size_t size() const { return x && y ? std::min(x->size(), y->size()) : 0; }
};
PointView point_view(const Series& series);

// Breaks `text` at spaces into lines no wider than `max_width` px (a single over-long word stays whole).
std::vector<std::string> wrap_text(Painter& painter, const std::string& text, double size_pt, bool bold,
                                   double max_width);
// The title and subtitle lines of a figure laid out in `width` px, and the height they take. A title
// that would take more than two lines shrinks (down to the label size) before it takes a third.
struct Heading {
  std::vector<std::string> title_lines, subtitle_lines;
  double title_pt = 0;  // the title's font size
  double height = 0;
};
Heading figure_heading(const Figure& figure, const Theme& theme, Painter& painter, double width);

// ---- Layout internals (layout.cpp fits, plot_layout.cpp places, layout_check.cpp judges) ----------

// How much a layout keeps, from everything (the defaults) down to what a small canvas can hold.
struct LayoutDetail {
  double font_scale = 1;    // multiplies the theme's font sizes
  double tick_spacing = 1;  // multiplies the room each tick wants: 2 = about half as many ticks
  bool subtitle = true;
  // A heatmap's rows and columns numbered 1, 2, ... instead of its own (long) labels: the last resort.
  bool numbered_cells = false;
};
Theme scaled_theme(const Theme& theme, double font_scale);

// The text box `text` takes when Painter::text draws it at `anchor` in `style` (measured, rotated when
// the style is vertical).
TextBox text_box(Painter& painter, TextRole role, std::size_t plot, std::string text, Point anchor,
                 const TextStyle& style);
// True when the rectangles share more than `tolerance` px in both directions (touching is not overlap).
bool overlaps(const Rect& first, const Rect& second, double tolerance = 0.5);
// The centre for a text of half length `half` nearest `preferred` that keeps it within [low, high];
// the middle of the range when it is too long for it.
double centre_within(double preferred, double half, double low, double high);

// One plot in `frame`, its texts appended to `texts`. A panel's title takes `title_lines` lines at least
// (the most any panel of its row takes, so the row's axes line up). `legend` overrides the plot's own
// placement (the fitting loop moves a legend outside when every corner would cover data).
PlotLayout layout_plot(const Figure& plot, std::size_t plot_index, bool is_panel, std::size_t title_lines,
                       const Theme& theme, const LayoutDetail& detail, Painter& painter, Rect frame,
                       const PlotView* view, std::optional<LegendPlacement> legend, std::vector<TextBox>& texts);
// The lines a panel's title takes in a frame `width` px wide.
std::vector<std::string> panel_title_lines(const Figure& plot, const Theme& theme, Painter& painter, double width);
// How many data points, line segments, bars and annotation texts `box` would cover in `layout`.
std::size_t data_covered(const PlotLayout& layout, const Rect& box, const std::vector<TextBox>& texts);

// Texts placed around a laid-out plot (plot_texts.cpp), each appended to `texts` for plot `plot_index`.
// The legend's box with its top-left corner at `corner`, its swatches and its entries' label lines.
void place_legend(PlotLayout& layout, const std::vector<LegendEntry>& entries, const LegendGrid& grid, Point corner,
                  const Theme& theme, Painter& painter, std::size_t plot_index, std::vector<TextBox>& texts);
void place_annotations(const PlotLayout& layout, const Theme& theme, Painter& painter, std::size_t plot_index,
                       std::vector<TextBox>& texts);
void place_bar_values(const PlotLayout& layout, const Theme& theme, Painter& painter, std::size_t plot_index,
                      std::vector<TextBox>& texts);
void place_cell_values(const PlotLayout& layout, const HeatmapSeries& heatmap, const Theme& theme, Painter& painter,
                       std::size_t plot_index, std::vector<TextBox>& texts);
// An axis or colorbar label wrapped to `room` px, in two lines at most.
std::vector<std::string> label_lines(Painter& painter, const std::string& text, double size_pt, double room);
// Rotated lines side by side from `left`, centred along y near `centre` but within [low, high].
void place_vertical_lines(const std::vector<std::string>& lines, TextRole role, double left, double centre,
                          double low, double high, double size_pt, const Theme& theme, Painter& painter,
                          std::size_t plot_index, std::vector<TextBox>& texts);

}  // namespace normlab::figure::detail
