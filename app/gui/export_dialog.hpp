// The Export button every plot carries: PNG, SVG, PDF or CSV through core/figure's exporters, at 16:9
// slide sizes and DPI presets, in the screen's theme (or the other), optionally transparent. The file is
// written atomically by the exporter; the path written or the error goes to a toast, never a crash.
#pragma once

#include <array>
#include <string>

#include "figure/export.hpp"
#include "figure/figure.hpp"
#include "gui/panel.hpp"

namespace normlab::gui {

// The size and resolution presets are core's (figure::kExportSizes, figure::kExportDpis): the layout test
// checks every catalog figure at each of them.
using figure::kExportDpis;
using figure::kExportSizes;
using figure::SizePreset;

struct ExportDialogState {
  int format = 0;        // index into png, svg, pdf, csv
  int size_preset = 0;
  int dpi_preset = 2;    // 192: fonts twice their screen size, legible on a projected slide
  int theme_choice = 0;  // 0 = as on screen, 1 = light, 2 = dark
  bool transparent = false;
  std::array<char, 1024> folder{};  // empty = the current directory
  std::string last_written;
  std::string last_error;
};

// The options and path the dialog's current choices mean (tested without a window).
figure::ExportOptions export_options(const ExportDialogState& state, ThemeKind screen_theme);
figure::ExportFormat export_format(const ExportDialogState& state);
std::string export_path(const ExportDialogState& state, const std::string& file_stem);

// Writes the figure as the dialog says; returns the absolute path written. Throws on failure.
std::string export_with(const figure::Figure& figure, const ExportDialogState& state, ThemeKind screen_theme,
                        const std::string& file_stem);

// The button (right-aligned on its own line) and its popup.
void draw_export_button(const figure::Figure& figure, ExportDialogState& state, panels::PanelContext& context,
                        const std::string& file_stem);

}  // namespace normlab::gui
