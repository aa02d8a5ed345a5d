#include "lessons/depth_figures.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "figure/draw.hpp"

namespace normlab::figure {

namespace {

std::vector<double> layer_numbers(const model::DepthProbeResult& run) {
  std::vector<double> layers;
  for (std::size_t layer = 1; layer <= run.layers.size(); ++layer)
    layers.push_back(static_cast<double>(layer));
  return layers;
}

// True when two curves agree to within 2% at every point: drawn one over the other, the lower is hidden.
bool coincide(const std::vector<double>& first, const std::vector<double>& second) {
  if (first.size() != second.size() || first.empty()) return false;
  for (std::size_t index = 0; index < first.size(); ++index) {
    const double scale = std::max(std::fabs(first[index]), std::fabs(second[index]));
    if (std::fabs(first[index] - second[index]) > 0.02 * scale) return false;
  }
  return true;
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
    line.dashed = comparison.placements[index] == model::Placement::deepnorm;
    figure.series.push_back(line);
  }
  // Post-LN's and DeepNorm's hidden norms coincide (both at sqrt(d)): post-LN becomes a wide band under
  // DeepNorm's dashes, without markers, and the legend says so, so both lines show.
  const auto post = std::find(comparison.placements.begin(), comparison.placements.end(), model::Placement::post);
  const auto deep = std::find(comparison.placements.begin(), comparison.placements.end(), model::Placement::deepnorm);
  if (post != comparison.placements.end() && deep != comparison.placements.end()) {
    auto& post_line = std::get<LineSeries>(figure.series[static_cast<std::size_t>(post - comparison.placements.begin())]);
    const auto& deep_line = std::get<LineSeries>(figure.series[static_cast<std::size_t>(deep - comparison.placements.begin())]);
    if (coincide(post_line.y, deep_line.y)) {
      post_line.width_px = 7;
      post_line.markers = false;
      post_line.legend_label = post_line.name + " (wide, under DeepNorm)";
    }
  }
  figure.legend = LegendPlacement::outside_right;
  return figure;
}

bool is_post_norm(model::Placement placement) {
  return placement == model::Placement::post || placement == model::Placement::deepnorm;
}

// "d = 64, 4 heads, LayerNorm, seed 0": what every stack of a figure shares.
std::string sizes_in_words(const model::ModelConfig& config) {
  return "d = " + std::to_string(config.d_model) + ", " + std::to_string(config.heads) + " heads, " +
         norm_kind_display_name(config.norm) + ", seed " + std::to_string(config.seed);
}

std::string model_in_words(const model::ModelConfig& config) {
  return "L = " + std::to_string(config.layers) + ", " + sizes_in_words(config);
}

}  // namespace

std::vector<model::Placement> depth_figure_placements() {
  return {model::Placement::post, model::Placement::pre, model::Placement::deepnorm};
}

std::string placement_label(model::Placement placement, NormKind norm) {
  const std::string norm_short = norm == NormKind::rms ? "RMS" : "LN";
  switch (placement) {
    case model::Placement::post:
      return "post-" + norm_short;
    case model::Placement::pre:
      return "pre-" + norm_short;
    case model::Placement::deepnorm:
      return "DeepNorm";
    case model::Placement::none:
      return "no norm";
  }
  return model::placement_name(placement);
}

namespace {

// Turns one probe's progress into the whole's: the probe covers [done, done + share) of the work.
model::ProbeObserver probe_observer(const DepthProgress& progress, std::string label, double done, double share) {
  if (!progress) return {};
  return [&progress, label = std::move(label), done, share](const model::ProbeProgress& probe) {
    std::string words = label + ": " + probe.phase;
    if (probe.layer > 0) words += ", layer " + std::to_string(probe.layer) + " of " + std::to_string(probe.layers);
    progress(done + share * probe.fraction, words);
  };
}

}  // namespace

DepthComparison compare_depths(const model::ModelConfig& config, const std::vector<model::Placement>& placements,
                               std::stop_token stop, const DepthProgress& progress) {
  DepthComparison comparison;
  comparison.config = config;
  comparison.placements = placements;
  const double share = placements.empty() ? 0.0 : 1.0 / static_cast<double>(placements.size());
  for (const model::Placement placement : placements) {
    if (stop.stop_requested()) break;
    model::ModelConfig run_config = config;
    run_config.placement = placement;
    model::validate(run_config);
    const double done = share * static_cast<double>(comparison.runs.size());
    model::DepthProbeResult run =
        model::depth_probe(run_config, model::kProbeSequences, model::kProbeDataSeed, stop,
                           probe_observer(progress, placement_label(placement, config.norm), done, share));
    if (stop.stop_requested()) break;  // possibly cut short
    comparison.runs.push_back(std::move(run));
  }
  return comparison;
}

