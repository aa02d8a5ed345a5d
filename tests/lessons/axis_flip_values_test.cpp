// Values: an edit moves exactly its group's outputs; batch size 1 collapses BatchNorm to beta; the shown
// statistics reproduce the core's outputs; eval mode uses running statistics built as PyTorch does.
#include <gtest/gtest.h>

#include <cmath>

#include "lessons/activation_matrix.hpp"
#include "lessons/axis_flip.hpp"
#include "lessons/axis_flip_experiments.hpp"
#include "test_support.hpp"

namespace normlab::lessons {
namespace {

using testing::all_cases;
using testing::settings_of;

TEST(AxisFlipValues, EditingACellChangesExactlyTheOutputsOfItsGroup) {
  for (const auto& test_case : all_cases()) {
    SCOPED_TRACE(test_case.name());
    const auto original = make_preset(ActivationPreset::random_normal, test_case.shape, 21);
    const AxisFlipResult before = compute_axis_flip(original, test_case.settings);
    // First, last and a middle cell.
    for (const std::size_t cell : {std::size_t{0}, original.size() / 2, original.size() - 1}) {
      auto edited = original;
      set_cell(edited, cell, original[cell] + 0.75);
      const AxisFlipResult after = compute_axis_flip(edited, test_case.settings);
      const std::size_t group = before.reduction.group_of_element[cell];
      const bool group_has_spread = before.reduction.members[group].size() > 1 || !is_centring(test_case.settings.kind);
      for (std::size_t other = 0; other < original.size(); ++other) {
        const bool changed = std::abs(after.output[other] - before.output[other]) > 1e-12;
        const bool in_group = before.reduction.group_of_element[other] == group;
        // A centring norm on a one-value group outputs beta whatever the value: nothing may change.
        EXPECT_EQ(changed, in_group && group_has_spread) << "cell " << other << " after editing cell " << cell;
      }
    }
  }
}

TEST(AxisFlipValues, ShownStatisticsReproduceTheCoreOutputs) {
  for (const auto& test_case : all_cases()) {
    SCOPED_TRACE(test_case.name());
    const auto activations = make_preset(ActivationPreset::outlier_token, test_case.shape, 4);
    const AxisFlipResult result = compute_axis_flip(activations, test_case.settings);
    for (std::size_t cell = 0; cell < result.batch.size(); ++cell) {
      const CellReadout readout = read_cell(result, cell);
      const double sigma = readout.statistics.standard_deviation();
      const double expected = test_case.settings.gamma * (readout.value - readout.statistics.mean) /
                                  std::sqrt(sigma * sigma + test_case.settings.eps) +
                              (is_centring(test_case.settings.kind) ? test_case.settings.beta : 0.0);
      EXPECT_NEAR(readout.output, expected, 1e-10 * (1 + std::abs(expected)));
      EXPECT_NEAR(readout.normalized * test_case.settings.gamma +
                      (is_centring(test_case.settings.kind) ? test_case.settings.beta : 0.0),
                  readout.output, 1e-10 * (1 + std::abs(expected)));
    }
  }
}

TEST(AxisFlipValues, BatchNormOnOneSampleOutputsBetaLayerNormUnchanged) {
  for (const Shape& shape : {Shape{8, 6}, Shape{4, 3, 5}}) {
    const auto activations = make_preset(ActivationPreset::random_normal, shape, 9);
    for (const double beta : {0.0, -0.25, 3.0}) {
      AxisFlipSettings batch = settings_of(NormKind::batch);
      batch.beta = beta;
      batch.batch_samples = 1;
      const AxisFlipResult one = compute_axis_flip(activations, batch);
      // On (N, C, L) BatchNorm pools over samples AND positions: one sample still leaves L values per
      // channel, so only the 2-D matrix collapses.
      const bool collapses = shape.size() == 2;
      EXPECT_EQ(!one.warnings.empty(), collapses) << "the core warns exactly when outputs collapse";
      double largest_distance = 0;
      for (const double value : one.output.values) largest_distance = std::max(largest_distance, std::abs(value - beta));
      if (collapses) {
        EXPECT_LT(largest_distance, 1e-12);
      } else {
        EXPECT_GT(largest_distance, 0.1);
      }
    }
    AxisFlipSettings layer = settings_of(NormKind::layer);
    const AxisFlipResult full = compute_axis_flip(activations, layer);
    layer.batch_samples = 1;
    const AxisFlipResult one = compute_axis_flip(activations, layer);
    for (std::size_t index = 0; index < one.output.size(); ++index) {
      EXPECT_DOUBLE_EQ(one.output[index], full.output[index]);
    }
  }
}

TEST(AxisFlipValues, BatchSizeSweepDriftsForBatchNormOnly) {
  const auto activations = make_preset(ActivationPreset::random_normal, {16, 5}, 2);
  AxisFlipSettings settings = settings_of(NormKind::batch);
  const BatchSizeSweep sweep = sweep_batch_size(activations, settings);
  ASSERT_EQ(sweep.points.size(), 16u);
  EXPECT_EQ(sweep.points.front().batch_samples, 16u);
  EXPECT_EQ(sweep.points.back().batch_samples, 1u);
  double batch_norm_drift = 0;
  for (const auto& point : sweep.points) {
    for (std::size_t feature = 0; feature < 5; ++feature) {
      EXPECT_DOUBLE_EQ(point.layer_norm_sample0[feature], sweep.points.front().layer_norm_sample0[feature]);
      batch_norm_drift = std::max(batch_norm_drift, std::abs(point.batch_norm_sample0[feature] -
                                                             sweep.points.front().batch_norm_sample0[feature]));
    }
  }
  EXPECT_GT(batch_norm_drift, 0.1);
  for (std::size_t feature = 0; feature < 5; ++feature) {
    EXPECT_NEAR(sweep.points.back().batch_norm_sample0[feature], settings.beta, 1e-12);
    EXPECT_DOUBLE_EQ(sweep.points.back().feature_std[feature], 0.0);
    EXPECT_DOUBLE_EQ(sweep.points.back().feature_mean[feature], activations[feature]);
  }
}

// Running statistics by hand: PyTorch's update with the unbiased batch variance, from zeros and ones,
// over batches of consecutive samples wrapping around the matrix.
TEST(AxisFlipValues, EvalUsesRunningStatisticsBuiltLikePyTorch) {
  const Shape shape = {6, 3};
  const auto activations = make_preset(ActivationPreset::constant_offset, shape, 8);
  AxisFlipSettings settings = settings_of(NormKind::batch);
  settings.batch_samples = 4;
  settings.momentum = 0.3;
  settings.running_steps = 5;
  std::vector<double> running_mean(3, 0.0), running_var(3, 1.0);
  for (std::size_t step = 0; step < settings.running_steps; ++step) {
    for (std::size_t feature = 0; feature < 3; ++feature) {
      double sum = 0, square_deviation = 0;
      for (std::size_t sample = 0; sample < 4; ++sample) sum += activations[((step * 4 + sample) % 6) * 3 + feature];
      const double mean = sum / 4;
      for (std::size_t sample = 0; sample < 4; ++sample) {
        const double deviation = activations[((step * 4 + sample) % 6) * 3 + feature] - mean;
        square_deviation += deviation * deviation;
      }
      running_mean[feature] = 0.7 * running_mean[feature] + 0.3 * mean;
      running_var[feature] = 0.7 * running_var[feature] + 0.3 * square_deviation / 3;
    }
  }
  const TrainEvalComparison comparison = compare_train_eval(activations, settings);
  for (std::size_t sample = 0; sample < 4; ++sample) {
    for (std::size_t feature = 0; feature < 3; ++feature) {
      const std::size_t cell = sample * 3 + feature;
      const double expected = settings.gamma * (activations[cell] - running_mean[feature]) /
                                  std::sqrt(running_var[feature] + settings.eps) + settings.beta;
      EXPECT_NEAR(comparison.eval.output[cell], expected, 1e-9);
      EXPECT_NEAR(comparison.difference[cell], comparison.eval.output[cell] - comparison.train.output[cell], 1e-15);
    }
  }
  // Five steps at momentum 0.3 leave the running mean at 83% of an offset of 50: a large mismatch.
  EXPECT_GT(comparison.max_abs_difference, 1.0);
  // With no training steps eval uses PyTorch's initial statistics: mean 0, variance 1.
  settings.running_steps = 0;
  settings.training = false;
  const AxisFlipResult untrained = compute_axis_flip(activations, settings);
  for (std::size_t cell = 0; cell < untrained.output.size(); ++cell) {
    EXPECT_NEAR(untrained.output[cell], settings.gamma * activations[cell] / std::sqrt(1 + settings.eps) + settings.beta,
                1e-9);
  }
}

}  // namespace
}  // namespace normlab::lessons
