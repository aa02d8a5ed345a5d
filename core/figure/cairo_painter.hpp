// The cairo backend of Painter: SVG, PDF and PNG surfaces all draw through it. Text uses cairo's toy
// API with "DejaVu Sans" (fonts-dejavu-core); fontconfig substitutes the nearest font when it is absent.
#pragma once

#include <cairo.h>

#include "figure/painter.hpp"

namespace normlab::figure {

class CairoPainter : public Painter {
 public:
  // Draws into `context` (not owned) in its current user space: one unit = one logical pixel.
  explicit CairoPainter(cairo_t* context);

  void fill_rect(const Rect& rect, Color color) override;
  void stroke_polyline(std::span<const Point> points, Color color, double width_px, bool closed) override;
  void fill_polygon(std::span<const Point> points, Color color) override;
  void fill_circle(Point center, double radius_px, Color color) override;
  void text(Point anchor, std::string_view utf8, const TextStyle& style) override;
  TextExtent measure_text(std::string_view utf8, double size_pt, bool bold) override;
  void push_clip(const Rect& rect) override;
  void pop_clip() override;

 private:
  void set_color(Color color);
  void select_font(double size_pt, bool bold);
  cairo_t* context_;
};

}  // namespace normlab::figure
