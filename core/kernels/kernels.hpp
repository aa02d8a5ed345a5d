// NormLab's fast float32 normalization kernels: Google Highway with runtime dispatch, so one binary
// runs AVX-512, AVX2, SSE4, NEON or scalar code, whichever the user's CPU supports best.
//
// Contents
//   1. Which SIMD target runs          simd_target_name()
//   2. LayerNorm / RMSNorm over rows   layer_norm_forward(), rms_norm_forward(), *_backward()
//   3. GroupNorm / InstanceNorm        group_norm_forward(), instance_norm_forward()
//   4. BatchNorm (per-column stats)    batch_norm_forward()
//
// Semantics are PyTorch's, exactly as the reference in core/norm/norm.hpp (the textbook version these
// kernels are tested against on every target): eps inside the square root, biased variance, gamma and
// beta nullable (meaning ones and zeros). Inputs are contiguous C-order float32 arrays; outputs must
// not alias inputs. Statistics are accumulated in one accurate pass (per-lane Welford merged with
// Chan's formula), so rows with a mean of 1e4 and unit spread stay accurate.
//
// `threads` > 1 splits rows (or groups) over a small shared thread pool; 1 (the default) runs on the
// calling thread. Every function validates nothing beyond null checks of required pointers: callers
// (the CLI, the app) validate shapes first.
#pragma once

#include <cstddef>
#include <string>

namespace normlab::kernels {

// ---- 1. Which SIMD target runs ------------------------------------------------------------------

// The Highway target that dynamic dispatch picks on this machine, e.g. "AVX3", "AVX2", "SSE4",
// "NEON", "EMU128" or "SCALAR". Reflects hwy::SetSupportedTargetsForTest when a test forces one.
std::string simd_target_name();

// ---- 2. LayerNorm / RMSNorm over the last axis of a (rows, cols) matrix --------------------------

// output = (input - row_mean) * row_rstd * gamma + beta, row_rstd = 1 / sqrt(biased_var + eps).
// row_mean / row_rstd (nullable) receive one value per row, for the backward pass.
void layer_norm_forward(const float* input, std::size_t rows, std::size_t cols, const float* gamma,
                        const float* beta, float eps, float* output, float* row_mean = nullptr,
                        float* row_rstd = nullptr, std::size_t threads = 1);

// output = input * row_rstd * gamma, row_rstd = 1 / sqrt(mean(input^2) + eps). No beta.
void rms_norm_forward(const float* input, std::size_t rows, std::size_t cols, const float* gamma, float eps,
                      float* output, float* row_rstd = nullptr, std::size_t threads = 1);

// Backward of layer_norm_forward for the loss gradient output_grad. row_mean and row_rstd come from
// the forward pass (required). With g = output_grad * gamma and xhat = (x - mean) * rstd:
// input_grad = rstd * (g - mean(g) - xhat * mean(g * xhat)). gamma_grad += sum over rows of
// output_grad * xhat, beta_grad += sum over rows of output_grad (ADDED, as in the reference, so callers
// can accumulate; pass null to skip either).
void layer_norm_backward(const float* input, const float* output_grad, std::size_t rows, std::size_t cols,
                         const float* gamma, const float* row_mean, const float* row_rstd, float* input_grad,
                         float* gamma_grad = nullptr, float* beta_grad = nullptr, std::size_t threads = 1);

// Backward of rms_norm_forward: with g = output_grad * gamma and xhat = x * rstd,
// input_grad = rstd * (g - xhat * mean(g * xhat)); gamma_grad += sum over rows of output_grad * xhat.
void rms_norm_backward(const float* input, const float* output_grad, std::size_t rows, std::size_t cols,
                       const float* gamma, const float* row_rstd, float* input_grad, float* gamma_grad = nullptr,
                       std::size_t threads = 1);

// ---- 3. GroupNorm / InstanceNorm on a channels-first (batch, channels, length) tensor -------------

// Statistics per sample per group of channels / groups consecutive channels (all their length
// positions); gamma/beta per channel. channels must be divisible by groups (checked: throws
// std::invalid_argument). group_mean / group_rstd (nullable) receive batch * groups values.
void group_norm_forward(const float* input, std::size_t batch, std::size_t channels, std::size_t length,
                        std::size_t groups, const float* gamma, const float* beta, float eps, float* output,
                        float* group_mean = nullptr, float* group_rstd = nullptr, std::size_t threads = 1);

// GroupNorm with one group per channel (PyTorch's InstanceNorm1d, here with optional affine).
void instance_norm_forward(const float* input, std::size_t batch, std::size_t channels, std::size_t length,
                           const float* gamma, const float* beta, float eps, float* output,
                           std::size_t threads = 1);

// ---- 4. BatchNorm, train-mode statistics over the rows of a (rows, cols) matrix -----------------

// Per-column (feature) batch statistics, vectorized across columns; the normalizing variance is the
// biased one. column_mean / column_var (nullable) receive cols values each: the biased variance, from
// which a caller derives PyTorch's unbiased running update.
void batch_norm_forward(const float* input, std::size_t rows, std::size_t cols, const float* gamma,
                        const float* beta, float eps, float* output, float* column_mean = nullptr,
                        float* column_var = nullptr);

}  // namespace normlab::kernels
