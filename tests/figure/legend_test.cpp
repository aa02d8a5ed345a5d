// Legends: a legend beside a plot in a narrow frame goes below, in rows, and every entry is drawn inside
// its box without overlapping the next; colour slots and legend labels (keys without data) as documented.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "figure/draw.hpp"
#include "figure/geometry.hpp"

namespace normlab::figure {
namespace {

// Records where each text was drawn, measured as MeasuringPainter measures it.
class RecordingPainter : public MeasuringPainter {
 public:
  void text(Point anchor, std::string_view utf8, const TextStyle& style) override {
    drawn[std::string(utf8)] = Rect{anchor.x, anchor.y, measure_text(utf8, style.size_pt, style.bold).width, 0};
  }
  std::map<std::string, Rect> drawn;  // text -> (left, middle line, width)
};

Figure eight_line_figure() {
  Figure figure;
  figure.title = "eight lines";
  figure.x_axis = make_axis("batch size");
  figure.y_axis = make_axis("output");
  for (int index = 0; index < 8; ++index) {
    LineSeries line;
    line.name = "a longish series name " + std::to_string(index + 1);
    line.x = {1, 2, 3};
    line.y = {0.0 + index, 1.0 + index, 0.5 + index};
    figure.series.push_back(line);
  }
  figure.legend = LegendPlacement::outside_right;
  return figure;
}

TEST(Legend, BesideAWidePlotItStaysOnTheRight) {
  MeasuringPainter painter;
  const Figure figure = eight_line_figure();
  const PlotLayout plot = layout_figure(figure, light_theme(), painter, Rect{0, 0, 1400, 500}).plots[0];
  EXPECT_EQ(plot.legend_placement, LegendPlacement::outside_right);
  ASSERT_TRUE(plot.legend.has_value());
  EXPECT_GE(plot.legend->x, plot.plot_area.right());
  EXPECT_EQ(plot.legend_columns, 1u);
}

TEST(Legend, InANarrowTallFrameItGoesBelowInRowsThatFit) {
  RecordingPainter painter;
  const Figure figure = eight_line_figure();
  const Rect frame{0, 0, 560, 700};
  const Theme theme = light_theme();
  const PlotLayout plot = layout_figure(figure, theme, painter, frame).plots[0];
  ASSERT_EQ(plot.legend_placement, LegendPlacement::below);
  ASSERT_TRUE(plot.legend.has_value());
  const Rect legend = *plot.legend;
  EXPECT_GT(plot.legend_columns, 1u);
  EXPECT_LT(plot.legend_columns, 8u);  // all eight would not fit one row of 560 px
  EXPECT_GE(legend.y, plot.plot_area.bottom());
  EXPECT_GE(legend.x, frame.x);
  EXPECT_LE(legend.right(), frame.right());
  EXPECT_LE(legend.bottom(), frame.bottom());
  // The axes keep most of the width (beside, the legend took over 30% of it).
  EXPECT_GT(plot.plot_area.width, 0.75 * frame.width);

  draw_figure(figure, theme, painter, frame);
  std::vector<Rect> labels;
  for (const auto& series : figure.series) {
    const auto found = painter.drawn.find(series_name(series));
    ASSERT_NE(found, painter.drawn.end()) << series_name(series);
    labels.push_back(found->second);
  }
  for (std::size_t index = 0; index < labels.size(); ++index) {
    SCOPED_TRACE(index);
    const Rect& label = labels[index];
    EXPECT_GE(label.x, legend.x);
    EXPECT_LE(label.x + label.width, legend.right() + 1e-9);
    EXPECT_GT(label.y, legend.y);
    EXPECT_LT(label.y, legend.bottom());
    // Entries fill rows first: the next one is to the right on the same row, or starts the next row.
    if (index + 1 < labels.size()) {
      const Rect& next = labels[index + 1];
      if ((index + 1) % plot.legend_columns == 0) {
        EXPECT_GT(next.y, label.y);
        EXPECT_LT(next.x, label.x);
      } else {
        EXPECT_DOUBLE_EQ(next.y, label.y);
        EXPECT_GT(next.x, label.x + label.width);
      }
    }
  }
}

TEST(Legend, AxisLabelsLongerThanTheAxesStayOffTheLegendAndInsideTheFrame) {
  Figure figure = eight_line_figure();
  figure.series.resize(3);
  for (auto& series : figure.series) std::get<LineSeries>(series).name = "short";
  figure.x_axis.label = "an x axis label a little wider than the axes";
  figure.y_axis.label = "a y label taller than it";
  const Rect frame{0, 0, 560, 300};
  RecordingPainter painter;
  const Theme theme = light_theme();
  const PlotLayout plot = layout_figure(figure, theme, painter, frame).plots[0];
  ASSERT_EQ(plot.legend_placement, LegendPlacement::outside_right);
  draw_figure(figure, theme, painter, frame);
  const Rect x_label = painter.drawn.at(figure.x_axis.label);  // anchored at its centre
  EXPECT_GT(x_label.width, plot.plot_area.width);
  EXPECT_LE(x_label.x + x_label.width / 2, plot.legend->x);
  EXPECT_GE(x_label.x - x_label.width / 2, frame.x);
  const Rect y_label = painter.drawn.at(figure.y_axis.label);  // vertical: its length runs along y
  EXPECT_GT(y_label.width, plot.plot_area.height);
  EXPECT_GE(y_label.y - y_label.width / 2, plot.frame.y - 1e-9);
  EXPECT_LE(y_label.y + y_label.width / 2, plot.frame.bottom() + 1e-9);
}

TEST(Legend, ColourSlotsShareAColourAndLabelsOverrideNames) {
  const Theme theme = light_theme();
  Figure figure;
  LineSeries key;
  key.name = "dashed = second kind";
  key.dashed = true;
  key.color = Color{0.5f, 0.5f, 0.5f, 1.0f};
  figure.series.push_back(key);
  for (std::size_t slot = 0; slot < 2; ++slot) {
    LineSeries solid, dashed;
    solid.name = "first kind, feature " + std::to_string(slot + 1);
    solid.legend_label = "feature " + std::to_string(slot + 1);
    solid.color_slot = slot;
    dashed.name = "second kind, feature " + std::to_string(slot + 1);
    dashed.legend_label = "";
    dashed.dashed = true;
    dashed.color_slot = slot;
    solid.x = dashed.x = {1, 2};
    solid.y = dashed.y = {1, 2};
    figure.series.push_back(solid);
    figure.series.push_back(dashed);
  }
  const auto same = [](Color a, Color b) { return a.red == b.red && a.green == b.green && a.blue == b.blue; };
  for (std::size_t slot = 0; slot < 2; ++slot) {
    const Color solid = detail::series_color(figure, 1 + 2 * slot, theme);
    EXPECT_TRUE(same(solid, theme.series_colors[slot]));
    EXPECT_TRUE(same(solid, detail::series_color(figure, 2 + 2 * slot, theme)));
  }
  const auto entries = detail::legend_entries(figure, theme);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].label, "dashed = second kind");
  EXPECT_EQ(entries[0].swatch, detail::LegendEntry::Swatch::dashed_line);
  EXPECT_EQ(entries[1].label, "feature 1");
  EXPECT_EQ(entries[2].label, "feature 2");
}

}  // namespace
}  // namespace normlab::figure
