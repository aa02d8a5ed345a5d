// The hypersphere panel's 3-D scene in R^3, as plain data a test can check against core/lessons'
// numbers: the all-ones axis, the plane orthogonal to it, LayerNorm's circle in that plane, RMSNorm's
// sphere, and points (inputs part-way to their images). Model space is R^3 scaled by `scale` so the
// picture fits the camera's unit ball; x1, x2, x3 map to the scene's x, y (up) and z.
#pragma once

#include <vector>

#include "gui/scene3d.hpp"
#include "lessons/hypersphere.hpp"

namespace normlab::panels::hypersphere {

struct ScenePoint {
  lessons::Vector position;  // in R^3, unscaled
  figure::Color color;
  float size = 1.0f;  // relative to the scene's default point size
};

struct SceneRequest {
  lessons::HypersphereSettings settings;
  double circle_radius = 0;  // LayerNorm's circle about beta (1, 1, 1); 0 = not drawn
  bool show_plane = true;
  bool show_sphere = false;  // RMSNorm's sphere of radius |gamma| sqrt(3)
  double extent = 1;         // the largest norm the view must hold (points, circle, sphere)
  std::vector<ScenePoint> points;
  struct Segment {
    lessons::Vector from, to;
    figure::Color color;
  };
  std::vector<Segment> segments;  // drawn as thin tubes: paths of the animation, x's arrow
  figure::Color axis_color, plane_color, circle_color, sphere_color;
};

struct BuiltScene {
  gui::Scene3D scene;
  float scale = 1;  // model units per unit of R^3
  gui::Vec3 to_model(const lessons::Vector& point) const;
  std::vector<gui::Vec3> point_centres;  // request.points[i]'s centre in model space
  std::size_t circle_segments = 0;       // the circle's tube: segment i starts at angle 2 pi i / count
  std::vector<gui::Vec3> circle_centre_line;  // the circle's points in model space (tube centre line)
};

BuiltScene build_scene(const SceneRequest& request);

}  // namespace normlab::panels::hypersphere
