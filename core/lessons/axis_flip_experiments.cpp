#include "lessons/axis_flip_experiments.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace normlab::lessons {

BatchSizeSweep sweep_batch_size(const Tensor<double>& activations, const AxisFlipSettings& settings) {
  if (activations.rank() != 2) {
    throw std::invalid_argument("the batch-size experiment takes a (samples, features) matrix, got " +
                                shape_to_string(activations.shape));
  }
  BatchSizeSweep sweep;
  sweep.features = activations.shape[1];
  AxisFlipSettings batch_settings = settings;
  batch_settings.kind = NormKind::batch;
  batch_settings.training = true;
  AxisFlipSettings layer_settings = settings;
  layer_settings.kind = NormKind::layer;
  for (std::size_t samples = activations.shape[0]; samples >= 1; --samples) {
    batch_settings.batch_samples = samples;
    layer_settings.batch_samples = samples;
    const AxisFlipResult batch = compute_axis_flip(activations, batch_settings);
    const AxisFlipResult layer = compute_axis_flip(activations, layer_settings);
    BatchSizePoint point;
    point.batch_samples = samples;
    point.batch_norm_sample0.assign(batch.output.values.begin(), batch.output.values.begin() + sweep.features);
    point.layer_norm_sample0.assign(layer.output.values.begin(), layer.output.values.begin() + sweep.features);
    for (std::size_t feature = 0; feature < sweep.features; ++feature) {
      // In a (samples, features) matrix BatchNorm's group of feature j is the one holding cell (0, j).
      const GroupStatistics& statistics = batch.statistics[batch.reduction.group_of_element[feature]];
      point.feature_mean.push_back(statistics.mean);
      point.feature_std.push_back(statistics.standard_deviation());
    }
    sweep.points.push_back(std::move(point));
  }
  return sweep;
}

TrainEvalComparison compare_train_eval(const Tensor<double>& activations, const AxisFlipSettings& settings) {
  AxisFlipSettings train_settings = settings;
  train_settings.kind = NormKind::batch;
  train_settings.training = true;
  AxisFlipSettings eval_settings = train_settings;
  eval_settings.training = false;
  TrainEvalComparison comparison;
  comparison.train = compute_axis_flip(activations, train_settings);
  comparison.eval = compute_axis_flip(activations, eval_settings);
  comparison.difference = Tensor<double>(comparison.train.output.shape);
  for (std::size_t index = 0; index < comparison.difference.size(); ++index) {
    comparison.difference[index] = comparison.eval.output[index] - comparison.train.output[index];
    comparison.max_abs_difference = std::max(comparison.max_abs_difference, std::abs(comparison.difference[index]));
  }
  return comparison;
}

}  // namespace normlab::lessons
