#include "panels/axis_flip_cube.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace normlab::panels::axis_flip {
namespace {

// Samples are pulled apart (this many cells per sample) so a group inside the block stays visible.
constexpr float kSampleSpacing = 1.6f;
constexpr float kBoxFill = 0.82f;  // of a cell's width: the gaps show where one cell ends

struct CubeExtent {
  float unit = 0;       // one cell's width
  gui::Vec3 half{};     // half the tensor's extent along x, y, z
};

CubeExtent cube_extent(const Shape& shape) {
  const std::size_t samples = shape.at(0), channels = shape.at(1), positions = shape.at(2);
  const float depth_cells = kSampleSpacing * static_cast<float>(samples) - (kSampleSpacing - 1.0f);
  CubeExtent extent;
  extent.unit = 1.0f / std::max({depth_cells, static_cast<float>(channels), static_cast<float>(positions)});
  extent.half = {0.5f * extent.unit * positions, 0.5f * extent.unit * channels, 0.5f * extent.unit * depth_cells};
  return extent;
}

}  // namespace

gui::Scene3D cube_scene(const Shape& shape, const std::vector<figure::Color>& cell_colors) {
  const std::size_t samples = shape.at(0), channels = shape.at(1), positions = shape.at(2);
  const CubeExtent extent = cube_extent(shape);
  const float half_box = 0.5f * extent.unit * kBoxFill;
  static const std::array<gui::Vec3, 6> kNormals = {{{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}}};
  gui::Scene3D scene;
  scene.triangles.reserve(samples * channels * positions * 12);
  for (std::size_t sample = 0; sample < samples; ++sample) {
    for (std::size_t channel = 0; channel < channels; ++channel) {
      for (std::size_t position = 0; position < positions; ++position) {
        const std::size_t cell = (sample * channels + channel) * positions + position;
        const gui::Vec3 center = {(static_cast<float>(position) + 0.5f) * extent.unit - extent.half[0],
                                  extent.half[1] - (static_cast<float>(channel) + 0.5f) * extent.unit,
                                  extent.half[2] - (kSampleSpacing * static_cast<float>(sample) + 0.5f) * extent.unit};
        for (const gui::Vec3& normal : kNormals) {
          // Two axes spanning the face, chosen so the corners go round it.
          const int axis = normal[0] != 0 ? 0 : (normal[1] != 0 ? 1 : 2);
          const int first = (axis + 1) % 3, second = (axis + 2) % 3;
          const float signs[4][2] = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
          std::array<gui::Vec3, 4> corners;
          for (int corner = 0; corner < 4; ++corner) {
            gui::Vec3 point = center;
            point[axis] += normal[axis] * half_box;
            point[first] += signs[corner][0] * half_box;
            point[second] += signs[corner][1] * half_box;
            corners[corner] = point;
          }
          scene.add_quad(corners, normal, cell_colors[cell]);
        }
      }
    }
  }
  return scene;
}

void draw_cube(gui::Viewport3D& view, gui::OrbitCamera& camera, const Shape& shape,
               const std::vector<figure::Color>& cell_colors, ImVec2 size, const gui::ViewportStyle& style,
               ImU32 label_colour) {
  if (shape.size() != 3 || cell_colors.size() != element_count(shape)) return;
  view.draw(cube_scene(shape, cell_colors), camera, size, style);
  if (size.x < 8 || size.y < 8) return;
  // Axis labels in words, at the ends of three edges of the tensor's bounding box.
  const gui::Vec3& half = cube_extent(shape).half;
  const float pad = 0.06f;
  const struct {
    gui::Vec3 from, to;
    const char* text;
  } axes[] = {
      {{-half[0], -half[1] - pad, half[2] + pad}, {half[0], -half[1] - pad, half[2] + pad}, "L: positions"},
      {{-half[0] - pad, half[1], half[2] + pad}, {-half[0] - pad, -half[1], half[2] + pad}, "C: channels"},
      {{-half[0] - pad, half[1] + pad, half[2]}, {-half[0] - pad, half[1] + pad, -half[2]}, "N: samples"},
  };
  ImDrawList* draw_list = ImGui::GetWindowDrawList();
  const ImVec2 centre = view.to_screen({0, 0, 0});
  for (const auto& axis : axes) {
    const ImVec2 from = view.to_screen(axis.from), to = view.to_screen(axis.to);
    draw_list->AddLine(from, to, label_colour, 1.5f * style.scale);
    const ImVec2 middle((from.x + to.x) / 2, (from.y + to.y) / 2);
    const ImVec2 text_size = ImGui::CalcTextSize(axis.text);
    draw_list->AddText(outside_label_corner(middle, centre, text_size, 6 * style.scale), label_colour, axis.text);
  }
}

ImVec2 outside_label_corner(ImVec2 edge_middle, ImVec2 cube_centre, ImVec2 text_size, float gap) {
  float dx = edge_middle.x - cube_centre.x, dy = edge_middle.y - cube_centre.y;
  const float length = std::sqrt(dx * dx + dy * dy);
  if (length < 1e-3f) {
    dx = 0, dy = 1;  // an edge through the centre's projection: below it
  } else {
    dx /= length, dy /= length;
  }
  // How far the box reaches from its centre along (dx, dy).
  const float reach = std::abs(dx) * text_size.x / 2 + std::abs(dy) * text_size.y / 2;
  const ImVec2 text_centre(edge_middle.x + dx * (gap + reach), edge_middle.y + dy * (gap + reach));
  return ImVec2(text_centre.x - text_size.x / 2, text_centre.y - text_size.y / 2);
}

}  // namespace normlab::panels::axis_flip
