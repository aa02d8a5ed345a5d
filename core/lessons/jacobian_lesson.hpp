// The Jacobian lesson: what LayerNorm and RMSNorm do to a small change of their input, computed from
// core/norm's dense Jacobian (norm_jacobian, the one the CLI's `jacobian` command uses). Contents:
//   1. The input x          JacobianInput, make_jacobian_input(): presets, offset, scale, seed
//   2. One Jacobian          analyze_jacobian(): matrix, singular values, numerical rank, the directions
//                            it kills, and the explanation stated from that spectrum
//   3. Gradient control      sweep_gradient_control(): ||J||_2 and ||J^T dy|| against the input's scale,
//                            beside the exact 1/sqrt(var + eps) (Xiong et al. 2020, Lemma 3)
//   4. Backprop              backprop_gradient(): dx = J^T dy, with dx . 1 and dx . x_hat
//   5. BatchNorm coupling    batch_coupling(): one feature's N x N Jacobian across a batch, and how the
//                            off-diagonal (sample-to-sample) entries shrink as N grows
// Everything is double precision; nothing here knows about figures or the GUI.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "norm/norm.hpp"

namespace normlab::lessons {

// ---- 1. The input x ---------------------------------------------------------------------------------

enum class JacobianPreset {
  random,        // offset + scale * N(0, 1), seeded
  ramp,          // offset + scale * (evenly spaced from -1 to 1)
  spike,         // offset + scale * (one large component, the rest small and seeded)
  near_constant  // offset + scale * 1e-3 * N(0, 1): var ~ 1e-6 scale^2, where eps = 1e-5 dominates
};
const std::vector<std::pair<std::string, JacobianPreset>>& jacobian_presets();  // "random", ...

struct JacobianInput {
  std::size_t dimension = 16;
  JacobianPreset preset = JacobianPreset::random;
  double offset = 1.0;  // added to every component (makes sigma and the RMS differ)
  double scale = 1.0;   // multiplies the preset's shape (moves sigma)
  std::uint64_t seed = 3;
};
std::vector<double> make_jacobian_input(const JacobianInput& input);

// ---- 2. One Jacobian ---------------------------------------------------------------------------------

// A direction the lesson names (the all-ones vector, x_hat, x) and what J does to it.
struct NamedDirection {
  std::string name;          // "1" (all ones), "x̂" (x − μ, LayerNorm) or "x" (RMSNorm)
  std::vector<double> unit;  // the direction, unit length
  double gain = 0;           // ||J u|| for the unit vector u
  bool killed = false;       // gain <= the rank tolerance
};

struct JacobianAnalysis {
  NormKind kind = NormKind::layer;
  double eps = 0;
  std::vector<double> x;
  std::size_t dimension = 0;
  std::vector<double> matrix;           // d x d row-major: matrix[i * d + j] = dy_i / dx_j
  std::vector<double> singular_values;  // descending (Eigen's JacobiSVD)
  // Numerical rank: singular values above tolerance = d * DBL_EPSILON * s_max (NumPy's matrix_rank rule).
  double tolerance = 0;
  std::size_t rank = 0;
  double mean = 0;                // mean(x) (LayerNorm's centre; reported for RMSNorm too)
  double statistic = 0;           // LayerNorm: var(x) (biased); RMSNorm: mean(x^2)
  double exact_spectral_norm = 0; // 1 / sqrt(statistic + eps)
  std::vector<NamedDirection> directions;
  std::size_t unnamed_kernel = 0; // kernel dimensions the killed named directions do not account for
  std::string explanation;        // the rank and the killed directions, in words, from the numbers above
};

// Throws std::invalid_argument (one line) for a kind other than layer/rms, d < 2, non-finite x, or a
// zero statistic with eps = 0 (the norm divides by zero there).
JacobianAnalysis analyze_jacobian(std::span<const double> x, NormKind kind, double eps);

// What analyze_jacobian (and the sweep and backprop) would refuse x for, in one line; "" when nothing.
std::string jacobian_input_problem(std::span<const double> x, NormKind kind, double eps);

// Singular values, descending, of a d x d row-major matrix (Eigen's JacobiSVD).
std::vector<double> singular_values_of(std::span<const double> matrix, std::size_t dimension);

// ---- 3. Gradient control -----------------------------------------------------------------------------

struct GradientControlPoint {
  double spread = 0;         // LayerNorm: sigma of the scaled x; RMSNorm: its RMS
  double spectral_norm = 0;  // ||J||_2, the largest singular value (measured)
  double exact = 0;          // 1 / sqrt(statistic + eps)
  double literal_seed_claim = 0;  // d / ||x - mu|| (LayerNorm) or d / ||x|| (RMSNorm): O(d/||x||) with constant 1
  double gradient_gain = 0;  // ||J^T dy|| / ||dy|| for the fixed dy
};

struct GradientControlSweep {
  NormKind kind = NormKind::layer;
  double eps = 0;
  std::size_t dimension = 0;
  std::vector<GradientControlPoint> points;  // ascending spread
  double current_spread = 0;                 // the unscaled x's sigma (or RMS)
};

// x scaled so that its sigma (RMSNorm: RMS) runs over [low, high] log-spaced, `per_decade` points a decade.
GradientControlSweep sweep_gradient_control(std::span<const double> x, std::span<const double> output_grad,
                                            NormKind kind, double eps, double low = 1e-4, double high = 1e2,
                                            int per_decade = 4);

// ---- 4. Backprop ----------------------------------------------------------------------------------

struct BackpropResult {
  NormKind kind = NormKind::layer;
  std::vector<double> output_grad;  // dy
  std::vector<double> input_grad;   // dx = J^T dy (core/norm's norm_backward)
  double output_grad_norm = 0, input_grad_norm = 0;
  double dot_ones = 0;        // dx . 1
  double dot_normalized = 0;  // dx . x_hat (LayerNorm) or dx . x / rms (RMSNorm)
  double cosine_ones = 0, cosine_normalized = 0;  // the dot products over the vectors' lengths
};

std::vector<double> make_output_grad(std::size_t dimension, std::uint64_t seed);  // N(0, 1), seeded
BackpropResult backprop_gradient(std::span<const double> x, std::span<const double> output_grad, NormKind kind,
                                 double eps);

// ---- 5. BatchNorm coupling ------------------------------------------------------------------------

struct BatchCouplingPoint {
  std::size_t batch = 0;
  double mean_diagonal = 0;      // mean of dy_i/dx_i
  double mean_off_diagonal = 0;  // mean of |dy_i/dx_j|, i != j
  double max_off_diagonal = 0;
  double rstd = 0;               // 1 / sqrt(var + eps) of the batch
};

struct BatchCoupling {
  std::vector<double> feature;  // the shown batch's values of the one feature (length N)
  std::vector<double> matrix;   // N x N: dy_i/dx_j across samples (BatchNorm, training mode)
  BatchCouplingPoint shown;
  // N = 4, 8, ... up to max_batch, nested batches of one draw. (N = 2 is left out: two samples always
  // normalize to -1 and +1 whatever their values, so the Jacobian vanishes there.)
  std::vector<BatchCouplingPoint> sweep;
};

// One feature's values for `batch` samples: offset + scale * N(0, 1), seeded; the first n of a larger
// draw are the smaller batch, so the sweep watches one batch grow.
std::vector<double> make_batch_feature(std::size_t batch, double offset, double scale, std::uint64_t seed);
BatchCoupling batch_coupling(std::size_t batch, double offset, double scale, std::uint64_t seed, double eps,
                             std::size_t max_batch = 256);

}  // namespace normlab::lessons
