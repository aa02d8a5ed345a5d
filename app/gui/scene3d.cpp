#include "gui/scene3d.hpp"

#include <algorithm>
#include <cmath>

namespace normlab::gui {

void Scene3D::add_quad(const std::array<Vec3, 4>& corners, const Vec3& normal, figure::Color color) {
  triangles.push_back({{corners[0], corners[1], corners[2]}, normal, color});
  triangles.push_back({{corners[0], corners[2], corners[3]}, normal, color});
}

void OrbitCamera::reset() {
  yaw = default_yaw;
  pitch = default_pitch;
  eye_distance = default_eye_distance;
}

Mat4 multiply(const Mat4& left, const Mat4& right) {
  Mat4 product{};
  for (int column = 0; column < 4; ++column) {
    for (int row = 0; row < 4; ++row) {
      float sum = 0;
      for (int inner = 0; inner < 4; ++inner) sum += left[inner * 4 + row] * right[column * 4 + inner];
      product[column * 4 + row] = sum;
    }
  }
  return product;
}

Mat4 rotation(float yaw, float pitch) {
  const float cy = std::cos(yaw), sy = std::sin(yaw), cp = std::cos(pitch), sp = std::sin(pitch);
  const Mat4 about_y = {cy, 0, -sy, 0, 0, 1, 0, 0, sy, 0, cy, 0, 0, 0, 0, 1};
  const Mat4 about_x = {1, 0, 0, 0, 0, cp, sp, 0, 0, -sp, cp, 0, 0, 0, 0, 1};
  return multiply(about_x, about_y);
}

Mat4 perspective_view(float aspect, float eye_distance) {
  constexpr float kFieldOfView = 0.62f;  // radians, vertical
  constexpr float kNear = 0.05f, kFar = 50.0f;
  const float focal = 1.0f / std::tan(kFieldOfView / 2);
  const Mat4 projection = {focal / aspect, 0, 0, 0, 0, focal, 0, 0, 0, 0, (kFar + kNear) / (kNear - kFar), -1,
                           0, 0, 2 * kFar * kNear / (kNear - kFar), 0};
  const Mat4 back = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, -eye_distance, 1};
  return multiply(projection, back);
}

std::array<float, 4> transform(const Mat4& matrix, const Vec3& point) {
  std::array<float, 4> result{};
  for (int row = 0; row < 4; ++row) {
    result[row] = matrix[row] * point[0] + matrix[4 + row] * point[1] + matrix[8 + row] * point[2] + matrix[12 + row];
  }
  return result;
}

Vec3 rotate(const Mat4& rotation_matrix, const Vec3& direction) {
  const Mat4& m = rotation_matrix;
  return {m[0] * direction[0] + m[4] * direction[1] + m[8] * direction[2],
          m[1] * direction[0] + m[5] * direction[1] + m[9] * direction[2],
          m[2] * direction[0] + m[6] * direction[1] + m[10] * direction[2]};
}

figure::Color shaded(figure::Color color, const Vec3& view_normal) {
  const auto facing = [&](Vec3 light) {
    const float length = std::sqrt(light[0] * light[0] + light[1] * light[1] + light[2] * light[2]);
    return std::max((view_normal[0] * light[0] + view_normal[1] * light[1] + view_normal[2] * light[2]) / length,
                    0.0f);
  };
  const float light = 0.55f + 0.35f * facing({0.4f, 0.7f, 0.6f}) + 0.15f * facing({-0.6f, -0.2f, 0.8f});
  return {std::min(color.red * light, 1.0f), std::min(color.green * light, 1.0f), std::min(color.blue * light, 1.0f),
          color.alpha};
}

}  // namespace normlab::gui
