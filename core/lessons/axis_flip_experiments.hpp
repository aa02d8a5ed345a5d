// The axis-flip lesson's two experiments, headless:
//   1. Batch size down to 1: BatchNorm's statistics come from the batch, so sample 0's output changes
//      with the batch around it and, at one sample, collapses to beta; LayerNorm's do not move.
//   2. Train vs eval: BatchNorm normalizes with batch statistics in training and with running averages
//      at inference; the difference of the two outputs on the same batch is the mismatch LayerNorm
//      never has.
#pragma once

#include <cstddef>
#include <vector>

#include "lessons/axis_flip.hpp"

namespace normlab::lessons {

// ---- 1. Batch size ------------------------------------------------------------------------------

struct BatchSizePoint {
  std::size_t batch_samples = 0;
  std::vector<double> batch_norm_sample0;   // BatchNorm (train) outputs of sample 0, one per feature
  std::vector<double> layer_norm_sample0;   // LayerNorm outputs of sample 0 (the same at every size)
  std::vector<double> feature_mean;         // BatchNorm's mu per feature at this batch size
  std::vector<double> feature_std;          // BatchNorm's sigma per feature at this batch size
};

struct BatchSizeSweep {
  std::vector<BatchSizePoint> points;       // batch sizes from all samples down to 1
  std::size_t features = 0;                 // values per sample
};

// Runs BatchNorm (train mode) and LayerNorm on the first b samples for every b from N down to 1, with
// the settings' eps, gamma and beta. 2-D (samples, features) input; throws std::invalid_argument else.
BatchSizeSweep sweep_batch_size(const Tensor<double>& activations, const AxisFlipSettings& settings);

// ---- 2. Train vs eval -----------------------------------------------------------------------------

struct TrainEvalComparison {
  AxisFlipResult train;          // batch statistics
  AxisFlipResult eval;           // running statistics after settings.running_steps steps
  Tensor<double> difference;     // eval output - train output, same shape as the batch
  double max_abs_difference = 0;
};

// BatchNorm on the settings' batch in both modes (settings.kind is ignored and taken as batch).
TrainEvalComparison compare_train_eval(const Tensor<double>& activations, const AxisFlipSettings& settings);

}  // namespace normlab::lessons
