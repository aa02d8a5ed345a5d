#include "catalog/depth_figures.hpp"

#include <algorithm>
#include <cmath>

#include "figure/draw.hpp"

namespace normlab::figure {

namespace {

std::vector<double> layer_numbers(const model::DepthProbeResult& run) {
  std::vector<double> layers;
  for (std::size_t layer = 1; layer <= run.layers.size(); ++layer) layers.push_back(static_cast<double>(layer));
  return layers;
}

// A line per placement through `value` of each layer; dots at the layers when they can be told apart.
Figure per_layer_lines(const DepthComparison& comparison, double (*value)(const model::LayerProbe&)) {
  Figure figure;
  figure.x_axis = make_axis("layer (1 = bottom)");
  for (std::size_t index = 0; index < comparison.runs.size(); ++index) {
    const model::DepthProbeResult& run = comparison.runs[index];
    LineSeries line;
    line.name = placement_label(comparison.placements[index], comparison.config.norm);
    line.x = layer_numbers(run);
    for (const model::LayerProbe& probe : run.layers) line.y.push_back(value(probe));
    line.markers = run.layers.size() <= 24;
    // DeepNorm's norms lie on post-LN's (both at sqrt(d)): dashed, so both lines show.
    line.dashed = comparison.placements[index] == model::Placement::deepnorm;
    figure.series.push_back(line);
  }
  figure.legend = LegendPlacement::outside_right;
  return figure;
}

bool is_post_norm(model::Placement placement) {
  return placement == model::Placement::post || placement == model::Placement::deepnorm;
}

std::string model_in_words(const model::ModelConfig& config) {
  return "L = " + std::to_string(config.layers) + ", d = " + std::to_string(config.d_model) + ", " +
         std::to_string(config.heads) + " heads, " + norm_kind_display_name(config.norm) + ", seed " +
         std::to_string(config.seed);
}

}  // namespace

std::vector<model::Placement> depth_figure_placements() {
  return {model::Placement::post, model::Placement::pre, model::Placement::deepnorm};
}

std::string placement_label(model::Placement placement, NormKind norm) {
  const std::string norm_short = norm == NormKind::rms ? "RMS" : "LN";
  switch (placement) {
    case model::Placement::post: return "post-" + norm_short;
    case model::Placement::pre: return "pre-" + norm_short;
    case model::Placement::deepnorm: return "DeepNorm";
    case model::Placement::none: return "no norm";
  }
  return model::placement_name(placement);
}

DepthComparison compare_depths(const model::ModelConfig& config, const std::vector<model::Placement>& placements) {
  DepthComparison comparison;
  comparison.config = config;
  comparison.placements = placements;
  for (const model::Placement placement : placements) {
    model::ModelConfig run_config = config;
    run_config.placement = placement;
    model::validate(run_config);
    comparison.runs.push_back(model::depth_probe(run_config));
  }
  return comparison;
}

SquaredNormGrowth squared_norm_growth(const model::DepthProbeResult& run) {
  SquaredNormGrowth growth;
  const std::size_t layers = run.layers.size();
  if (layers < 3) return growth;
  const auto square = [&run](std::size_t layer) { return run.layers[layer - 1].hidden_norm * run.layers[layer - 1].hidden_norm; };
  const std::size_t middle = (layers + 1) / 2;
  growth.lower_half_per_layer = (square(middle) - square(1)) / static_cast<double>(middle - 1);
  growth.upper_half_per_layer = (square(layers) - square(middle)) / static_cast<double>(layers - middle);
  return growth;
}

Figure depth_hidden_norm_figure(const DepthComparison& comparison) {
  Figure figure = per_layer_lines(comparison, [](const model::LayerProbe& probe) { return probe.hidden_norm; });
  figure.title = "Hidden-state norm after each layer, at initialization";
  figure.y_axis = make_axis("mean ‖h‖ per token");
  figure.y_axis.min = 0.0;
  const double sqrt_d = std::sqrt(static_cast<double>(comparison.config.d_model));
  figure.annotations.push_back(horizontal_line(sqrt_d, "√d = " + format_number(sqrt_d)));
  // The subtitle: how flat each post-norm stack stays, and how pre-norm grows.
  std::string subtitle = model_in_words(comparison.config) + ".";
  for (std::size_t index = 0; index < comparison.runs.size(); ++index) {
    const model::DepthProbeResult& run = comparison.runs[index];
    if (run.layers.empty()) continue;
    const std::string label = placement_label(comparison.placements[index], comparison.config.norm);
    double lowest = run.layers.front().hidden_norm, highest = lowest;
    for (const model::LayerProbe& probe : run.layers) {
      lowest = std::min(lowest, probe.hidden_norm);
      highest = std::max(highest, probe.hidden_norm);
    }
    if (is_post_norm(comparison.placements[index])) {
      subtitle += " " + label + ": every layer " + format_number(lowest, 5) +
                  (highest - lowest > 5e-5 * highest ? " to " + format_number(highest, 5) : "") + ".";
    } else if (comparison.placements[index] == model::Placement::pre && run.layers.size() >= 3) {
      // Like sqrt(l) when the square grows evenly: the upper half within a factor 1.5 of the lower.
      const SquaredNormGrowth growth = squared_norm_growth(run);
      const double ratio = growth.upper_half_per_layer / growth.lower_half_per_layer;
      const std::string verdict = !(growth.lower_half_per_layer > 0) ? "not a growth like √l"
                                  : ratio > 1.5                      ? "faster than √l"
                                  : ratio < 1 / 1.5                  ? "slower than √l"
                                                                     : "like √l";
      subtitle += " " + label + ": " + format_number(lowest) + " to " + format_number(highest) +
                  "; its square grows " + format_number(growth.lower_half_per_layer) + " per layer in the lower half, " +
                  format_number(growth.upper_half_per_layer) + " in the upper: " + verdict + ".";
    }
  }
  figure.subtitle = subtitle;
  return figure;
}

Figure depth_gradient_figure(const DepthComparison& comparison) {
  Figure figure = per_layer_lines(comparison, [](const model::LayerProbe& probe) { return probe.grad_norm_ffn_w2; });
  figure.title = "Gradient of each layer's FFN weight W2, at initialization";
  figure.y_axis = make_axis("‖dLoss/dW2‖", AxisScale::log);  // Frobenius; short: the plot may be low
  std::string subtitle = model_in_words(comparison.config) + ". Top layer / bottom layer:";
  for (std::size_t index = 0; index < comparison.runs.size(); ++index) {
    const model::DepthProbeResult& run = comparison.runs[index];
    if (run.layers.empty()) continue;
    const double bottom = run.layers.front().grad_norm_ffn_w2, top = run.layers.back().grad_norm_ffn_w2;
    subtitle += std::string(index == 0 ? " " : "; ") + placement_label(comparison.placements[index], comparison.config.norm) +
                " " + format_number(top) + " / " + format_number(bottom) + " = " + format_number(top / bottom);
  }
  figure.subtitle = subtitle + ".";
  return figure;
}

}  // namespace normlab::figure
