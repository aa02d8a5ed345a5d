#include "panels/hypersphere_scene.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace normlab::panels::hypersphere {
namespace {

using gui::Vec3;

// Sizes in model units (the picture fits the unit ball): thin enough to read as lines, thick enough to
// survive a projector.
constexpr float kPointRadius = 0.03f;
constexpr float kCircleTube = 0.009f;
constexpr float kAxisTube = 0.006f;
constexpr int kCircleSegments = 96;
constexpr int kTubeSides = 6;
constexpr int kSphereSlices = 40, kSphereStacks = 20;

Vec3 add(Vec3 a, Vec3 b) { return {a[0] + b[0], a[1] + b[1], a[2] + b[2]}; }
Vec3 sub(Vec3 a, Vec3 b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
Vec3 times(Vec3 a, float k) { return {a[0] * k, a[1] * k, a[2] * k}; }
float dot(Vec3 a, Vec3 b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
Vec3 cross(Vec3 a, Vec3 b) { return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]}; }
Vec3 unit(Vec3 a) {
  const float length = std::sqrt(dot(a, a));
  return length > 0 ? times(a, 1.0f / length) : Vec3{0, 1, 0};
}

// A closed tube of kTubeSides sides around the segment a-b, without end caps (too thin to matter).
void add_tube(gui::Scene3D& scene, Vec3 a, Vec3 b, float radius, figure::Color color) {
  const Vec3 along = unit(sub(b, a));
  const Vec3 helper = std::abs(along[0]) < 0.9f ? Vec3{1, 0, 0} : Vec3{0, 1, 0};
  const Vec3 p = unit(cross(along, helper)), q = cross(along, p);
  for (int side = 0; side < kTubeSides; ++side) {
    const float angle0 = 2 * std::numbers::pi_v<float> * side / kTubeSides;
    const float angle1 = 2 * std::numbers::pi_v<float> * (side + 1) / kTubeSides;
    const Vec3 r0 = add(times(p, std::cos(angle0)), times(q, std::sin(angle0)));
    const Vec3 r1 = add(times(p, std::cos(angle1)), times(q, std::sin(angle1)));
    const Vec3 normal = unit(add(r0, r1));
    scene.add_quad({add(a, times(r0, radius)), add(a, times(r1, radius)), add(b, times(r1, radius)),
                    add(b, times(r0, radius))},
                   normal, color);
  }
}

// An octahedron: 8 triangles, reads as a dot from every angle.
void add_point(gui::Scene3D& scene, Vec3 centre, float radius, figure::Color color) {
  for (int face = 0; face < 8; ++face) {
    const float sx = face & 1 ? -1.0f : 1.0f, sy = face & 2 ? -1.0f : 1.0f, sz = face & 4 ? -1.0f : 1.0f;
    Vec3 a = centre, b = centre, c = centre;
    a[0] += sx * radius, b[1] += sy * radius, c[2] += sz * radius;
    // Counter-clockwise seen from outside: flip the order when an odd number of signs is negative.
    if (sx * sy * sz > 0) {
      scene.triangles.push_back({{a, b, c}, unit({sx, sy, sz}), color});
    } else {
      scene.triangles.push_back({{a, c, b}, unit({sx, sy, sz}), color});
    }
  }
}

void add_sphere(gui::Scene3D& scene, float radius, figure::Color color) {
  const auto at = [radius](int slice, int stack) {
    const float theta = std::numbers::pi_v<float> * stack / kSphereStacks;
    const float phi = 2 * std::numbers::pi_v<float> * slice / kSphereSlices;
    return Vec3{radius * std::sin(theta) * std::cos(phi), radius * std::cos(theta), radius * std::sin(theta) * std::sin(phi)};
  };
  for (int stack = 0; stack < kSphereStacks; ++stack) {
    for (int slice = 0; slice < kSphereSlices; ++slice) {
      const Vec3 a = at(slice, stack), b = at(slice, stack + 1), c = at(slice + 1, stack + 1), d = at(slice + 1, stack);
      const Vec3 normal = unit(add(add(a, b), add(c, d)));
      if (stack == 0) {
        scene.triangles.push_back({{a, b, c}, normal, color});
      } else if (stack == kSphereStacks - 1) {
        scene.triangles.push_back({{a, b, d}, normal, color});
      } else {
        scene.add_quad({a, b, c, d}, normal, color);
      }
    }
  }
}

// The plane's orthonormal basis: both directions orthogonal to (1, 1, 1).
const Vec3 kPlaneU = unit({1, -1, 0});
const Vec3 kPlaneV = unit({1, 1, -2});
const Vec3 kOnes = unit({1, 1, 1});

}  // namespace

