#include "figure/export.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "figure/cairo_painter.hpp"
#include "figure/draw.hpp"
#include "figure/geometry.hpp"
#include "io/atomic_file.hpp"
#include "io/untrusted_text.hpp"

namespace normlab::figure {

ExportFormat parse_export_format(const std::string& name) {
  if (name == "png") return ExportFormat::png;
  if (name == "svg") return ExportFormat::svg;
  if (name == "pdf") return ExportFormat::pdf;
  if (name == "csv") return ExportFormat::csv;
  throw std::invalid_argument("unknown format '" + printable_excerpt(name) + "' (choose png, svg, pdf or csv)");
}

std::optional<ExportFormat> export_format_of_path(const std::string& path) {
  std::string extension = std::filesystem::path(path).extension().string();
  for (char& letter : extension) letter = static_cast<char>(std::tolower(static_cast<unsigned char>(letter)));
  for (const ExportFormat format : {ExportFormat::png, ExportFormat::svg, ExportFormat::pdf, ExportFormat::csv}) {
    if (extension.size() > 1 && extension.substr(1) == export_format_name(format)) return format;
  }
  return std::nullopt;
}

std::string export_format_name(ExportFormat format) {
  switch (format) {
    case ExportFormat::png:
      return "png";
    case ExportFormat::svg:
      return "svg";
    case ExportFormat::pdf:
      return "pdf";
    case ExportFormat::csv:
      return "csv";
  }
  return "?";
}

namespace {

using SurfacePointer = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using ContextPointer = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

void check(cairo_status_t status, const std::string& path) {
  if (status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error("cannot write '" + path + "': " + cairo_status_to_string(status));
  }
}

void validate(const ExportOptions& options) {
  if (options.width_px < 16 || options.width_px > 16384 || options.height_px < 16 ||
      options.height_px > 16384) {
    throw std::invalid_argument("image size " + std::to_string(options.width_px) + "x" +
                                std::to_string(options.height_px) + " is outside 16..16384 pixels");
  }
  if (!(options.dpi >= 24 && options.dpi <= 1200)) {
    char shown[32];
    std::snprintf(shown, sizeof shown, "%.6g", options.dpi);
    throw std::invalid_argument(std::string("DPI ") + shown + " is outside 24..1200");
  }
}

bool any_infinite(const std::vector<double>& values) {
  return std::any_of(values.begin(), values.end(), [](double value) { return std::isinf(value); });
}

// NaN marks a gap on purpose (a broken line, an empty cell); an infinity is always a result that
// overflowed, which would be drawn as nothing (a blank colour bar) or written to CSV as "inf".
void require_no_infinity(const Figure& figure) {
  for (const Figure* plot : figure_plots(figure)) {
    for (const Series& series : plot->series) {
      std::visit(
          [&](const auto& held) {
            using Held = std::decay_t<decltype(held)>;
            bool infinite = false;
            if constexpr (std::is_same_v<Held, LineSeries> || std::is_same_v<Held, MarkerSeries>) {
              infinite = any_infinite(held.x) || any_infinite(held.y);
            } else if constexpr (std::is_same_v<Held, BandSeries>) {
              infinite = any_infinite(held.x) || any_infinite(held.y_low) || any_infinite(held.y_high);
            } else {
              infinite = any_infinite(held.values);
            }
            if (infinite) {
              // Built with += rather than one long + chain: GCC 12 raises a false -Wrestrict on the chain.
              std::string message = "figure '";
              message += printable_excerpt(figure.title);
              message += "': series '";
              message += printable_excerpt(held.name);
              message += "' has a value too large for a double (a result overflowed: use smaller parameters or inputs)";
              throw std::invalid_argument(message);
            }
          },
          series);
    }
  }
}

Rect logical_area(const ExportOptions& options) {
  const double scale = options.dpi / 96.0;
  return Rect{0, 0, options.width_px / scale, options.height_px / scale};
}

// Draws `layout` into `surface`, whose user space is `surface_units_per_pixel` units per logical pixel.
void draw_on_surface(const FigureLayout& layout, cairo_surface_t* surface, double surface_units_per_pixel,
                     const ExportOptions& options, const std::string& path) {
  ContextPointer context(cairo_create(surface), &cairo_destroy);
  check(cairo_status(context.get()), path);
  cairo_scale(context.get(), surface_units_per_pixel, surface_units_per_pixel);
  CairoPainter painter(context.get());
  draw_layout(layout, options.theme, painter, nullptr, !options.transparent);
  check(cairo_status(context.get()), path);
  cairo_surface_flush(surface);
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char character : text) quoted += character == '"' ? std::string("\"\"") : std::string(1, character);
  return quoted + "\"";
}

std::string csv_number(double value) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

}  // namespace

FigureLayout export_layout(const Figure& figure, const ExportOptions& options) {
  // Text is measured on a scratch surface: CairoPainter turns hinting off, so the advances do not depend
  // on the surface or its scale and every format gets this one layout.
  SurfacePointer scratch(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1), &cairo_surface_destroy);
  ContextPointer context(cairo_create(scratch.get()), &cairo_destroy);
  CairoPainter painter(context.get());
  // Fonts may shrink further the more physical pixels a logical one has: at 300 dpi a third of the
  // theme's sizes is still 2% of a 720 px image's height; at 96 dpi they stop at 0.6.
  const double smallest_font_scale = std::clamp(0.6 * 160 / options.dpi, 0.35, 0.6);
  return layout_figure(figure, options.theme, painter, logical_area(options), nullptr, smallest_font_scale);
}

