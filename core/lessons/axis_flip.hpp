// The axis-flip lesson without a window: the same activation matrix normalized by BatchNorm (per
// feature, a column), LayerNorm / RMSNorm (per sample, a row), GroupNorm and InstanceNorm (on an
// (N, C, L) tensor). Which cells share one mean and variance comes ONLY from
// normlab::describe_reduction(), and the outputs only from normlab::norm_forward(): this file adds the
// lesson's settings (batch size, train/eval), the statistics shown beside each slice, hover read-outs
// and the formulas with the numbers substituted.
//
// Contents
//   1. Settings               AxisFlipSettings, norm_config_of()
//   2. One evaluation         AxisFlipResult, GroupStatistics, compute_axis_flip()
//   3. Hover read-out         CellReadout, read_cell()
//   4. Formulas               FormulaLine, statistics_formula(), output_formula(), format_number()
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "norm/norm.hpp"
#include "tensor/tensor.hpp"

namespace normlab::lessons {

// ---- 1. Settings --------------------------------------------------------------------------------

struct AxisFlipSettings {
  NormKind kind = NormKind::layer;   // batch, layer, rms, group or instance
  std::size_t groups = 2;            // GroupNorm: channel groups (C must be divisible by it)
  double eps = 1e-5;                 // PyTorch's default, inside the square root
  double gamma = 1.0;                // the same scale for every feature (PyTorch's initial value)
  double beta = 0.0;                 // the same shift for every feature; RMSNorm has none
  std::size_t batch_samples = 0;     // the batch = the first batch_samples samples; 0 = all of them
  bool training = true;              // BatchNorm: batch statistics (train) or running ones (eval)
  double momentum = 0.1;             // BatchNorm: running = (1 - momentum) * running + momentum * batch
  std::size_t running_steps = 20;    // BatchNorm eval: training steps that built the running statistics
};

NormConfig norm_config_of(const AxisFlipSettings& settings);
bool is_centring(NormKind kind);  // subtracts a mean (everything but RMSNorm/pRMSNorm)

// ---- 2. One evaluation --------------------------------------------------------------------------

struct GroupStatistics {
  std::size_t count = 0;      // how many values feed the statistic
  double mean = 0;            // mu (0 for RMSNorm, which does not centre)
  double spread = 0;          // sigma^2 (biased variance), or the mean square for RMSNorm
  double rstd = 0;            // 1 / sqrt(spread + eps): what the normalization multiplies by
  bool from_running = false;  // BatchNorm eval: mean and spread are the running statistics
  double standard_deviation() const;  // sqrt(spread): sigma, or the RMS for RMSNorm
};

struct AxisFlipResult {
  AxisFlipSettings settings;
  Tensor<double> batch;               // the samples actually normalized
  ReductionGroups reduction;          // from describe_reduction(): who shares statistics
  Tensor<double> output;              // from norm_forward()
  std::vector<GroupStatistics> statistics;  // one per reduction group
  std::vector<double> gamma, beta;    // per channel, as passed to the core (beta empty for RMSNorm)
  std::vector<double> running_mean, running_var;  // BatchNorm: after this evaluation
  std::vector<std::string> warnings;  // from the core, e.g. BatchNorm on one value per channel
};

// The first `settings.batch_samples` samples of `activations` (all when 0), normalized as the settings
// say. BatchNorm eval first runs settings.running_steps training steps over the whole tensor (batches
// of batch_samples consecutive samples, wrapping around) from PyTorch's initial running statistics,
// exactly as a training loop would have. Throws std::invalid_argument (from the core, or for a batch
// larger than the tensor) with a student-readable message.
AxisFlipResult compute_axis_flip(const Tensor<double>& activations, const AxisFlipSettings& settings);

// The batch (first samples) of a tensor along axis 0.
Tensor<double> first_samples(const Tensor<double>& activations, std::size_t samples);

// ---- 3. Hover read-out --------------------------------------------------------------------------

struct CellReadout {
  std::size_t flat_index = 0;
  std::vector<std::size_t> coordinates;  // (sample, feature) or (sample, channel, position)
  double value = 0;                      // the input x
  std::size_t group = 0;                 // its reduction group
  GroupStatistics statistics;            // its group's mu and sigma (or RMS)
  double normalized = 0;                 // x_hat = (x - mu) * rstd
  double output = 0;                     // y = gamma * x_hat + beta, from the core
};

CellReadout read_cell(const AxisFlipResult& result, std::size_t flat_index);

// ---- 4. Formulas --------------------------------------------------------------------------------
// Each line is computed from the result, never typed in: `symbolic` is the textbook form, `substituted`
// the same with this group's numbers, ending in "= value". Greek letters are spelled out (mu, sigma) so
// every font shows them.

struct FormulaLine {
  std::string symbolic;      // e.g. "mu = (1/k) * sum of x over the group"
  std::string substituted;   // e.g. "mu = (0.5 + 1.2 - 0.3) / 3 = 0.4667"
  double value = 0;          // the computed right-hand side, at full precision
};

// mu and sigma^2 (or the mean square for RMSNorm; the running statistics in BatchNorm eval) of a group.
std::vector<FormulaLine> statistics_formula(const AxisFlipResult& result, std::size_t group);
// x_hat and y for one cell.
std::vector<FormulaLine> output_formula(const AxisFlipResult& result, std::size_t flat_index);

// Four significant digits, no trailing zeros ("0.4667", "-12.5", "1e-05"): what the formulas print.
std::string format_number(double value);
inline constexpr double kFormulaRelativePrecision = 5e-4;  // half a unit in the 4th significant digit

}  // namespace normlab::lessons