UpdateAlignment update_alignment(const model::DepthProbeResult& run) {
  UpdateAlignment alignment;
  const std::size_t layers = run.layers.size();
  if (layers < 3) return alignment;
  const std::size_t middle = (layers + 1) / 2;
  // Both sublayers' cosines of layers first..last (1-based), averaged.
  const auto mean = [&run](std::size_t first, std::size_t last) {
    double sum = 0;
    for (std::size_t layer = first; layer <= last; ++layer) {
      sum += run.layers[layer - 1].attn_alignment + run.layers[layer - 1].ffn_alignment;
    }
    return sum / static_cast<double>(2 * (last - first + 1));
  };
  alignment.lower_half = mean(2, middle);
  alignment.upper_half = mean(middle + 1, layers);
  return alignment;
}

SquaredNormGrowth squared_norm_growth(const model::DepthProbeResult& run) {
  SquaredNormGrowth growth;
  const std::size_t layers = run.layers.size();
  if (layers < 3) return growth;
  const auto square = [&run](std::size_t layer) {
    return run.layers[layer - 1].hidden_norm * run.layers[layer - 1].hidden_norm;
  };
  const std::size_t middle = (layers + 1) / 2;
  growth.lower_half_per_layer = (square(middle) - square(1)) / static_cast<double>(middle - 1);
  growth.upper_half_per_layer = (square(layers) - square(middle)) / static_cast<double>(layers - middle);
  return growth;
}

Figure depth_hidden_norm_figure(const DepthComparison& comparison) {
  Figure figure =
      per_layer_lines(comparison, [](const model::LayerProbe& probe) { return probe.hidden_norm; });
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
                  "; its square grows " + format_number(growth.lower_half_per_layer) +
                  " per layer in the lower half, " + format_number(growth.upper_half_per_layer) +
                  " in the upper: " + verdict + ".";
      // Why, when uneven: not larger updates (at L = 200, seed 0, they are the same size in both halves)
      // but updates that line up with the stream, which |h + u|^2 = |h|^2 + 2|h||u|cos + |u|^2 weighs
      // by |h|, so even cosines of 0.01 move the growth once |h| is large.
      if (verdict != "like √l" && growth.lower_half_per_layer > 0) {
        const UpdateAlignment alignment = update_alignment(run);
        subtitle += " Its updates' mean cosine with the stream: " + format_number(alignment.lower_half, 2) +
                    " in the lower half, " + format_number(alignment.upper_half, 2) + " in the upper.";
      }
    }
  }
  figure.subtitle = subtitle;
  return figure;
}

Figure depth_gradient_figure(const DepthComparison& comparison) {
  Figure figure =
      per_layer_lines(comparison, [](const model::LayerProbe& probe) { return probe.grad_norm_ffn_w2; });
  figure.title = "Gradient of each layer's FFN weight W2, at initialization";
  figure.y_axis = make_axis("‖dLoss/dW2‖", AxisScale::log);  // Frobenius; short: the plot may be low
  std::string subtitle = model_in_words(comparison.config) + ". Top layer / bottom layer:";
  for (std::size_t index = 0; index < comparison.runs.size(); ++index) {
    const model::DepthProbeResult& run = comparison.runs[index];
    if (run.layers.empty()) continue;
    const double bottom = run.layers.front().grad_norm_ffn_w2, top = run.layers.back().grad_norm_ffn_w2;
    subtitle += std::string(index == 0 ? " " : "; ") +
                placement_label(comparison.placements[index], comparison.config.norm) + " " +
                format_significant(top) + " / " + format_significant(bottom) + " = " + format_significant(top / bottom);
  }
  figure.subtitle = subtitle + ".";
  return figure;
}

