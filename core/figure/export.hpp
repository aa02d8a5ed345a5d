// Exporting a figure for slides and papers: SVG, PDF and PNG drawn by the same draw_figure() as the
// screen (through CairoPainter), and CSV of every series' data. Every file is written atomically: on any
// error no file (and no partial file) is left at the target path.
#pragma once

#include <array>
#include <optional>
#include <ostream>
#include <string>

#include "figure/draw.hpp"
#include "figure/figure.hpp"

namespace normlab::figure {

enum class ExportFormat { png, svg, pdf, csv };
// "png", "svg", "pdf", "csv"; throws std::invalid_argument naming the choices otherwise.
ExportFormat parse_export_format(const std::string& name);
// The format a file name's extension names (".png", ".SVG", ...), if any.
std::optional<ExportFormat> export_format_of_path(const std::string& path);
std::string export_format_name(ExportFormat format);

struct ExportOptions {
  int width_px = 1920;  // output size in pixels (PDF/SVG: the same physical size at `dpi`)
  int height_px = 1080;
  // 96 draws at scale 1 (a 1600 x 900 image looks like a 1600 x 900 window); 192 doubles fonts and lines,
  // so 1920 x 1080 at 192 looks like a 960 x 540 window on a 2x screen - legible from the back of a room.
  double dpi = 192;
  Theme theme = light_theme();
  bool transparent = false;  // no background fill (PNG alpha, SVG/PDF without a page rectangle)
};

// The image sizes and resolutions offered for export (the app's Export dialog lists these; the layout
// test lays every catalog figure out at each of them).
struct SizePreset {
  const char* label;
  int width_px, height_px;
};
inline constexpr std::array<SizePreset, 6> kExportSizes = {{
    {"1920 × 1080 (16:9 slide, Full HD)", 1920, 1080},
    {"1280 × 720 (16:9 slide, HD)", 1280, 720},
    {"3840 × 2160 (16:9 slide, 4K)", 3840, 2160},
    {"1600 × 900 (16:9)", 1600, 900},
    {"1024 × 768 (4:3 projector)", 1024, 768},
    {"1080 × 1080 (square)", 1080, 1080},
}};
inline constexpr std::array<double, 5> kExportDpis = {96, 144, 192, 288, 300};

// The layout an export draws: measured with the fonts cairo draws in (unhinted metrics, so PNG, SVG and
// PDF measure alike) in the logical area the options give. export_figure() draws exactly this layout on
// each surface; `figure` must outlive it.
FigureLayout export_layout(const Figure& figure, const ExportOptions& options);

// Throws std::invalid_argument for sizes outside [16, 16384] px or DPI outside [24, 1200], for a figure
// holding an infinite value (a result that overflowed; NaN gaps are fine), and
// std::runtime_error when the file cannot be written; either way no file is left at `path`.
void export_figure(const Figure& figure, ExportFormat format, const std::string& path,
                   const ExportOptions& options);

// CSV with one header line; one row per data point. Columns present depend on the content:
//   panel             (only for figures with panels: the panel's title, or its 1-based number)
//   series, kind, x, y  (lines, markers, bars - x is the category name -, bands)
//   y_low, y_high     (when the figure has a band)
//   row, col, value   (when it has a heatmap; row and col 0-based, row 0 = the top row drawn)
// Heatmap-only figures thus read "series,row,col,value". Numbers are written with 17 significant digits,
// so they read back bit-exact.
void write_figure_csv(const Figure& figure, std::ostream& stream);

}  // namespace normlab::figure
