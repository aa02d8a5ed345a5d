#include "gui/imgui_painter.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace normlab::gui {
namespace {

double cross(ImVec2 origin, ImVec2 first, ImVec2 second) {
  return (first.x - origin.x) * (second.y - origin.y) - (first.y - origin.y) * (second.x - origin.x);
}

bool inside_triangle(ImVec2 point, ImVec2 a, ImVec2 b, ImVec2 c) {
  const double ab = cross(a, b, point), bc = cross(b, c, point), ca = cross(c, a, point);
  return (ab >= 0 && bc >= 0 && ca >= 0) || (ab <= 0 && bc <= 0 && ca <= 0);
}

// Ear clipping: ImGui 1.86 fills convex polygons only, and shaded bands are usually concave.
std::vector<int> triangulate(const std::vector<ImVec2>& polygon) {
  std::vector<int> remaining(polygon.size());
  for (std::size_t index = 0; index < polygon.size(); ++index) remaining[index] = static_cast<int>(index);
  double signed_area = 0;
  for (std::size_t index = 0; index < polygon.size(); ++index) {
    const ImVec2& a = polygon[index];
    const ImVec2& b = polygon[(index + 1) % polygon.size()];
    signed_area += static_cast<double>(a.x) * b.y - static_cast<double>(b.x) * a.y;
  }
  const double orientation = signed_area >= 0 ? 1.0 : -1.0;
  std::vector<int> triangles;
  std::size_t guard = 0;
  while (remaining.size() > 3 && guard++ < polygon.size() * polygon.size()) {
    bool clipped = false;
    for (std::size_t corner = 0; corner < remaining.size(); ++corner) {
      const int previous = remaining[(corner + remaining.size() - 1) % remaining.size()];
      const int current = remaining[corner];
      const int next = remaining[(corner + 1) % remaining.size()];
      if (cross(polygon[previous], polygon[current], polygon[next]) * orientation <= 0) continue;  // reflex
      bool contains_other = false;
      for (int other : remaining) {
        if (other == previous || other == current || other == next) continue;
        if (inside_triangle(polygon[other], polygon[previous], polygon[current], polygon[next])) {
          contains_other = true;
          break;
        }
      }
      if (contains_other) continue;
      triangles.insert(triangles.end(), {previous, current, next});
      remaining.erase(remaining.begin() + static_cast<std::ptrdiff_t>(corner));
      clipped = true;
      break;
    }
    if (!clipped) break;  // degenerate input: draw what was found
  }
  if (remaining.size() == 3) triangles.insert(triangles.end(), remaining.begin(), remaining.end());
  return triangles;
}

}  // namespace

ImU32 to_imgui_color(figure::Color color) {
  return ImGui::ColorConvertFloat4ToU32(ImVec4(color.red, color.green, color.blue, color.alpha));
}

ImVec2 ImGuiPainter::to_screen(figure::Point point) const {
  return ImVec2(origin_.x + static_cast<float>(point.x) * scale_, origin_.y + static_cast<float>(point.y) * scale_);
}

figure::Point ImGuiPainter::to_logical(ImVec2 screen) const {
  return {(screen.x - origin_.x) / scale_, (screen.y - origin_.y) / scale_};
}

void ImGuiPainter::fill_rect(const figure::Rect& rect, figure::Color color) {
  draw_list_->AddRectFilled(to_screen({rect.x, rect.y}), to_screen({rect.right(), rect.bottom()}),
                            to_imgui_color(color));
}

void ImGuiPainter::stroke_polyline(std::span<const figure::Point> points, figure::Color color, double width_px,
                                   bool closed) {
  if (points.size() < 2) return;
  std::vector<ImVec2> screen(points.size());
  std::transform(points.begin(), points.end(), screen.begin(), [this](figure::Point p) { return to_screen(p); });
  draw_list_->AddPolyline(screen.data(), static_cast<int>(screen.size()), to_imgui_color(color),
                          closed ? ImDrawFlags_Closed : ImDrawFlags_None,
                          std::max(1.0f, static_cast<float>(width_px) * scale_));
}

void ImGuiPainter::fill_polygon(std::span<const figure::Point> points, figure::Color color) {
  if (points.size() < 3) return;
  std::vector<ImVec2> screen(points.size());
  std::transform(points.begin(), points.end(), screen.begin(), [this](figure::Point p) { return to_screen(p); });
  const std::vector<int> triangles = triangulate(screen);
  // Without anti-aliased fringes, neighbouring triangles meet without visible seams.
  const ImDrawListFlags saved_flags = draw_list_->Flags;
  draw_list_->Flags &= ~ImDrawListFlags_AntiAliasedFill;
  const ImU32 fill = to_imgui_color(color);
  for (std::size_t index = 0; index + 2 < triangles.size(); index += 3) {
    draw_list_->AddTriangleFilled(screen[triangles[index]], screen[triangles[index + 1]],
                                  screen[triangles[index + 2]], fill);
  }
  draw_list_->Flags = saved_flags;
}

