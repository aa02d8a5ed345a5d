// NormLab's reference normalization layers: every variant's forward, analytic backward and dense
// Jacobian, in float and double, with PyTorch's semantics (see ../shared/REFERENCES.md):
// eps inside the square root, biased variance for normalizing, gamma/beta per feature (last axis for
// LayerNorm/RMSNorm, axis 1 for BatchNorm/GroupNorm/InstanceNorm), gamma = 1 and beta = 0 by default,
// RMSNorm has no beta, BatchNorm's running variance stores the unbiased batch variance.
//
// Contents
//   1. Variants and configuration      NormKind, NormConfig
//   2. Reduction groups                ReductionGroups, describe_reduction()
//   3. Whole-tensor forward/backward   norm_forward(), norm_backward(), norm_jacobian()
//   4. Row primitives                  layer_norm_rows*(), rms_norm_rows*() (used by the transformer)
//   5. DeepNorm                        deepnorm_constants(), deepnorm_residual()
//
// This is the textbook path, written for clarity and checked against hand-derived values and finite
// differences; core/kernels/ holds the SIMD kernels that are compared against it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "tensor/tensor.hpp"

namespace normlab {

// ---- 1. Variants and configuration ---------------------------------------------------------------

enum class NormKind { layer, rms, partial_rms, batch, group, instance };

// Parses "layer", "rms", "prms", "batch", "group", "instance"; throws std::invalid_argument otherwise.
NormKind parse_norm_kind(const std::string& name);
std::string norm_kind_name(NormKind kind);           // "layer", ... (the CLI's spelling)
std::string norm_kind_display_name(NormKind kind);   // "LayerNorm", ... (the app's spelling)

struct NormConfig {
  NormKind kind = NormKind::layer;
  double eps = 1e-5;              // added to the variance (or mean square) inside the square root
  std::size_t groups = 1;         // GroupNorm: number of channel groups; C must be divisible by it
  double partial_fraction = 0.0625;  // pRMSNorm: p, statistics from the first k = ceil(d * p) features
  bool training = true;           // BatchNorm: batch statistics (true) or running statistics (false)
  double momentum = 0.1;          // BatchNorm: running = (1 - momentum) * running + momentum * batch
};

// ---- 2. Reduction groups -------------------------------------------------------------------------

// How a tensor's axes are read. LayerNorm/RMSNorm always normalize the last axis, whatever the rank.
// For BatchNorm/GroupNorm/InstanceNorm: channels_first is PyTorch's (N, C) / (N, C, L);
// channels_last is the transformer's (N, T, C), where BatchNorm pools over N and T per channel.
enum class AxisLayout { channels_first, channels_last };

// Which elements share one mean and variance. The compute path and the app's animation both read
// this one description, so the picture cannot disagree with the arithmetic.
struct ReductionGroups {
  Shape shape;
  std::vector<std::size_t> group_of_element;           // flat C-order index -> group id
  std::vector<std::vector<std::size_t>> members;       // group id -> flat indices, ascending
  std::size_t statistic_count = 0;                     // a group's first statistic_count members feed
                                                       // its statistic: all (groups are equal in size)
                                                       // except for pRMSNorm, the first ceil(d p)
  std::vector<std::size_t> channel_of_element;         // flat index -> index into gamma/beta
  std::size_t channel_count = 0;                       // length of gamma/beta
  std::string description;                             // in words, e.g. "each sample's 64 features"

