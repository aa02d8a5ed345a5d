#include "gui/viewport3d.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace normlab::gui {
namespace {

ImU32 to_u32(figure::Color color) { return ImGui::ColorConvertFloat4ToU32({color.red, color.green, color.blue, color.alpha}); }

}  // namespace

Viewport3D::~Viewport3D() = default;

void Viewport3D::use_renderer(std::unique_ptr<SceneRenderer> renderer) {
  renderer_ = std::move(renderer);
  renderer_chosen_ = true;
  status_ = renderer_ ? "injected renderer" : "ImDrawList (no renderer)";
}

ImVec2 Viewport3D::to_screen(const Vec3& point) const {
  const auto clip = transform(model_view_projection_, point);
  const float w = std::abs(clip[3]) < 1e-6f ? 1e-6f : clip[3];
  return ImVec2(origin_.x + (clip[0] / w * 0.5f + 0.5f) * size_.x, origin_.y + (0.5f - clip[1] / w * 0.5f) * size_.y);
}

void Viewport3D::draw(const Scene3D& scene, OrbitCamera& camera, ImVec2 size, const ViewportStyle& style) {
  origin_ = ImGui::GetCursorScreenPos();
  size_ = size;
  ImGui::InvisibleButton("##viewport3d", ImVec2(std::max(size.x, 1.0f), std::max(size.y, 1.0f)));
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f)) {
    const ImVec2 delta = ImGui::GetIO().MouseDelta;
    camera.yaw += delta.x * 0.01f / style.scale;
    camera.pitch = std::clamp(camera.pitch + delta.y * 0.01f / style.scale, -1.45f, 1.45f);
  }
  if (ImGui::IsItemHovered()) {
    const float wheel = ImGui::GetIO().MouseWheel;
    if (wheel != 0.0f) camera.eye_distance = std::clamp(camera.eye_distance * std::pow(0.9f, wheel), 0.8f, 12.0f);
    if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) camera.reset();
  }
  if (size.x < 8 || size.y < 8) return;
  const Mat4 turn = rotation(camera.yaw, camera.pitch);
  model_view_projection_ = multiply(perspective_view(size.x / size.y, camera.eye_distance), turn);

  if (!renderer_chosen_) {
    renderer_chosen_ = true;
    std::string reason;
    renderer_ = make_gl_scene_renderer(reason);
    status_ = renderer_ ? reason : "drawn with ImDrawList: " + reason;
  }
  ImDrawList* draw_list = ImGui::GetWindowDrawList();
  const ImVec2 end(origin_.x + size.x, origin_.y + size.y);
  if (renderer_) {
    const ImVec2 pixels_per_point = ImGui::GetIO().DisplayFramebufferScale;
    const int width = static_cast<int>(size.x * pixels_per_point.x), height = static_cast<int>(size.y * pixels_per_point.y);
    if (const ImTextureID texture = renderer_->render(scene, model_view_projection_, turn, width, height, style.background)) {
      draw_list->AddImage(texture, origin_, end, ImVec2(0, 1), ImVec2(1, 0));  // GL textures start at the bottom row
      return;
    }
  }
  draw_fallback(scene, turn, camera, to_u32(style.background));
}

void Viewport3D::draw_fallback(const Scene3D& scene, const Mat4& rotation_matrix, const OrbitCamera& camera,
                               ImU32 background) {
  ImDrawList* draw_list = ImGui::GetWindowDrawList();
  draw_list->AddRectFilled(origin_, ImVec2(origin_.x + size_.x, origin_.y + size_.y), background);
  draw_list->PushClipRect(origin_, ImVec2(origin_.x + size_.x, origin_.y + size_.y), true);
  // Painter's algorithm: far triangles first; opaque and translucent alike, in depth order.
  std::vector<std::pair<float, std::size_t>> order;
  order.reserve(scene.triangles.size());
  for (std::size_t index = 0; index < scene.triangles.size(); ++index) {
    const SceneTriangle& triangle = scene.triangles[index];
    const Vec3 centre = {(triangle.corners[0][0] + triangle.corners[1][0] + triangle.corners[2][0]) / 3,
                         (triangle.corners[0][1] + triangle.corners[1][1] + triangle.corners[2][1]) / 3,
                         (triangle.corners[0][2] + triangle.corners[1][2] + triangle.corners[2][2]) / 3};
    const Vec3 eye_space = rotate(rotation_matrix, centre);
    if (scene.cull_back_faces) {
      // Facing the eye (at (0, 0, eye_distance) in view space) when the normal points towards it.
      const Vec3 normal = rotate(rotation_matrix, triangle.normal);
      const float toward_eye = -(normal[0] * eye_space[0] + normal[1] * eye_space[1] +
                                 normal[2] * (eye_space[2] - camera.eye_distance));
      if (toward_eye <= 0) continue;
    }
    order.emplace_back(eye_space[2], index);
  }
  std::sort(order.begin(), order.end());  // most negative z: farthest from the eye
  // Without anti-aliased fill the two triangles of a quad meet without a visible seam.
  const ImDrawListFlags flags = draw_list->Flags;
  draw_list->Flags &= ~ImDrawListFlags_AntiAliasedFill;
  for (const auto& [depth, index] : order) {
    const SceneTriangle& triangle = scene.triangles[index];
    const figure::Color color = shaded(triangle.color, rotate(rotation_matrix, triangle.normal));
    draw_list->AddTriangleFilled(to_screen(triangle.corners[0]), to_screen(triangle.corners[1]),
                                 to_screen(triangle.corners[2]), to_u32(color));
  }
  draw_list->Flags = flags;
  draw_list->PopClipRect();
}

}  // namespace normlab::gui