void export_figure(const Figure& figure, ExportFormat format, const std::string& path,
                   const ExportOptions& options) {
  require_no_infinity(figure);
  if (format == ExportFormat::csv) {
    write_file_atomically(path, [&](std::ostream& stream) { write_figure_csv(figure, stream); });
    return;
  }
  validate(options);
  const FigureLayout layout = export_layout(figure, options);
  write_path_atomically(path, [&](const std::string& temporary) {
    const double scale = options.dpi / 96.0;
    if (format == ExportFormat::png) {
      SurfacePointer surface(
          cairo_image_surface_create(CAIRO_FORMAT_ARGB32, options.width_px, options.height_px),
          &cairo_surface_destroy);
      check(cairo_surface_status(surface.get()), path);
      draw_on_surface(layout, surface.get(), scale, options, path);
      check(cairo_surface_write_to_png(surface.get(), temporary.c_str()), path);
      return;
    }
    SurfacePointer surface(nullptr, &cairo_surface_destroy);
    double units_per_pixel = scale;
    if (format == ExportFormat::svg) {
      surface.reset(cairo_svg_surface_create(temporary.c_str(), options.width_px, options.height_px));
      cairo_svg_surface_set_document_unit(surface.get(), CAIRO_SVG_UNIT_PX);
    } else {
      // PDF pages are measured in points: the same physical size the pixels have at `dpi`.
      const double points_per_pixel = 72.0 / options.dpi;
      surface.reset(cairo_pdf_surface_create(temporary.c_str(), options.width_px * points_per_pixel,
                                             options.height_px * points_per_pixel));
      units_per_pixel = 0.75;  // one logical pixel is 1/96 inch = 0.75 pt
    }
    check(cairo_surface_status(surface.get()), path);
    draw_on_surface(layout, surface.get(), units_per_pixel, options, path);
    cairo_surface_finish(surface.get());
    check(cairo_surface_status(surface.get()), path);
  });
}

void write_figure_csv(const Figure& figure, std::ostream& stream) {
  const auto plots = figure_plots(figure);
  bool has_points = false, has_band = false, has_heatmap = false;
  for (const Figure* plot : plots) {
    for (const auto& series : plot->series) {
      has_heatmap = has_heatmap || std::holds_alternative<HeatmapSeries>(series);
      has_band = has_band || std::holds_alternative<BandSeries>(series);
      has_points = has_points || !std::holds_alternative<HeatmapSeries>(series);
    }
  }
  const bool has_panels = !figure.panels.empty();
  std::vector<std::string> header;
  if (has_panels) header.push_back("panel");
  header.push_back("series");
  if (has_points) header.insert(header.end(), {"kind", "x", "y"});
  if (has_band) header.insert(header.end(), {"y_low", "y_high"});
  if (has_heatmap) header.insert(header.end(), {"row", "col", "value"});

  const auto write_row = [&](const std::map<std::string, std::string>& cells) {
    for (std::size_t column = 0; column < header.size(); ++column) {
      if (column > 0) stream << ',';
      if (const auto found = cells.find(header[column]); found != cells.end())
        stream << csv_field(found->second);
    }
    stream << '\n';
  };
  for (std::size_t column = 0; column < header.size(); ++column)
    stream << (column ? "," : "") << header[column];
  stream << '\n';

  for (std::size_t plot_index = 0; plot_index < plots.size(); ++plot_index) {
    const Figure& plot = *plots[plot_index];
    const std::string panel = plot.title.empty() ? std::to_string(plot_index + 1) : plot.title;
    for (const auto& series : plot.series) {
      std::map<std::string, std::string> cells{{"series", series_name(series)},
                                               {"kind", series_kind_name(series)}};
      if (has_panels) cells["panel"] = panel;
      if (const auto* heatmap = std::get_if<HeatmapSeries>(&series)) {
        cells.erase("kind");
        for (std::size_t index = 0; index < std::min(heatmap->values.size(), heatmap->rows * heatmap->cols);
             ++index) {
          cells["row"] = std::to_string(index / heatmap->cols);
          cells["col"] = std::to_string(index % heatmap->cols);
          cells["value"] = csv_number(heatmap->values[index]);
          write_row(cells);
        }
      } else if (const auto* bars = std::get_if<BarSeries>(&series)) {
        const auto categories = [&] {
          for (const auto& other : plot.series) {
            if (const auto* first = std::get_if<BarSeries>(&other); first && !first->categories.empty())
              return first->categories;
          }
          return std::vector<std::string>{};
        }();
        for (std::size_t index = 0; index < bars->values.size(); ++index) {
          cells["x"] = index < categories.size() ? categories[index] : std::to_string(index + 1);
          cells["y"] = csv_number(bars->values[index]);
          write_row(cells);
        }
      } else if (const auto* band = std::get_if<BandSeries>(&series)) {
        for (std::size_t index = 0; index < band->x.size(); ++index) {
          cells["x"] = csv_number(band->x[index]);
          cells["y_low"] = index < band->y_low.size() ? csv_number(band->y_low[index]) : "";
          cells["y_high"] = index < band->y_high.size() ? csv_number(band->y_high[index]) : "";
          write_row(cells);
        }
      } else {
        const detail::PointView points = detail::point_view(series);
        for (std::size_t index = 0; index < points.size(); ++index) {
          cells["x"] = csv_number((*points.x)[index]);
          cells["y"] = csv_number((*points.y)[index]);
          write_row(cells);
        }
      }
    }
  }
}

}  // namespace normlab::figure
