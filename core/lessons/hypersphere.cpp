#include "lessons/hypersphere.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "lessons/activation_matrix.hpp"

namespace normlab::lessons {
namespace {

std::string format_value(double value, const char* format = "%.4g") {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

void require_nonempty(std::span<const double> x) {
  if (x.empty()) throw std::invalid_argument("the vector x must have at least one component");
}

// moment + eps, or an exception a student can act on instead of a NaN.
double checked_denominator(double moment, double eps, const char* moment_name) {
  if (eps < 0) throw std::invalid_argument("eps must not be negative");
  if (!(moment + eps > 0)) {
    throw std::invalid_argument(std::string("x has ") + moment_name +
                                " 0 and eps is 0: the norm would divide 0 by 0 (raise eps or change x)");
  }
  return moment + eps;
}

}  // namespace

double sum_of(std::span<const double> x) {
  double sum = 0;
  for (double value : x) sum += value;
  return sum;
}

double mean_of(std::span<const double> x) {
  require_nonempty(x);
  return sum_of(x) / static_cast<double>(x.size());
}

double variance_of(std::span<const double> x) {
  // Two passes: a mean offset much larger than the spread must not cancel the variance away.
  const double mean = mean_of(x);
  double squares = 0;
  for (double value : x) squares += (value - mean) * (value - mean);
  return squares / static_cast<double>(x.size());
}

double norm_of(std::span<const double> x) {
  double squares = 0;
  for (double value : x) squares += value * value;
  return std::sqrt(squares);
}

Vector centred(std::span<const double> x) {
  const double mean = mean_of(x);
  Vector result(x.begin(), x.end());
  for (double& value : result) value -= mean;
  return result;
}

Vector layer_norm_vector(std::span<const double> x, const HypersphereSettings& settings) {
  const double inverse_sigma = 1.0 / std::sqrt(checked_denominator(variance_of(x), settings.eps, "variance"));
  Vector result = centred(x);
  for (double& value : result) value = settings.gamma * value * inverse_sigma + settings.beta;
  return result;
}

Vector rms_norm_vector(std::span<const double> x, const HypersphereSettings& settings) {
  double squares = 0;
  for (double value : x) squares += value * value;
  require_nonempty(x);
  const double inverse_rms =
      1.0 / std::sqrt(checked_denominator(squares / static_cast<double>(x.size()), settings.eps, "mean square"));
  Vector result(x.begin(), x.end());
  for (double& value : result) value *= settings.gamma * inverse_rms;
  return result;
}

namespace {
Vector lerp(const Vector& from, const Vector& to, double amount) {
  Vector result(from.size());
  for (std::size_t index = 0; index < from.size(); ++index) {
    result[index] = from[index] + (to[index] - from[index]) * amount;
  }
  return result;
}
}  // namespace

Vector layer_norm_stage(std::span<const double> x, double t, const HypersphereSettings& settings) {
  t = std::clamp(t, 0.0, 2.0);
  const Vector input(x.begin(), x.end());
  const Vector plane = centred(x);
  if (t <= 1.0) return lerp(input, plane, t);
  return lerp(plane, layer_norm_vector(x, settings), t - 1.0);
}

Vector rms_norm_stage(std::span<const double> x, double s, const HypersphereSettings& settings) {
  return lerp(Vector(x.begin(), x.end()), rms_norm_vector(x, settings), std::clamp(s, 0.0, 1.0));
}

double layer_norm_radius(std::span<const double> x, const HypersphereSettings& settings) {
  const double variance = variance_of(x);
  return std::abs(settings.gamma) *
         std::sqrt(static_cast<double>(x.size()) * variance / checked_denominator(variance, settings.eps, "variance"));
}

ImageSummary summarize_image(const std::vector<Vector>& outputs, double beta) {
  ImageSummary summary;
  if (outputs.empty()) return summary;
  summary.dimension = outputs.front().size();
  summary.count = outputs.size();
  summary.min_sum = summary.min_norm = INFINITY;
  summary.max_sum = summary.max_norm = -INFINITY;
  for (const Vector& output : outputs) {
    Vector shifted = output;
    for (double& value : shifted) value -= beta;
    const double sum = sum_of(shifted), norm = norm_of(shifted);
    summary.max_abs_centred_sum = std::max(summary.max_abs_centred_sum, std::abs(sum));
    summary.min_sum = std::min(summary.min_sum, sum);
    summary.max_sum = std::max(summary.max_sum, sum);
    summary.min_norm = std::min(summary.min_norm, norm);
    summary.max_norm = std::max(summary.max_norm, norm);
  }
  const double d = static_cast<double>(summary.dimension);
  // Rounding leaves sums of a few ulps of the components; anything beyond 1e-9 of the scale is real.
  summary.in_hyperplane = summary.max_abs_centred_sum <= 1e-9 * std::sqrt(d) * std::max(summary.max_norm, 1e-300);
  summary.sphere_dimension =
      summary.dimension < 2 ? 0 : summary.dimension - (summary.in_hyperplane ? 2 : 1);
  return summary;
}

std::string image_sentence(const ImageSummary& summary, const std::string& norm_name) {
  if (summary.count == 0) return norm_name + ": no outputs measured.";
  const std::string d = std::to_string(summary.dimension);
  const std::string count = std::to_string(summary.count);
  const bool one_radius = summary.max_norm - summary.min_norm <= 1e-9 * std::max(summary.max_norm, 1.0);
  const std::string norms =
      one_radius ? "norm " + format_value(summary.max_norm)
                 : "norms " + format_value(summary.min_norm, "%.8g") + " to " + format_value(summary.max_norm, "%.8g");
  const std::string sphere = std::to_string(summary.sphere_dimension) + "-sphere";
  if (summary.in_hyperplane) {
    return norm_name + ": all " + count + " outputs sum to 0 (|sum| <= " +
           format_value(summary.max_abs_centred_sum, "%.1e") + "), " + norms + ": a " + sphere + " in the " +
           std::to_string(summary.dimension - 1) + "-dimensional hyperplane orthogonal to (1, ..., 1).";
  }
  return norm_name + ": sums " + format_value(summary.min_sum) + " to " + format_value(summary.max_sum) + " (in no hyperplane), " +
         norms + ": the " + sphere + " in R^" + d + ".";
}

CloudImages summarize_cloud_images(const std::vector<Vector>& cloud, const HypersphereSettings& settings) {
  std::vector<Vector> layer, rms;
  layer.reserve(cloud.size());
  rms.reserve(cloud.size());
  for (const Vector& x : cloud) {
    layer.push_back(layer_norm_vector(x, settings));
    rms.push_back(rms_norm_vector(x, settings));
  }
  // RMSNorm has no beta: its sphere is centred at the origin.
  return {summarize_image(layer, settings.beta), summarize_image(rms, 0.0)};
}

std::vector<Vector> make_cloud(std::size_t count, std::size_t dimension, double offset, double spread,
                               std::uint64_t seed) {
  if (dimension == 0) throw std::invalid_argument("the cloud's dimension d must be at least 1");
  const std::vector<double> draws = seeded_normal_values(count * dimension, seed);
  std::vector<Vector> cloud(count, Vector(dimension));
  for (std::size_t vector = 0; vector < count; ++vector) {
    for (std::size_t component = 0; component < dimension; ++component) {
      cloud[vector][component] = offset + spread * draws[vector * dimension + component];
    }
  }
  return cloud;
}

NormHistogram norm_histogram(const std::vector<Vector>& cloud, const HypersphereSettings& settings,
                             std::size_t bins) {
  if (bins == 0) throw std::invalid_argument("a histogram needs at least one bin");
  std::vector<double> input_norms, output_norms;
  for (const Vector& x : cloud) {
    input_norms.push_back(norm_of(x));
    Vector output = layer_norm_vector(x, settings);
    for (double& value : output) value -= settings.beta;
    output_norms.push_back(norm_of(output));
  }
  NormHistogram histogram;
  histogram.input_counts.assign(bins, 0);
  histogram.layer_norm_counts.assign(bins, 0);
  double low = 0, high = 1;
  if (!cloud.empty()) {
    low = std::min(*std::min_element(input_norms.begin(), input_norms.end()),
                   *std::min_element(output_norms.begin(), output_norms.end()));
    high = std::max(*std::max_element(input_norms.begin(), input_norms.end()),
                    *std::max_element(output_norms.begin(), output_norms.end()));
  }
  if (high - low < 1e-9 * std::max(1.0, high)) low -= 0.5, high += 0.5;  // one value: a bin around it
  const double width = (high - low) / static_cast<double>(bins);
  for (std::size_t edge = 0; edge <= bins; ++edge) histogram.edges.push_back(low + width * static_cast<double>(edge));
  const auto bin_of = [&](double value) {
    const auto index = static_cast<std::size_t>(std::max(0.0, std::floor((value - low) / width)));
    return std::min(index, bins - 1);  // the maximum lands on the last bin's closed right edge
  };
  for (double norm : input_norms) ++histogram.input_counts[bin_of(norm)];
  for (double norm : output_norms) ++histogram.layer_norm_counts[bin_of(norm)];
  return histogram;
}

namespace {
// A histogram as a staircase line: flat over each bin, down to 0 at both ends.
figure::LineSeries staircase(std::string name, const std::vector<double>& edges,
                             const std::vector<std::size_t>& counts) {
  figure::LineSeries series;
  series.name = std::move(name);
  series.x.push_back(edges.front());
  series.y.push_back(0);
  for (std::size_t bin = 0; bin < counts.size(); ++bin) {
    series.x.insert(series.x.end(), {edges[bin], edges[bin + 1]});
    series.y.insert(series.y.end(), 2, static_cast<double>(counts[bin]));
  }
  series.x.push_back(edges.back());
  series.y.push_back(0);
  return series;
}
}  // namespace

figure::Figure hypersphere_norms_figure(const HypersphereFigureRequest& request) {
  const std::vector<Vector> cloud =
      make_cloud(request.count, request.dimension, request.offset, request.spread, request.seed);
  const NormHistogram histogram = norm_histogram(cloud, request.settings, request.bins);
  const CloudImages images = summarize_cloud_images(cloud, request.settings);

  figure::Figure figure;
  const std::string d = std::to_string(request.dimension);
  figure.title = "Norms of " + std::to_string(request.count) + " vectors in R^" + d + ": x against LayerNorm(x)";
  figure.subtitle = image_sentence(images.layer, "LayerNorm") + " " + image_sentence(images.rms, "RMSNorm");
  figure.x_axis = figure::make_axis("Euclidean norm: ||x||, and ||LN(x) - beta 1|| for LayerNorm");
  figure.y_axis = figure::make_axis("vectors per bin");
  figure.series.push_back(staircase("||x||", histogram.edges, histogram.input_counts));
  figure.series.push_back(staircase("||LN(x)||", histogram.edges, histogram.layer_norm_counts));
  const double sqrt_d = std::sqrt(static_cast<double>(request.dimension)) * std::abs(request.settings.gamma);
  figure.annotations.push_back(figure::vertical_line(sqrt_d, "|gamma| sqrt(d) = " + format_value(sqrt_d)));
  figure.legend = figure::LegendPlacement::top_right;
  return figure;
}

}  // namespace normlab::lessons
