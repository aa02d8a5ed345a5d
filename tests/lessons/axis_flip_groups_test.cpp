// The highlighted groups are the core's reduction groups, for every variant and shape; and the core's
// groups are the slices the lesson claims (LayerNorm: a row, BatchNorm: a column), derived here by index
// arithmetic independently of the core.
#include <gtest/gtest.h>

#include <set>

#include "lessons/activation_matrix.hpp"
#include "lessons/axis_flip.hpp"
#include "lessons/axis_flip_figures.hpp"
#include "lessons/sweep_timeline.hpp"
#include "test_support.hpp"

namespace normlab::lessons {
namespace {

using testing::all_cases;

TEST(AxisFlipGroups, LessonGroupsAreTheCoreReductionGroups) {
  for (const auto& test_case : all_cases()) {
    SCOPED_TRACE(test_case.name());
    const auto activations = make_preset(ActivationPreset::random_normal, test_case.shape, 7);
    const AxisFlipResult result = compute_axis_flip(activations, test_case.settings);
    const ReductionGroups core = describe_reduction(norm_config_of(test_case.settings), test_case.shape);
    EXPECT_EQ(result.reduction.group_of_element, core.group_of_element);
    EXPECT_EQ(result.reduction.members, core.members);
    ASSERT_EQ(result.statistics.size(), core.members.size());
  }
}

TEST(AxisFlipGroups, SweepHighlightsExactlyEachCoreGroupInTurn) {
  for (const auto& test_case : all_cases()) {
    SCOPED_TRACE(test_case.name());
    const auto activations = make_preset(ActivationPreset::random_normal, test_case.shape, 3);
    const AxisFlipResult result = compute_axis_flip(activations, test_case.settings);
    const SweepTimeline timeline(result.reduction.members.size());
    ASSERT_EQ(timeline.step_count(), kPhasesPerGroup * result.reduction.members.size());
    std::set<std::size_t> groups_highlighted;
    for (std::size_t step = 0; step < timeline.step_count(); ++step) {
      const SweepFrame frame = timeline.at_step(step);
      if (frame.phase != SweepPhase::highlight) continue;
      std::vector<std::size_t> lit;
      for (std::size_t cell = 0; cell < result.batch.size(); ++cell) {
        if (SweepTimeline::stage_of(frame, result.reduction.group_of_element[cell]) == CellStage::highlighted) {
          lit.push_back(cell);
        }
      }
      EXPECT_EQ(lit, result.reduction.members[frame.group]);
      const std::vector<bool> mask = group_mask(result, frame.group);
      for (std::size_t cell = 0; cell < mask.size(); ++cell) {
        EXPECT_EQ(mask[cell], result.reduction.group_of_element[cell] == frame.group);
      }
      groups_highlighted.insert(frame.group);
    }
    EXPECT_EQ(groups_highlighted.size(), result.reduction.members.size());
  }
}

// LayerNorm/RMSNorm on (samples, features): one group per row; BatchNorm: one per column.
TEST(AxisFlipGroups, RowsForLayerNormColumnsForBatchNorm) {
  const Shape shape = {5, 7};
  const auto activations = make_preset(ActivationPreset::random_normal, shape, 11);
  for (const NormKind kind : {NormKind::layer, NormKind::rms, NormKind::batch}) {
    AxisFlipSettings settings;
    settings.kind = kind;
    const AxisFlipResult result = compute_axis_flip(activations, settings);
    const bool by_row = kind != NormKind::batch;
    EXPECT_EQ(result.reduction.members.size(), by_row ? shape[0] : shape[1]);
    for (std::size_t first = 0; first < activations.size(); ++first) {
      for (std::size_t second = 0; second < activations.size(); ++second) {
        const bool same_slice = by_row ? first / shape[1] == second / shape[1] : first % shape[1] == second % shape[1];
        EXPECT_EQ(result.reduction.group_of_element[first] == result.reduction.group_of_element[second], same_slice);
      }
    }
  }
}

// InstanceNorm on (N, C, L): one group per (sample, channel); GroupNorm with G groups: per sample, C/G
// consecutive channels across all positions.
TEST(AxisFlipGroups, CubeGroupsForInstanceAndGroupNorm) {
  const Shape shape = {2, 6, 3};
  const auto activations = make_preset(ActivationPreset::random_normal, shape, 5);
  for (const std::size_t groups : {1, 2, 3, 6}) {
    AxisFlipSettings settings;
    settings.kind = NormKind::group;
    settings.groups = groups;
    const AxisFlipResult result = compute_axis_flip(activations, settings);
    EXPECT_EQ(result.reduction.members.size(), shape[0] * groups);
    const auto key = [&](std::size_t flat) {
      const std::size_t sample = flat / (shape[1] * shape[2]);
      const std::size_t channel = (flat / shape[2]) % shape[1];
      return sample * groups + channel / (shape[1] / groups);
    };
    for (std::size_t first = 0; first < activations.size(); ++first) {
      for (std::size_t second = 0; second < activations.size(); ++second) {
        EXPECT_EQ(result.reduction.group_of_element[first] == result.reduction.group_of_element[second],
                  key(first) == key(second));
      }
    }
  }
  AxisFlipSettings instance;
  instance.kind = NormKind::instance;
  const AxisFlipResult result = compute_axis_flip(activations, instance);
  EXPECT_EQ(result.reduction.members.size(), shape[0] * shape[1]);
  for (std::size_t flat = 0; flat < activations.size(); ++flat) {
    EXPECT_EQ(result.reduction.group_of_element[flat], result.reduction.group_of_element[(flat / shape[2]) * shape[2]]);
  }
}

TEST(AxisFlipGroups, ShapesAVariantCannotTakeGiveAClearError) {
  const auto matrix = make_preset(ActivationPreset::random_normal, {4, 6}, 1);
  AxisFlipSettings instance;
  instance.kind = NormKind::instance;
  EXPECT_THROW(compute_axis_flip(matrix, instance), std::invalid_argument);
  AxisFlipSettings group;
  group.kind = NormKind::group;
  group.groups = 4;  // 6 channels are not divisible by 4
  EXPECT_THROW(compute_axis_flip(matrix, group), std::invalid_argument);
  AxisFlipSettings too_big;
  too_big.batch_samples = 5;
  EXPECT_THROW(compute_axis_flip(matrix, too_big), std::invalid_argument);
}

TEST(SweepTimeline, TimeAndStepAgreeAndClamp) {
  const SweepTimeline timeline(4, 0.5);
  EXPECT_DOUBLE_EQ(timeline.duration_seconds(), 6.0);
  for (std::size_t step = 0; step < timeline.step_count(); ++step) {
    const SweepFrame by_time = timeline.at_time(timeline.time_of_step(step) + 0.25);
    const SweepFrame by_step = timeline.at_step(step);
    EXPECT_EQ(by_time.step, step);
    EXPECT_EQ(by_time.group, by_step.group);
    EXPECT_EQ(by_time.phase, by_step.phase);
    EXPECT_NEAR(by_time.phase_progress, 0.5, 1e-12);
    EXPECT_FALSE(by_time.finished);
  }
  EXPECT_EQ(timeline.at_time(-3).step, 0u);
  const SweepFrame end = timeline.at_time(6.0);
  EXPECT_TRUE(end.finished);
  for (std::size_t group = 0; group < 4; ++group) {
    EXPECT_EQ(SweepTimeline::stage_of(end, group), CellStage::output_shown);
  }
  // Mid-sweep: earlier groups done, later ones waiting, the focused one in its phase.
  const SweepFrame middle = timeline.at_step(7);  // group 2, statistics phase
  EXPECT_EQ(middle.group, 2u);
  EXPECT_EQ(SweepTimeline::stage_of(middle, 1), CellStage::output_shown);
  EXPECT_EQ(SweepTimeline::stage_of(middle, 2), CellStage::statistics_shown);
  EXPECT_EQ(SweepTimeline::stage_of(middle, 3), CellStage::waiting);
  EXPECT_THROW(SweepTimeline(3, 0.0), std::invalid_argument);
}

}  // namespace
}  // namespace normlab::lessons
