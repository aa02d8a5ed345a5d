// The cube's axis labels sit outside the edge they name, on the side away from the cube, whatever the
// edge's direction from the cube's centre.
#include <gtest/gtest.h>

#include <cmath>

#include "panels/axis_flip_cube.hpp"

namespace normlab::panels::axis_flip {
namespace {

TEST(CubeLabels, LabelsSitOutsideTheEdgeAwayFromTheCube) {
  const ImVec2 centre(400, 300);
  const ImVec2 text(120, 20);
  const float gap = 6;
  for (int index = 0; index < 16; ++index) {
    const float angle = 6.2831853f * static_cast<float>(index) / 16;
    SCOPED_TRACE(angle);
    const ImVec2 middle(centre.x + 150 * std::cos(angle), centre.y + 150 * std::sin(angle));
    const ImVec2 corner = outside_label_corner(middle, centre, text, gap);
    const float left = corner.x, right = corner.x + text.x, top = corner.y, bottom = corner.y + text.y;
    // The edge's midpoint is outside the box, at least `gap` from it in x or y (within rounding).
    const float clear_x = std::max(left - middle.x, middle.x - right);
    const float clear_y = std::max(top - middle.y, middle.y - bottom);
    EXPECT_GE(std::max(clear_x, clear_y), gap - 1e-3f);
    // And the box lies further from the cube's centre than the edge does.
    const float box_x = (left + right) / 2 - centre.x, box_y = (top + bottom) / 2 - centre.y;
    EXPECT_GT(box_x * box_x + box_y * box_y, 150.0f * 150.0f);
  }
}

TEST(CubeLabels, AnEdgeThroughTheCentreGetsItsLabelBelow) {
  const ImVec2 corner = outside_label_corner(ImVec2(100, 100), ImVec2(100, 100), ImVec2(80, 16), 4);
  EXPECT_FLOAT_EQ(corner.x, 60);   // centred
  EXPECT_FLOAT_EQ(corner.y, 104);  // 4 px below
}

}  // namespace
}  // namespace normlab::panels::axis_flip
