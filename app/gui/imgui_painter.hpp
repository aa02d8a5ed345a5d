// core/figure's Painter on an ImDrawList: how every figure reaches the screen. Logical pixels map to
// screen pixels by `origin + point * scale`; fonts are the UI's own atlas fonts (DejaVu), picked by
// size so text stays close to its baked size.
#pragma once

#include <imgui.h>

#include "figure/painter.hpp"
#include "gui/fonts.hpp"

namespace normlab::gui {

class ImGuiPainter final : public figure::Painter {
 public:
  ImGuiPainter(ImDrawList* draw_list, const FontSet& fonts, ImVec2 origin, float scale)
      : draw_list_(draw_list), fonts_(fonts), origin_(origin), scale_(scale) {}

  void fill_rect(const figure::Rect& rect, figure::Color color) override;
  void stroke_polyline(std::span<const figure::Point> points, figure::Color color, double width_px,
                       bool closed) override;
  void fill_polygon(std::span<const figure::Point> points, figure::Color color) override;
  void fill_circle(figure::Point center, double radius_px, figure::Color color) override;
  void text(figure::Point anchor, std::string_view utf8, const figure::TextStyle& style) override;
  figure::TextExtent measure_text(std::string_view utf8, double size_pt, bool bold) override;
  void push_clip(const figure::Rect& rect) override;
  void pop_clip() override;

  ImVec2 to_screen(figure::Point point) const;
  figure::Point to_logical(ImVec2 screen) const;

 private:
  ImFont* font_for(double pixels, bool bold) const;

  ImDrawList* draw_list_;
  const FontSet& fonts_;
  ImVec2 origin_;
  float scale_;
};

ImU32 to_imgui_color(figure::Color color);

}  // namespace normlab::gui
