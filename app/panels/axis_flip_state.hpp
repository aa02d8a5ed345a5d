// The axis-flip panel's state (one struct, as every panel) and the pieces its step files share.
// Everything computed lives in core/lessons; this holds the user's choices, the cached results of the
// last recomputation, the animation clock and the widgets' own state.
#pragma once

#include <array>
#include <optional>
#include <string>

#include "gui/plot_widget.hpp"
#include "lessons/activation_matrix.hpp"
#include "lessons/axis_flip.hpp"
#include "lessons/axis_flip_experiments.hpp"
#include "lessons/sweep_timeline.hpp"
#include "panels/axis_flip_cube.hpp"
#include "panels/axis_flip_matrix_view.hpp"
#include "gui/panel.hpp"

namespace normlab::panels::axis_flip {

struct Sweep {
  bool playing = true;          // advancing with time; paused in step-by-step mode
  float speed = 1.0f;           // phases per 0.6 s at 1
  double time_s = 0;            // position in the sweep at speed 1
  lessons::SweepFrame frame;    // this frame's state, for drawing
};

// The largest matrix the panel takes (imported, pasted or set): every cell is drawn each frame with its
// value, so a 2000 x 2000 import would cost seconds per frame; beyond this, say so instead.
inline constexpr std::size_t kMaxMatrixRows = 256, kMaxMatrixCols = 256;

struct AxisFlipState {
  // The 2-D activation matrix (rows = samples / tokens, columns = features).
  lessons::ActivationPreset preset = lessons::ActivationPreset::random_normal;
  int rows = 8, cols = 6, seed = 1;
  Tensor<double> matrix;
  // The (N, C, L) tensor of the cube step.
  int cube_samples = 3, cube_channels = 4, cube_positions = 5;
  Tensor<double> cube;
  NormKind cube_kind = NormKind::group;
  // Shared settings: eps, gamma, beta, groups, batch size, train/eval, momentum.
  lessons::AxisFlipSettings settings;
  NormKind row_kind = NormKind::layer;   // the "row" sweep: LayerNorm or RMSNorm
  bool compare = true;                   // sweeps: BatchNorm and the row norm side by side
  // Animation.
  Sweep sweep;
  double last_time_s = -1;
  // Cached results (recomputed when `dirty`).
  bool dirty = true;
  std::string error;                     // why the last recomputation failed, shown instead of results
  std::optional<lessons::AxisFlipResult> batch_result, row_result, cube_result;
  std::optional<lessons::BatchSizeSweep> batch_sweep;
  std::optional<lessons::TrainEvalComparison> train_eval;
  // Widgets.
  MatrixViewState input_view, output_view, other_view, train_view, eval_view, difference_view;
  gui::PlotWidgetState batch_plot;
  // The batch step's train-vs-eval row; unset: shown in normal mode, hidden when presenting (the page
  // cannot hold it beside the batch-size curves in presentation mode's type).
  std::optional<bool> show_train_eval;
  gui::ExportDialogState matrix_export, cube_export, train_eval_export;
  gui::Viewport3D cube_view;
  gui::OrbitCamera camera;
  std::array<char, 512> import_path{};
  std::array<char, 8192> paste_text{};
};

// The panel's parameters, declared on its state (which they keep generated from the defaults).
void declare_parameters(AxisFlipState& state, params::ParameterSet& parameters);
// Regenerates the matrix and cube from the preset and recomputes every cached result.
void regenerate(AxisFlipState& state);
void recompute(AxisFlipState& state);
// The batch-size sweep and train vs eval, when missing (recompute() drops them).
void ensure_experiments(AxisFlipState& state);

// The steps (each in its own file section).
void draw_matrix_step(AxisFlipState& state, PanelContext& context);
void draw_sweep_step(AxisFlipState& state, PanelContext& context, bool batch_norm_first);
void draw_batch_step(AxisFlipState& state, PanelContext& context);
void draw_cube_step(AxisFlipState& state, PanelContext& context);

// Shared controls.
// The controls used while teaching (Play, Step, Restart, the phase) and the rarely touched speed.
void draw_sweep_controls(AxisFlipState& state, const lessons::SweepTimeline& timeline, PanelContext& context);
void draw_sweep_speed(AxisFlipState& state, PanelContext& context);
void draw_note(const std::string& text, const PanelContext& context);

}  // namespace normlab::panels::axis_flip
