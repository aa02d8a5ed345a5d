// The rules a laid-out figure keeps, checked on its boxes: the fitting loop in layout.cpp lays a figure
// out again, with less detail, until none is broken.
#include <cmath>

#include "figure/geometry.hpp"

namespace normlab::figure {

using namespace detail;

namespace {

// Below these a plot shows no data worth the name (logical px): a plot's side, a heatmap cell's side
// at the theme's font sizes (a matrix of 5 px cells beside long row labels read as a smudge on a 720p
// slide); cells may shrink with the fonts, which only shrink where a logical pixel is several physical.
constexpr double kSmallestPlotSide = 24;
constexpr double kSmallestCellSide = 8;

std::string quoted(const TextBox& text) { return "'" + text.text + "'"; }

bool inside(const Rect& inner, const Rect& outer, double tolerance = 0.5) {
  return inner.x >= outer.x - tolerance && inner.y >= outer.y - tolerance &&
         inner.right() <= outer.right() + tolerance && inner.bottom() <= outer.bottom() + tolerance;
}

// Texts that belong inside their own plot's area (over the data, on a patch or inside a cell).
bool lives_in_plot(const TextBox& text, const PlotLayout& plot, std::size_t plot_index) {
  if (text.plot != plot_index) return false;
  if (text.role == TextRole::annotation || text.role == TextRole::cell_value || text.role == TextRole::bar_value)
    return true;
  return text.role == TextRole::legend_entry && plot.legend && overlaps(*plot.legend, plot.plot_area);
}

}  // namespace

std::vector<std::string> layout_problems(const FigureLayout& layout) {
  std::vector<std::string> problems;
  const auto& texts = layout.texts;
  for (const auto& text : texts) {
    if (!inside(text.box, layout.area)) problems.push_back("text " + quoted(text) + " leaves the canvas");
  }
  for (std::size_t first = 0; first < texts.size(); ++first) {
    for (std::size_t second = first + 1; second < texts.size(); ++second) {
      if (overlaps(texts[first].box, texts[second].box))
        problems.push_back("text " + quoted(texts[first]) + " overlaps " + quoted(texts[second]));
    }
  }
  for (std::size_t index = 0; index < layout.plots.size(); ++index) {
    const PlotLayout& plot = layout.plots[index];
    const std::string name = "plot " + std::to_string(index + 1);
    if (!inside(plot.plot_area, layout.area)) problems.push_back(name + " leaves the canvas");
    if (plot.plot_area.width < kSmallestPlotSide || plot.plot_area.height < kSmallestPlotSide)
      problems.push_back(name + " is too small to show its data");
    if (const HeatmapSeries* heatmap = first_heatmap(*plot.plot); heatmap && heatmap->rows > 0 && heatmap->cols > 0) {
      const Rect cell = heatmap_cell_rect(plot, *heatmap, 0, 0);
      if (std::min(cell.width, cell.height) < kSmallestCellSide * layout.font_scale)
        problems.push_back(name + "'s heatmap cells are too small to read");
    } else {
      // Axes of curves or bars at least a few tick labels tall and wide, and 15% of their frame: at 300
      // dpi on a 720p canvas the full-size text fitted around a 50 px strip of data (9% of the frame);
      // smaller text leaves the data the room.
      double tick_height = 0;
      for (const auto& text : texts) {
        if (text.plot == index && text.role == TextRole::tick_label) tick_height = std::max(tick_height, text.box.height);
      }
      const double share = plot.plot_area.width * plot.plot_area.height / (plot.frame.width * plot.frame.height);
      if (plot.plot_area.height < 3 * tick_height || plot.plot_area.width < 6 * tick_height || share < 0.15)
        problems.push_back(name + " is small beside its text");
    }
    if (plot.colorbar && !inside(*plot.colorbar, layout.area)) problems.push_back(name + "'s colorbar leaves the canvas");
    if (plot.legend && !inside(*plot.legend, layout.area)) problems.push_back(name + "'s legend leaves the canvas");
    for (const auto& text : texts) {
      if (!lives_in_plot(text, plot, index) && overlaps(text.box, plot.plot_area))
        problems.push_back("text " + quoted(text) + " lies on " + name);
      if (plot.colorbar && overlaps(text.box, *plot.colorbar))
        problems.push_back("text " + quoted(text) + " lies on " + name + "'s colorbar");
      const bool own_entry = text.plot == index && text.role == TextRole::legend_entry;
      if (plot.legend && !own_entry && overlaps(text.box, *plot.legend))
        problems.push_back("text " + quoted(text) + " lies on " + name + "'s legend");
    }
    if (plot.legend) {
      if (data_covered(plot, *plot.legend, texts) > 0) problems.push_back(name + "'s legend covers data");
      for (std::size_t other = 0; other < layout.plots.size(); ++other) {
        if (other != index && overlaps(*plot.legend, layout.plots[other].plot_area))
          problems.push_back(name + "'s legend lies on plot " + std::to_string(other + 1));
      }
    }
  }
  return problems;
}

}  // namespace normlab::figure
