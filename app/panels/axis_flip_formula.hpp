// The sweep's text column: the heading of the group in focus and the formulas of the current phase.
// Drawn and measured from one list of text blocks, so that the sweep step can leave the column the
// width its tallest content needs: in presentation mode at 1080p the formulas did not fit a column of
// the width the matrices left, and a scrollbar is no use on a projected screen.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "lessons/axis_flip.hpp"
#include "lessons/sweep_timeline.hpp"
#include "gui/panel.hpp"

namespace normlab::panels::axis_flip {

enum class TextStyle {
  heading,     // bold, wrapped like prose
  symbolic,    // a formula in symbols: mono, muted, wrapped at spaces only
  substituted  // the same with the numbers: mono, wrapped at spaces only
};

struct TextBlock {
  TextStyle style = TextStyle::substituted;
  std::string text;
};

// The heading over the formulas: which group, and what the phase shows. cells_hoverable: whether the
// view beside it reads a hovered cell (the matrices do, the cube does not).
std::string group_heading(const lessons::AxisFlipResult& result, const lessons::SweepFrame& frame,
                          std::optional<std::size_t> hovered_cell, bool cells_hoverable);

// The group heading and formula lines of a frame (the hovered cell's group when one is hovered), in
// drawing order.
std::vector<TextBlock> formula_blocks(const lessons::AxisFlipResult& result, const lessons::SweepFrame& frame,
                                      std::optional<std::size_t> hovered_cell, bool cells_hoverable);

// Draws blocks at the cursor, wrapped to the content region's width.
void draw_text_blocks(const std::vector<TextBlock>& blocks, const PanelContext& context);

// The height draw_text_blocks takes for these blocks at this width.
float text_blocks_height(const std::vector<TextBlock>& blocks, float width, const PanelContext& context);

// The tallest formula_blocks get at this width over a sweep without hovering: every phase and the
// finished sweep, for the first, middle and last group (the formulas differ only in their numbers).
// Independent of the frame, so the matrices beside it keep their size while the sweep plays.
float tallest_sweep_column(const lessons::AxisFlipResult& result, float width, const PanelContext& context);

}  // namespace normlab::panels::axis_flip
