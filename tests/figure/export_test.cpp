// Exporters: SVG parses and holds the series, PDF renders, PNG has the size asked for and is not blank,
// CSV reads back bit-exact, and a failed export leaves nothing behind.
#include "figure/export.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "test_files.hpp"

namespace normlab::figure {
namespace {

using testing::read_png;
using testing::read_text;
using testing::run_command;
using testing::ScratchDirectory;

// Two bar series with colours of their own (five and three visible bars) and a line with awkward values.
Figure sample_figure() {
  Figure figure;
  figure.title = "Sample";
  figure.subtitle = "for the exporters";
  figure.x_axis.label = "category";
  figure.y_axis.label = "value";
  BarSeries first, second;
  first.name = "first, with a comma";
  first.categories = {"a", "b", "c", "d", "e"};
  first.values = {1.25, 2.5, 3.75, 5, 6.25};
  first.color = color_from_hex(0x117733);
  second.name = "second \"quoted\"";
  second.values = {2, 4, 1};
  second.color = color_from_hex(0x882255);
  figure.series = {first, second};
  return figure;
}

Figure line_and_heatmap_panels() {
  Figure lines;
  lines.title = "lines";
  LineSeries line;
  line.name = "thirds";
  for (int index = 1; index <= 7; ++index)
    line.x.push_back(index / 3.0), line.y.push_back(std::exp(index * 0.1) / 7.0);
  BandSeries band;
  band.name = "band";
  band.x = {0, 1, 2};
  band.y_low = {-0.1, 0.2, 0.3};
  band.y_high = {0.4, 0.5, 0.6};
  lines.series = {line, band};
  Figure matrix;
  matrix.title = "matrix";
  HeatmapSeries heatmap;
  heatmap.name = "m";
  heatmap.rows = 2, heatmap.cols = 3;
  heatmap.values = {0.1, -0.2, 1.0 / 3.0, 1e-20, 4e10, -7.5};
  matrix.series = {heatmap};
  Figure figure;
  figure.panels = {lines, matrix};
  return figure;
}

// Paths in the SVG whose fill is `rgb` (cairo writes colours as percentages), counted by Python's parser.
int count_svg_fills(const std::string& svg_path, unsigned rgb) {
  const std::string script =
      "import sys, re, xml.etree.ElementTree as E\n"
      "want = [int(sys.argv[2][i:i+2], 16) / 2.55 for i in (0, 2, 4)]\n"
      "count = 0\n"
      "for node in E.parse(sys.argv[1]).iter():\n"
      "    match = re.search(r'fill:rgb\\(([\\d.]+)%,([\\d.]+)%,([\\d.]+)%\\)', node.get('style', ''))\n"
      "    if node.tag.endswith('path') and match and all(abs(float(g) - w) < 0.3 for g, w in "
      "zip(match.groups(), want)):\n"
      "        count += 1\n"
      "print(count)\n";
  const std::string script_path = svg_path + ".py";
  std::ofstream(script_path) << script;
  char hex[8];
  std::snprintf(hex, sizeof hex, "%06X", rgb);
  std::string output;
  if (run_command("/usr/bin/python3 '" + script_path + "' '" + svg_path + "' " + hex, &output) != 0)
    return -1;
  return std::stoi(output);
}

TEST(Export, SvgParsesAsXmlAndContainsEveryBarAndLegendSwatch) {
  ScratchDirectory scratch;
  const std::string path = scratch.path("sample.svg");
  export_figure(sample_figure(), ExportFormat::svg, path, ExportOptions{});
  EXPECT_EQ(run_command("/usr/bin/python3 -c \"import xml.etree.ElementTree as E; E.parse('" + path + "')\""),
            0);
  EXPECT_EQ(count_svg_fills(path, 0x117733), 5 + 1);  // five bars and the legend swatch
  EXPECT_EQ(count_svg_fills(path, 0x882255), 3 + 1);
  EXPECT_NE(read_text(path).find("width=\"1920px\""), std::string::npos);
}

TEST(Export, PdfRendersWithPdftoppm) {
  ScratchDirectory scratch;
  const std::string path = scratch.path("sample.pdf");
  ExportOptions options;
  options.theme = dark_theme();
  export_figure(line_and_heatmap_panels(), ExportFormat::pdf, path, options);
  ASSERT_EQ(read_text(path).rfind("%PDF-", 0), 0u);
  ASSERT_EQ(run_command("pdftoppm -png -r 40 -singlefile '" + path + "' '" + scratch.path("page") + "'"), 0);
  const auto page = read_png(scratch.path("page.png"));
  // 1920 px at 192 dpi = 10 inches = 400 px at 40 dpi.
  EXPECT_EQ(page.width, 400);
  EXPECT_EQ(page.height, 225);
  EXPECT_GT(page.distinct_colors(), 50u);
}

TEST(Export, PngHasTheRequestedSizeAndIsNotBlank) {
  ScratchDirectory scratch;
  ExportOptions options;
  options.width_px = 640, options.height_px = 360, options.dpi = 96;
  export_figure(line_and_heatmap_panels(), ExportFormat::png, scratch.path("light.png"), options);
  options.theme = dark_theme();
  export_figure(line_and_heatmap_panels(), ExportFormat::png, scratch.path("dark.png"), options);
  const auto light = read_png(scratch.path("light.png")), dark = read_png(scratch.path("dark.png"));
  ASSERT_EQ(light.width, 640);
  ASSERT_EQ(light.height, 360);
  EXPECT_GT(light.distinct_colors(), 50u);
  EXPECT_EQ(light.alpha_at(0, 0), 255);
  EXPECT_NE(light.pixels[0], dark.pixels[0]);  // themes differ in the background

  options.transparent = true;
  export_figure(line_and_heatmap_panels(), ExportFormat::png, scratch.path("clear.png"), options);
  const auto clear = read_png(scratch.path("clear.png"));
  EXPECT_EQ(clear.alpha_at(0, 0), 0);
  EXPECT_GT(clear.distinct_colors(), 50u);
}

TEST(Export, DpiScalesTheDrawingNotThePixelCount) {
  // The same 800 x 450 image at 96 and at 192 dpi: at 192 everything is drawn twice as large, so the
  // title's ink reaches further down the image.
  ScratchDirectory scratch;
  Figure figure = sample_figure();
  figure.series.clear();
  ExportOptions options;
  options.width_px = 800, options.height_px = 450;
  const auto lowest_ink_row = [&](double dpi) {
    options.dpi = dpi;
    export_figure(figure, ExportFormat::png, scratch.path("dpi.png"), options);
    const auto image = read_png(scratch.path("dpi.png"));
    int lowest = -1;
    for (int y = 0; y < image.height / 3; ++y) {
      for (int x = image.width * 35 / 100; x < image.width * 65 / 100; ++x) {  // clear of the y axis
        if ((image.pixels[std::size_t(y) * 800 + x] & 0xFFFFFF) < 0x808080) lowest = y;
      }
    }
    return lowest;
  };
  const int small = lowest_ink_row(96), large = lowest_ink_row(192);
  ASSERT_GT(small, 0);
  EXPECT_NEAR(double(large) / double(small), 2.0, 0.25);
}

// Splits one CSV line, honouring quotes.
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t index = 0; index < line.size(); ++index) {
    const char character = line[index];
    if (quoted && character == '"' && index + 1 < line.size() && line[index + 1] == '"') {
      fields.back() += '"', ++index;
    } else if (character == '"') {
      quoted = !quoted;
    } else if (character == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += character;
    }
  }
  return fields;
}

