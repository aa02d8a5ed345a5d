#include "gui/plot_widget.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // SetItemUsingMouseWheel: the wheel zooms the plot, not the page

#include <algorithm>
#include <cmath>
#include <optional>

#include "gui/imgui_painter.hpp"

namespace normlab::gui {
namespace {

constexpr double kWheelZoomFactor = 0.85;  // per wheel notch
// Figures are laid out in logical pixels with 11 pt tick labels; on screen they are drawn 1.2x larger so
// tick labels match the UI's body text (exports keep their own DPI).
constexpr float kFigureScreenScale = 1.2f;

figure::Range x_pixels(const figure::PlotLayout& layout) {
  return {layout.plot_area.x, layout.plot_area.right()};
}
figure::Range y_pixels(const figure::PlotLayout& layout) {
  return {layout.plot_area.bottom(), layout.plot_area.y};  // y grows downwards on screen
}

// The view a layout currently shows, so changing one axis keeps the other.
figure::PlotView current_view(const figure::PlotLayout& layout) { return {layout.x_range, layout.y_range}; }

std::optional<std::size_t> plot_under(const figure::FigureLayout& layout, figure::Point pixel) {
  for (std::size_t index = 0; index < layout.plots.size(); ++index) {
    if (layout.plots[index].plot_area.contains(pixel)) return index;
  }
  return std::nullopt;
}

figure::PlotView& view_for(figure::ViewState& view, std::size_t plot) {
  if (view.plots.size() <= plot) view.plots.resize(plot + 1);
  return view.plots[plot];
}

void draw_read_out(const figure::Hit& hit, const Palette& palette) {
  ImGui::BeginTooltip();
  ImGui::PushStyleColor(ImGuiCol_Text, palette.text);
  ImGui::TextUnformatted(hit.description.c_str());
  ImGui::PopStyleColor();
  ImGui::EndTooltip();
}

}  // namespace

figure::Theme figure_theme(ThemeKind theme) {
  return theme == ThemeKind::dark ? figure::dark_theme() : figure::light_theme();
}

figure::PlotView zoomed_view(const figure::PlotLayout& layout, figure::Point about, double factor, bool zoom_x,
                             bool zoom_y) {
  figure::PlotView view = current_view(layout);
  if (zoom_x) {
    const figure::Range pixels = x_pixels(layout);
    view.x_range = figure::Range{layout.pixel_to_x(about.x + (pixels.min - about.x) * factor),
                                 layout.pixel_to_x(about.x + (pixels.max - about.x) * factor)};
  }
  if (zoom_y) {
    const figure::Range pixels = y_pixels(layout);
    view.y_range = figure::Range{layout.pixel_to_y(about.y + (pixels.min - about.y) * factor),
                                 layout.pixel_to_y(about.y + (pixels.max - about.y) * factor)};
  }
  return view;
}

figure::PlotView panned_view(const figure::PlotLayout& layout, double dx_px, double dy_px, bool pan_x,
                             bool pan_y) {
  figure::PlotView view = current_view(layout);
  if (pan_x) {
    const figure::Range pixels = x_pixels(layout);
    view.x_range = figure::Range{layout.pixel_to_x(pixels.min - dx_px), layout.pixel_to_x(pixels.max - dx_px)};
  }
  if (pan_y) {
    const figure::Range pixels = y_pixels(layout);
    view.y_range = figure::Range{layout.pixel_to_y(pixels.min - dy_px), layout.pixel_to_y(pixels.max - dy_px)};
  }
  return view;
}

void draw_plot(const char* id, const figure::Figure& figure, PlotWidgetState& state, panels::PanelContext& context,
               const PlotOptions& options) {
  ImGui::PushID(id);
  const float scale = context.scale * kFigureScreenScale;
  // Presenting, a line of its own for Export cost the plot the height it needs on a wall (the answer's
  // bars were 110 px at 720p); exports are made at the desk.
  if (options.export_button && !context.presentation) {
    draw_export_button(figure, state.export_dialog, context, options.export_stem);
  }
  std::optional<figure::Figure> without_subtitle;
  if (!options.subtitle && !figure.subtitle.empty()) {
    without_subtitle = figure;
    without_subtitle->subtitle.clear();
  }
  const figure::Figure& shown = without_subtitle ? *without_subtitle : figure;
  const ImVec2 available = ImGui::GetContentRegionAvail();
  const float min_height = options.min_lines > 0.0f ? options.min_lines * ImGui::GetFontSize() : 120.0f * context.scale;
  const float height = options.height > 0.0f ? options.height : std::max(available.y, min_height);
  const ImVec2 size(std::max(available.x, 160.0f * context.scale), height);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##plot_area", size);
  if (options.interactive) ImGui::SetItemUsingMouseWheel();
  const bool hovered = ImGui::IsItemHovered();
  const bool active = ImGui::IsItemActive();

  ImDrawList* draw_list = ImGui::GetWindowDrawList();
  ImGuiPainter painter(draw_list, *context.fonts, origin, scale);
  const figure::Theme theme = figure_theme(context.theme);
  const figure::Rect area{0, 0, size.x / scale, size.y / scale};

  // Input first, against the layout the figure has with the current view, so this frame shows it.
  state.hover.reset();
  state.view.hovered_plot.reset();
  state.view.hovered_series.reset();
  state.view.hovered_index.reset();
  if (options.interactive && (hovered || active)) {
    const figure::FigureLayout layout = figure::layout_figure(shown, theme, painter, area, &state.view);
    const ImGuiIO& io = ImGui::GetIO();
    const figure::Point mouse = painter.to_logical(io.MousePos);
    if (auto plot = plot_under(layout, mouse)) {
      const figure::PlotLayout& plot_layout = layout.plots[*plot];
      // Heatmaps fill their plot by design; bar charts keep their categories and move only in value.
      const bool move_x = !plot_layout.heatmap && !plot_layout.categorical_x;
      const bool move_y = !plot_layout.heatmap;
      if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        view_for(state.view, *plot) = figure::PlotView{};
      } else if (io.MouseWheel != 0.0f && hovered) {
        view_for(state.view, *plot) =
            zoomed_view(plot_layout, mouse, std::pow(kWheelZoomFactor, io.MouseWheel), move_x, move_y);
      } else if (active && (io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f)) {
        view_for(state.view, *plot) =
            panned_view(plot_layout, io.MouseDelta.x / scale, io.MouseDelta.y / scale, move_x, move_y);
      }
    }
    if (hovered && !active) {
      state.hover = figure::nearest_point(shown, layout, mouse);
      if (state.hover) {
        state.view.hovered_plot = state.hover->plot;
        state.view.hovered_series = state.hover->series;
        state.view.hovered_index = state.hover->index;
      }
    }
  }
  draw_list->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
  figure::draw_figure(shown, theme, painter, area, &state.view);
  draw_list->PopClipRect();
  if (state.hover && !state.hover->description.empty()) draw_read_out(*state.hover, *context.palette);
  ImGui::PopID();
}

}  // namespace normlab::gui