  // The members that feed the group's statistic: a prefix of members[group], not a copy.
  std::span<const std::size_t> statistic_members(std::size_t group) const {
    return {members[group].data(), std::min(statistic_count, members[group].size())};
  }
};

// Throws std::invalid_argument with a student-readable message when the shape does not fit the
// variant (e.g. InstanceNorm needs (N, C, L); GroupNorm needs C divisible by groups).
ReductionGroups describe_reduction(const NormConfig& config, const Shape& shape,
                                   AxisLayout layout = AxisLayout::channels_first);

// describe_reduction's channel_count (the length of gamma and beta), with the same checks and
// messages, without the per-element lists (four 8-byte entries per element: 256 MiB for 2048 x 4096).
std::size_t reduction_channel_count(const NormConfig& config, const Shape& shape,
                                    AxisLayout layout = AxisLayout::channels_first);

// ---- 3. Whole-tensor forward, backward, Jacobian -------------------------------------------------

template <typename T>
struct NormParameters {
  std::vector<T> gamma;          // empty means all ones
  std::vector<T> beta;           // empty means all zeros; must stay empty for RMSNorm/pRMSNorm
  std::vector<T> running_mean;   // BatchNorm: empty means zeros (PyTorch's initial state)
  std::vector<T> running_var;    // BatchNorm: empty means ones
};

template <typename T>
struct NormForward {
  Tensor<T> output;
  std::vector<T> group_mean;     // per reduction group (0 for RMS kinds)
  std::vector<T> group_rstd;     // per reduction group: 1 / sqrt(var + eps), or 1 / sqrt(ms + eps)
  std::vector<std::string> warnings;  // e.g. BatchNorm train with one value per channel
};

// Forward pass. In BatchNorm train mode the running statistics in `parameters` are updated
// (initialised to PyTorch's zeros/ones first when empty). Throws std::invalid_argument on bad shapes,
// parameters of the wrong length, or non-finite input.
template <typename T>
NormForward<T> norm_forward(const Tensor<T>& input, const NormConfig& config, NormParameters<T>& parameters,
                            AxisLayout layout = AxisLayout::channels_first);

template <typename T>
struct NormGradients {
  Tensor<T> input_grad;
  std::vector<T> gamma_grad;
  std::vector<T> beta_grad;      // empty for RMS kinds
};

// Backward pass of norm_forward for the loss gradient `output_grad` (same shape as input).
// BatchNorm in eval mode treats the running statistics as constants.
template <typename T>
NormGradients<T> norm_backward(const Tensor<T>& input, const Tensor<T>& output_grad, const NormConfig& config,
                               const NormParameters<T>& parameters,
                               AxisLayout layout = AxisLayout::channels_first);

// Dense Jacobian d(output)/d(input) restricted to one reduction group: a (k x k) matrix over that
// group's members in ascending flat order (LN/RMS: one row of d features; BatchNorm: one channel's
// column across the batch, which shows the coupling between samples).
template <typename T>
Tensor<T> norm_jacobian(const Tensor<T>& input, const NormConfig& config, const NormParameters<T>& parameters,
                        std::size_t group, AxisLayout layout = AxisLayout::channels_first);

// ---- 4. Row primitives (contiguous rows x cols, the last axis normalized) ------------------------
// gamma/beta may be null (ones/zeros). row_mean/row_rstd receive one value per row for the backward.
// Gradients of gamma/beta are ADDED to gamma_grad/beta_grad (so callers can accumulate over calls);
// pass null to skip them.

template <typename T>
void layer_norm_rows(const T* input, std::size_t rows, std::size_t cols, const T* gamma, const T* beta, T eps,
                     T* output, T* row_mean, T* row_rstd);
template <typename T>
void layer_norm_rows_backward(const T* input, const T* output_grad, std::size_t rows, std::size_t cols,
                              const T* gamma, const T* row_mean, const T* row_rstd, T* input_grad,
                              T* gamma_grad, T* beta_grad);
template <typename T>
void rms_norm_rows(const T* input, std::size_t rows, std::size_t cols, const T* gamma, T eps, T* output,
                   T* row_rstd);
template <typename T>
void rms_norm_rows_backward(const T* input, const T* output_grad, std::size_t rows, std::size_t cols,
                            const T* gamma, const T* row_rstd, T* input_grad, T* gamma_grad);

// ---- 5. DeepNorm (Wang et al. 2022): x_{l+1} = LN(alpha * x_l + f(x_l)) --------------------------

enum class DeepNormArchitecture { encoder_only, decoder_only, encoder_decoder };
struct DeepNormConstants {
  double alpha = 1.0;  // residual scale
  double beta = 1.0;   // initialization scale of FFN, value and output projections
};
// The DeepNet paper's table. For encoder_only pass encoder_layers; decoder_only, decoder_layers;
// encoder_decoder gives the encoder's constants when for_encoder, else the decoder's.
DeepNormConstants deepnorm_constants(DeepNormArchitecture architecture, std::size_t encoder_layers,
                                     std::size_t decoder_layers, bool for_encoder = true);

// LN(alpha * residual + sublayer_output) over the last axis, with LayerNorm's defaults.
template <typename T>
Tensor<T> deepnorm_residual(const Tensor<T>& residual, const Tensor<T>& sublayer_output, T alpha,
                            T eps = T(1e-5));

}  // namespace normlab
