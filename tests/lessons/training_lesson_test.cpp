// The training lesson: each preset tells its story for every one of its checked seeds (the runs end as
// the story says: learned, stalled or diverged), and the figures say what the runs did -- a diverged
// run marked at its step, the sweep's mean and range over seeds, DeepNorm's constants computed.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <variant>

#include "figure/geometry.hpp"
#include "lessons/training_lesson.hpp"

namespace normlab::lessons {
namespace {

void expect_story(const std::string& preset_id) {
  const TrainingPreset& preset = find_training_preset(preset_id);
  ASSERT_EQ(preset.runs.size(), preset.expected.size());
  ASSERT_GE(preset.checked_seeds.size(), 5u);
  for (std::uint64_t seed : preset.checked_seeds) {
    const std::vector<TrainingRunSpec> runs = preset_runs_with_seed(preset, seed);
    const std::vector<model::TrainResult> results = train_all(runs);
    ASSERT_EQ(results.size(), runs.size());
    for (std::size_t index = 0; index < runs.size(); ++index) {
      SCOPED_TRACE(preset_id + ": " + run_label(runs[index]) + ", seed " + std::to_string(seed));
      EXPECT_EQ(model::outcome_name(results[index].outcome), model::outcome_name(preset.expected[index]))
          << "final loss " << results[index].final_loss << ", accuracy " << results[index].final_accuracy << " "
          << results[index].divergence_reason;
      // A stalled run of a story sits at chance, not half-way: the story is not a borderline call.
      if (preset.expected[index] == model::Outcome::stalled) {
        EXPECT_GT(results[index].final_loss, 0.9 * results[index].chance_loss);
      }
    }
  }
}

TEST(TrainingPresets, PostLnNeedsWarmup) { expect_story("warmup"); }
TEST(TrainingPresets, PreLnTrainsWithoutWarmup) { expect_story("pre-ln"); }
TEST(TrainingPresets, DeepNormTrainsAtDepth) { expect_story("deepnorm"); }

TEST(TrainingPresets, UnknownPresetIsAOneLineError) {
  try {
    find_training_preset("sideways");
    FAIL() << "no error";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("warmup"), std::string::npos);
  }
}

TEST(TrainingFigures, ADivergedRunIsMarkedAtItsStepAndSaidInWords) {
  TrainingRunSpec spec = find_training_preset("warmup").runs.front();
  spec.model.placement = model::Placement::none;
  spec.model.layers = 2;
  spec.train.learning_rate = 1e3;
  spec.train.steps = 40;
  const std::vector<model::TrainResult> results = train_all({spec});
  ASSERT_EQ(results.front().outcome, model::Outcome::diverged);
  const figure::Figure curves = training_curves_figure({spec}, results);
  ASSERT_EQ(curves.panels.size(), 3u);
  EXPECT_NE(curves.subtitle.find("diverged"), std::string::npos);
  const auto& marks = curves.panels.front().annotations;
  const double diverged_at = static_cast<double>(results.front().curve.back().step);
  EXPECT_TRUE(std::any_of(marks.begin(), marks.end(), [&](const figure::Annotation& mark) {
    return mark.kind == figure::AnnotationKind::vertical_line && mark.x == diverged_at;
  }));
}

TEST(TrainingFigures, SweepShowsTheSeedsMeanAndRange) {
  // Points written out by hand: two seeds per learning rate, one of which stalls at 1e-2.
  TrainingRunSpec spec = find_training_preset("warmup").runs.front();
  LearningRateSweep sweep;
  sweep.specs = {spec};
  sweep.learning_rates = {1e-3, 1e-2};
  sweep.seeds = {1, 2};
  sweep.chance_loss = std::log(15.0);
  const std::string name = run_label(spec);
  sweep.points = {{name, 1e-3, 1, 0.1, 1.0, model::Outcome::learned},
                  {name, 1e-3, 2, 0.3, 1.0, model::Outcome::learned},
                  {name, 1e-2, 1, 0.2, 1.0, model::Outcome::learned},
                  {name, 1e-2, 2, 2.7, 0.1, model::Outcome::stalled}};
  const figure::Figure plot = lr_sweep_figure(sweep);
  const figure::LineSeries* mean = nullptr;
  const figure::BandSeries* band = nullptr;
  for (const figure::Series& series : plot.series) {
    if (const auto* line = std::get_if<figure::LineSeries>(&series)) mean = line;
    if (const auto* shade = std::get_if<figure::BandSeries>(&series)) band = shade;
  }
  ASSERT_NE(mean, nullptr);
  ASSERT_NE(band, nullptr);
  ASSERT_EQ(mean->y.size(), 2u);
  EXPECT_DOUBLE_EQ(mean->y[0], 0.2);
  EXPECT_DOUBLE_EQ(mean->y[1], 1.45);
  EXPECT_DOUBLE_EQ(band->y_low[1], 0.2);
  EXPECT_DOUBLE_EQ(band->y_high[1], 2.7);
  // Every seed learned at 1e-3 only.
  EXPECT_NE(plot.subtitle.find(name + ": 0.001"), std::string::npos) << plot.subtitle;
}

TEST(TrainingFigures, EachSweepBandHasItsLinesColour) {
  const TrainingPreset& preset = find_training_preset("warmup");
  LearningRateSweep sweep;
  sweep.specs = {preset.runs[0], preset.runs[1], preset.runs[2]};
  sweep.learning_rates = {1e-3};
  sweep.seeds = {1};
  for (const TrainingRunSpec& spec : sweep.specs) {
    sweep.points.push_back({run_label(spec), 1e-3, 1, 0.5, 1.0, model::Outcome::learned});
  }
  const figure::Figure plot = lr_sweep_figure(sweep);
  for (const figure::Theme& theme : {figure::light_theme(), figure::dark_theme()}) {
    for (std::size_t band = 0; band < plot.series.size(); ++band) {
      if (!std::holds_alternative<figure::BandSeries>(plot.series[band])) continue;
      const std::string line_name = std::get<figure::BandSeries>(plot.series[band]).name;
      for (std::size_t line = 0; line < plot.series.size(); ++line) {
        const auto* mean = std::get_if<figure::LineSeries>(&plot.series[line]);
        if (mean == nullptr || line_name.rfind(mean->name + " (", 0) != 0) continue;
        const figure::Color band_colour = figure::detail::series_color(plot, band, theme);
        const figure::Color line_colour = figure::detail::series_color(plot, line, theme);
        EXPECT_EQ(band_colour.red, line_colour.red) << line_name;
        EXPECT_EQ(band_colour.green, line_colour.green) << line_name;
        EXPECT_EQ(band_colour.blue, line_colour.blue) << line_name;
      }
    }
  }
}

TEST(TrainingFigures, DeepNormConstantsAreTheDecoderOnlyRow) {
  // Wang et al. 2022, decoder-only: alpha = (2L)^(1/4), beta = (8L)^(-1/4); L = 24 gives 2.63 and 0.269.
  const std::string text = deepnorm_constants_text(24);
  EXPECT_NE(text.find("alpha = (2L)^(1/4) = 2.63"), std::string::npos) << text;
  EXPECT_NE(text.find("beta = (8L)^(-1/4) = 0.269"), std::string::npos) << text;
}

}  // namespace
}  // namespace normlab::lessons
