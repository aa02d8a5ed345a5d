// The depth figures show the probes' own numbers: every line is a run of depth_probe, and every number
// in a subtitle is recomputed here (least squares worked by hand, ratios from the probes).
#include "lessons/depth_figures.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "catalog/figure_catalog.hpp"
#include "figure/draw.hpp"

namespace normlab::figure {
namespace {

model::DepthProbeResult run_with_hidden_norms(const std::vector<double>& norms) {
  model::DepthProbeResult run;
  for (const double norm : norms) {
    model::LayerProbe probe;
    probe.hidden_norm = norm;
    probe.grad_norm_ffn_w2 = 1;
    run.layers.push_back(probe);
  }
  return run;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(DepthFigures, SquaredNormGrowthIsTheMeanIncreasePerLayerOfEachHalf) {
  // h_l^2 = 4 + 3 l: 3 per layer in both halves.
  std::vector<double> even;
  for (int layer = 1; layer <= 6; ++layer) even.push_back(std::sqrt(4.0 + 3.0 * layer));
  const SquaredNormGrowth steady = squared_norm_growth(run_with_hidden_norms(even));
  EXPECT_NEAR(steady.lower_half_per_layer, 3.0, 1e-12);
  EXPECT_NEAR(steady.upper_half_per_layer, 3.0, 1e-12);
  // h_l = l over 5 layers, middle layer 3: squares 1 -> 9 over 2 layers, 9 -> 25 over 2.
  const SquaredNormGrowth faster = squared_norm_growth(run_with_hidden_norms({1, 2, 3, 4, 5}));
  EXPECT_NEAR(faster.lower_half_per_layer, 4.0, 1e-12);
  EXPECT_NEAR(faster.upper_half_per_layer, 8.0, 1e-12);
  // Too short to have halves.
  EXPECT_EQ(squared_norm_growth(run_with_hidden_norms({1, 2})).upper_half_per_layer, 0.0);
}

TEST(DepthFigures, AStopRequestEndsTheRunsBeforeTheNextStack) {
  model::ModelConfig config;
  config.layers = 4;
  config.d_model = 32;
  std::stop_source stop;
  EXPECT_EQ(compare_depths(config, depth_figure_placements(), stop.get_token()).runs.size(), 3u);  // not stopped
  stop.request_stop();
  EXPECT_TRUE(compare_depths(config, depth_figure_placements(), stop.get_token()).runs.empty());
  EXPECT_TRUE(sweep_depths(config, {2, 4}, depth_figure_placements(), stop.get_token()).top_w2_gradient.empty());
}

// The progress a comparison reports: every layer of every run's forward and backward pass is named,
// the fraction never goes back and ends at 1, and the words say which stack and which layer.
TEST(DepthFigures, ProgressNamesEveryLayerAndItsFractionOnlyGrows) {
  model::ModelConfig config;
  config.layers = 5;
  config.d_model = 32;
  std::vector<std::pair<double, std::string>> reports;
  const auto record = [&reports](double fraction, const std::string& words) { reports.emplace_back(fraction, words); };
  compare_depths(config, depth_figure_placements(), {}, record);
  // Per run: each of the 5 blocks initialized, then through the forward and the backward pass.
  ASSERT_EQ(reports.size(), 3u * 3 * 5);
  for (std::size_t index = 1; index < reports.size(); ++index)
    EXPECT_GE(reports[index].first, reports[index - 1].first) << reports[index].second;
  EXPECT_GT(reports.front().first, 0.0);
  EXPECT_NEAR(reports.back().first, 1.0, 1e-12);
  EXPECT_EQ(reports[0].second, "post-LN: initializing, layer 1 of 5");
  EXPECT_EQ(reports[5].second, "post-LN: forward, layer 1 of 5");
  EXPECT_EQ(reports[14].second, "post-LN: backward, layer 5 of 5");
  EXPECT_EQ(reports[20].second, "pre-LN: forward, layer 1 of 5");
  // A third of the way after the first run: the runs share the bar evenly.
  EXPECT_NEAR(reports[14].first, 1.0 / 3.0, 1e-12);

  // A sweep weighs each stack by its depth: after the 2-layer stack of the first of two placements
  // 2 of (2 + 4) * 2 layers are done.
  reports.clear();
  sweep_depths(config, {2, 4}, {model::Placement::post, model::Placement::pre}, {}, record);
  ASSERT_EQ(reports.size(), 2u * 3 * (2 + 4));
  EXPECT_NEAR(reports[5].first, 2.0 / 12.0, 1e-12);
  EXPECT_EQ(reports[5].second, "post-LN 2-layer stack: backward, layer 2 of 2");
  EXPECT_NEAR(reports.back().first, 1.0, 1e-12);
}

TEST(DepthFigures, EveryLineIsItsPlacementsProbeOnTheSameBatch) {
  model::ModelConfig config;
  config.layers = 6;
  config.d_model = 32;
  config.seed = 3;
  const DepthComparison comparison = compare_depths(config, depth_figure_placements());
  ASSERT_EQ(comparison.runs.size(), 3u);
  const Figure hidden = depth_hidden_norm_figure(comparison);
  const Figure gradients = depth_gradient_figure(comparison);
  ASSERT_EQ(hidden.series.size(), 3u);
  for (std::size_t index = 0; index < 3; ++index) {
    model::ModelConfig run_config = config;
    run_config.placement = comparison.placements[index];
    const model::DepthProbeResult expected = model::depth_probe(run_config);  // computed again, independently
    const auto& hidden_line = std::get<LineSeries>(hidden.series[index]);
    const auto& gradient_line = std::get<LineSeries>(gradients.series[index]);
    EXPECT_EQ(hidden_line.name, placement_label(comparison.placements[index], NormKind::layer));
    ASSERT_EQ(hidden_line.y.size(), 6u);
    for (std::size_t layer = 0; layer < 6; ++layer) {
      EXPECT_EQ(hidden_line.x[layer], static_cast<double>(layer + 1));
      EXPECT_EQ(hidden_line.y[layer], expected.layers[layer].hidden_norm);
      EXPECT_EQ(gradient_line.y[layer], expected.layers[layer].grad_norm_ffn_w2);
    }
  }
  // Post-norm stacks end every layer with a norm of unit variance: the norm is sqrt(d) to a part in 1e4.
  for (const double norm : std::get<LineSeries>(hidden.series[0]).y) EXPECT_NEAR(norm, std::sqrt(32.0), 1e-3);
  // The subtitle's pre-LN numbers are the fit of the pre-LN line, and its ratios the probes'.
  const SquaredNormGrowth growth = squared_norm_growth(comparison.runs[1]);
  EXPECT_TRUE(contains(hidden.subtitle, "grows " + format_number(growth.lower_half_per_layer) +
                                            " per layer in the lower half, " +
                                            format_number(growth.upper_half_per_layer) + " in the upper"))
      << hidden.subtitle;
  const auto& pre = comparison.runs[1].layers;
  EXPECT_TRUE(contains(gradients.subtitle,
                       "pre-LN " + format_number(pre.back().grad_norm_ffn_w2) + " / " +
                           format_number(pre.front().grad_norm_ffn_w2) + " = " +
                           format_number(pre.back().grad_norm_ffn_w2 / pre.front().grad_norm_ffn_w2)))
      << gradients.subtitle;
  EXPECT_EQ(gradients.y_axis.scale, AxisScale::log);
}

TEST(DepthFigures, PostLnUnderDeepNormStaysVisible) {
  // At initialization both post-norm stacks end every layer at sqrt(d): drawn alike, DeepNorm's line hid
  // post-LN's. Post-LN is a wider band under DeepNorm's dashes, and its legend entry says so.
  model::ModelConfig config;
  config.layers = 6;
  config.d_model = 32;
  const DepthComparison comparison = compare_depths(config, depth_figure_placements());
  const Figure hidden = depth_hidden_norm_figure(comparison);
  const auto& post = std::get<LineSeries>(hidden.series[0]);
  const auto& deep = std::get<LineSeries>(hidden.series[2]);
  ASSERT_EQ(comparison.placements[0], model::Placement::post);
  ASSERT_EQ(comparison.placements[2], model::Placement::deepnorm);
  EXPECT_TRUE(deep.dashed);
  EXPECT_GE(post.width_px, 3 * std::max(deep.width_px, light_theme().line_width_px));
  ASSERT_TRUE(post.legend_label.has_value());
  EXPECT_TRUE(contains(*post.legend_label, "under DeepNorm"));
  // Where the lines differ (the gradients), nothing changes.
  // The figure is kept: a reference into a temporary's series dangles (AddressSanitizer found it).
  const auto gradients = depth_gradient_figure(comparison);
  const auto& gradient_post = std::get<LineSeries>(gradients.series[0]);
  EXPECT_EQ(gradient_post.width_px, 0.0);
  EXPECT_FALSE(gradient_post.legend_label.has_value());
}

TEST(DepthFigures, TheSqrtLClaimIsMadeOnlyWhereTheSquareGrowsEvenly) {
  DepthComparison comparison;
  comparison.config.d_model = 4;
  comparison.placements = {model::Placement::pre};
  const auto subtitle_for = [&comparison](const std::vector<double>& norms) {
    comparison.runs = {run_with_hidden_norms(norms)};
    return depth_hidden_norm_figure(comparison).subtitle;
  };
  EXPECT_TRUE(
      contains(subtitle_for({std::sqrt(7.0), std::sqrt(10.0), std::sqrt(13.0)}), ": like √l."));  // 3 and 3
  EXPECT_TRUE(contains(subtitle_for({1, 2, 3, 4, 5}), "faster than √l"));                         // 4 then 8
  EXPECT_TRUE(contains(subtitle_for({1, 3, std::sqrt(10.0)}), "slower than √l"));                 // 8 then 1
  EXPECT_TRUE(contains(subtitle_for({2, 2, 2}), "not a growth like √l"));                         // flat
  // Uneven growth comes with the updates' alignment over the halves' layers (2-3 and 4-5 here).
  comparison.runs = {run_with_hidden_norms({1, 2, 3, 4, 5})};
  const double attention[] = {0.9, 0.01, 0.03, 0.05, 0.07}, ffn[] = {0.9, 0.03, 0.01, 0.09, 0.11};
  for (std::size_t layer = 0; layer < 5; ++layer) {
    comparison.runs[0].layers[layer].attn_alignment = attention[layer];
    comparison.runs[0].layers[layer].ffn_alignment = ffn[layer];
  }
  const UpdateAlignment alignment = update_alignment(comparison.runs[0]);
  EXPECT_NEAR(alignment.lower_half, 0.02, 1e-15);  // (0.01 + 0.03 + 0.03 + 0.01) / 4; layer 1 left out
  EXPECT_NEAR(alignment.upper_half, 0.08, 1e-15);  // (0.05 + 0.07 + 0.09 + 0.11) / 4
  EXPECT_TRUE(contains(depth_hidden_norm_figure(comparison).subtitle,
                       "Its updates' mean cosine with the stream: 0.02 in the lower half, 0.08 in the upper."))
      << depth_hidden_norm_figure(comparison).subtitle;
  EXPECT_FALSE(contains(subtitle_for({std::sqrt(7.0), std::sqrt(10.0), std::sqrt(13.0)}), "cosine"));  // even
}

TEST(DepthFigures, CatalogEntriesTakeTheModelsSizesAndRefuseBadOnes) {
  const Figure figure =
      build_catalog_figure("depth-gradients", {{"layers", "3"}, {"d-model", "32"}, {"norm", "rms"}});
  ASSERT_EQ(figure.series.size(), 3u);
  EXPECT_EQ(std::get<LineSeries>(figure.series[0]).y.size(), 3u);
  EXPECT_EQ(std::get<LineSeries>(figure.series[1]).name, "pre-RMS");
  const auto message_of = [](const std::map<std::string, std::string>& overrides) {
    try {
      build_catalog_figure("depth-hidden-norms", overrides);
    } catch (const std::invalid_argument& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_TRUE(contains(message_of({{"layers", "0"}}), "layers"));
  EXPECT_TRUE(contains(message_of({{"d-model", "30"}, {"heads", "4"}}), "divisible"))
      << message_of({{"d-model", "30"}});
  EXPECT_TRUE(contains(message_of({{"norm", "batch"}}), "batch"));
}

TEST(DepthFigures, DepthSweepIsTheTopLayerOfAStackOfEachDepth) {
  EXPECT_EQ(doubling_depths(96), (std::vector<std::size_t>{3, 6, 12, 24, 48, 96}));
  EXPECT_EQ(doubling_depths(100), (std::vector<std::size_t>{3, 6, 12, 24, 48, 96, 100}));
  EXPECT_EQ(doubling_depths(1), (std::vector<std::size_t>{3}));
  // y = 3 x^(-1/2) exactly, and y = x^2 with noise that cancels in the fit's sums.
  EXPECT_NEAR(log_log_slope({3, 6, 12, 24}, {3 / std::sqrt(3.0), 3 / std::sqrt(6.0), 3 / std::sqrt(12.0),
                                             3 / std::sqrt(24.0)}),
              -0.5, 1e-12);
  EXPECT_NEAR(log_log_slope({1, std::exp(1.0), std::exp(2.0)}, {std::exp(0.1), std::exp(2.0), std::exp(3.9)}),
              1.9, 1e-12);

  model::ModelConfig config;
  config.d_model = 32;
  config.seed = 5;
  const std::vector<std::size_t> depths = {2, 4, 8};
  const DepthSweep sweep = sweep_depths(config, depths, {model::Placement::post, model::Placement::pre});
  for (std::size_t placement = 0; placement < 2; ++placement) {
    for (std::size_t index = 0; index < depths.size(); ++index) {
      model::ModelConfig run_config = config;
      run_config.placement = sweep.placements[placement];
      run_config.layers = depths[index];
      EXPECT_EQ(sweep.top_w2_gradient[placement][index],
                model::depth_probe(run_config).layers.back().grad_norm_ffn_w2);
    }
  }
  const Figure figure = depth_last_layer_figure(sweep);
  ASSERT_EQ(figure.series.size(),
            3u);  // post-LN, pre-LN and the 1/sqrt(L) guide through pre-LN's first point
  const auto& guide = std::get<LineSeries>(figure.series[2]);
  EXPECT_DOUBLE_EQ(guide.y[0], sweep.top_w2_gradient[1][0]);
  EXPECT_NEAR(guide.y[2], sweep.top_w2_gradient[1][0] / 2, 1e-12);  // 4x the depth, half the value
  const std::vector<double> x = {2, 4, 8};
  EXPECT_TRUE(
      contains(figure.subtitle, "pre-LN " + format_fixed(log_log_slope(x, sweep.top_w2_gradient[1]), 2)))
      << figure.subtitle;
  EXPECT_EQ(figure.x_axis.scale, AxisScale::log);
}

}  // namespace
}  // namespace normlab::figure
