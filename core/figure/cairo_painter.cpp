#include "figure/cairo_painter.hpp"

#include <cmath>
#include <string>

namespace normlab::figure {

namespace {
constexpr const char* kFontFamily = "DejaVu Sans";
}  // namespace

CairoPainter::CairoPainter(cairo_t* context) : context_(context) {
  cairo_set_line_join(context_, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(context_, CAIRO_LINE_CAP_ROUND);
  // Unhinted metrics: an image surface would otherwise round advances to its device pixels and a PDF
  // would not, so the same figure measured (and laid out, and formatted) differently per format.
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options(context_, options);
  cairo_font_options_destroy(options);
}

void CairoPainter::set_color(Color color) {
  cairo_set_source_rgba(context_, color.red, color.green, color.blue, color.alpha);
}

void CairoPainter::select_font(double size_pt, bool bold) {
  cairo_select_font_face(context_, kFontFamily, CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(context_, size_pt * kPixelsPerPoint);
}

void CairoPainter::fill_rect(const Rect& rect, Color color) {
  set_color(color);
  cairo_rectangle(context_, rect.x, rect.y, rect.width, rect.height);
  cairo_fill(context_);
}

void CairoPainter::stroke_polyline(std::span<const Point> points, Color color, double width_px, bool closed) {
  if (points.size() < 2) return;
  cairo_new_path(context_);
  cairo_move_to(context_, points[0].x, points[0].y);
  for (std::size_t index = 1; index < points.size(); ++index)
    cairo_line_to(context_, points[index].x, points[index].y);
  if (closed) cairo_close_path(context_);
  set_color(color);
  cairo_set_line_width(context_, width_px);
  cairo_stroke(context_);
}

void CairoPainter::fill_polygon(std::span<const Point> points, Color color) {
  if (points.size() < 3) return;
  cairo_new_path(context_);
  cairo_move_to(context_, points[0].x, points[0].y);
  for (std::size_t index = 1; index < points.size(); ++index)
    cairo_line_to(context_, points[index].x, points[index].y);
  cairo_close_path(context_);
  set_color(color);
  cairo_fill(context_);
}

void CairoPainter::fill_circle(Point center, double radius_px, Color color) {
  cairo_new_path(context_);
  cairo_arc(context_, center.x, center.y, radius_px, 0, 2 * M_PI);
  set_color(color);
  cairo_fill(context_);
}

TextExtent CairoPainter::measure_text(std::string_view utf8, double size_pt, bool bold) {
  select_font(size_pt, bold);
  const std::string text(utf8);
  cairo_text_extents_t text_extents;
  cairo_text_extents(context_, text.c_str(), &text_extents);
  cairo_font_extents_t font_extents;
  cairo_font_extents(context_, &font_extents);
  return TextExtent{text_extents.x_advance, font_extents.ascent, font_extents.descent};
}

void CairoPainter::text(Point anchor, std::string_view utf8, const TextStyle& style) {
  if (utf8.empty()) return;
  const TextExtent extent = measure_text(utf8, style.size_pt, style.bold);
  double offset_x = 0, offset_y = 0;
  if (style.horizontal == HorizontalAlign::center) offset_x = -extent.width / 2;
  if (style.horizontal == HorizontalAlign::right) offset_x = -extent.width;
  switch (style.vertical) {
    case VerticalAlign::top:
      offset_y = extent.ascent;
      break;
    // Centre the digits' body rather than the font box: ascent includes room for accents.
    case VerticalAlign::middle:
      offset_y = (extent.ascent - extent.descent) / 2 - extent.ascent * 0.04;
      break;
    case VerticalAlign::baseline:
      offset_y = 0;
      break;
    case VerticalAlign::bottom:
      offset_y = -extent.descent;
      break;
  }
  cairo_save(context_);
  cairo_translate(context_, anchor.x, anchor.y);
  if (style.vertical_text) cairo_rotate(context_, -M_PI / 2);
  cairo_move_to(context_, offset_x, offset_y);
  set_color(style.color);
  const std::string text(utf8);
  cairo_show_text(context_, text.c_str());
  cairo_new_path(context_);
  cairo_restore(context_);
}

void CairoPainter::push_clip(const Rect& rect) {
  cairo_save(context_);
  cairo_new_path(context_);
  cairo_rectangle(context_, rect.x, rect.y, rect.width, rect.height);
  cairo_clip(context_);
}

void CairoPainter::pop_clip() { cairo_restore(context_); }

}  // namespace normlab::figure
