// The lesson's figures show what the lesson computed: the focused group outlined, outputs filled only
// as far as the sweep has gone, the batch-size curves ending at beta; each exports headless.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "figure/export.hpp"
#include "lessons/activation_matrix.hpp"
#include "lessons/axis_flip_figures.hpp"

namespace normlab::lessons {
namespace {

const figure::HeatmapSeries& heatmap_in(const figure::Figure& plot) {
  return std::get<figure::HeatmapSeries>(plot.series.at(0));
}

TEST(AxisFlipFigures, MatrixFigureFollowsTheSweep) {
  const auto activations = make_preset(ActivationPreset::random_normal, {5, 4}, 3);
  AxisFlipSettings settings;
  settings.kind = NormKind::batch;
  const AxisFlipResult result = compute_axis_flip(activations, settings);
  const SweepTimeline timeline(result.reduction.members.size());
  const SweepFrame frame = timeline.at_step(4);  // group 2 (column 2), statistics phase
  const figure::Figure whole = axis_flip_matrix_figure(result, &frame);
  ASSERT_EQ(whole.panels.size(), 3u);
  const auto& input = heatmap_in(whole.panels[0]);
  const auto& output = heatmap_in(whole.panels[1]);
  EXPECT_EQ(input.rows, 5u);
  EXPECT_EQ(input.cols, 4u);
  EXPECT_EQ(input.values, activations.values);
  ASSERT_EQ(input.regions.size(), 1u);
  for (std::size_t cell = 0; cell < 20; ++cell) {
    EXPECT_EQ(input.regions[0].cells[cell], cell % 4 == 1) << "BatchNorm's group 2 is column 2";
    // Column 1 is done; column 2 shows its statistics but not yet its output.
    EXPECT_EQ(std::isnan(output.values[cell]), cell % 4 != 0) << cell;
  }
  EXPECT_NE(whole.panels[0].x_axis.label.find("features"), std::string::npos);
  EXPECT_NE(whole.panels[0].y_axis.label.find("samples"), std::string::npos);
  EXPECT_NE(whole.subtitle.find("columns"), std::string::npos);
  // mu and sigma are plotted for the groups whose statistics have appeared: columns 1 and 2.
  const auto& means = std::get<figure::LineSeries>(whole.panels[2].series.at(0));
  EXPECT_EQ(means.y, (std::vector<double>{result.statistics[0].mean, result.statistics[1].mean}));
}

TEST(AxisFlipFigures, OutputTitleNamesBetaOnlyForNormsThatHaveOne) {
  const auto activations = make_preset(ActivationPreset::random_normal, {4, 6}, 1);
  for (const NormKind kind : {NormKind::layer, NormKind::rms}) {
    AxisFlipSettings settings;
    settings.kind = kind;
    const figure::Figure whole = axis_flip_matrix_figure(compute_axis_flip(activations, settings));
    const std::string& title = whole.panels.at(1).title;
    EXPECT_EQ(title.find("beta") != std::string::npos, kind == NormKind::layer) << title;
  }
}

TEST(AxisFlipFigures, BatchSizeFigureEndsAtBetaWithOneColourPerFeature) {
  const auto activations = make_preset(ActivationPreset::random_normal, {8, 3}, 3);
  AxisFlipSettings settings;
  settings.beta = 0.5;
  const figure::Figure plot = batch_size_figure(sweep_batch_size(activations, settings), settings.beta, 2);
  // Two legend keys without points (solid = BatchNorm, dashed = LayerNorm), then each feature's pair.
  ASSERT_EQ(plot.series.size(), 6u);
  for (std::size_t key = 0; key < 2; ++key) {
    const auto& line = std::get<figure::LineSeries>(plot.series[key]);
    EXPECT_TRUE(line.x.empty());
    EXPECT_EQ(line.dashed, key == 1);
    EXPECT_EQ(line.name, key == 0 ? "BatchNorm" : "LayerNorm");
  }
  for (std::size_t feature = 0; feature < 2; ++feature) {
    SCOPED_TRACE(feature);
    const auto& batch_line = std::get<figure::LineSeries>(plot.series[2 + 2 * feature]);
    const auto& layer_line = std::get<figure::LineSeries>(plot.series[3 + 2 * feature]);
    EXPECT_EQ(batch_line.x.back(), 1.0);
    EXPECT_NEAR(batch_line.y.back(), 0.5, 1e-12);
    EXPECT_TRUE(layer_line.dashed);
    EXPECT_DOUBLE_EQ(layer_line.y.front(), layer_line.y.back());
    EXPECT_EQ(batch_line.color_slot, feature);
    EXPECT_EQ(layer_line.color_slot, feature);
    // Read-outs name the norm; the legend names the feature once.
    EXPECT_EQ(batch_line.name, "BatchNorm, feature " + std::to_string(feature + 1));
    EXPECT_EQ(batch_line.legend_label, "feature " + std::to_string(feature + 1));
    EXPECT_EQ(layer_line.legend_label, "");
  }
}

// The panel hides the subtitle, so the title says when the lines are only some of the features.
TEST(AxisFlipFigures, BatchSizeFigureTitleSaysHowManyFeaturesItShows) {
  const auto activations = make_preset(ActivationPreset::random_normal, {8, 3}, 3);
  const AxisFlipSettings settings;
  const BatchSizeSweep sweep = sweep_batch_size(activations, settings);
  const figure::Figure two = batch_size_figure(sweep, settings.beta, 2);
  EXPECT_NE(two.title.find("(features 1 to 2 of 3)"), std::string::npos) << two.title;
  EXPECT_EQ(two.series.size(), 2u + 2u * 2u);
  for (const std::size_t shown : {3u, 4u}) {
    const figure::Figure all = batch_size_figure(sweep, settings.beta, shown);
    EXPECT_EQ(all.title.find("features 1 to"), std::string::npos) << all.title;
    EXPECT_EQ(all.series.size(), 2u + 2u * 3u);
  }
}

TEST(AxisFlipFigures, EveryCatalogEntryBuildsAndExports) {
  const std::string directory = ::testing::TempDir();
  for (const std::string& name : axis_flip_figure_names()) {
    SCOPED_TRACE(name);
    const figure::CatalogEntry entry = axis_flip_catalog_entry(name);
    figure::FigureParameters parameters;
    entry.declare(parameters);
    const figure::Figure built = entry.build(parameters);
    EXPECT_FALSE(built.title.empty());
    const std::string path = directory + "/" + name + ".svg";
    figure::export_figure(built, figure::ExportFormat::svg, path, {});
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    EXPECT_NE(text.str().find("<svg"), std::string::npos);
    std::remove(path.c_str());
    EXPECT_THROW(parameters.set("norm", "sideways"), std::invalid_argument);
  }
  EXPECT_THROW(axis_flip_catalog_entry("axis-flip-nothing"), std::invalid_argument);
}

TEST(AxisFlipFigures, CubeFigureHasOneSlabPerSampleColouredByGroup) {
  const auto activations = make_preset(ActivationPreset::random_normal, {2, 4, 3}, 1);
  AxisFlipSettings settings;
  settings.kind = NormKind::group;
  settings.groups = 2;
  const AxisFlipResult result = compute_axis_flip(activations, settings);
  const figure::Figure whole = group_map_figure(result);
  ASSERT_EQ(whole.panels.size(), 2u);
  for (std::size_t sample = 0; sample < 2; ++sample) {
    const auto& slab = heatmap_in(whole.panels[sample]);
    for (std::size_t offset = 0; offset < 12; ++offset) {
      EXPECT_EQ(slab.values[offset], static_cast<double>(result.reduction.group_of_element[sample * 12 + offset] + 1));
    }
  }
}

}  // namespace
}  // namespace normlab::lessons
