// What a 3-D view shows, as plain data: lit, coloured triangles in model space, an orbit camera, and the
// matrices that place them on screen. Panels build a Scene3D and hand it to a Viewport3D
// (viewport3d.hpp), which draws it with OpenGL when there is a context and with ImDrawList otherwise;
// neither the scene nor the panel makes a GL call. Matrices are column-major 4 x 4, as GL takes them.
#pragma once

#include <array>
#include <vector>

#include "figure/figure.hpp"

namespace normlab::gui {

using Vec3 = std::array<float, 3>;
using Mat4 = std::array<float, 16>;

struct SceneTriangle {
  std::array<Vec3, 3> corners;
  Vec3 normal;          // outward, unit length: lighting, and back-face culling in the fallback
  figure::Color color;  // alpha < 1: translucent (drawn after the opaque ones, without depth writes)
};

struct Scene3D {
  std::vector<SceneTriangle> triangles;
  // Closed opaque solids (boxes): the ImDrawList fallback skips faces turned away from the eye.
  bool cull_back_faces = true;
  // Adds the quad a-b-c-d (counter-clockwise seen from outside) as two triangles.
  void add_quad(const std::array<Vec3, 4>& corners, const Vec3& normal, figure::Color color);
};

struct OrbitCamera {
  float yaw = -0.65f;           // radians about the vertical axis (drag left/right)
  float pitch = 0.42f;          // radians about the horizontal axis (drag up/down), within +-1.45
  float eye_distance = 2.9f;    // from the eye to the origin, in model units (wheel zooms)
  float default_yaw = -0.65f, default_pitch = 0.42f, default_eye_distance = 2.9f;  // what reset() restores
  void reset();
};

Mat4 multiply(const Mat4& left, const Mat4& right);
Mat4 rotation(float yaw, float pitch);
// Perspective for a view of `aspect` (width / height) looking at the origin from `eye_distance`.
Mat4 perspective_view(float aspect, float eye_distance);
std::array<float, 4> transform(const Mat4& matrix, const Vec3& point);
// The rotation alone applied to a direction (normals).
Vec3 rotate(const Mat4& rotation_matrix, const Vec3& direction);

// The lighting of shaders/scene.frag, for the ImDrawList fallback: two soft lights, so a face stays
// recognisably its colour from every angle (a projector washes out strong shading).
figure::Color shaded(figure::Color color, const Vec3& view_normal);

}  // namespace normlab::gui
