// The few drawing primitives draw_figure() needs. A backend implements them once (cairo in
// cairo_painter.hpp for SVG/PDF/PNG, ImDrawList in the app) and every figure then looks the same on both.
// Coordinates are logical pixels with y growing downwards; font sizes are points (1 pt = 96/72 px).
// Dashes, arrows and outlines are built from these primitives by draw_figure, not by backends.
#pragma once

#include <span>
#include <string_view>

#include "figure/figure.hpp"

namespace normlab::figure {

struct Point {
  double x = 0, y = 0;
};

struct Rect {
  double x = 0, y = 0, width = 0, height = 0;  // top-left corner and size
  double right() const { return x + width; }
  double bottom() const { return y + height; }
  bool contains(Point point) const {
    return point.x >= x && point.x <= right() && point.y >= y && point.y <= bottom();
  }
};

enum class HorizontalAlign { left, center, right };
enum class VerticalAlign { top, middle, baseline, bottom };

struct TextStyle {
  double size_pt = 11;
  Color color;
  HorizontalAlign horizontal = HorizontalAlign::left;
  VerticalAlign vertical = VerticalAlign::baseline;
  bool bold = false;
  // Rotated 90 degrees counter-clockwise about the anchor (a y-axis label reading bottom to top); the
  // alignment then applies along the rotated text: `horizontal` is along the reading direction.
  bool vertical_text = false;
};

struct TextExtent {
  double width = 0;    // advance along the reading direction, px
  double ascent = 0;   // above the baseline, px (of the font, not of this string)
  double descent = 0;  // below the baseline, px, positive
};

inline constexpr double kPixelsPerPoint = 96.0 / 72.0;

class Painter {
 public:
  virtual ~Painter() = default;
  virtual void fill_rect(const Rect& rect, Color color) = 0;
  // Joins points with straight segments (round joins). `closed` adds the segment back to the start.
  virtual void stroke_polyline(std::span<const Point> points, Color color, double width_px,
                               bool closed = false) = 0;
  virtual void fill_polygon(std::span<const Point> points, Color color) = 0;  // simple polygon
  virtual void fill_circle(Point center, double radius_px, Color color) = 0;
  virtual void text(Point anchor, std::string_view utf8, const TextStyle& style) = 0;
  virtual TextExtent measure_text(std::string_view utf8, double size_pt, bool bold = false) = 0;
  virtual void push_clip(const Rect& rect) = 0;  // intersects with the current clip
  virtual void pop_clip() = 0;
};

// A painter that draws nothing and measures text approximately (0.55 em per character, UTF-8 aware):
// for layout without a backend, e.g. hit-testing in tests.
class MeasuringPainter : public Painter {
 public:
  void fill_rect(const Rect&, Color) override {}
  void stroke_polyline(std::span<const Point>, Color, double, bool) override {}
  void fill_polygon(std::span<const Point>, Color) override {}
  void fill_circle(Point, double, Color) override {}
  void text(Point, std::string_view, const TextStyle&) override {}
  TextExtent measure_text(std::string_view utf8, double size_pt, bool bold) override;
  void push_clip(const Rect&) override {}
  void pop_clip() override {}
};

}  // namespace normlab::figure