gui::Vec3 BuiltScene::to_model(const lessons::Vector& point) const {
  return {static_cast<float>(point.at(0)) * scale, static_cast<float>(point.at(1)) * scale,
          static_cast<float>(point.at(2)) * scale};
}

BuiltScene build_scene(const SceneRequest& request) {
  BuiltScene built;
  built.scale = static_cast<float>(1.0 / std::max(request.extent, 1e-9));
  gui::Scene3D& scene = built.scene;
  scene.cull_back_faces = false;  // the plane and the sphere are seen from both sides
  scene.triangles.reserve(request.points.size() * 8 + 4000);
  const float beta = static_cast<float>(request.settings.beta) * built.scale;
  const Vec3 centre = {beta, beta, beta};

  // The all-ones axis through the origin, a little beyond the picture on both sides.
  add_tube(scene, times(kOnes, -1.25f), times(kOnes, 1.25f), kAxisTube, request.axis_color);
  if (request.show_plane) {
    const float reach = 1.1f;
    const int wedges = 64;
    for (int wedge = 0; wedge < wedges; ++wedge) {
      const float angle0 = 2 * std::numbers::pi_v<float> * wedge / wedges;
      const float angle1 = 2 * std::numbers::pi_v<float> * (wedge + 1) / wedges;
      const Vec3 a = add(centre, times(add(times(kPlaneU, std::cos(angle0)), times(kPlaneV, std::sin(angle0))), reach));
      const Vec3 b = add(centre, times(add(times(kPlaneU, std::cos(angle1)), times(kPlaneV, std::sin(angle1))), reach));
      scene.triangles.push_back({{centre, a, b}, kOnes, request.plane_color});
    }
  }
  if (request.circle_radius > 0) {
    const float radius = static_cast<float>(request.circle_radius) * built.scale;
    built.circle_segments = kCircleSegments;
    for (int segment = 0; segment <= kCircleSegments; ++segment) {
      const float angle = 2 * std::numbers::pi_v<float> * segment / kCircleSegments;
      built.circle_centre_line.push_back(
          add(centre, times(add(times(kPlaneU, std::cos(angle)), times(kPlaneV, std::sin(angle))), radius)));
    }
    for (int segment = 0; segment < kCircleSegments; ++segment) {
      add_tube(scene, built.circle_centre_line[segment], built.circle_centre_line[segment + 1], kCircleTube,
               request.circle_color);
    }
    built.circle_centre_line.pop_back();  // the closing point repeats the first
  }
  for (const SceneRequest::Segment& segment : request.segments) {
    add_tube(scene, built.to_model(segment.from), built.to_model(segment.to), kAxisTube, segment.color);
  }
  for (const ScenePoint& point : request.points) {
    built.point_centres.push_back(built.to_model(point.position));
    add_point(scene, built.point_centres.back(), kPointRadius * point.size, point.color);
  }
  if (request.show_sphere) {
    add_sphere(scene, static_cast<float>(std::abs(request.settings.gamma) * std::sqrt(3.0)) * built.scale,
               request.sphere_color);
  }
  return built;
}

}  // namespace normlab::panels::hypersphere
