// The axis-flip panel's matrix widget: an activation matrix drawn cell by cell with the diverging
// colormap (the one the exported figures use) and its legend, axes labelled in words, the group in focus
// outlined, each group's mu and sigma beside its slice (a row's on the right, a column's underneath),
// hover, and editing (drag a cell sideways, or double-click and type).
#pragma once

#include <imgui.h>

#include <optional>
#include <string>
#include <vector>

#include "lessons/axis_flip.hpp"
#include "lessons/sweep_timeline.hpp"
#include "panels/panel.hpp"

namespace normlab::panels::axis_flip {

struct MatrixEdit {
  std::size_t cell = 0;
  double value = 0;
};

struct MatrixViewState {
  std::optional<std::size_t> typing_cell;  // the cell whose value is being typed (double-click)
  double typed_value = 0;
  double drag_start_value = 0;             // value of the dragged cell when the drag began
};

struct MatrixViewOptions {
  const char* id = "matrix";
  std::string title;                      // above the matrix
  bool editable = false;
  double color_limit = 1;                 // the colormap spans [-limit, limit]
  std::string colorbar_label;             // what the colour encodes, in words
  ImVec2 max_size{400, 300};              // screen pixels for the whole widget
  bool show_statistics = true;            // mu / sigma beside each slice that has reached them
  // Size the cells as if the statistics were shown (without drawing them), so an output drawn beside
  // its input gets cells of the same size: a matched pair reads as "the same matrix, transformed".
  bool reserve_statistics_space = false;
};

struct MatrixViewResult {
  std::optional<std::size_t> hovered_cell;
  std::optional<MatrixEdit> edit;         // a value changed by drag or typing this frame
};

// `values` are what the cells show (the input, or the output so far with NaN for cells not reached);
// `frame` null draws the finished state.
MatrixViewResult draw_matrix_view(const lessons::AxisFlipResult& result, const std::vector<double>& values,
                                  const lessons::SweepFrame* frame, MatrixViewState& state,
                                  const MatrixViewOptions& options, const PanelContext& context);

// The tooltip with the hovered cell's value, its group's mu and sigma, x_hat and y.
void draw_cell_readout(const lessons::AxisFlipResult& result, std::size_t cell, const PanelContext& context);

// The symmetric colour limit that shows `values` well: the largest magnitude, at least `floor`.
double symmetric_limit(const std::vector<double>& values, double floor = 1e-9);

// Spells the ASCII formula names with Greek letters for the screen (the font has them).
std::string with_greek_letters(std::string text);

}  // namespace normlab::panels::axis_flip