DepthSweep sweep_depths(const model::ModelConfig& config, const std::vector<std::size_t>& depths,
                        const std::vector<model::Placement>& placements, std::stop_token stop,
                        const DepthProgress& progress) {
  DepthSweep sweep;
  sweep.config = config;
  sweep.depths = depths;
  sweep.placements = placements;
  double total_layers = 0;
  for (const std::size_t depth : depths) total_layers += static_cast<double>(depth * placements.size());
  double layers_done = 0;
  for (const model::Placement placement : placements) {
    if (stop.stop_requested()) break;
    std::vector<double> gradients;
    for (const std::size_t depth : depths) {
      if (stop.stop_requested()) break;
      model::ModelConfig run_config = config;
      run_config.placement = placement;
      run_config.layers = depth;
      model::validate(run_config);
      const std::string label = placement_label(placement, config.norm) + " " + std::to_string(depth) + "-layer stack";
      const model::DepthProbeResult run =
          model::depth_probe(run_config, model::kProbeSequences, model::kProbeDataSeed, stop,
                             probe_observer(progress, label, layers_done / total_layers,
                                            static_cast<double>(depth) / total_layers));
      layers_done += static_cast<double>(depth);
      if (stop.stop_requested()) break;  // possibly cut short, without layers
      gradients.push_back(run.layers.back().grad_norm_ffn_w2);
    }
    sweep.top_w2_gradient.push_back(std::move(gradients));
  }
  return sweep;
}

std::vector<std::size_t> doubling_depths(std::size_t max_depth) {
  std::vector<std::size_t> depths;
  for (std::size_t depth = 3; depth <= std::max<std::size_t>(max_depth, 3); depth *= 2)
    depths.push_back(depth);
  if (depths.back() != std::max<std::size_t>(max_depth, 3)) depths.push_back(max_depth);
  return depths;
}

double log_log_slope(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t count = std::min(x.size(), y.size());
  if (count < 2) return 0;
  std::vector<double> log_x, log_y;
  for (std::size_t index = 0; index < count; ++index) {
    log_x.push_back(std::log(x[index]));
    log_y.push_back(std::log(y[index]));
  }
  const double mean_x = std::accumulate(log_x.begin(), log_x.end(), 0.0) / static_cast<double>(count);
  const double mean_y = std::accumulate(log_y.begin(), log_y.end(), 0.0) / static_cast<double>(count);
  double covariance = 0, spread = 0;
  for (std::size_t index = 0; index < count; ++index) {
    covariance += (log_x[index] - mean_x) * (log_y[index] - mean_y);
    spread += (log_x[index] - mean_x) * (log_x[index] - mean_x);
  }
  return spread > 0 ? covariance / spread : 0;
}

Figure depth_last_layer_figure(const DepthSweep& sweep) {
  Figure figure;
  figure.title = "Top layer's FFN gradient against depth, at initialization";
  figure.x_axis = make_axis("layers L", AxisScale::log);
  figure.y_axis = make_axis("‖dLoss/dW2‖, top layer", AxisScale::log);
  figure.legend = LegendPlacement::outside_right;
  std::vector<double> depths(sweep.depths.begin(), sweep.depths.end());
  std::string slopes;
  for (std::size_t index = 0; index < sweep.placements.size(); ++index) {
    LineSeries line;
    line.name = placement_label(sweep.placements[index], sweep.config.norm);
    line.x = depths;
    line.y = sweep.top_w2_gradient[index];
    line.markers = true;
    line.dashed = sweep.placements[index] == model::Placement::deepnorm;
    figure.series.push_back(line);
    slopes += std::string(slopes.empty() ? "" : ", ") + line.name + " " +
              format_fixed(log_log_slope(depths, line.y), 2);
  }
  // A guide of slope -1/2 through pre-LN's first point, where there is one.
  const auto pre = std::find(sweep.placements.begin(), sweep.placements.end(), model::Placement::pre);
  if (pre != sweep.placements.end() && !depths.empty()) {
    const double start =
        sweep.top_w2_gradient[static_cast<std::size_t>(pre - sweep.placements.begin())].front();
    LineSeries guide;
    guide.name = "∝ 1/√L";
    guide.x = depths;
    for (const double depth : depths) guide.y.push_back(start * std::sqrt(depths.front() / depth));
    guide.dashed = true;
    guide.color = Color{0.45f, 0.45f, 0.45f, 1.0f};
    figure.series.push_back(guide);
  }
  figure.subtitle = sizes_in_words(sweep.config) + ". Fitted exponent of L (log-log slope): " + slopes +
                    "; 1/√L is −0.50.";
  return figure;
}

}  // namespace normlab::figure
