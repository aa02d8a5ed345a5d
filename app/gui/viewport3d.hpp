// A 3-D view inside a panel: the scene (scene3d.hpp) drawn in a region of the page, orbited by dragging,
// zoomed by the wheel, reset by double-clicking. Like polyscope's render engine, the GPU sits behind a
// seam: a SceneRenderer turns the scene into a texture (OpenGL 3.3 with multisampling, shaders from
// shaders/); without a GL context (headless tests, the frame benchmark) or when the shaders cannot be
// built, the view draws the same triangles with ImDrawList, far ones first, and status() says why.
// Panels build scenes and call draw(); they make no GL calls.
#pragma once

#include <imgui.h>

#include <memory>
#include <string>

#include "gui/scene3d.hpp"

namespace normlab::gui {

class SceneRenderer {
 public:
  virtual ~SceneRenderer() = default;
  // Renders `scene` into the renderer's own width x height target and returns it as a texture for
  // ImGui::Image (0 on failure). Leaves the GL state (bound framebuffer, viewport, enables) as it found it.
  virtual ImTextureID render(const Scene3D& scene, const Mat4& model_view_projection, const Mat4& rotation,
                             int width, int height, figure::Color background) = 0;
};

// The OpenGL renderer, or nullptr with `reason` set when there is no current GL 3.3 context or its
// shaders cannot be read or built (the reason names the shader file and line).
std::unique_ptr<SceneRenderer> make_gl_scene_renderer(std::string& reason);

// Builds the scene shaders for the current GL context (the window calls it when it opens, so no view
// compiles them on its first frame); forget_scene_shaders() when that context goes away.
void prepare_scene_shaders();
void forget_scene_shaders();

// Where a shader is read from: $NORMLAB_SHADERS, else shaders/ beside the executable (the build copies
// them there), else the source tree's shaders/.
std::string shader_path(const std::string& file_name);

struct ViewportStyle {
  figure::Color background{1, 1, 1, 1};
  float scale = 1.0f;  // UI scale, for drag and line sizes
};

class Viewport3D {
 public:
  Viewport3D() = default;
  Viewport3D(const Viewport3D&) = delete;
  Viewport3D& operator=(const Viewport3D&) = delete;
  ~Viewport3D();

  // Draws `scene` in a `size` region at the cursor and handles the camera's input on it.
  void draw(const Scene3D& scene, OrbitCamera& camera, ImVec2 size, const ViewportStyle& style);
  // Where a model-space point landed on screen in the last draw (for labels drawn over the view).
  ImVec2 to_screen(const Vec3& point) const;
  // "OpenGL 3.3 (4x multisampling)" or why the ImDrawList fallback draws instead.
  const std::string& status() const { return status_; }
  // Replaces the renderer (tests inject a mock; nullptr forces the ImDrawList fallback).
  void use_renderer(std::unique_ptr<SceneRenderer> renderer);

 private:
  void draw_fallback(const Scene3D& scene, const Mat4& rotation_matrix, const OrbitCamera& camera, ImU32 background);

  std::unique_ptr<SceneRenderer> renderer_;
  bool renderer_chosen_ = false;
  std::string status_ = "not drawn yet";
  Mat4 model_view_projection_{};
  ImVec2 origin_{0, 0}, size_{0, 0};
};

}  // namespace normlab::gui
