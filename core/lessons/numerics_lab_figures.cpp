// The numerics lab's figures, drawn from the computations in numerics_lab.cpp: no number is typed in.
#include <cmath>

#include "figure/draw.hpp"
#include "lessons/numerics_lab.hpp"

namespace normlab::lessons {

using figure::Figure;
using figure::format_number;
using numeric::FloatFormat;

namespace {

// One panel per format, one line per algorithm (the same colour in every panel, named in the first).
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
      line.legend_label = f == 0 ? algorithm_name(curve.algorithm) : "";
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
  return figure;
}

// "float16: one pass NaN from mean 316 on; values overflow from mean 1e5 on" for the subtitle.
std::string format_events(const VarianceSweep& sweep, const FormatSweep& format) {
  std::string words;
  for (const AlgorithmCurve& curve : format.curves) {
    const std::string events = curve_events(sweep, format, curve);
    if (events.empty()) continue;
    words += (words.empty() ? "" : ", ") + algorithm_name(curve.algorithm) + " " + events;
  }
  const auto first_with = [&](const std::vector<int>& count) {
    for (std::size_t point = 0; point < count.size(); ++point)
      if (count[point] == int(sweep.request.rows)) return format_number(sweep.offsets[point], 2);
    return std::string();
  };
  if (const std::string from = first_with(format.constant_rows); !from.empty())
    words += (words.empty() ? "" : ", ") + std::string("every row stored as one value from mean ") + from;
  if (const std::string from = first_with(format.overflowed_rows); !from.empty())
    words += (words.empty() ? "" : ", ") + std::string("values overflow from mean ") + from;
  return words.empty() ? "" : std::string(numeric::format_spec(format.format).name) + ": " + words;
}

std::string events_subtitle(const VarianceSweep& sweep) {
  std::string subtitle;
  for (const FormatSweep& format : sweep.formats) {
    const std::string words = format_events(sweep, format);
    if (!words.empty()) subtitle += (subtitle.empty() ? "" : ".  ") + words;
  }
  return subtitle;
}

}  // namespace

Figure variance_error_figure(const VarianceSweep& sweep) {
  Figure figure = per_format_figure(sweep, false, "Relative error of the variance against the row's mean",
                                    "|var − var64| / var64");
  const std::size_t quoted = nearest_offset(sweep, 1e6);
  std::string quote = "d = " + std::to_string(sweep.request.cols) + ", σ = " + format_number(sweep.request.spread) +
                      ", mean of " + std::to_string(sweep.request.rows) + " rows; float32 at mean " +
                      format_number(sweep.offsets[quoted], 2) + ":";
  for (const AlgorithmCurve& curve : sweep.formats[0].curves)
    quote.append(" ").append(algorithm_name(curve.algorithm)).append(" ")
        .append(format_number(curve.variance_error[quoted], 2)).append(",");
  quote.pop_back();
  const std::string events = events_subtitle(sweep);
  figure.subtitle = quote + (events.empty() ? "" : ".  " + events);
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
  kept.y_axis = figure::make_axis("(fl(v + ε) − v) / ε");
  std::vector<double> variances;
  for (double exponent = -8; exponent <= 1.0001; exponent += 0.05) variances.push_back(std::pow(10.0, exponent));
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
  row.y_axis = figure::make_axis("max |y| (exact: 0)", figure::AxisScale::log);
  figure::BarSeries bars;
  bars.name = "max |LayerNorm(x)| in " + name;
  bars.label_values = true;
  for (const ConstantRow& constant : study.constant_rows) {
    bars.categories.push_back("ε = " + format_number(constant.eps));
    bars.values.push_back(std::isfinite(constant.max_output) && constant.max_output > 0 ? constant.max_output : NAN);
  }
  row.series.push_back(bars);
  figure.panels.push_back(row);
  return figure;
}

}  // namespace normlab::lessons