std::vector<std::vector<std::string>> read_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) rows.push_back(split_csv(line));
  return rows;
}

TEST(Export, CsvRoundTripsBarsWithQuotedNames) {
  ScratchDirectory scratch;
  const Figure figure = sample_figure();
  export_figure(figure, ExportFormat::csv, scratch.path("bars.csv"), ExportOptions{});
  const auto rows = read_csv(read_text(scratch.path("bars.csv")));
  ASSERT_EQ(rows.size(), 1u + 5 + 3);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"series", "kind", "x", "y"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"first, with a comma", "bars", "a", "1.25"}));
  EXPECT_EQ(rows[6][0], "second \"quoted\"");
  EXPECT_EQ(rows[8][2], "c");
  EXPECT_EQ(std::stod(rows[8][3]), 1.0);
}

TEST(Export, CsvRoundTripsLinesBandsAndHeatmapsBitExact) {
  ScratchDirectory scratch;
  const Figure figure = line_and_heatmap_panels();
  export_figure(figure, ExportFormat::csv, scratch.path("all.csv"), ExportOptions{});
  const auto rows = read_csv(read_text(scratch.path("all.csv")));
  const std::vector<std::string> header{"panel", "series", "kind", "x",   "y",
                                        "y_low", "y_high", "row",  "col", "value"};
  ASSERT_EQ(rows[0], header);
  const auto column = [&](const std::string& name) {
    return std::size_t(std::find(header.begin(), header.end(), name) - header.begin());
  };
  const auto& line = std::get<LineSeries>(figure.panels[0].series[0]);
  const auto& band = std::get<BandSeries>(figure.panels[0].series[1]);
  const auto& heatmap = std::get<HeatmapSeries>(figure.panels[1].series[0]);
  ASSERT_EQ(rows.size(), 1 + line.x.size() + band.x.size() + heatmap.values.size());
  for (std::size_t index = 0; index < line.x.size(); ++index) {
    const auto& row = rows[1 + index];
    EXPECT_EQ(row[column("panel")], "lines");
    EXPECT_EQ(std::stod(row[column("x")]), line.x[index]);  // exact: 17 significant digits
    EXPECT_EQ(std::stod(row[column("y")]), line.y[index]);
  }
  for (std::size_t index = 0; index < band.x.size(); ++index) {
    const auto& row = rows[1 + line.x.size() + index];
    EXPECT_EQ(row[column("kind")], "band");
    EXPECT_EQ(std::stod(row[column("y_low")]), band.y_low[index]);
    EXPECT_EQ(std::stod(row[column("y_high")]), band.y_high[index]);
  }
  for (std::size_t index = 0; index < heatmap.values.size(); ++index) {
    const auto& row = rows[1 + line.x.size() + band.x.size() + index];
    EXPECT_EQ(std::stoul(row[column("row")]), index / 3);
    EXPECT_EQ(std::stoul(row[column("col")]), index % 3);
    EXPECT_EQ(std::stod(row[column("value")]), heatmap.values[index]);
  }
}

