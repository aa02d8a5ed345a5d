// The hypersphere panel's scene shows the core's numbers: LayerNorm's circle lies in the plane
// orthogonal to (1, 1, 1) at radius sqrt(3 var/(var+eps)), and the points drawn are where the norms send x.
#include <gtest/gtest.h>

#include <cmath>

#include "lessons/hypersphere.hpp"
#include "panels/hypersphere_scene.hpp"

namespace normlab::panels::hypersphere {
namespace {

double model_norm(const gui::Vec3& point, float scale) {
  return std::sqrt(double(point[0]) * point[0] + double(point[1]) * point[1] + double(point[2]) * point[2]) / scale;
}
double model_sum(const gui::Vec3& point, float scale) { return (double(point[0]) + point[1] + point[2]) / scale; }

TEST(HypersphereScene, CircleLiesInThePlaneAtTheLayerNormRadius) {
  lessons::HypersphereSettings settings;
  settings.eps = 0.3;
  const lessons::Vector x = {2.0, -0.6, 0.9};
  SceneRequest request;
  request.settings = settings;
  request.extent = 3.0;
  // Written out: var = mean((x - mean)^2), radius = sqrt(3 var / (var + eps)).
  const double mean = (2.0 - 0.6 + 0.9) / 3;
  const double var = ((2.0 - mean) * (2.0 - mean) + (-0.6 - mean) * (-0.6 - mean) + (0.9 - mean) * (0.9 - mean)) / 3;
  const double radius = std::sqrt(3 * var / (var + 0.3));
  request.circle_radius = lessons::layer_norm_radius(x, settings);
  ASSERT_NEAR(request.circle_radius, radius, 1e-12);
  const BuiltScene built = build_scene(request);
  ASSERT_FALSE(built.circle_centre_line.empty());
  for (const gui::Vec3& point : built.circle_centre_line) {
    EXPECT_NEAR(model_norm(point, built.scale), radius, 1e-5 * radius);
    EXPECT_NEAR(model_sum(point, built.scale), 0.0, 1e-5);
  }
}

TEST(HypersphereScene, DrawnLayerNormPointsLieOnTheirCircle) {
  lessons::HypersphereSettings settings;
  settings.eps = 0;
  const auto cloud = lessons::make_cloud(300, 3, 0.5, 1.0, 5);
  SceneRequest request;
  request.settings = settings;
  request.extent = 4.0;
  for (const auto& x : cloud) request.points.push_back({lessons::layer_norm_stage(x, 2.0, settings), {}, 1.0f});
  const BuiltScene built = build_scene(request);
  ASSERT_EQ(built.point_centres.size(), cloud.size());
  // 8 triangles a point, on top of the axis's tube.
  EXPECT_GE(built.scene.triangles.size(), cloud.size() * 8);
  for (const gui::Vec3& centre : built.point_centres) {
    EXPECT_NEAR(model_norm(centre, built.scale), std::sqrt(3.0), 1e-5);  // eps = 0: exactly sqrt(3)
    EXPECT_NEAR(model_sum(centre, built.scale), 0.0, 1e-5);
  }
}

TEST(HypersphereScene, RmsPointsLieOnTheSphereOffThePlane) {
  lessons::HypersphereSettings settings;
  settings.eps = 0;
  const lessons::Vector x = {2.0, 1.0, 1.5};  // mean 1.5: its RMSNorm image is far from the plane
  SceneRequest request;
  request.settings = settings;
  request.points.push_back({lessons::rms_norm_vector(x, settings), {}, 1.0f});
  request.extent = 2.0;
  const BuiltScene built = build_scene(request);
  const double rms = std::sqrt((4.0 + 1.0 + 2.25) / 3);
  EXPECT_NEAR(model_norm(built.point_centres[0], built.scale), std::sqrt(3.0), 1e-5);
  EXPECT_NEAR(model_sum(built.point_centres[0], built.scale), (2.0 + 1.0 + 1.5) / rms, 1e-5);
}

}  // namespace
}  // namespace normlab::panels::hypersphere
