// The check drawn (reference | student - reference heatmaps) and the planted-mistake examples the
// panel's preset and the figure catalog start from.
#include <algorithm>
#include <cmath>
#include <random>

#include "figure/draw.hpp"
#include "lessons/implementation_check.hpp"

namespace normlab::lessons {
namespace {

// Largest matrix drawn cell by cell; bigger ones are pooled into blocks.
constexpr std::size_t kMaxRows = 48, kMaxCols = 64;

struct MatrixView {
  std::size_t rows = 1, cols = 1;          // the tensor as (leading axes) x (last axis)
  std::size_t block_rows = 1, block_cols = 1;
  std::size_t shown_rows = 1, shown_cols = 1;
};

MatrixView matrix_view(const Shape& shape) {
  MatrixView view;
  view.cols = shape.empty() ? 1 : shape.back();
  view.rows = shape.empty() ? 1 : element_count(shape) / std::max<std::size_t>(view.cols, 1);
  view.block_rows = (view.rows + kMaxRows - 1) / kMaxRows;
  view.block_cols = (view.cols + kMaxCols - 1) / kMaxCols;
  view.shown_rows = (view.rows + view.block_rows - 1) / view.block_rows;
  view.shown_cols = (view.cols + view.block_cols - 1) / view.block_cols;
  return view;
}

// Each shown cell holds its block's value of largest magnitude (with its sign), so a pooled picture
// still shows the largest error.
std::vector<double> pooled(const Tensor<double>& tensor, const MatrixView& view) {
  std::vector<double> cells(view.shown_rows * view.shown_cols, 0.0);
  for (std::size_t row = 0; row < view.rows; ++row) {
    for (std::size_t col = 0; col < view.cols; ++col) {
      double& cell = cells[(row / view.block_rows) * view.shown_cols + col / view.block_cols];
      const double value = tensor[row * view.cols + col];
      if (std::abs(value) > std::abs(cell)) cell = value;
    }
  }
  return cells;
}

// 0-based, as the verdict's "[3, 0]" and NumPy count; empty (the plot's own numbering) when pooled.
std::vector<std::string> row_labels(const Shape& shape, const MatrixView& view) {
  if (view.block_rows > 1) return {};
  std::vector<std::string> labels;
  for (std::size_t row = 0; row < view.rows; ++row) {
    const std::string words = shape.size() < 2 ? "0" : element_words(Shape(shape.begin(), shape.end() - 1), row);
    labels.push_back(shape.size() < 2 ? words : words.substr(1, words.size() - 2));
  }
  return labels;
}

std::vector<std::string> col_labels(const MatrixView& view) {
  if (view.block_cols > 1) return {};
  std::vector<std::string> labels;
  for (std::size_t col = 0; col < view.cols; ++col) labels.push_back(std::to_string(col));
  return labels;
}

}  // namespace

figure::Figure implementation_check_figure(const ImplementationCheck& check) {
  const MatrixView view = matrix_view(check.shape);
  const auto heatmap = [&](const std::string& title, const Tensor<double>& values, const std::string& colorbar) {
    figure::Figure plot;
    plot.title = title;
    plot.x_axis.label = "index on the last axis (from 0, as NumPy)";
    figure::HeatmapSeries series;
    series.name = title;
    series.rows = view.shown_rows;
    series.cols = view.shown_cols;
    series.values = pooled(values, view);
    series.colorbar_label = colorbar;
    series.row_labels = row_labels(check.shape, view);
    series.col_labels = col_labels(view);
    series.show_values = view.shown_rows * view.shown_cols <= 64;
    plot.series.push_back(std::move(series));
    return plot;
  };
  figure::Figure reference = heatmap("reference " + norm_kind_display_name(check.config.kind) + "(x)",
                                     check.output.reference, "value");
  figure::Figure difference = heatmap("student - reference", check.output.difference, "difference");
  auto& series = std::get<figure::HeatmapSeries>(difference.series.front());
  figure::CellRegion worst;
  worst.cells.assign(series.rows * series.cols, false);
  const std::size_t flat = check.output.largest_error_index;
  worst.cells[(flat / view.cols / view.block_rows) * view.shown_cols + (flat % view.cols) / view.block_cols] = true;
  worst.label = "largest error";
  series.regions.push_back(std::move(worst));

  figure::Figure figure;
  figure.title = std::string(check.output.passed ? "Match" : "Mismatch") + ": " +
                 norm_kind_display_name(check.config.kind) + " over " + check.reduction_words;
  figure.subtitle = "largest error " + figure::format_fixed(check.output.largest_error, 6) + " at " +
                    element_words(check.shape, check.output.largest_error_index) + "; " +
                    figure::format_fixed(check.output.worst_ratio, 1) + " x the float32 tolerance";
  if (view.block_rows > 1 || view.block_cols > 1) {
    figure.subtitle += "; each cell the largest |value| of a " + std::to_string(view.block_rows) + " x " +
                       std::to_string(view.block_cols) + " block";
  }
  figure.panels = {std::move(reference), std::move(difference)};
  return figure;
}

ImplementationCheckRequest planted_mistake_request(const PlantedMistakeExample& example) {
  ImplementationCheckRequest request;
  request.config.kind = example.kind;
  request.config.eps = example.eps;
  request.config.groups = example.groups;
  // Instance norm needs (N, C, L): the rows become 2 samples of rows/2 channels.
  const Shape shape = example.kind == NormKind::instance
                          ? Shape{2, std::max<std::size_t>(example.rows / 2, 1), example.cols}
                          : Shape{example.rows, example.cols};
  request.input = Tensor<double>(shape);
  std::mt19937_64 generator(example.seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> offset(-0.05, 0.05), spread(0.003, 0.03);
  // Small spreads make eps visible; offsets differ by row so the axis and the centring matter.
  const std::size_t cols = shape.back(), rows = request.input.size() / cols;
  for (std::size_t row = 0; row < rows; ++row) {
    const double row_offset = offset(generator), row_spread = spread(generator);
    for (std::size_t col = 0; col < cols; ++col) {
      request.input[row * cols + col] = row_offset + row_spread * normal(generator) + 0.01 * double(col % 3);
    }
  }
  const std::size_t channels = reduction_channel_count(request.config, shape);
  for (std::size_t channel = 0; channel < channels; ++channel) {
    request.gamma.push_back(1.0 + 0.25 * std::sin(double(channel) + 1.0));
    if (example.kind != NormKind::rms) request.beta.push_back(0.1 * std::cos(2.0 * double(channel)));
  }
  request.student_output = planted_mistake_output(request, example.mistake);
  return request;
}

figure::CatalogEntry implementation_check_catalog_entry() {
  return {"check-planted-mistake",
          "check my implementation: a planted mistake's output against the reference, and the difference",
          [](figure::FigureParameters& parameters) {
            std::vector<std::string> mistakes;
            for (ImplementationMistake mistake : all_mistakes()) mistakes.push_back(mistake_id(mistake));
            parameters.declare_choice("norm", "layer", {"layer", "rms", "batch", "group", "instance"},
                                      "the normalization the student implemented");
            parameters.declare_choice("mistake", "unbiased-variance", mistakes, "the planted mistake");
            parameters.declare_number("eps", 1e-5, 0, 1, "added inside the square root");
            parameters.declare_integer("groups", 2, 1, 8, "group: channel groups (8 channels)");
            parameters.declare_integer("seed", 7, 0, 1000000, "random seed of the input");
          },
          [](const figure::FigureParameters& parameters) {
            PlantedMistakeExample example;
            example.kind = parse_norm_kind(parameters.text("norm"));
            example.mistake = parse_mistake(parameters.text("mistake"));
            example.eps = parameters.number("eps");
            example.groups = std::size_t(parameters.integer("groups"));
            example.seed = unsigned(parameters.integer("seed"));
            return implementation_check_figure(check_implementation(planted_mistake_request(example)));
          }};
}

}  // namespace normlab::lessons
