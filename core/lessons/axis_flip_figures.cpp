#include "lessons/axis_flip_figures.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "lessons/activation_matrix.hpp"

namespace normlab::lessons {

namespace {

constexpr const char* kRowsInWords = "rows = samples / tokens";
constexpr const char* kColumnsInWords = "columns = features";
constexpr const char* kConventionNote =
    "Here rows are samples (tokens) and columns are features; some tools (e.g. llm-viz) draw tokens as columns.";

// The batch seen as a matrix: (samples, features) for 2-D; (samples * channels, positions) for 3-D.
struct MatrixView {
  std::size_t rows = 0, cols = 0;
  std::string row_axis, col_axis;
  std::vector<std::string> row_labels;
};

MatrixView matrix_view(const Shape& shape) {
  MatrixView view;
  if (shape.size() == 3) {
    view.rows = shape[0] * shape[1];
    view.cols = shape[2];
    view.row_axis = "rows = (sample, channel)";
    view.col_axis = "columns = positions";
    for (std::size_t sample = 0; sample < shape[0]; ++sample) {
      for (std::size_t channel = 0; channel < shape[1]; ++channel) {
        // Built by append: GCC 12 gives a false -Wrestrict on "literal" + std::string here.
        std::string label = "n";
        label.append(std::to_string(sample + 1)).append(" c").append(std::to_string(channel + 1));
        view.row_labels.push_back(std::move(label));
      }
    }
  } else {
    view.rows = shape.at(0);
    view.cols = element_count(shape) / view.rows;
    view.row_axis = kRowsInWords;
    view.col_axis = kColumnsInWords;
  }
  return view;
}

figure::HeatmapSeries heatmap_of(const std::string& name, const MatrixView& view, std::vector<double> values,
                                 const std::string& colorbar_label) {
  figure::HeatmapSeries heatmap;
  heatmap.name = name;
  heatmap.rows = view.rows;
  heatmap.cols = view.cols;
  heatmap.values = std::move(values);
  heatmap.colormap = figure::Colormap::diverging;
  heatmap.colorbar_label = colorbar_label;
  heatmap.row_labels = view.row_labels;
  heatmap.show_values = view.rows * view.cols <= 64;  // numbers only where cells are large enough to read
  return heatmap;
}

figure::Figure heatmap_plot(const std::string& title, const MatrixView& view, figure::HeatmapSeries heatmap) {
  figure::Figure plot;
  plot.title = title;
  plot.x_axis.label = view.col_axis;
  plot.y_axis.label = view.row_axis;
  plot.x_axis.grid = false;
  plot.y_axis.grid = false;
  plot.series.push_back(std::move(heatmap));
  return plot;
}

std::string kind_title(const AxisFlipResult& result) {
  std::string title = norm_kind_display_name(result.settings.kind);
  if (result.settings.kind == NormKind::group) title += " (G = " + std::to_string(result.settings.groups) + ")";
  if (result.settings.kind == NormKind::batch) title += result.settings.training ? " (train)" : " (eval)";
  return title;
}

figure::LineSeries marked_line(const std::string& name) {
  figure::LineSeries line;
  line.name = name;
  line.markers = true;
  return line;
}

}  // namespace

std::vector<double> visible_output(const AxisFlipResult& result, const SweepFrame* frame) {
  std::vector<double> values = result.output.values;
  if (frame == nullptr) return values;
  for (std::size_t index = 0; index < values.size(); ++index) {
    if (SweepTimeline::stage_of(*frame, result.reduction.group_of_element[index]) != CellStage::output_shown) {
      values[index] = std::numeric_limits<double>::quiet_NaN();
    }
  }
  return values;
}

std::vector<bool> group_mask(const AxisFlipResult& result, std::size_t group) {
  std::vector<bool> mask(result.batch.size(), false);
  for (const std::size_t member : result.reduction.members.at(group)) mask[member] = true;
  return mask;
}

std::string slicing_in_words(const AxisFlipResult& result) {
  return norm_kind_display_name(result.settings.kind) + " shares one " +
         (is_centring(result.settings.kind) ? "mean and variance" : "mean square (no mean)") + " over " +
         result.reduction.description + ": " + std::to_string(result.reduction.members.size()) + " groups of " +
         std::to_string(result.reduction.members.empty() ? 0 : result.reduction.members[0].size()) + " values.";
}

figure::Figure axis_flip_matrix_figure(const AxisFlipResult& result, const SweepFrame* frame) {
  const MatrixView view = matrix_view(result.batch.shape);
  figure::Figure whole;
  whole.title = kind_title(result) + ": which values share one " +
                (is_centring(result.settings.kind) ? "mean and variance" : "mean square");
  whole.subtitle = slicing_in_words(result) + " " + kConventionNote;

  figure::HeatmapSeries input = heatmap_of("input x", view, result.batch.values, "input value x");
  figure::HeatmapSeries output = heatmap_of("output y", view, visible_output(result, frame), "output value y");
  if (frame != nullptr && !frame->finished) {
    figure::CellRegion focus;
    focus.cells = group_mask(result, frame->group);
    focus.label = "group " + std::to_string(frame->group + 1);
    input.regions.push_back(focus);
    output.regions.push_back(std::move(focus));
  }
  whole.panels.push_back(heatmap_plot("Input x", view, std::move(input)));
  // RMSNorm has no beta (and its x_hat divides by the RMS, without centring).
  const std::string output_title =
      is_centring(result.settings.kind) ? "Output y = gamma * x_hat + beta" : "Output y = gamma * x / RMS(x)";
  whole.panels.push_back(heatmap_plot(output_title, view, std::move(output)));

  figure::Figure statistics_plot;
  statistics_plot.title = is_centring(result.settings.kind) ? "mu and sigma of each group" : "RMS of each group";
  statistics_plot.x_axis.label = "group (the slice that shares statistics)";
  statistics_plot.y_axis.label = "statistic value";
  figure::LineSeries mean_series = marked_line("mu (mean)");
  figure::LineSeries spread_series = marked_line(is_centring(result.settings.kind) ? "sigma (std)" : "RMS");
  for (std::size_t group = 0; group < result.statistics.size(); ++group) {
    if (frame != nullptr && SweepTimeline::stage_of(*frame, group) < CellStage::statistics_shown) continue;
    mean_series.x.push_back(static_cast<double>(group + 1));
    mean_series.y.push_back(result.statistics[group].mean);
    spread_series.x.push_back(static_cast<double>(group + 1));
    spread_series.y.push_back(result.statistics[group].standard_deviation());
  }
  statistics_plot.x_axis.min = 0.5;
  statistics_plot.x_axis.max = static_cast<double>(result.statistics.size()) + 0.5;
  if (is_centring(result.settings.kind)) statistics_plot.series.push_back(std::move(mean_series));
  statistics_plot.series.push_back(std::move(spread_series));
  whole.panels.push_back(std::move(statistics_plot));
  return whole;
}

figure::Figure batch_size_figure(const BatchSizeSweep& sweep, double beta, std::size_t features_shown) {
  figure::Figure plot;
  const std::size_t shown = std::min(features_shown, sweep.features);
  // The title says when the lines are only some of the features (the panel hides the subtitle).
  plot.title = "Shrinking the batch: sample 1's outputs";
  if (shown < sweep.features) {
    plot.title += " (features 1 to " + std::to_string(shown) + " of " + std::to_string(sweep.features) + ")";
  }
  plot.subtitle = "BatchNorm (solid) takes its statistics from the batch: at batch size 1 every output is beta = " +
                  format_number(beta) + ". LayerNorm (dashed) uses only the sample's own features: flat.";
  plot.x_axis.label = "batch size (samples in the batch)";
  plot.y_axis.label = "sample 1's output";
  // One colour per feature, solid for BatchNorm and dashed for LayerNorm: the legend names the
  // features once and keys the two line styles, instead of eight "norm, feature" entries.
  for (const bool dashed : {false, true}) {
    figure::LineSeries key;
    key.name = dashed ? "LayerNorm" : "BatchNorm";
    key.dashed = dashed;
    key.color = figure::Color{0.55f, 0.55f, 0.55f, 1.0f};  // neutral grey, readable on either theme
    plot.series.push_back(std::move(key));
  }
  for (std::size_t feature = 0; feature < shown; ++feature) {
    const std::string feature_name = "feature " + std::to_string(feature + 1);
    figure::LineSeries batch_line = marked_line("BatchNorm, " + feature_name);
    batch_line.legend_label = feature_name;
    batch_line.color_slot = feature;
    figure::LineSeries layer_line;
    layer_line.name = "LayerNorm, " + feature_name;
    layer_line.legend_label = "";
    layer_line.dashed = true;
    layer_line.color_slot = feature;
    for (const BatchSizePoint& point : sweep.points) {
      batch_line.x.push_back(static_cast<double>(point.batch_samples));
      batch_line.y.push_back(point.batch_norm_sample0[feature]);
      layer_line.x.push_back(static_cast<double>(point.batch_samples));
      layer_line.y.push_back(point.layer_norm_sample0[feature]);
    }
    plot.series.push_back(std::move(batch_line));
    plot.series.push_back(std::move(layer_line));
  }
  figure::Annotation beta_line;
  beta_line.kind = figure::AnnotationKind::horizontal_line;
  beta_line.y = beta;
  beta_line.text = "beta";
  plot.annotations.push_back(beta_line);
  plot.legend = figure::LegendPlacement::outside_right;
  return plot;
}

figure::Figure train_eval_figure(const TrainEvalComparison& comparison) {
  const MatrixView view = matrix_view(comparison.train.batch.shape);
  figure::Figure whole;
  whole.title = "BatchNorm: training output vs inference output on the same batch";
  whole.subtitle = "Eval uses running statistics (momentum " + format_number(comparison.eval.settings.momentum) +
                   ", " + std::to_string(comparison.eval.settings.running_steps) +
                   " training steps); the largest difference is " + format_number(comparison.max_abs_difference) +
                   ". LayerNorm computes the same thing in both modes: its difference is 0.";
  whole.panels.push_back(heatmap_plot("Train (batch statistics)", view,
                                      heatmap_of("train output", view, comparison.train.output.values, "output")));
  whole.panels.push_back(heatmap_plot("Eval (running statistics)", view,
                                      heatmap_of("eval output", view, comparison.eval.output.values, "output")));
  whole.panels.push_back(heatmap_plot("Eval - train", view,
                                      heatmap_of("difference", view, comparison.difference.values,
                                                 "eval output - train output")));
  return whole;
}

figure::Figure group_map_figure(const AxisFlipResult& result, const SweepFrame* frame) {
  const Shape& shape = result.batch.shape;
  const std::size_t samples = shape.at(0);
  const std::size_t channels = shape.size() > 1 ? shape[1] : 1;
  const std::size_t positions = shape.size() > 2 ? shape[2] : 1;
  figure::Figure whole;
  whole.title = kind_title(result) + " on an (N, C, L) tensor: cells of one colour share statistics";
  whole.subtitle = slicing_in_words(result);
  for (std::size_t sample = 0; sample < samples; ++sample) {
    MatrixView view;
    view.rows = channels;
    view.cols = positions;
    view.row_axis = "channels C";
    view.col_axis = "positions L";
    std::vector<double> group_ids;
    for (std::size_t offset = 0; offset < channels * positions; ++offset) {
      group_ids.push_back(static_cast<double>(result.reduction.group_of_element[sample * channels * positions + offset] + 1));
    }
    figure::HeatmapSeries heatmap = heatmap_of("groups", view, std::move(group_ids), "group number");
    heatmap.colormap = figure::Colormap::sequential;
    heatmap.value_min = 1;
    heatmap.value_max = static_cast<double>(std::max<std::size_t>(result.reduction.members.size(), 2));
    heatmap.show_colorbar = sample + 1 == samples;
    if (frame != nullptr && !frame->finished) {
      const std::vector<bool> mask = group_mask(result, frame->group);
      figure::CellRegion focus;
      focus.cells.assign(mask.begin() + static_cast<long>(sample * channels * positions),
                         mask.begin() + static_cast<long>((sample + 1) * channels * positions));
      if (std::find(focus.cells.begin(), focus.cells.end(), true) != focus.cells.end()) {
        heatmap.regions.push_back(std::move(focus));
      }
    }
    whole.panels.push_back(heatmap_plot("sample " + std::to_string(sample + 1), view, std::move(heatmap)));
  }
  return whole;
}

const std::vector<std::string>& axis_flip_figure_names() {
  static const std::vector<std::string> names = {"axis-flip-matrix", "axis-flip-batch-size", "axis-flip-train-eval",
                                                 "axis-flip-cube"};
  return names;
}

namespace {

struct LessonInputs {
  Tensor<double> activations;
  AxisFlipSettings settings;
};

LessonInputs lesson_inputs(const figure::FigureParameters& parameters) {
  LessonInputs inputs;
  AxisFlipSettings& settings = inputs.settings;
  settings.kind = parse_norm_kind(parameters.text("norm"));
  settings.groups = static_cast<std::size_t>(parameters.integer("groups"));
  settings.batch_samples = static_cast<std::size_t>(parameters.integer("batch"));
  settings.momentum = parameters.number("momentum");
  settings.running_steps = static_cast<std::size_t>(parameters.integer("steps"));
  settings.eps = parameters.number("eps");
  settings.gamma = parameters.number("gamma");
  settings.beta = parameters.number("beta");
  settings.training = parameters.text("mode") == "train";
  const auto rows = static_cast<std::size_t>(parameters.integer("rows"));
  const auto cols = static_cast<std::size_t>(parameters.integer("cols"));
  const auto positions = static_cast<std::size_t>(parameters.integer("positions"));
  const Shape shape = positions > 0 ? Shape{rows, cols, positions} : Shape{rows, cols};
  inputs.activations = make_preset(parse_preset(parameters.text("preset")), shape,
                                   static_cast<std::uint64_t>(parameters.integer("seed")));
  return inputs;
}

void declare_lesson_parameters(figure::FigureParameters& parameters, const char* norm, long long rows,
                               long long cols, long long positions, long long batch) {
  std::vector<std::string> presets;
  for (const auto preset : all_presets()) presets.push_back(preset_name(preset));
  parameters.declare_choice("norm", norm, {"layer", "rms", "prms", "batch", "group", "instance"},
                            "the normalization (prms: partial RMSNorm)");
  parameters.declare_choice("preset", "random-normal", presets, "the activation matrix");
  parameters.declare_integer("rows", rows, 1, 512, "samples (tokens): rows of the matrix");
  parameters.declare_integer("cols", cols, 1, 512, "features (channels): columns of the matrix");
  parameters.declare_integer("positions", positions, 0, 512, "positions L of an (N, C, L) tensor; 0 = a 2-D matrix");
  parameters.declare_integer("groups", 2, 1, 4096, "GroupNorm: channel groups");
  parameters.declare_integer("seed", 1, 0, 1LL << 40, "random seed of the preset");
  parameters.declare_integer("batch", batch, 0, 4096, "samples in the batch (the first ones); 0 = all");
  parameters.declare_choice("mode", "train", {"train", "eval"},
                            "BatchNorm: train (batch statistics) or eval (running statistics)");
  parameters.declare_number("momentum", 0.1, 0, 1, "BatchNorm running-statistics momentum");
  parameters.declare_integer("steps", 20, 0, 100000, "BatchNorm eval: training steps that built the running statistics");
  parameters.declare_number("eps", 1e-5, 0, 1, "added to the variance inside the square root");
  parameters.declare_number("gamma", 1, -1e6, 1e6, "scale, the same for every feature");
  parameters.declare_number("beta", 0, -1e6, 1e6, "shift, the same for every feature");
}

}  // namespace

figure::CatalogEntry axis_flip_catalog_entry(const std::string& name) {
  struct Entry {
    const char* name;
    const char* description;
    const char* norm;
    long long rows, cols, positions, batch;
    figure::Figure (*build)(const LessonInputs& inputs);
  };
  static const Entry kEntries[] = {
      {"axis-flip-matrix", "the axis flip: an activation matrix and its normalized output, with each group's mu and sigma",
       "layer", 8, 6, 0, 0,
       [](const LessonInputs& inputs) {
         return axis_flip_matrix_figure(compute_axis_flip(inputs.activations, inputs.settings));
       }},
      {"axis-flip-batch-size", "BatchNorm vs LayerNorm outputs of one sample as the batch shrinks to 1", "batch", 16,
       6, 0, 0,
       [](const LessonInputs& inputs) {
         return batch_size_figure(sweep_batch_size(inputs.activations, inputs.settings), inputs.settings.beta);
       }},
      {"axis-flip-train-eval", "BatchNorm's train vs eval outputs on one batch and their difference", "batch", 16, 6,
       0, 8,
       [](const LessonInputs& inputs) { return train_eval_figure(compare_train_eval(inputs.activations, inputs.settings)); }},
      {"axis-flip-cube", "an (N, C, L) tensor unfolded, cells coloured by the group that shares statistics", "group", 3,
       4, 5, 0,
       [](const LessonInputs& inputs) {
         return group_map_figure(compute_axis_flip(inputs.activations, inputs.settings));
       }},
  };
  for (const Entry& entry : kEntries) {
    if (name != entry.name) continue;
    const auto build = entry.build;
    return {entry.name, entry.description,
            [entry](figure::FigureParameters& parameters) {
              declare_lesson_parameters(parameters, entry.norm, entry.rows, entry.cols, entry.positions, entry.batch);
            },
            [build](const figure::FigureParameters& parameters) { return build(lesson_inputs(parameters)); }};
  }
  throw std::invalid_argument("unknown axis-flip figure '" + name + "'");
}

}  // namespace normlab::lessons
