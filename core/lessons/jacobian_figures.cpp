#include "lessons/jacobian_figures.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "figure/draw.hpp"

namespace normlab::lessons {

namespace {

using figure::Figure;

// " = " with no-break spaces, so a wrapped subtitle never separates a name from its value.
constexpr const char* kEquals = "\u00a0=\u00a0";

std::string equals(const std::string& name, double value, int digits = 3) {
  return name + kEquals + figure::format_number(value, digits);
}

std::string name_of(NormKind kind) { return norm_kind_display_name(kind); }

// What eps is added to, by kind, as the figures write it.
std::string statistic_name(NormKind kind) { return kind == NormKind::layer ? "σ²" : "mean x²"; }

figure::LineSeries line(std::string name, std::vector<double> x, std::vector<double> y, std::size_t slot,
                        bool dashed = false) {
  figure::LineSeries series;
  series.name = std::move(name);
  series.x = std::move(x);
  series.y = std::move(y);
  series.color_slot = slot;
  series.dashed = dashed;
  return series;
}

std::size_t slot_of(NormKind kind) { return kind == NormKind::layer ? 0 : 1; }

}  // namespace

Figure jacobian_matrix_figure(const std::vector<JacobianAnalysis>& analyses) {
  Figure figure;
  const std::size_t d = analyses.empty() ? 0 : analyses.front().dimension;
  figure.title = "The Jacobian ∂y/∂x at x (d" + std::string(kEquals) + std::to_string(d) + ")";
  std::string subtitle = "Row i is output y_i, column j is input x_j; rstd ";
  for (const JacobianAnalysis& analysis : analyses) {
    subtitle += equals("1/√(" + statistic_name(analysis.kind) + " + ε)", analysis.exact_spectral_norm) + " (" +
                name_of(analysis.kind) + "); ";
  }
  figure.subtitle = subtitle + equals("ε", analyses.empty() ? 0.0 : analyses.front().eps);
  for (const JacobianAnalysis& analysis : analyses) {
    Figure panel;
    panel.title = name_of(analysis.kind);
    panel.x_axis.label = "input x_j";
    panel.y_axis.label = "output y_i";
    figure::HeatmapSeries heatmap;
    heatmap.name = "J " + name_of(analysis.kind);
    heatmap.rows = heatmap.cols = analysis.dimension;
    heatmap.values = analysis.matrix;
    heatmap.colorbar_label = "∂y_i/∂x_j";
    heatmap.show_values = analysis.dimension <= 8;
    panel.series.push_back(heatmap);
    figure.panels.push_back(panel);
  }
  return figure;
}

Figure jacobian_spectrum_figure(const std::vector<JacobianAnalysis>& analyses) {
  Figure figure;
  const std::size_t d = analyses.empty() ? 0 : analyses.front().dimension;
  figure.title = "Singular values of the Jacobian at x (d" + std::string(kEquals) + std::to_string(d) + ")";
  std::string subtitle;
  for (const JacobianAnalysis& analysis : analyses) {
    subtitle += name_of(analysis.kind) + ": rank " + std::to_string(analysis.rank) + " of " + std::to_string(d) +
                ", largest " + figure::format_number(analysis.singular_values.front(), 4) + ";  ";
  }
  figure.subtitle = subtitle + equals("ε", analyses.empty() ? 0.0 : analyses.front().eps) +
                    "; rank: the values above the tolerance d·ε_machine·s_max";
  figure.x_axis.label = "index k, largest first";
  figure.y_axis = figure::make_axis("singular value s_k", figure::AxisScale::log);
  double largest = 0;
  for (const JacobianAnalysis& analysis : analyses) largest = std::max(largest, analysis.singular_values.front());
  if (largest > 0) figure.y_axis.max = 10 * largest;  // room above the top values, and a tick at or above them
  std::vector<double> index(d);
  for (std::size_t k = 0; k < d; ++k) index[k] = double(k + 1);
  for (const JacobianAnalysis& analysis : analyses) {
    figure::LineSeries values = line(name_of(analysis.kind), index, analysis.singular_values, slot_of(analysis.kind));
    values.markers = true;
    figure.series.push_back(values);
  }
  // The exact spectral norm as a dashed line in its norm's colour, named in the legend.
  for (const JacobianAnalysis& analysis : analyses) {
    figure.series.push_back(line(equals("1/√(" + statistic_name(analysis.kind) + " + ε)", analysis.exact_spectral_norm, 4),
                                 {0.5, double(d) + 0.5},
                                 {analysis.exact_spectral_norm, analysis.exact_spectral_norm}, slot_of(analysis.kind),
                                 true));
  }
  if (!analyses.empty()) {
    const auto widest = std::max_element(analyses.begin(), analyses.end(), [](const auto& a, const auto& b) {
      return a.tolerance < b.tolerance;
    });
    figure.annotations.push_back(figure::horizontal_line(widest->tolerance, "rank tolerance"));
  }
  figure.legend = figure::LegendPlacement::outside_right;
  return figure;
}

Figure gradient_control_figure(const std::vector<GradientControlSweep>& sweeps) {
  Figure figure;
  const std::size_t d = sweeps.empty() ? 0 : sweeps.front().dimension;
  const double eps = sweeps.empty() ? 0.0 : sweeps.front().eps;
  figure.title = "Gradient control: the Jacobian's size against the input's scale (d" + std::string(kEquals) +
                 std::to_string(d) + ")";
  figure.subtitle = "x scaled by a factor; " + equals("ε", eps) +
                    "; the exact value is Xiong et al. 2020's O(√d/‖x‖) (Lemma 3) for x − μ; d/‖x − μ‖ is √d too large";
  for (const GradientControlSweep& sweep : sweeps) {
    Figure panel;
    panel.title = name_of(sweep.kind);
    const bool layer = sweep.kind == NormKind::layer;
    panel.x_axis = figure::make_axis(layer ? "σ of the scaled x" : "RMS of the scaled x", figure::AxisScale::log);
    panel.y_axis = figure::make_axis("gain ‖J‖₂, ‖dx‖/‖dy‖", figure::AxisScale::log);
    std::vector<double> spread, measured, exact, literal, gain;
    for (const GradientControlPoint& point : sweep.points) {
      spread.push_back(point.spread);
      measured.push_back(point.spectral_norm);
      exact.push_back(point.exact);
      literal.push_back(point.literal_seed_claim);
      gain.push_back(point.gradient_gain);
    }
    // The exact line wide and underneath: the measured markers and one gradient's gain sit on it.
    figure::LineSeries exact_line = line(layer ? "exact 1/√(σ² + ε)" : "exact 1/√(mean x² + ε)", spread, exact, 0);
    exact_line.width_px = 4;
    panel.series.push_back(exact_line);
    figure::MarkerSeries markers;
    markers.name = "measured ‖J‖₂";
    markers.x = spread;
    markers.y = measured;
    markers.radius_px = 4.5;
    panel.series.push_back(markers);
    panel.series.push_back(line("‖Jᵀdy‖/‖dy‖, one dy", spread, gain, 2, true));
    panel.series.push_back(line(layer ? "d/‖x − μ‖ (√d too big)" : "d/‖x‖ (√d too big)", spread, literal, 3, true));
    panel.annotations.push_back(figure::vertical_line(sweep.current_spread, "this x"));
    panel.legend = figure::LegendPlacement::below;  // every corner of the plot holds data
    figure.panels.push_back(panel);
  }
  return figure;
}

Figure backprop_figure(const std::vector<BackpropResult>& results) {
  Figure figure;
  const std::size_t d = results.empty() ? 0 : results.front().output_grad.size();
  figure.title = "A gradient pushed back: dx = Jᵀ dy (d" + std::string(kEquals) + std::to_string(d) + ")";
  std::string subtitle;
  for (const BackpropResult& result : results) {
    const bool layer = result.kind == NormKind::layer;
    subtitle += std::string(subtitle.empty() ? "" : ";  ") + name_of(result.kind) + ": " +
                equals("‖dx‖/‖dy‖", result.input_grad_norm / result.output_grad_norm) + ", " +
                equals("dx·1", result.dot_ones) + ", " + equals(layer ? "dx·x̂" : "dx·(x/rms)", result.dot_normalized);
  }
  figure.subtitle = subtitle;
  std::vector<std::string> categories;
  for (std::size_t index = 0; index < d; ++index) categories.push_back(std::to_string(index + 1));
  Figure incoming;
  incoming.title = "incoming gradient dy";
  incoming.x_axis.label = "feature";
  incoming.y_axis.label = "dy_i";
  figure::BarSeries dy;
  dy.name = "dy";
  dy.color = figure::color_from_hex(0x8c8c8c);  // neutral: not the colour of either norm's dx
  dy.categories = categories;
  if (!results.empty()) dy.values = results.front().output_grad;
  incoming.series.push_back(dy);
  incoming.legend = figure::LegendPlacement::hidden;
  Figure outgoing;
  outgoing.title = "gradient reaching the input dx";
  outgoing.x_axis.label = "feature";
  outgoing.y_axis.label = "dx_j";
  for (const BackpropResult& result : results) {
    figure::BarSeries dx;
    dx.name = "dx, " + name_of(result.kind);
    dx.categories = categories;
    dx.values = result.input_grad;
    outgoing.series.push_back(dx);
  }
  outgoing.legend = figure::LegendPlacement::below;
  figure.panels = {incoming, outgoing};
  return figure;
}

Figure batch_coupling_figure(const BatchCoupling& coupling, double eps) {
  Figure figure;
  const std::size_t batch = coupling.shown.batch;
  figure.title = "BatchNorm couples the samples of a batch: one feature, N" + std::string(kEquals) + std::to_string(batch);
  figure.subtitle = "∂y_i/∂x_j across samples (training mode); at this N the mean |off-diagonal| is " +
                    figure::format_number(coupling.shown.mean_off_diagonal, 3) + ", the mean diagonal " +
                    figure::format_number(coupling.shown.mean_diagonal, 3) + "; " + equals("ε", eps);
  Figure matrix;
  matrix.title = "∂y_i/∂x_j, N" + std::string(kEquals) + std::to_string(batch);
  matrix.x_axis.label = "input sample j";
  matrix.y_axis.label = "output sample i";
  figure::HeatmapSeries heatmap;
  heatmap.name = "J BatchNorm";
  heatmap.rows = heatmap.cols = batch;
  heatmap.values = coupling.matrix;
  heatmap.colorbar_label = "∂y_i/∂x_j";
  heatmap.show_values = batch <= 8;
  matrix.series.push_back(heatmap);
  Figure sweep;
  sweep.title = "coupling as the batch grows";
  sweep.x_axis = figure::make_axis("batch size N", figure::AxisScale::log);
  sweep.y_axis = figure::make_axis("J entry × σ of the batch", figure::AxisScale::log);
  std::vector<double> sizes, diagonal, mean_off, max_off;
  for (const BatchCouplingPoint& point : coupling.sweep) {
    // Times sigma: the batch's own scale divides every entry, and is not what the batch size changes.
    const double sigma = 1.0 / point.rstd;
    sizes.push_back(double(point.batch));
    diagonal.push_back(point.mean_diagonal * sigma);
    mean_off.push_back(point.mean_off_diagonal * sigma);
    max_off.push_back(point.max_off_diagonal * sigma);
  }
  sweep.series.push_back(line("mean diagonal ∂y_i/∂x_i", sizes, diagonal, 0));
  figure::LineSeries mean_line = line("mean |off-diagonal|", sizes, mean_off, 1);
  mean_line.markers = true;
  sweep.series.push_back(mean_line);
  sweep.series.push_back(line("largest |off-diagonal|", sizes, max_off, 2, true));
  sweep.annotations.push_back(figure::vertical_line(double(batch), "this N"));
  sweep.legend = figure::LegendPlacement::below;
  figure.panels = {matrix, sweep};
  return figure;
}

// ---- Catalog ----------------------------------------------------------------------------------------

namespace {

void declare_row_parameters(figure::FigureParameters& parameters) {
  std::vector<std::string> presets;
  for (const auto& [word, value] : jacobian_presets()) presets.push_back(word);
  parameters.declare_integer("d", 8, 2, 256, "features in x");
  parameters.declare_choice("preset", "random", presets, "x's shape");
  parameters.declare_number("offset", 1, -1e6, 1e6, "mean added to x (makes its sigma and RMS differ)");
  parameters.declare_number("scale", 1, 1e-6, 1e6, "multiplies the preset's shape (moves sigma)");
  parameters.declare_number("eps", 0, 0, 1, "added inside the square root (0 shows the exact rank)");
  parameters.declare_choice("norm", "both", {"layer", "rms", "both"}, "the norms shown");
  parameters.declare_integer("seed", 3, 0, 1LL << 53, "random seed (x, and dy for the gradient figures)");
}

JacobianFigureInputs row_inputs(const figure::FigureParameters& parameters) {
  JacobianFigureInputs inputs;
  inputs.input.dimension = std::size_t(parameters.integer("d"));
  for (const auto& [word, value] : jacobian_presets()) {
    if (word == parameters.text("preset")) inputs.input.preset = value;
  }
  inputs.input.offset = parameters.number("offset");
  inputs.input.scale = parameters.number("scale");
  inputs.eps = parameters.number("eps");
  inputs.input.seed = std::uint64_t(parameters.integer("seed"));
  const std::string& norm = parameters.text("norm");
  if (norm == "layer") inputs.kinds = {NormKind::layer};
  if (norm == "rms") inputs.kinds = {NormKind::rms};
  return inputs;
}

// One result per norm asked for, each computed by `compute(x, dy, kind, eps)` from the same x and dy.
template <typename Compute>
auto per_kind(const JacobianFigureInputs& inputs, Compute compute) {
  const std::vector<double> x = make_jacobian_input(inputs.input);
  const std::vector<double> dy = make_output_grad(x.size(), inputs.input.seed);
  std::vector<decltype(compute(x, dy, NormKind::layer, inputs.eps))> results;
  for (NormKind kind : inputs.kinds) results.push_back(compute(x, dy, kind, inputs.eps));
  return results;
}

}  // namespace

figure::CatalogEntry jacobian_catalog_entry(const std::string& name) {
  const auto analyses = [](const JacobianFigureInputs& inputs) {
    return per_kind(inputs, [](const auto& x, const auto&, NormKind kind, double eps) { return analyze_jacobian(x, kind, eps); });
  };
  if (name == "jacobian-matrix") {
    return {name, "heatmaps of the LayerNorm and RMSNorm Jacobians dy/dx at one vector x", declare_row_parameters,
            [=](const figure::FigureParameters& parameters) { return jacobian_matrix_figure(analyses(row_inputs(parameters))); }};
  }
  if (name == "jacobian-spectrum") {
    return {name, "singular values of the LayerNorm and RMSNorm Jacobians at x on a log axis, with the numerical rank",
            declare_row_parameters,
            [=](const figure::FigureParameters& parameters) { return jacobian_spectrum_figure(analyses(row_inputs(parameters))); }};
  }
  if (name == "jacobian-gradient-control") {
    return {name, "the Jacobian's spectral norm and one gradient's gain against the input's sigma, beside 1/sqrt(var + eps)",
            declare_row_parameters, [](const figure::FigureParameters& parameters) {
              return gradient_control_figure(per_kind(row_inputs(parameters), [](const auto& x, const auto& dy, NormKind kind, double eps) {
                return sweep_gradient_control(x, dy, kind, eps);
              }));
            }};
  }
  if (name == "jacobian-backprop") {
    return {name, "a random gradient dy and dx = J^T dy for LayerNorm and RMSNorm, with dx . 1 and dx . x_hat",
            declare_row_parameters, [](const figure::FigureParameters& parameters) {
              return backprop_figure(per_kind(row_inputs(parameters), [](const auto& x, const auto& dy, NormKind kind, double eps) {
                return backprop_gradient(x, dy, kind, eps);
              }));
            }};
  }
  if (name == "jacobian-batch-coupling") {
    return {name, "BatchNorm's Jacobian across a batch for one feature, and its off-diagonal coupling against N",
            [](figure::FigureParameters& parameters) {
              parameters.declare_integer("batch", 8, 2, 512, "samples N in the batch");
              parameters.declare_number("offset", 1, -1e6, 1e6, "the feature's mean over the batch");
              parameters.declare_number("scale", 1, 1e-6, 1e6, "the feature's standard deviation over the batch");
              parameters.declare_number("eps", 1e-5, 0, 1, "added to the batch variance");
              parameters.declare_integer("seed", 3, 0, 1LL << 53, "random seed");
            },
            [](const figure::FigureParameters& parameters) {
              const auto batch = std::size_t(parameters.integer("batch"));
              const double eps = parameters.number("eps");
              return batch_coupling_figure(batch_coupling(batch, parameters.number("offset"), parameters.number("scale"),
                                                          std::uint64_t(parameters.integer("seed")), eps),
                                           eps);
            }};
  }
  throw std::invalid_argument("no Jacobian figure named '" + name + "'");
}

}  // namespace normlab::lessons