void ImGuiPainter::fill_circle(figure::Point center, double radius_px, figure::Color color) {
  draw_list_->AddCircleFilled(to_screen(center), static_cast<float>(radius_px) * scale_, to_imgui_color(color));
}

ImFont* ImGuiPainter::font_for(double pixels, bool bold) const {
  // The atlas holds small (0.85), body (1.0) and heading (1.6, bold) sizes of the body font.
  const double body = fonts_.body->FontSize;
  if (pixels >= 1.3 * body) return fonts_.heading;
  if (bold) return fonts_.bold;
  return pixels < 0.93 * body ? fonts_.small : fonts_.body;
}

figure::TextExtent ImGuiPainter::measure_text(std::string_view utf8, double size_pt, bool bold) {
  const double pixels = size_pt * figure::kPixelsPerPoint * scale_;
  ImFont* font = font_for(pixels, bold);
  const ImVec2 size = font->CalcTextSizeA(static_cast<float>(pixels), 1.0e9f, 0.0f, utf8.data(),
                                          utf8.data() + utf8.size());
  const double ratio = pixels / font->FontSize;
  return {size.x / scale_, font->Ascent * ratio / scale_, -font->Descent * ratio / scale_};
}

void ImGuiPainter::text(figure::Point anchor, std::string_view utf8, const figure::TextStyle& style) {
  if (utf8.empty()) return;
  const figure::TextExtent extent = measure_text(utf8, style.size_pt, style.bold);
  // Offsets of the text box's top-left from the anchor along the reading direction, in logical px.
  double along = 0, across = 0;
  if (style.horizontal == figure::HorizontalAlign::center) along = -extent.width / 2;
  if (style.horizontal == figure::HorizontalAlign::right) along = -extent.width;
  switch (style.vertical) {
    case figure::VerticalAlign::top: across = 0; break;
    case figure::VerticalAlign::middle: across = -(extent.ascent + extent.descent) / 2; break;
    case figure::VerticalAlign::baseline: across = -extent.ascent; break;
    case figure::VerticalAlign::bottom: across = -(extent.ascent + extent.descent); break;
  }
  const double pixels = style.size_pt * figure::kPixelsPerPoint * scale_;
  ImFont* font = font_for(pixels, style.bold);
  const int first_vertex = draw_list_->VtxBuffer.Size;
  const ImVec2 anchor_screen = to_screen(anchor);
  // ImGui culls glyphs against the clip rect before we rotate them; rotated text gets a wide clip so
  // nothing that lands inside after rotation is lost. The draw command then gets the real clip back,
  // or the rotated label would be drawn over whatever lies outside a scrolled window.
  const ImVec2 clip_min = draw_list_->GetClipRectMin(), clip_max = draw_list_->GetClipRectMax();
  if (style.vertical_text) draw_list_->PushClipRect(ImVec2(-1.0e5f, -1.0e5f), ImVec2(1.0e5f, 1.0e5f), false);
  draw_list_->AddText(font, static_cast<float>(pixels),
                      ImVec2(anchor_screen.x + static_cast<float>(along) * scale_,
                             anchor_screen.y + static_cast<float>(across) * scale_),
                      to_imgui_color(style.color), utf8.data(), utf8.data() + utf8.size());
  if (style.vertical_text) {
    // Rotate the glyph quads just added by 90 degrees counter-clockwise about the anchor (y points
    // down on screen, so (dx, dy) becomes (dy, -dx)).
    for (int index = first_vertex; index < draw_list_->VtxBuffer.Size; ++index) {
      ImVec2& position = draw_list_->VtxBuffer[index].pos;
      const float dx = position.x - anchor_screen.x, dy = position.y - anchor_screen.y;
      position = ImVec2(anchor_screen.x + dy, anchor_screen.y - dx);
    }
    draw_list_->CmdBuffer.back().ClipRect = ImVec4(clip_min.x, clip_min.y, clip_max.x, clip_max.y);
    draw_list_->PopClipRect();
  }
}

void ImGuiPainter::push_clip(const figure::Rect& rect) {
  draw_list_->PushClipRect(to_screen({rect.x, rect.y}), to_screen({rect.right(), rect.bottom()}), true);
}

void ImGuiPainter::pop_clip() { draw_list_->PopClipRect(); }

}  // namespace normlab::gui
