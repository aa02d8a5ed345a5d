// A figure on screen: drawn through core/figure's draw_figure() with the ImDrawList painter, plus hover
// read-outs, zoom (mouse wheel, about the cursor), pan (drag), auto-fit (double-click), all kept in
// draw_figure's ViewState, and the Export button every plot carries.
#pragma once

#include <optional>
#include <string>

#include "figure/draw.hpp"
#include "gui/export_dialog.hpp"
#include "gui/panel.hpp"

namespace normlab::gui {

struct PlotWidgetState {
  figure::ViewState view;
  std::optional<figure::Hit> hover;  // what the read-out shows this frame
  ExportDialogState export_dialog;
};

struct PlotOptions {
  float height = 0.0f;            // screen pixels; 0 = the rest of the available height
  float min_lines = 0.0f;         // with height 0: at least this many text lines tall (0 = a small default)
  bool interactive = true;        // hover, zoom, pan, auto-fit
  bool export_button = true;
  std::string export_stem = "figure";  // default file name for exports
  // false: the panel shows the figure's subtitle itself (a note across the page, where a narrow column
  // would wrap it over three lines of the plot's height); exports keep it.
  bool subtitle = true;
};

figure::Theme figure_theme(ThemeKind theme);

// Draws `figure` across the available width. `id` must be unique within the window.
void draw_plot(const char* id, const figure::Figure& figure, PlotWidgetState& state,
               panels::PanelContext& context, const PlotOptions& options = {});

// Zoom about a pixel (factor < 1 zooms in) and pan by a pixel delta, for one plot of a layout; both
// work in pixel space through the layout's transforms, so they are right for linear and log axes.
figure::PlotView zoomed_view(const figure::PlotLayout& layout, figure::Point about, double factor, bool zoom_x,
                             bool zoom_y);
figure::PlotView panned_view(const figure::PlotLayout& layout, double dx_px, double dy_px, bool pan_x,
                             bool pan_y);

}  // namespace normlab::gui
