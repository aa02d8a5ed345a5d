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
#include "gui/panel.hpp"

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
  // Leave the room the statistics under the columns would take (without drawing them), so an output
  // drawn beside its input keeps its colour bar on the input's line.
  bool reserve_statistics_space = false;
  // The short axis words on two lines whatever the width: fit_side_by_side sets it for every matrix
  // of a row, so their grids start on one line.
  bool stack_axis_words = false;
  // The largest cell side in pixels (0: as large as max_size allows), to draw a matrix no larger than
  // another one (a comparison beside the matrix in focus, three matrices in a row).
  float max_cell = 0;
};

struct MatrixViewResult {
  std::optional<std::size_t> hovered_cell;
  std::optional<MatrixEdit> edit;         // a value changed by drag or typing this frame
  float cell_size = 0;                    // the side of a cell as drawn, in pixels
};

// `values` are what the cells show (the input, or the output so far with NaN for cells not reached);
// `frame` null draws the finished state.
MatrixViewResult draw_matrix_view(const lessons::AxisFlipResult& result, const std::vector<double>& values,
                                  const lessons::SweepFrame* frame, MatrixViewState& state,
                                  const MatrixViewOptions& options, const PanelContext& context);

// What draw_matrix_view would draw with these arguments (same font and window as the draw), so that a
// caller can give matrices side by side one cell size and the width they leave to something else.
struct MatrixViewMeasure {
  float cell_size = 0;             // the side of a cell
  std::size_t rows = 0, cols = 0;  // cells down and across
  float fixed_width = 0;  // the row numbers, and the row statistics or colour bar label: besides the cells
  float min_width_one_line = 0;   // the title, and the short axis words on one line
  float min_width_two_lines = 0;  // the title, and the short axis words on two lines
  float width = 0;                // the whole widget
};
MatrixViewMeasure measure_matrix_view(const lessons::AxisFlipResult& result, const lessons::SweepFrame* frame,
                                      const MatrixViewOptions& options, const PanelContext& context);

// Matrices drawn in a row get one cell size: the largest with which each fits the height of `size`
// and the row, with `gap` between them, fits its width. Sets each one's max_size and max_cell and
// returns the row's width (short of `size.x` when the height is what limits the cells).
struct SideBySideMatrix {
  const lessons::AxisFlipResult* result = nullptr;
  const lessons::SweepFrame* frame = nullptr;
  MatrixViewOptions* options = nullptr;
};
float fit_side_by_side(const std::vector<SideBySideMatrix>& matrices, ImVec2 size, float gap,
                       const PanelContext& context);

// The tooltip with the hovered cell's value, its group's mu and sigma, x_hat and y.
void draw_cell_readout(const lessons::AxisFlipResult& result, std::size_t cell, const PanelContext& context);

// The symmetric colour limit that shows `values` well: the largest magnitude, at least `floor`.
double symmetric_limit(const std::vector<double>& values, double floor = 1e-9);

// Spells the ASCII formula names with Greek letters and squares as "²" for the screen (the fonts have
// them; core's formulas stay ASCII for the CLI and the exports).
std::string with_math_symbols(std::string text);

}  // namespace normlab::panels::axis_flip
