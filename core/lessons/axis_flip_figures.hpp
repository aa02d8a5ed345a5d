// The axis-flip lesson's views as figures of the shared figure model, so the app's Export buttons and
// `normlab-cli export --figure axis-flip-...` draw exactly what the panel shows.
//
// Contents
//   1. Matrices       axis_flip_matrix_figure(): input | output heatmaps, the focused group outlined,
//                     outputs filled as far as the sweep has gone, mu and sigma per group
//   2. Experiments    batch_size_figure(), train_eval_figure()
//   3. The cube       group_map_figure(): an (N, C, L) tensor unfolded, one C x L slab per sample,
//                     coloured by the group that shares statistics
//   4. Catalog        axis_flip_catalog_entry(): the figures `normlab-cli export` builds
#pragma once

#include <string>
#include <vector>

#include "figure/catalog.hpp"
#include "figure/figure.hpp"
#include "lessons/axis_flip.hpp"
#include "lessons/axis_flip_experiments.hpp"
#include "lessons/sweep_timeline.hpp"

namespace normlab::lessons {

// ---- 1. Matrices --------------------------------------------------------------------------------

// `frame` null = the finished sweep (every output shown, no group outlined). Outputs not reached yet
// are NaN (drawn grey) so the figure shows the sweep's progress.
figure::Figure axis_flip_matrix_figure(const AxisFlipResult& result, const SweepFrame* frame = nullptr);

// The output values as far as the sweep has filled them in (NaN elsewhere). Shared by the figure and
// the app's own matrix widget.
std::vector<double> visible_output(const AxisFlipResult& result, const SweepFrame* frame);

// The cells of one group as a row-major mask over the batch viewed as (samples, features) for 2-D, or
// (samples * channels, positions) for 3-D.
std::vector<bool> group_mask(const AxisFlipResult& result, std::size_t group);

// How the variant slices the matrix, in words computed from the reduction ("each column: one feature
// across the 8 samples").
std::string slicing_in_words(const AxisFlipResult& result);

// ---- 2. Experiments -----------------------------------------------------------------------------

// Sample 0's outputs for the first `features_shown` features against batch size: BatchNorm (solid)
// drifting and collapsing to beta at batch size 1, LayerNorm (dashed) flat.
figure::Figure batch_size_figure(const BatchSizeSweep& sweep, double beta, std::size_t features_shown = 4);

// Train output | eval output | their difference, as heatmaps.
figure::Figure train_eval_figure(const TrainEvalComparison& comparison);

// ---- 3. The cube, unfolded ----------------------------------------------------------------------

figure::Figure group_map_figure(const AxisFlipResult& result, const SweepFrame* frame = nullptr);

// ---- 4. Catalog entries (what `normlab-cli export --figure axis-flip-...` builds) ----------------

// Names of the figures this lesson exports: "axis-flip-matrix", "axis-flip-batch-size",
// "axis-flip-train-eval", "axis-flip-cube".
const std::vector<std::string>& axis_flip_figure_names();

// The catalog entry of one of those figures: its parameters (norm, preset, rows, cols, positions,
// groups, seed, batch, mode, momentum, steps, eps, gamma, beta) with their defaults, and its builder.
// core/figure/catalog.cpp lists these entries. Throws std::invalid_argument for an unknown name.
figure::CatalogEntry axis_flip_catalog_entry(const std::string& name);

}  // namespace normlab::lessons
