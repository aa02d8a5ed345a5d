// The (N, C, L) tensor drawn as the classic normalization cube: one small box per cell, coloured by the
// reduction group that shares its statistics, in a gui::Viewport3D (drag to rotate, wheel to zoom,
// double-click to reset), with the three axes labelled in words beside the edges they name.
#pragma once

#include <imgui.h>

#include <vector>

#include "figure/figure.hpp"
#include "gui/viewport3d.hpp"
#include "tensor/tensor.hpp"

namespace normlab::panels::axis_flip {

// The boxes of `shape` (N, C, L), one colour per flat C-order element: positions along x, channels down
// y, samples into z (pulled apart so a group inside the block stays visible); the longest axis spans
// [-0.5, 0.5].
gui::Scene3D cube_scene(const Shape& shape, const std::vector<figure::Color>& cell_colors);

// Draws the cube in a `size` region at the cursor, with its axis labels in `label_colour`.
void draw_cube(gui::Viewport3D& view, gui::OrbitCamera& camera, const Shape& shape,
               const std::vector<figure::Color>& cell_colors, ImVec2 size, const gui::ViewportStyle& style,
               ImU32 label_colour);

// Top-left corner for a label of `text_size` beside an edge whose screen midpoint is `edge_middle`, on
// the side away from the cube's projected centre and `gap` px clear of the edge: the label's box is
// pushed out along that direction until its nearest side is `gap` away (labels centred on the edge
// covered the boxes behind it).
ImVec2 outside_label_corner(ImVec2 edge_middle, ImVec2 cube_centre, ImVec2 text_size, float gap);

}  // namespace normlab::panels::axis_flip
