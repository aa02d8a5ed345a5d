#include "lessons/jacobian_lesson.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

#include "figure/draw.hpp"
#include "norm/moments.hpp"

namespace normlab::lessons {

namespace {

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

double dot(std::span<const double> a, std::span<const double> b) {
  return std::inner_product(a.begin(), a.end(), b.begin(), 0.0);
}
double length(std::span<const double> a) { return std::sqrt(dot(a, a)); }

std::vector<double> unit_of(std::vector<double> vector) {
  const double size = length(vector);
  if (size > 0) {
    for (double& value : vector) value /= size;
  }
  return vector;
}

double mean_of(std::span<const double> x) { return two_pass_moments<double>(x).mean; }

// var(x) for LayerNorm, mean(x^2) for RMSNorm: what eps is added to under the root.
double statistic_of(std::span<const double> x, NormKind kind) {
  if (kind == NormKind::layer) return two_pass_moments<double>(x).biased_variance();
  return dot(x, x) / double(x.size());
}

void check_row(std::span<const double> x, NormKind kind, double eps) {
  if (kind != NormKind::layer && kind != NormKind::rms)
    throw std::invalid_argument("the Jacobian lesson takes LayerNorm or RMSNorm, not " + norm_kind_display_name(kind));
  if (x.size() < 2) throw std::invalid_argument("x needs at least 2 components (got " + std::to_string(x.size()) + ")");
  for (double value : x) {
    if (!std::isfinite(value)) throw std::invalid_argument("x has a component that is not a finite number");
  }
  if (!(eps >= 0) || !std::isfinite(eps)) throw std::invalid_argument("eps must be a finite number >= 0");
  if (statistic_of(x, kind) + eps <= 0) {
    throw std::invalid_argument(kind == NormKind::layer
                                    ? "x is constant and eps = 0: sigma = 0 and LayerNorm divides by zero (set eps > 0)"
                                    : "x is zero and eps = 0: RMS = 0 and RMSNorm divides by zero (set eps > 0)");
  }
}

std::vector<double> jacobian_matrix(std::span<const double> x, NormKind kind, double eps) {
  NormConfig config;
  config.kind = kind;
  config.eps = eps;
  const Tensor<double> row(Shape{x.size()}, std::vector<double>(x.begin(), x.end()));
  return norm_jacobian(row, config, NormParameters<double>{}, 0).values;
}

// ||J||_2 from the largest eigenvalue of J^T J: the sweep needs only the top singular value, and a
// symmetric eigensolver is several times cheaper than a full SVD at d = 64.
double spectral_norm_of(const std::vector<double>& matrix, std::size_t dimension) {
  const Eigen::Map<const RowMajor> jacobian(matrix.data(), Eigen::Index(dimension), Eigen::Index(dimension));
  const Eigen::MatrixXd gram = jacobian.transpose() * jacobian;
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(gram, Eigen::EigenvaluesOnly);
  return std::sqrt(std::max(0.0, solver.eigenvalues().maxCoeff()));
}

std::vector<double> times(const std::vector<double>& matrix, std::span<const double> vector) {
  const std::size_t size = vector.size();
  std::vector<double> result(size, 0.0);
  for (std::size_t row = 0; row < size; ++row)
    result[row] = dot(std::span<const double>(matrix.data() + row * size, size), vector);
  return result;
}

// How many of `vectors` are linearly independent (Gram-Schmidt with a relative tolerance).
std::size_t independent_count(std::vector<std::vector<double>> vectors) {
  std::vector<std::vector<double>> basis;
  for (auto& vector : vectors) {
    for (const auto& base : basis) {
      const double along = dot(vector, base);
      for (std::size_t index = 0; index < vector.size(); ++index) vector[index] -= along * base[index];
    }
    if (length(vector) > 1e-6) basis.push_back(unit_of(vector));
  }
  return basis.size();
}

std::string number(double value) { return figure::format_number(value, 3); }

std::string explain(const JacobianAnalysis& analysis) {
  const std::size_t d = analysis.dimension, lost = d - analysis.rank;
  std::string text = norm_kind_display_name(analysis.kind) + ": rank " + std::to_string(analysis.rank) +
                     (lost == 0 ? " = d (full)" : " = d − " + std::to_string(lost)) + ", tolerance " +
                     number(analysis.tolerance) + ".";
  std::string killed, kept;
  for (const NamedDirection& direction : analysis.directions) {
    std::string& list = direction.killed ? killed : kept;
    list += (list.empty() ? "" : ", ") + direction.name + " (‖J u‖ = " + number(direction.gain) + ")";
  }
  if (!killed.empty()) text += " Sent to zero: " + killed + ".";
  if (!kept.empty()) text += " Kept: " + kept + ".";
  if (analysis.unnamed_kernel > 0) {
    text.append(" ").append(std::to_string(analysis.unnamed_kernel));  // (GCC 12 -Wrestrict false positive on " " + string)
    text += " more numerically-zero direction(s), neither 1 nor x̂.";
  }
  return text;
}

}  // namespace

// ---- 1. The input x ---------------------------------------------------------------------------------

const std::vector<std::pair<std::string, JacobianPreset>>& jacobian_presets() {
  static const std::vector<std::pair<std::string, JacobianPreset>> presets = {
      {"random", JacobianPreset::random},
      {"ramp", JacobianPreset::ramp},
      {"spike", JacobianPreset::spike},
      {"near-constant", JacobianPreset::near_constant}};
  return presets;
}

std::vector<double> make_jacobian_input(const JacobianInput& input) {
  const std::size_t d = input.dimension;
  std::mt19937_64 generator(input.seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> shape(d, 0.0);
  for (std::size_t index = 0; index < d; ++index) {
    switch (input.preset) {
      case JacobianPreset::random: shape[index] = normal(generator); break;
      case JacobianPreset::ramp: shape[index] = d < 2 ? 0.0 : -1.0 + 2.0 * double(index) / double(d - 1); break;
      case JacobianPreset::spike: shape[index] = index == 0 ? 4.0 : 0.1 * normal(generator); break;
      case JacobianPreset::near_constant: shape[index] = 1e-3 * normal(generator); break;
    }
  }
  for (double& value : shape) value = input.offset + input.scale * value;
  return shape;
}

// ---- 2. One Jacobian ---------------------------------------------------------------------------------

std::string jacobian_input_problem(std::span<const double> x, NormKind kind, double eps) {
  try {
    check_row(x, kind, eps);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

std::vector<double> singular_values_of(std::span<const double> matrix, std::size_t dimension) {
  const Eigen::Map<const RowMajor> map(matrix.data(), Eigen::Index(dimension), Eigen::Index(dimension));
  const Eigen::VectorXd values = Eigen::JacobiSVD<Eigen::MatrixXd>(map).singularValues();
  return {values.data(), values.data() + values.size()};
}

JacobianAnalysis analyze_jacobian(std::span<const double> x, NormKind kind, double eps) {
  check_row(x, kind, eps);
  JacobianAnalysis analysis;
  analysis.kind = kind;
  analysis.eps = eps;
  analysis.x.assign(x.begin(), x.end());
  const std::size_t d = x.size();
  analysis.dimension = d;
  analysis.matrix = jacobian_matrix(x, kind, eps);
  analysis.singular_values = singular_values_of(analysis.matrix, d);
  analysis.tolerance = double(d) * DBL_EPSILON * analysis.singular_values.front();
  analysis.rank = std::size_t(std::count_if(analysis.singular_values.begin(), analysis.singular_values.end(),
                                            [&](double value) { return value > analysis.tolerance; }));
  analysis.mean = mean_of(x);
  analysis.statistic = statistic_of(x, kind);
  analysis.exact_spectral_norm = 1.0 / std::sqrt(analysis.statistic + eps);

  const std::vector<double> ones(d, 1.0);
  std::vector<double> along_input(x.begin(), x.end());
  if (kind == NormKind::layer) {
    for (double& value : along_input) value -= analysis.mean;
  }
  const auto named = [&](std::string name, const std::vector<double>& vector) {
    NamedDirection direction;
    direction.name = std::move(name);
    direction.unit = unit_of(vector);
    direction.gain = length(times(analysis.matrix, direction.unit));
    direction.killed = length(direction.unit) > 0 && direction.gain <= analysis.tolerance;
    return direction;
  };
  analysis.directions.push_back(named("1", ones));
  analysis.directions.push_back(kind == NormKind::layer ? named("x̂", along_input) : named("x", along_input));
  std::vector<std::vector<double>> killed;
  for (const NamedDirection& direction : analysis.directions) {
    if (direction.killed) killed.push_back(direction.unit);
  }
  const std::size_t kernel = d - analysis.rank, explained = independent_count(killed);
  analysis.unnamed_kernel = kernel > explained ? kernel - explained : 0;
  analysis.explanation = explain(analysis);
  return analysis;
}

// ---- 3. Gradient control -----------------------------------------------------------------------------

GradientControlSweep sweep_gradient_control(std::span<const double> x, std::span<const double> output_grad,
                                            NormKind kind, double eps, double low, double high, int per_decade) {
  check_row(x, kind, eps);
  if (output_grad.size() != x.size()) throw std::invalid_argument("dy must have as many components as x");
  if (!(low > 0 && high > low) || per_decade < 1) throw std::invalid_argument("the sweep needs 0 < low < high");
  const double current = std::sqrt(statistic_of(x, kind));
  if (!(current > 0)) throw std::invalid_argument("x has no spread to scale (sigma or RMS is 0)");
  GradientControlSweep sweep;
  sweep.kind = kind;
  sweep.eps = eps;
  sweep.dimension = x.size();
  sweep.current_spread = current;
  const double dy_length = length(output_grad);
  const int steps = int(std::lround(std::log10(high / low) * per_decade));
  std::vector<double> scaled(x.size());
  for (int step = 0; step <= steps; ++step) {
    const double spread = low * std::pow(10.0, double(step) / per_decade);
    const double factor = spread / current;
    for (std::size_t index = 0; index < x.size(); ++index) scaled[index] = factor * x[index];
    GradientControlPoint point;
    point.spread = spread;
    const std::vector<double> matrix = jacobian_matrix(scaled, kind, eps);
    point.spectral_norm = spectral_norm_of(matrix, x.size());
    point.exact = 1.0 / std::sqrt(statistic_of(scaled, kind) + eps);
    std::vector<double> reach(scaled);
    if (kind == NormKind::layer) {
      const double centre = mean_of(scaled);
      for (double& value : reach) value -= centre;
    }
    point.literal_seed_claim = double(x.size()) / length(reach);
    // J is symmetric for gamma = 1, but J^T dy is what backprop computes, so transpose explicitly.
    const Eigen::Map<const RowMajor> jacobian(matrix.data(), Eigen::Index(x.size()), Eigen::Index(x.size()));
    const Eigen::Map<const Eigen::VectorXd> dy(output_grad.data(), Eigen::Index(x.size()));
    point.gradient_gain = dy_length > 0 ? (jacobian.transpose() * dy).norm() / dy_length : 0.0;
    sweep.points.push_back(point);
  }
  return sweep;
}

// ---- 4. Backprop ----------------------------------------------------------------------------------

std::vector<double> make_output_grad(std::size_t dimension, std::uint64_t seed) {
  std::mt19937_64 generator(seed ^ 0x9e3779b97f4a7c15ULL);  // not the stream x is drawn from
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> dy(dimension);
  for (double& value : dy) value = normal(generator);
  return dy;
}

BackpropResult backprop_gradient(std::span<const double> x, std::span<const double> output_grad, NormKind kind,
                                 double eps) {
  check_row(x, kind, eps);
  if (output_grad.size() != x.size()) throw std::invalid_argument("dy must have as many components as x");
  NormConfig config;
  config.kind = kind;
  config.eps = eps;
  const Tensor<double> input(Shape{1, x.size()}, std::vector<double>(x.begin(), x.end()));
  const Tensor<double> gradient(Shape{1, x.size()}, std::vector<double>(output_grad.begin(), output_grad.end()));
  BackpropResult result;
  result.kind = kind;
  result.output_grad.assign(output_grad.begin(), output_grad.end());
  result.input_grad = norm_backward(input, gradient, config, NormParameters<double>{}).input_grad.values;
  result.output_grad_norm = length(result.output_grad);
  result.input_grad_norm = length(result.input_grad);
  const double rstd = 1.0 / std::sqrt(statistic_of(x, kind) + eps);
  const double centre = kind == NormKind::layer ? mean_of(x) : 0.0;
  std::vector<double> normalized(x.begin(), x.end());
  for (double& value : normalized) value = (value - centre) * rstd;
  const std::vector<double> ones(x.size(), 1.0);
  result.dot_ones = dot(result.input_grad, ones);
  result.dot_normalized = dot(result.input_grad, normalized);
  const auto cosine = [&](double product, std::span<const double> other) {
    const double scale = result.input_grad_norm * length(other);
    return scale > 0 ? product / scale : 0.0;
  };
  result.cosine_ones = cosine(result.dot_ones, ones);
  result.cosine_normalized = cosine(result.dot_normalized, normalized);
  return result;
}

// ---- 5. BatchNorm coupling ------------------------------------------------------------------------

std::vector<double> make_batch_feature(std::size_t batch, double offset, double scale, std::uint64_t seed) {
  std::mt19937_64 generator(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> feature(batch);
  for (double& value : feature) value = offset + scale * normal(generator);
  return feature;
}

namespace {

BatchCouplingPoint coupling_point(const std::vector<double>& feature, double eps, std::vector<double>* matrix_out) {
  const std::size_t batch = feature.size();
  NormConfig config;
  config.kind = NormKind::batch;
  config.eps = eps;
  const Tensor<double> input(Shape{batch, 1}, feature);
  const std::vector<double> matrix = norm_jacobian(input, config, NormParameters<double>{}, 0).values;
  BatchCouplingPoint point;
  point.batch = batch;
  double diagonal = 0, off = 0;
  for (std::size_t row = 0; row < batch; ++row) {
    for (std::size_t col = 0; col < batch; ++col) {
      const double value = matrix[row * batch + col];
      if (row == col) {
        diagonal += value;
      } else {
        off += std::fabs(value);
        point.max_off_diagonal = std::max(point.max_off_diagonal, std::fabs(value));
      }
    }
  }
  point.mean_diagonal = diagonal / double(batch);
  point.mean_off_diagonal = off / double(batch * (batch - 1));
  point.rstd = 1.0 / std::sqrt(two_pass_moments<double>(std::span<const double>(feature)).biased_variance() + eps);
  if (matrix_out != nullptr) *matrix_out = matrix;
  return point;
}

}  // namespace

BatchCoupling batch_coupling(std::size_t batch, double offset, double scale, std::uint64_t seed, double eps,
                             std::size_t max_batch) {
  if (batch < 2) throw std::invalid_argument("BatchNorm's coupling needs a batch of at least 2 samples");
  if (!(eps >= 0) || !std::isfinite(eps)) throw std::invalid_argument("eps must be a finite number >= 0");
  const std::size_t largest = std::max(batch, max_batch);
  const std::vector<double> draw = make_batch_feature(largest, offset, scale, seed);
  BatchCoupling coupling;
  coupling.feature.assign(draw.begin(), draw.begin() + std::ptrdiff_t(batch));
  if (two_pass_moments<double>(std::span<const double>(coupling.feature)).biased_variance() + eps <= 0)
    throw std::invalid_argument("the batch is constant and eps = 0: BatchNorm divides by zero (set eps > 0)");
  coupling.shown = coupling_point(coupling.feature, eps, &coupling.matrix);
  for (std::size_t size = 4; size <= largest; size *= 2) {
    coupling.sweep.push_back(
        coupling_point(std::vector<double>(draw.begin(), draw.begin() + std::ptrdiff_t(size)), eps, nullptr));
  }
  return coupling;
}

}  // namespace normlab::lessons
