// The (N, C, L) tensor drawn as the classic normalization cube: one small box per cell, coloured by
// the reduction group that shares its statistics, rotatable by dragging. With a current OpenGL 3.3
// context and the shaders from shaders/cube.{vert,frag} it renders into a texture shown with
// ImGui::Image; without GL (headless tests, the frame benchmark) or when the shaders cannot be loaded,
// the same boxes are drawn with ImDrawList (painter's algorithm), and status() says why.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

#include "figure/figure.hpp"
#include "tensor/tensor.hpp"

namespace normlab::panels::axis_flip {

struct CubeCamera {
  float yaw = -0.65f;   // radians about the vertical axis; dragging left/right changes it
  float pitch = 0.42f;  // radians about the horizontal axis; dragging up/down changes it
};

struct CubeStyle {
  ImU32 background = 0;     // behind the cube
  ImU32 label = 0;          // axis labels
  float scale = 1.0f;       // UI scale (label sizes)
};

class CubeRenderer {
 public:
  CubeRenderer() = default;
  CubeRenderer(const CubeRenderer&) = delete;
  CubeRenderer& operator=(const CubeRenderer&) = delete;
  ~CubeRenderer();

  // Draws the cube of `shape` (N, C, L) with one colour per flat C-order element into a `size` region at
  // the cursor, and handles dragging on it.
  void draw(const Shape& shape, const std::vector<figure::Color>& cell_colors, CubeCamera& camera, ImVec2 size,
            const CubeStyle& style);

  // "OpenGL shaders" or the reason the ImDrawList fallback is used.
  const std::string& status() const { return status_; }

 private:
  bool ensure_gl();
  void render_gl(const std::vector<float>& vertices, const float* model_view_projection,
                 const float* normal_rotation, int width, int height, ImU32 background);
  void release_gl();

  bool gl_tried_ = false;
  bool gl_ready_ = false;
  std::string status_ = "not drawn yet";
  unsigned program_ = 0, vertex_array_ = 0, vertex_buffer_ = 0;
  unsigned framebuffer_ = 0, color_texture_ = 0, depth_buffer_ = 0;
  int texture_width_ = 0, texture_height_ = 0;
  int mvp_location_ = -1, normal_location_ = -1;
};

// Top-left corner for a label of `text_size` beside an edge whose screen midpoint is `edge_middle`, on
// the side away from the cube's projected centre and `gap` px clear of the edge: the label's box is
// pushed out along that direction until its nearest side is `gap` away (labels centred on the edge
// covered the boxes behind it).
ImVec2 outside_label_corner(ImVec2 edge_middle, ImVec2 cube_centre, ImVec2 text_size, float gap);

// Where the shaders are read from: $NORMLAB_SHADERS, else the source tree's shaders/, else the
// installed share/normlab/shaders.
std::string shader_path(const std::string& file_name);

}  // namespace normlab::panels::axis_flip