TEST(Export, HeatmapOnlyCsvIsSeriesRowColValue) {
  ScratchDirectory scratch;
  Figure figure = line_and_heatmap_panels().panels[1];
  export_figure(figure, ExportFormat::csv, scratch.path("m.csv"), ExportOptions{});
  const auto rows = read_csv(read_text(scratch.path("m.csv")));
  EXPECT_EQ(rows[0], (std::vector<std::string>{"series", "row", "col", "value"}));
  EXPECT_EQ(rows[5], (std::vector<std::string>{"m", "1", "1", "40000000000"}));
}

TEST(Export, FailuresLeaveNoFileAndKeepAnExistingOne) {
  ScratchDirectory scratch;
  const std::string target = scratch.path("keep.png");
  std::ofstream(target) << "previous contents";
  ExportOptions too_small;
  too_small.width_px = 4;
  EXPECT_THROW(export_figure(sample_figure(), ExportFormat::png, target, too_small), std::invalid_argument);
  ExportOptions bad_dpi;
  bad_dpi.dpi = 0;
  EXPECT_THROW(export_figure(sample_figure(), ExportFormat::svg, target, bad_dpi), std::invalid_argument);
  EXPECT_EQ(read_text(target), "previous contents");
  for (ExportFormat format : {ExportFormat::png, ExportFormat::svg, ExportFormat::pdf, ExportFormat::csv}) {
    EXPECT_THROW(export_figure(sample_figure(), format, scratch.path("missing-dir/out"), ExportOptions{}),
                 std::runtime_error)
        << export_format_name(format);
  }
  EXPECT_EQ(scratch.entries(), (std::vector<std::string>{"keep.png"}));  // no temporary files left either
  EXPECT_THROW(parse_export_format("gif"), std::invalid_argument);
}

// A result that overflowed (an infinity in a series, here in a sub-plot's heatmap) is refused in words
// naming the series, in every format, and nothing is written.
TEST(Export, AnInfiniteValueIsRefusedNamingItsSeries) {
  ScratchDirectory scratch;
  Figure figure = line_and_heatmap_panels();
  std::get<HeatmapSeries>(figure.panels[1].series[0]).values[4] = std::numeric_limits<double>::infinity();
  for (ExportFormat format : {ExportFormat::png, ExportFormat::svg, ExportFormat::pdf, ExportFormat::csv}) {
    try {
      export_figure(figure, format, scratch.path("out"), ExportOptions{});
      ADD_FAILURE() << export_format_name(format) << " accepted an infinity";
    } catch (const std::invalid_argument& error) {
      EXPECT_NE(std::string(error.what()).find("series 'm' has a value too large for a double"), std::string::npos)
          << error.what();
    }
  }
  EXPECT_TRUE(scratch.entries().empty());
}

}  // namespace
}  // namespace normlab::figure
