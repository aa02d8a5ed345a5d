// Lesson figures computed from core/norm: variance algorithms, LayerNorm on a matrix.
#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <span>

#include "lessons/numerics_figures.hpp"
#include "figure/draw.hpp"
#include "norm/moments.hpp"
#include "norm/norm.hpp"

namespace normlab::figure::catalog_figures {

namespace {

constexpr long long kMaxSeed = 1LL << 53;
// " = " with no-break spaces, so a wrapped subtitle never separates a name from its value.
constexpr const char* kNbspEquals = "\u00a0=\u00a0";

std::string equals(const std::string& name, double value, int digits = 3) {
  return name + kNbspEquals + format_number(value, digits);
}

}  // namespace

void declare_moments_cancellation(FigureParameters& parameters) {
    parameters.declare_integer("cols", 64, 2, 1 << 20, "values per row (d)");
    parameters.declare_integer("rows", 64, 1, 100000, "random rows averaged at each offset");
    parameters.declare_number("spread", 1, 1e-6, 1e6, "standard deviation of the values around the row's mean");
    parameters.declare_number("max-offset", 1e6, 10, 1e15, "largest mean offset (the smallest is 1)");
    parameters.declare_integer("points-per-decade", 4, 1, 50, "offsets sampled per factor of ten");
    parameters.declare_integer("seed", 1, 0, kMaxSeed, "random seed");
}

Figure moments_cancellation(const FigureParameters& parameters) {
  const auto cols = std::size_t(parameters.integer("cols"));
  const auto rows = std::size_t(parameters.integer("rows"));
  const double spread = parameters.number("spread");
  const double max_offset = parameters.number("max-offset");
  const auto per_decade = parameters.integer("points-per-decade");
  std::mt19937_64 generator(std::uint64_t(parameters.integer("seed")));
  std::normal_distribution<double> normal(0.0, 1.0);

  struct Method {
    std::string name, short_name;
    std::function<double(std::span<const float>)> variance;
    bool dashed = false;
  };
  const std::vector<Method> methods = {
      {"one pass, E[x²] − E[x]² (float32)", "one pass",
       [](auto row) { return naive_moments<float>(row).biased_variance(); }},
      {"textbook two pass (float32)", "textbook two pass",
       [](auto row) { return textbook_two_pass_moments<float>(row).biased_variance(); }},
      {"corrected two pass, Chan-Golub-LeVeque (float32)", "corrected two pass",
       [](auto row) { return two_pass_moments<float>(row).biased_variance(); }},
      {"Welford (float32)", "Welford",
       [](auto row) { return welford_moments<float>(row).biased_variance(); }},
      {"one pass, double accumulation", "one pass (double)",
       [](auto row) { return naive_moments<double>(row).biased_variance(); }, true},
  };
  std::vector<double> offsets;
  const long long steps = (long long)std::floor(std::log10(max_offset) * double(per_decade) + 1e-9);
  for (long long step = 0; step <= steps; ++step)
    offsets.push_back(std::pow(10.0, double(step) / double(per_decade)));

  std::vector<std::vector<double>> mean_errors(methods.size(), std::vector<double>(offsets.size(), 0.0));
  std::vector<float> row(cols);
  for (std::size_t point = 0; point < offsets.size(); ++point) {
    for (std::size_t sample = 0; sample < rows; ++sample) {
      for (auto& value : row) value = float(offsets[point] + spread * normal(generator));
      // The reference is the exact variance of the float32 values actually stored.
      const long double reference =
          two_pass_moments<long double>(std::span<const float>(row)).biased_variance();
      for (std::size_t method = 0; method < methods.size(); ++method) {
        const double variance = methods[method].variance(row);
        mean_errors[method][point] +=
            double(std::fabs((long double)variance - reference) / reference) / double(rows);
      }
    }
  }

  Figure figure;
  figure.title = "Variance of a row: relative error against the row's mean";
  figure.x_axis =
      make_axis("mean of the row (its values spread by σ = " + format_number(spread) + ")", AxisScale::log);
  figure.y_axis =
      make_axis("relative error of the variance (mean of " + std::to_string(rows) + " rows)", AxisScale::log);
  for (std::size_t method = 0; method < methods.size(); ++method) {
    LineSeries line;
    line.name = methods[method].name;
    line.x = offsets;
    line.dashed = methods[method].dashed;
    line.markers = !methods[method].dashed;
    // A log axis cannot show an exact zero error: such points are left out (the line breaks there).
    for (double error : mean_errors[method]) line.y.push_back(error > 0 ? error : NAN);
    // Say so where a line stops because the error became exactly zero (coarse float32 values at large
    // offsets can make the computed variance exact).
    for (std::size_t point = 1; point < offsets.size(); ++point) {
      if (mean_errors[method][point] == 0 && mean_errors[method][point - 1] > 0) {
        figure.annotations.push_back(text_note(offsets[point - 1], mean_errors[method][point - 1] * 0.2,
                                               methods[method].short_name + ": exactly 0 from here on"));
        break;
      }
    }
    figure.series.push_back(line);
  }
  figure.annotations.push_back(horizontal_line(1.0, "error = 100 % of the variance"));
  // The subtitle quotes the measurement nearest a mean of 10⁴ (the classic example).
  std::size_t quoted = 0;
  for (std::size_t point = 0; point < offsets.size(); ++point) {
    if (std::fabs(std::log10(offsets[point]) - 4) < std::fabs(std::log10(offsets[quoted]) - 4))
      quoted = point;
  }
  figure.subtitle = equals("d", double(cols)) + " values per row; at mean " + format_number(offsets[quoted]) +
                    ": one pass " + format_number(mean_errors[0][quoted], 2) + ", textbook two pass " +
                    format_number(mean_errors[1][quoted], 2) + ", corrected two pass " +
                    format_number(mean_errors[2][quoted], 2) + ", Welford " +
                    format_number(mean_errors[3][quoted], 2);
  return figure;
}

void declare_layernorm_heatmap(FigureParameters& parameters) {
    parameters.declare_integer("rows", 6, 1, 512, "samples (matrix rows)");
    parameters.declare_integer("cols", 8, 2, 512, "features (matrix columns), normalized over");
    parameters.declare_number("eps", 1e-5, 0, 1, "added to the variance inside the square root");
    parameters.declare_integer("highlight-row", 2, 0, 512,
                               "row whose reduction group is outlined (1-based, at most rows; 0 = none)");
    parameters.declare_integer("seed", 7, 0, kMaxSeed, "random seed");
}

Figure layernorm_heatmap(const FigureParameters& parameters) {
  const auto rows = std::size_t(parameters.integer("rows"));
  const auto cols = std::size_t(parameters.integer("cols"));
  const double eps = parameters.number("eps");
  const auto highlight_row = std::size_t(parameters.integer("highlight-row"));
  if (highlight_row > rows) {
    throw std::invalid_argument("highlight-row=" + std::to_string(highlight_row) + " is outside 0 .. rows (" +
                                std::to_string(rows) + ")");
  }
  std::mt19937_64 generator(std::uint64_t(parameters.integer("seed")));
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> row_offset(-3.0, 3.0), row_scale(0.4, 2.5);

  // Rows with different offsets and scales, so that what LayerNorm removes is visible.
  Tensor<double> input(Shape{rows, cols});
  for (std::size_t row = 0; row < rows; ++row) {
    const double offset = row_offset(generator), scale = row_scale(generator);
    for (std::size_t col = 0; col < cols; ++col) input[row * cols + col] = offset + scale * normal(generator);
  }
  NormConfig config;
  config.kind = NormKind::layer;
  config.eps = eps;
  NormParameters<double> norm_parameters;
  const NormForward<double> forward = norm_forward(input, config, norm_parameters);
  const ReductionGroups groups = describe_reduction(config, input.shape);

  const auto row_statistics = [&](const std::vector<double>& values) {
    std::vector<std::string> labels;
    for (std::size_t row = 0; row < rows; ++row) {
      const auto moments =
          two_pass_moments<double>(std::span<const double>(values.data() + row * cols, cols));
      // Two decimals, as a reader compares them (a computed mean of 1e-17 is shown as 0.00); written as
      // the app's matrix widget writes them, short enough to leave the matrix room on a 720p slide.
      labels.push_back("μ " + format_fixed(moments.mean, 2) + "  σ " +
                       format_fixed(std::sqrt(moments.biased_variance()), 2));
    }
    return labels;
  };
  const auto panel = [&](const std::string& title, const std::vector<double>& values, bool first_panel) {
    Figure plot;
    plot.title = title;
    plot.x_axis.label = "feature (column)";
    // No y axis title: the rows are named by their own statistics ("μ 1.46  σ 2.47"), and a title
    // beside them took the first matrix's room on a 720p slide (the title says rows are samples).
    HeatmapSeries heatmap;
    heatmap.name = title;
    heatmap.rows = rows, heatmap.cols = cols;
    heatmap.values = values;
    heatmap.colorbar_label = "value";
    heatmap.row_labels = row_statistics(values);
    heatmap.show_values = true;
    if (highlight_row > 0) {
      CellRegion region;
      region.cells.assign(rows * cols, false);
      for (std::size_t flat : groups.members[highlight_row - 1]) region.cells[flat] = true;
      if (first_panel) region.label = "one reduction group: cells sharing μ and σ";
      heatmap.regions.push_back(region);
    }
    plot.series.push_back(heatmap);
    return plot;
  };
  Figure figure;
  figure.title = "LayerNorm normalizes " + groups.description;
  figure.subtitle = "Rows are samples, labelled with their mean μ and std σ; " + equals("eps", eps) +
                    "; colour: value (blue below 0, white 0, red above)";
  figure.panels.push_back(panel("input x", input.values, true));
  figure.panels.push_back(panel("LayerNorm(x)", forward.output.values, false));
  return figure;
}

}  // namespace normlab::figure::catalog_figures
