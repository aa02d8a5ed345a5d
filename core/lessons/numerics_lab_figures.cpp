// The numerics lab's figures, drawn from the computations in numerics_lab.cpp: no number is typed in.
#include <algorithm>
#include <cmath>

#include "figure/draw.hpp"
#include "lessons/numerics_lab.hpp"

namespace normlab::lessons {

using figure::Figure;
using figure::format_number;
using numeric::FloatFormat;

namespace {

// One log axis range for every panel, whole decades around the positive values, so formats compare by eye.
void share_log_y_range(Figure& figure) {
  double low = INFINITY, high = 0;
  for (const Figure& plot : figure.panels)
    for (const figure::Series& series : plot.series)
      for (double y : std::get<figure::LineSeries>(series).y)
        if (y > 0 && std::isfinite(y)) low = std::min(low, y), high = std::max(high, y);
  if (!(high > 0)) return;
  for (Figure& plot : figure.panels) {
    // Half a decade below the lowest tick, so that tick's label clears the x axis's first one.
    plot.y_axis.min = std::pow(10.0, std::floor(std::log10(low)) - 0.3);
    plot.y_axis.max = std::pow(10.0, std::ceil(std::log10(std::max(high, 1.0))));
  }
}

// One panel per format, one line per algorithm (the same colour in every panel, named in one).
Figure per_format_figure(const VarianceSweep& sweep, bool layernorm, const std::string& title,
                         const std::string& y_label) {
  Figure figure;
  figure.title = title;
  for (std::size_t f = 0; f < sweep.formats.size(); ++f) {
    const FormatSweep& format = sweep.formats[f];
    Figure plot;
    plot.title = std::string(numeric::format_spec(format.format).name) + " (u = 2^-" +
                 std::to_string(numeric::format_spec(format.format).significand_bits) + ")";
    plot.x_axis = figure::make_axis("mean of the row", figure::AxisScale::log);
    plot.y_axis = figure::make_axis(f == 0 ? y_label : "", figure::AxisScale::log);
    for (std::size_t a = 0; a < format.curves.size(); ++a) {
      const AlgorithmCurve& curve = format.curves[a];
      figure::LineSeries line;
      line.name = algorithm_name(curve.algorithm) + " (" + std::string(numeric::format_spec(format.format).name) + ")";
      // Named in the bfloat16 panel: its rows round to one value early, leaving its lower right free for
      // a legend that would cover data elsewhere (and be pushed below, making that panel the shorter).
      line.legend_label = format.format == FloatFormat::bfloat16 ? algorithm_short_name(curve.algorithm) : "";
      line.color_slot = a;
      line.markers = true;
      line.dashed = curve.algorithm == VarianceAlgorithm::textbook_two_pass;
      line.x = sweep.offsets;
      // A log axis cannot show an exact zero: such points (and unmeasured ones, NaN) break the line.
      for (double error : layernorm ? curve.layernorm_error : curve.variance_error)
        line.y.push_back(error > 0 ? error : NAN);
      plot.series.push_back(line);
    }
    if (!layernorm) plot.annotations.push_back(figure::horizontal_line(1.0, "100 %"));
    figure.panels.push_back(plot);
  }
  share_log_y_range(figure);
  return figure;
}

}  // namespace

Figure variance_error_figure(const VarianceSweep& sweep) {
  Figure figure = per_format_figure(sweep, false, "Relative error of the variance against the row's mean",
                                    "|var − var64| / var64");
  // The quote at mean 1e6 (float32's classic failure point); the events per format are on the panel.
  figure.subtitle = "d = " + std::to_string(sweep.request.cols) + ", σ = " + format_number(sweep.request.spread) +
                    ", error averaged over " + std::to_string(sweep.request.rows) + " rows. " +
                    float32_quote(sweep, 1e6);
  return figure;
}

Figure layernorm_error_figure(const VarianceSweep& sweep) {
  Figure figure = per_format_figure(sweep, true, "LayerNorm output error each variance algorithm causes",
                                    "max |y − y64| (mean over rows)");
  figure.subtitle = "y = (x − mean) / √(var + ε), every operation in the format, ε = " +
                    format_number(sweep.request.eps) + "; the truth y64 in float64 from the same stored x. " +
                    "Points where the output is NaN or infinite are left out.";
  return figure;
}

Figure epsilon_figure(const EpsilonStudy& study) {
  const std::string name(numeric::format_spec(study.format).name);
  Figure figure;
  figure.title = "What " + name + " does to LayerNorm's ε";
  figure.subtitle = "smallest normal " + format_number(study.smallest_normal, 3) + ", smallest subnormal " +
                    format_number(study.smallest_subnormal, 3) + ", spacing at 1: " +
                    format_number(study.spacing_at_one, 3) + "; constant row of " + std::to_string(study.cols) +
                    " values " + format_number(study.constant_value, 4) + ", " + algorithm_name(study.algorithm);

  // Left: how much of ε survives being added to a variance, (fl(v + ε) − v) / ε, over v.
  Figure kept;
  kept.title = "ε kept in var + ε";
  kept.x_axis = figure::make_axis("variance v", figure::AxisScale::log);
  kept.y_axis = figure::make_axis("(fl(v + ε) − v) / ε   (1: kept, 0: absorbed)");
  std::vector<double> variances;
  for (double exponent = -8; exponent <= 1.0001; exponent += 0.01) variances.push_back(std::pow(10.0, exponent));
  for (std::size_t e = 0; e < study.stored.size(); ++e) {
    figure::LineSeries line;
    line.name = "ε = " + format_number(study.stored[e].requested);
    line.color_slot = e;
    for (double variance : variances) {
      const double v = numeric::round_to_format(variance, study.format);
      line.x.push_back(v);
      line.y.push_back((numeric::round_to_format(v + study.stored[e].stored, study.format) - v) /
                       study.stored[e].requested);
    }
    kept.series.push_back(line);
  }
  kept.annotations.push_back(figure::vertical_line(study.smallest_normal, "smallest normal"));
  figure.panels.push_back(kept);

  // Right: the constant row's output, exactly 0 in exact arithmetic.
  Figure row;
  row.title = "LayerNorm of a constant row";
  row.x_axis.label = "ε";
  row.y_axis = figure::make_axis("max |y| in " + name + " (exact: 0)", figure::AxisScale::log);
  figure::BarSeries bars;
  bars.name = "max |LayerNorm(x)| in " + name;

  bars.label_values = true;
  for (const ConstantRow& constant : study.constant_rows) {
    // A bar cannot show NaN or infinity: its category says what came out instead.
    const std::string outcome = std::isnan(constant.max_output)   ? ": NaN"
                                : std::isinf(constant.max_output) ? ": infinite"
                                : constant.max_output == 0        ? ": exactly 0"
                                                                  : "";
    bars.categories.push_back(format_number(constant.eps) + outcome);
    bars.values.push_back(std::isfinite(constant.max_output) && constant.max_output > 0 ? constant.max_output : NAN);
  }
  row.series.push_back(bars);
  row.legend = figure::LegendPlacement::hidden;  // one series: the axis says what it is
  figure.panels.push_back(row);
  return figure;
}

}  // namespace normlab::lessons
