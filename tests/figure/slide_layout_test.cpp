// Every catalog figure at every export preset, resolution and theme lays out so that a slide can show
// it: every text box inside the canvas, no two overlapping, no legend over a data point, and no rule of
// the layout's own broken. Layout only (no rasterising): the checks below are computed here from the
// boxes and the figure's data, independently of the layout's own checker.
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "catalog/figure_catalog.hpp"
#include "figure/cairo_painter.hpp"
#include "figure/draw.hpp"
#include "figure/export.hpp"
#include "figure/geometry.hpp"

namespace normlab::figure {
namespace {

bool boxes_overlap(const Rect& a, const Rect& b) {
  constexpr double kTouching = 0.5;  // px: boxes sharing an edge touch, they do not overlap
  return std::min(a.right(), b.right()) - std::max(a.x, b.x) > kTouching &&
         std::min(a.bottom(), b.bottom()) - std::max(a.y, b.y) > kTouching;
}

bool box_inside(const Rect& inner, const Rect& outer) {
  constexpr double kTolerance = 0.5;
  return inner.x >= outer.x - kTolerance && inner.y >= outer.y - kTolerance &&
         inner.right() <= outer.right() + kTolerance && inner.bottom() <= outer.bottom() + kTolerance;
}

// The pixel position of every drawable data point of a plot: line and marker points, band ends, bar tops.
std::vector<Point> data_points(const PlotLayout& plot) {
  std::vector<Point> points;
  const auto drawable = [&](double x, double y) {
    return std::isfinite(x) && std::isfinite(y) && (plot.x_scale == AxisScale::linear || x > 0) &&
           (plot.y_scale == AxisScale::linear || y > 0);
  };
  for (const auto& series : plot.plot->series) {
    if (const auto* line = std::get_if<LineSeries>(&series)) {
      for (std::size_t index = 0; index < std::min(line->x.size(), line->y.size()); ++index)
        if (drawable(line->x[index], line->y[index])) points.push_back(plot.to_pixel(line->x[index], line->y[index]));
    } else if (const auto* markers = std::get_if<MarkerSeries>(&series)) {
      for (std::size_t index = 0; index < std::min(markers->x.size(), markers->y.size()); ++index)
        if (drawable(markers->x[index], markers->y[index]))
          points.push_back(plot.to_pixel(markers->x[index], markers->y[index]));
    } else if (const auto* bars = std::get_if<BarSeries>(&series)) {
      for (std::size_t index = 0; index < bars->values.size(); ++index)
        if (drawable(double(index), bars->values[index]))
          points.push_back(plot.to_pixel(double(index), bars->values[index]));
    } else if (const auto* band = std::get_if<BandSeries>(&series)) {
      for (std::size_t index = 0; index < band->x.size(); ++index) {
        if (index < band->y_low.size() && drawable(band->x[index], band->y_low[index]))
          points.push_back(plot.to_pixel(band->x[index], band->y_low[index]));
        if (index < band->y_high.size() && drawable(band->x[index], band->y_high[index]))
          points.push_back(plot.to_pixel(band->x[index], band->y_high[index]));
      }
    }
  }
  return points;
}

// What is wrong with one layout, in words (empty = fine).
std::vector<std::string> slide_faults(const FigureLayout& layout) {
  std::vector<std::string> faults;
  for (const auto& text : layout.texts) {
    if (!box_inside(text.box, layout.area)) faults.push_back("'" + text.text + "' leaves the canvas");
  }
  for (std::size_t first = 0; first < layout.texts.size(); ++first) {
    for (std::size_t second = first + 1; second < layout.texts.size(); ++second) {
      if (boxes_overlap(layout.texts[first].box, layout.texts[second].box))
        faults.push_back("'" + layout.texts[first].text + "' overlaps '" + layout.texts[second].text + "'");
    }
  }
  for (const auto& plot : layout.plots) {
    if (!plot.legend) continue;
    if (!box_inside(*plot.legend, layout.area)) faults.push_back("a legend leaves the canvas");
    for (const Point point : data_points(plot)) {
      if (plot.legend->contains(point)) {
        faults.push_back("a legend covers a data point");
        break;
      }
    }
  }
  // No text on a bar (the jacobian figure's line labels covered two of LayerNorm's bars).
  for (const auto& plot : layout.plots) {
    const Figure& figure = *plot.plot;
    const std::size_t slots = detail::bar_grouping(figure).bar_series;
    for (std::size_t index = 0; index < figure.series.size(); ++index) {
      const auto* bars = std::get_if<BarSeries>(&figure.series[index]);
      if (!bars) continue;
      for (std::size_t bar = 0; bar < bars->values.size(); ++bar) {
        const Rect rect = detail::bar_rect(plot, detail::bar_slot(figure, index), slots, bar, bars->values[bar]);
        for (const auto& text : layout.texts) {
          if (boxes_overlap(text.box, rect)) faults.push_back("'" + text.text + "' covers a bar");
        }
      }
    }
  }
  for (const auto& problem : layout.problems) faults.push_back("layout rule: " + problem);
  return faults;
}

// Figures built once with their defaults (kernel-speed measures this machine: built once, it is the
// slowest part of the test).
const std::vector<std::pair<std::string, Figure>>& catalog_figures() {
  static const std::vector<std::pair<std::string, Figure>> figures = [] {
    std::vector<std::pair<std::string, Figure>> built;
    for (const auto& entry : figure_catalog()) built.emplace_back(entry.name, build_catalog_figure(entry.name));
    return built;
  }();
  return figures;
}

TEST(SlideLayout, EveryCatalogFigureFitsEveryPresetDpiAndTheme) {
  const auto& figures = catalog_figures();
  const double dpis[] = {96, 192, 300};
  const Theme themes[] = {light_theme(), dark_theme()};
  std::size_t cases = 0, failing = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& [name, figure] : figures) {
    for (const SizePreset& size : kExportSizes) {
      for (const double dpi : dpis) {
        for (const Theme& theme : themes) {
          ExportOptions options;
          options.width_px = size.width_px;
          options.height_px = size.height_px;
          options.dpi = dpi;
          options.theme = theme;
          const FigureLayout layout = export_layout(figure, options);
          ++cases;
          auto faults = slide_faults(layout);
          // The heatmaps were ~35 px across at 1280 x 720: at up to 192 dpi every heatmap keeps
          // 40 logical px (80 image px at 192 dpi) and cells of 6 on their shorter side.
          for (const auto& plot : layout.plots) {
            const auto* heatmap = detail::first_heatmap(*plot.plot);
            if (!heatmap || dpi > 192) continue;
            const Rect cell = detail::heatmap_cell_rect(plot, *heatmap, 0, 0);
            if (std::min(plot.plot_area.width, plot.plot_area.height) < 40 || std::min(cell.width, cell.height) < 6)
              faults.push_back("a heatmap of " + std::to_string(int(plot.plot_area.width)) + " x " +
                               std::to_string(int(plot.plot_area.height)) + " px is too small");
          }
          EXPECT_GT(layout.texts.size(), 0u);
          if (faults.empty()) continue;
          ++failing;
          ADD_FAILURE() << name << " at " << size.width_px << "x" << size.height_px << ", " << dpi << " dpi, "
                        << theme.name << ": " << faults.size() << " faults, first: " << faults.front();
        }
      }
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(cases, figures.size() * kExportSizes.size() * 3 * 2);
  std::printf("%zu cases (%zu figures x %zu sizes x 3 dpi x 2 themes), %zu failing, %.2f s\n", cases, figures.size(),
              kExportSizes.size(), failing, seconds);
}

TEST(SlideLayout, TheCheckerSeesOverlapsLeavingTextAndCoveredData) {
  // The oracle above is only worth something if it fails on a broken layout.
  const Figure& figure = catalog_figures().front().second;
  FigureLayout layout = export_layout(figure, ExportOptions{});
  ASSERT_TRUE(slide_faults(layout).empty());
  FigureLayout overlapping = layout;
  overlapping.texts[1].box = overlapping.texts[0].box;
  EXPECT_FALSE(slide_faults(overlapping).empty());
  FigureLayout leaving = layout;
  leaving.texts[0].box.x = layout.area.right() - 2;
  EXPECT_FALSE(slide_faults(leaving).empty());
  for (auto& plot : layout.plots) {
    if (data_points(plot).empty()) continue;
    plot.legend = plot.plot_area;
    EXPECT_FALSE(slide_faults(layout).empty());
    break;
  }
}

// A CairoPainter on a surface of each kind, scaled as export_figure scales it (PNG at 2x for 192 dpi,
// PDF in points, SVG in pixels): all measure text alike, so all get the same layout.
FigureLayout layout_on(cairo_surface_t* surface, double scale, const Figure& figure, Rect area) {
  cairo_t* context = cairo_create(surface);
  cairo_scale(context, scale, scale);
  CairoPainter painter(context);
  FigureLayout layout = layout_figure(figure, light_theme(), painter, area);
  cairo_destroy(context);
  return layout;
}

TEST(SlideLayout, PngSvgAndPdfSurfacesGiveTheSameLayoutAndNumbers) {
  const Rect area{0, 0, 640, 360};  // 1280 x 720 at 192 dpi
  for (const std::string name : {"axis-flip-cube", "layernorm-heatmap", "jacobian-spectrum"}) {
    SCOPED_TRACE(name);
    const Figure figure = build_catalog_figure(name);
    cairo_surface_t* png = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1280, 720);
    cairo_surface_t* pdf = cairo_pdf_surface_create(nullptr, 480, 270);
    cairo_surface_t* svg = cairo_svg_surface_create(nullptr, 1280, 720);
    const FigureLayout from_png = layout_on(png, 2.0, figure, area);
    const FigureLayout from_pdf = layout_on(pdf, 0.75, figure, area);
    const FigureLayout from_svg = layout_on(svg, 2.0, figure, area);
    cairo_surface_destroy(png);
    cairo_surface_destroy(pdf);
    cairo_surface_destroy(svg);
    for (const FigureLayout* other : {&from_pdf, &from_svg}) {
      ASSERT_EQ(other->texts.size(), from_png.texts.size());
      for (std::size_t index = 0; index < from_png.texts.size(); ++index) {
        EXPECT_EQ(other->texts[index].text, from_png.texts[index].text);
        EXPECT_NEAR(other->texts[index].box.x, from_png.texts[index].box.x, 1e-6) << from_png.texts[index].text;
        EXPECT_NEAR(other->texts[index].box.width, from_png.texts[index].box.width, 1e-6);
      }
    }
  }
}

TEST(SlideLayout, WholeCellValuesPrintWithoutDecimals) {
  // The cube's cells hold group numbers: "1", never "1.0" (nor "1.00").
  const Figure figure = build_catalog_figure("axis-flip-cube");
  ExportOptions options;
  options.dpi = 96;
  const FigureLayout layout = export_layout(figure, options);
  std::size_t values = 0;
  for (const auto& text : layout.texts) {
    if (text.role != TextRole::cell_value) continue;
    ++values;
    EXPECT_EQ(text.text.find('.'), std::string::npos) << text.text;
  }
  EXPECT_GT(values, 0u);
}

TEST(SlideLayout, MatricesOfOneShapeInARowGetOneSize) {
  // "Output y = gamma * x_hat + beta" wraps where "Input x" does not: the row's titles take the same
  // room, so the two matrices of one shape are drawn the same size, side by side.
  const Figure figure = build_catalog_figure("axis-flip-matrix");
  for (const SizePreset& size : kExportSizes) {
    SCOPED_TRACE(size.label);
    ExportOptions options;
    options.width_px = size.width_px;
    options.height_px = size.height_px;
    const FigureLayout layout = export_layout(figure, options);
    ASSERT_EQ(layout.plots.size(), 3u);
    const Rect& input = layout.plots[0].plot_area;
    const Rect& output = layout.plots[1].plot_area;
    if (std::fabs(input.y - output.y) > layout.plots[0].frame.height / 2) continue;  // not in one row
    EXPECT_NEAR(input.height, output.height, 0.5);
    EXPECT_NEAR(input.y, output.y, 0.5);
  }
}

TEST(SlideLayout, FractionalCellValuesAreNeverRoundedToWholeNumbers) {
  // At 1920 x 1080 the axis flip's cells printed "0" for 0.4: a value with decimals keeps at least one
  // (at a smaller size), or none is printed.
  for (const std::string name : {"axis-flip-matrix", "layernorm-heatmap"}) {
    SCOPED_TRACE(name);
    const Figure figure = build_catalog_figure(name);
    std::size_t printed = 0;
    for (const SizePreset& size : kExportSizes) {
      ExportOptions options;
      options.width_px = size.width_px;
      options.height_px = size.height_px;
      for (const auto& text : export_layout(figure, options).texts) {
        if (text.role != TextRole::cell_value) continue;
        ++printed;
        EXPECT_NE(text.text.find('.'), std::string::npos) << text.text << " at " << size.label;
      }
    }
    EXPECT_GT(printed, 0u);  // some preset has cells large enough
  }
}

}  // namespace
}  // namespace normlab::figure
