// The toy transformer's depth profile at initialization as figures: per-layer hidden-state norms and
// per-layer FFN gradient norms of post-LN, pre-LN and DeepNorm stacks built from one seed and probed on
// one batch (Xiong et al. 2020; Wang et al. 2022). The app's depth panel draws them, and
// `normlab-cli export --figure depth-hidden-norms` / `depth-gradients` writes them. Every number in a
// subtitle is computed from the runs shown.
#pragma once

#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include "figure/figure.hpp"
#include "model/model_config.hpp"
#include "model/probes.hpp"

namespace normlab::figure {

struct DepthComparison {
  model::ModelConfig config;                  // shared by every run; its placement is not used
  std::vector<model::Placement> placements;   // one run per placement, in this order
  std::vector<model::DepthProbeResult> runs;  // runs[i] is placements[i]'s
};

// Progress of a comparison or a sweep for a progress bar: the fraction of the whole (0 .. 1) and what
// it is doing in words ("pre-LN: forward, layer 412 of 1000"). Called on the computing thread.
using DepthProgress = std::function<void(double fraction, const std::string& words)>;

// Runs depth_probe for each placement with the rest of `config` (same seed, same batch). Throws
// std::invalid_argument for a configuration model::validate refuses. Once `stop` is requested it
// returns before the next run, with fewer runs than placements (the app drops such a result).
DepthComparison compare_depths(const model::ModelConfig& config, const std::vector<model::Placement>& placements,
                               std::stop_token stop = {}, const DepthProgress& progress = {});

// The placements the depth figures compare by default: post-LN, pre-LN and DeepNorm.
std::vector<model::Placement> depth_figure_placements();

// "post-LN", "pre-LN", "DeepNorm", "no norm" (with the norm kind's short name: "post-RMSNorm", ...).
std::string placement_label(model::Placement placement, NormKind norm);

// How the squared hidden norm grows: its mean increase per layer in the lower and in the upper half of
// the stack (from the bottom layer to the middle one, and from the middle one to the top). A residual
// stream that adds updates of steady size grows its square evenly, its norm like sqrt(l); an upper
// half that adds much more per layer grows faster. Needs 3 layers or more (else both are 0).
struct SquaredNormGrowth {
  double lower_half_per_layer = 0, upper_half_per_layer = 0;
};
SquaredNormGrowth squared_norm_growth(const model::DepthProbeResult& run);

// The mean cosine of the layers' updates (attention's and the FFN's outputs) with the stream they are
// added to, over the layers whose updates make each half's growth: 2..middle and middle+1..L. A growth
// faster than sqrt(l) with updates of steady size means they line up with the stream. 0 below 3 layers.
struct UpdateAlignment {
  double lower_half = 0, upper_half = 0;
};
UpdateAlignment update_alignment(const model::DepthProbeResult& run);

// Hidden-state norm per layer, one line per placement, with sqrt(d) marked; the subtitle says how flat
// the post-norm placements stay and how pre-LN's squared norm grows.
Figure depth_hidden_norm_figure(const DepthComparison& comparison);

// ||dLoss/dW2|| of each layer's FFN, one line per placement on a log axis; the subtitle gives the last
// layer's value per placement and the ratio of the top layer's to the bottom layer's.
Figure depth_gradient_figure(const DepthComparison& comparison);

// Xiong et al.'s Theorem 1 across depths: the top layer's ||dLoss/dW2|| of stacks of each depth, one
// list per placement (same seed and batch for all).
struct DepthSweep {
  model::ModelConfig config;        // shared; its layers and placement are not used
  std::vector<std::size_t> depths;  // L of each stack, increasing
  std::vector<model::Placement> placements;
  std::vector<std::vector<double>> top_w2_gradient;  // [placement][depth]
};
// Like compare_depths, `stop` ends the sweep before its next stack (the lists are then short); the
// progress fraction weighs each stack by its depth.
DepthSweep sweep_depths(const model::ModelConfig& config, const std::vector<std::size_t>& depths,
                        const std::vector<model::Placement>& placements, std::stop_token stop = {},
                        const DepthProgress& progress = {});

// Depths 3, 6, 12, ... doubling up to max_depth (at least 3, and max_depth itself when it is not one).
std::vector<std::size_t> doubling_depths(std::size_t max_depth);

// The slope of log(y) against log(x) by least squares: y ~ x^slope.
double log_log_slope(const std::vector<double>& x, const std::vector<double>& y);

// The top layer's gradient against L on log-log axes, with a 1/sqrt(L) guide; the subtitle gives each
// placement's fitted exponent.
Figure depth_last_layer_figure(const DepthSweep& sweep);

}  // namespace normlab::figure
