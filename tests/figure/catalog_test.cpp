// The catalog's figures show what the numerics compute: checked against properties derived by hand.
#include "catalog/figure_catalog.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "figure/draw.hpp"

namespace normlab::figure {
namespace {

TEST(Catalog, EveryFigureBuildsWithItsDefaultsAndDrawsWithoutError) {
  ASSERT_GE(figure_catalog().size(), 3u);
  for (const auto& entry : figure_catalog()) {
    EXPECT_FALSE(entry.description.empty()) << entry.name;
    const Figure figure = build_catalog_figure(entry.name);
    EXPECT_FALSE(figure.title.empty()) << entry.name;
    MeasuringPainter painter;
    const FigureLayout layout = draw_figure(figure, light_theme(), painter, Rect{0, 0, 960, 540});
    EXPECT_EQ(layout.plots.size(), figure_plots(figure).size());
  }
}

TEST(Catalog, BadNamesKeysAndValuesAreRejectedByName) {
  const auto message_of = [](auto&& call) {
    try {
      call();
    } catch (const std::invalid_argument& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message_of([] { build_catalog_figure("no-such-figure"); }).find("no-such-figure"),
            std::string::npos);
  EXPECT_NE(message_of([] {
              build_catalog_figure("jacobian-spectrum", {{"colz", "4"}});
            }).find("colz"),
            std::string::npos);
  EXPECT_NE(message_of([] {
              build_catalog_figure("jacobian-spectrum", {{"d", "four"}});
            }).find("d='four' is not a decimal number"),
            std::string::npos);
  EXPECT_NE(message_of([] {
              build_catalog_figure("jacobian-spectrum", {{"d", "1"}});
            }).find("outside"),
            std::string::npos);
  EXPECT_NE(message_of([] {
              build_catalog_figure("layernorm-heatmap", {{"rows", "2.5"}});
            }).find("whole"),
            std::string::npos);
  EXPECT_NE(message_of([] {
              build_catalog_figure("layernorm-heatmap", {{"eps", "nan"}});
            }).find("eps"),
            std::string::npos);
}

TEST(Catalog, JacobianSpectrumShowsRanksAndTheTopSingularValues) {
  for (const std::string cols : {"2", "5", "8", "17"}) {
    const Figure figure = build_catalog_figure("jacobian-spectrum", {{"d", cols}, {"offset", "3"}});
    const auto& layer = std::get<LineSeries>(figure.series[0]).y;
    const auto& rms = std::get<LineSeries>(figure.series[1]).y;
    const std::size_t features = std::stoul(cols);
    ASSERT_EQ(layer.size(), features);
    // The reference lines are computed from the row itself (1/sigma and 1/RMS), not from the SVD; the
    // singular values are drawn on a log axis.
    const double inverse_sigma = std::get<LineSeries>(figure.series.at(2)).y.at(0);
    const double inverse_rms = std::get<LineSeries>(figure.series.at(3)).y.at(0);
    // At eps = 0, J_LN = (1/sigma)(I - 11^T/d - yy^T/d) with y the standardized row: a scaled projection
    // onto a (d-2)-dimensional subspace, so d-2 singular values equal 1/sigma and two are zero. J_RMS is
    // (1/rms) times a projection of rank d-1.
    for (std::size_t index = 0; index < features; ++index) {
      EXPECT_NEAR(layer[index], index + 2 < features ? inverse_sigma : 0.0, 1e-9 * inverse_sigma)
          << cols << " " << index;
      EXPECT_NEAR(rms[index], index + 1 < features ? inverse_rms : 0.0, 1e-9 * inverse_rms)
          << cols << " " << index;
    }
    EXPECT_GT(inverse_sigma, inverse_rms);  // a nonzero mean makes the RMS exceed sigma
  }
}

TEST(Catalog, MomentsCancellationShowsTheOnePassFailureInFloat32) {
  const Figure figure =
      build_catalog_figure("moments-cancellation", {{"points-per-decade", "1"}, {"max-offset", "1e5"}});
  ASSERT_EQ(figure.series.size(), 5u);  // one pass, textbook two pass, corrected two pass, Welford, double
  const auto error_at = [&](std::size_t series, double offset) {
    const auto& line = std::get<LineSeries>(figure.series[series]);
    const auto found = std::find_if(line.x.begin(), line.x.end(),
                                    [&](double x) { return std::fabs(x / offset - 1) < 1e-9; });
    EXPECT_NE(found, line.x.end());
    return line.y[std::size_t(found - line.x.begin())];
  };
  // Rows of 64 float32 values with mean 1e4 and unit spread: E[x^2] - E[x]^2 loses every digit.
  EXPECT_GT(error_at(0, 1e4), 1.0);
  EXPECT_LT(error_at(1, 1e4), 1e-3);
  EXPECT_LT(error_at(2, 1e4), 1e-3);
  EXPECT_LT(error_at(3, 1e4), 1e-3);
  EXPECT_LT(error_at(0, 1.0), 1e-4);  // no offset, no cancellation
  // The one-pass error grows with the offset (roughly with its square).
  EXPECT_GT(error_at(0, 1e3), 10 * error_at(0, 1e1));
}

TEST(Catalog, MomentsCancellationSeparatesTheTextbookAndCorrectedTwoPass) {
  const Figure figure =
      build_catalog_figure("moments-cancellation", {{"points-per-decade", "1"}, {"max-offset", "1e6"}});
  const auto& textbook = std::get<LineSeries>(figure.series[1]);
  const auto& corrected = std::get<LineSeries>(figure.series[2]);
  EXPECT_NE(textbook.name.find("textbook"), std::string::npos);
  EXPECT_NE(corrected.name.find("corrected"), std::string::npos);
  // At mean 1e6 (float32 spacing 1/16) the mean's rounding error, squared, is ~1e-3 of a unit variance;
  // the correction term subtracts it.
  EXPECT_GT(textbook.y.back(), 1e-4);
  EXPECT_LT(textbook.y.back(), 1e-1);
  EXPECT_TRUE(std::isnan(corrected.y.back()) || corrected.y.back() < textbook.y.back() / 10);
}

TEST(Catalog, LayerNormHeatmapOutlinesOneRowAndNormalizesEveryRow) {
  const Figure figure =
      build_catalog_figure("layernorm-heatmap", {{"rows", "5"}, {"cols", "7"}, {"highlight-row", "3"}});
  ASSERT_EQ(figure.panels.size(), 2u);
  const auto& input = std::get<HeatmapSeries>(figure.panels[0].series[0]);
  const auto& output = std::get<HeatmapSeries>(figure.panels[1].series[0]);
  ASSERT_EQ(output.values.size(), 35u);
  for (const auto* heatmap : {&input, &output}) {
    ASSERT_EQ(heatmap->regions.size(), 1u);
    for (std::size_t flat = 0; flat < 35; ++flat)
      EXPECT_EQ(heatmap->regions[0].cells[flat], flat / 7 == 2) << flat;
  }
  for (std::size_t row = 0; row < 5; ++row) {
    double mean = 0, square = 0;
    for (std::size_t col = 0; col < 7; ++col) mean += output.values[row * 7 + col] / 7;
    for (std::size_t col = 0; col < 7; ++col) square += std::pow(output.values[row * 7 + col] - mean, 2) / 7;
    EXPECT_NEAR(mean, 0.0, 1e-12);
    EXPECT_NEAR(square, 1.0, 1e-3);  // var / (var + eps)
    EXPECT_EQ(output.row_labels[row], "μ 0.00  σ 1.00");
  }
}

}  // namespace
}  // namespace normlab::figure
