// The kernels' one dispatch table: every per-target function is compiled once per Highway target
// (foreach_target.h re-includes this file), exported with HWY_EXPORT, and called through
// HWY_DYNAMIC_DISPATCH by the public functions of kernels.hpp, which also own the choices that are not
// per target: streaming stores or not, splitting rows over threads, and accumulating parameter
// gradients in blocks.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/dispatch.cpp"
#include "hwy/foreach_target.h"  // must come before highway.h

#include "hwy/highway.h"
#include "kernels/channel_norm-inl.h"
#include "kernels/row_norm-inl.h"
#include "kernels/row_norm_backward-inl.h"

HWY_BEFORE_NAMESPACE();
namespace normlab::kernels::HWY_NAMESPACE {
// Which target this copy was compiled for, for simd_target_name().
const char* TargetName() { return hwy::TargetName(HWY_TARGET); }
}  // namespace normlab::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE

#include <algorithm>
#include <stdexcept>
#include <string>

#include "kernels/kernels.hpp"
#include "kernels/scratch.hpp"
#include "kernels/thread_pool.hpp"

namespace normlab::kernels {

HWY_EXPORT(TargetName);
HWY_EXPORT(LayerNormRows);
HWY_EXPORT(RmsNormRows);
HWY_EXPORT(LayerNormRowsBackward);
HWY_EXPORT(RmsNormRowsBackward);
HWY_EXPORT(GroupNormBlocks);
HWY_EXPORT(BatchNormColumns);

namespace {

// Outputs up to this size use normal stores: they fit in a core's private L2 (1-2 MiB on current x86
// and ARM cores) or the shared L3, and whoever reads them next (the app's next panel step, the next
// layer) finds them in cache. Larger outputs cannot stay cached anyway; normal stores would first read
// every output line from memory (read-for-ownership) and evict input lines the kernel still needs,
// so they are written with non-temporal streaming stores that bypass the cache: measured on the
// development machine (shared/BUILD-NOTES.md), that alone took a 2048 x 4096 LayerNorm from 1.75-2.5x
// to 1.25x of memcpy's time, and at 32768 x 4096 from 2.95x to 1.45x.
constexpr std::size_t kStreamingThresholdBytes = std::size_t{4} << 20;

bool use_streaming_stores(std::size_t output_floats) {
  return output_floats * sizeof(float) > kStreamingThresholdBytes;
}

// Rows per task when splitting over threads: several tasks per thread balance uneven progress.
std::size_t rows_per_task(std::size_t rows, std::size_t threads) {
  return std::max<std::size_t>(1, rows / (threads * 4));
}

// Runs body(first_row, row_count) over [0, rows), on the pool when threads > 1.
template <class Body>
void for_row_ranges(std::size_t rows, std::size_t threads, std::size_t chunk_rows, Body&& body) {
  const std::size_t tasks = (rows + chunk_rows - 1) / chunk_rows;
  parallel_for(tasks, threads, [&](std::size_t task) {
    const std::size_t first_row = task * chunk_rows;
    body(first_row, std::min(chunk_rows, rows - first_row));
  });
}

// Backward over rows with gamma/beta gradients accumulated in blocks: the SIMD pass adds at most
// kBlockRows rows into float block sums, which are then added into double totals per task. A single
// float running sum over thousands of rows would drift by ~rows * 2^-24 relative; blocks keep the
// error at ~(kBlockRows + rows / kBlockRows) * 2^-24 of the sum of magnitudes. 128 rather than 32:
// a quarter of the merges, measured 3-4% off the 2048 x 4096 LayerNorm backward.
constexpr std::size_t kBlockRows = 128;

// rows_backward(first_row, row_count, gamma, gamma_block, beta_block, stream) runs the SIMD pass; gamma
// is never null there (ones stand in for a missing gamma), nor are the block accumulators.
template <class RowsBackward>
void backward_with_parameter_grads(std::size_t rows, std::size_t cols, std::size_t threads, const float* gamma,
                                   float* gamma_grad, float* beta_grad, RowsBackward&& rows_backward) {
  // Ones for a missing gamma, then a sink for an unwanted beta gradient (used by the one-block path).
  float* parameter_fill = scratch_floats(ScratchSlot::kParameterFill, 2 * cols);
  const float* gamma_used = gamma;
  if (gamma == nullptr) {
    std::fill(parameter_fill, parameter_fill + cols, 1.0f);
    gamma_used = parameter_fill;
  }
  const bool stream = use_streaming_stores(rows * cols);
  if (rows <= kBlockRows && gamma_grad != nullptr) {
    // One block: the caller's arrays serve as the block sums directly. For a single row this skips
    // clearing and merging 3 * cols scratch values, which cost more than the row itself.
    float* beta_sums = beta_grad;
    if (beta_sums == nullptr) {
      beta_sums = parameter_fill + cols;
      std::fill(beta_sums, beta_sums + cols, 0.0f);
    }
    rows_backward(0, rows, gamma_used, gamma_grad, beta_sums, stream);
    return;
  }
  // Tasks exist to balance threads; one thread takes all rows as one task (no extra merges).
  const std::size_t chunk_rows = threads <= 1 ? rows : std::max(kBlockRows, rows_per_task(rows, threads));
  const std::size_t tasks = (rows + chunk_rows - 1) / chunk_rows;
  double* all_totals = scratch_doubles(ScratchSlot::kGradientTotals, 2 * cols * tasks);
  parallel_for(tasks, threads, [&](std::size_t task) {
    float* gamma_block = scratch_floats(ScratchSlot::kBlockSums, 2 * cols);
    float* beta_block = gamma_block + cols;
    double* gamma_total = all_totals + 2 * cols * task;
    double* beta_total = gamma_total + cols;
    std::fill(gamma_total, gamma_total + 2 * cols, 0.0);
    const std::size_t end_row = std::min(rows, (task + 1) * chunk_rows);
    for (std::size_t first_row = task * chunk_rows; first_row < end_row; first_row += kBlockRows) {
      std::fill(gamma_block, gamma_block + 2 * cols, 0.0f);
      rows_backward(first_row, std::min(kBlockRows, end_row - first_row), gamma_used, gamma_block, beta_block,
                    stream);
      for (std::size_t col = 0; col < cols; ++col) {
        gamma_total[col] += gamma_block[col];
        beta_total[col] += beta_block[col];
      }
    }
  });
  // Tasks are merged in a fixed order, so results do not depend on thread timing.
  for (std::size_t col = 0; col < cols; ++col) {
    double gamma_sum = 0.0, beta_sum = 0.0;
    for (std::size_t task = 0; task < tasks; ++task) {
      gamma_sum += all_totals[2 * cols * task + col];
      beta_sum += all_totals[2 * cols * task + cols + col];
    }
    if (gamma_grad != nullptr) gamma_grad[col] += static_cast<float>(gamma_sum);
    if (beta_grad != nullptr) beta_grad[col] += static_cast<float>(beta_sum);
  }
}

void require(bool condition, const char* message) {
  if (!condition) throw std::invalid_argument(message);
}

}  // namespace

std::string simd_target_name() { return HWY_DYNAMIC_DISPATCH(TargetName)(); }

void layer_norm_forward(const float* input, std::size_t rows, std::size_t cols, const float* gamma,
                        const float* beta, float eps, float* output, float* row_mean, float* row_rstd,
                        std::size_t threads) {
  if (rows == 0 || cols == 0) return;
  require(input != nullptr && output != nullptr, "layer_norm_forward: input and output are required");
  const bool stream = use_streaming_stores(rows * cols);
  for_row_ranges(rows, threads, rows_per_task(rows, threads), [&](std::size_t first_row, std::size_t row_count) {
    HWY_DYNAMIC_DISPATCH(LayerNormRows)(input + first_row * cols, row_count, cols, gamma, beta, eps,
                                        output + first_row * cols, row_mean ? row_mean + first_row : nullptr,
                                        row_rstd ? row_rstd + first_row : nullptr, stream);
  });
}

void rms_norm_forward(const float* input, std::size_t rows, std::size_t cols, const float* gamma, float eps,
                      float* output, float* row_rstd, std::size_t threads) {
  if (rows == 0 || cols == 0) return;
  require(input != nullptr && output != nullptr, "rms_norm_forward: input and output are required");
  const bool stream = use_streaming_stores(rows * cols);
  for_row_ranges(rows, threads, rows_per_task(rows, threads), [&](std::size_t first_row, std::size_t row_count) {
    HWY_DYNAMIC_DISPATCH(RmsNormRows)(input + first_row * cols, row_count, cols, gamma, eps,
                                      output + first_row * cols, row_rstd ? row_rstd + first_row : nullptr, stream);
  });
}

void layer_norm_backward(const float* input, const float* output_grad, std::size_t rows, std::size_t cols,
                         const float* gamma, const float* row_mean, const float* row_rstd, float* input_grad,
                         float* gamma_grad, float* beta_grad, std::size_t threads) {
  if (rows == 0 || cols == 0) return;
  require(input != nullptr && output_grad != nullptr && row_mean != nullptr && row_rstd != nullptr &&
              input_grad != nullptr,
          "layer_norm_backward: input, output_grad, row_mean, row_rstd and input_grad are required");
  backward_with_parameter_grads(
      rows, cols, threads, gamma, gamma_grad, beta_grad,
      [&](std::size_t first_row, std::size_t row_count, const float* gamma_used, float* gamma_block,
          float* beta_block, bool stream) {
        HWY_DYNAMIC_DISPATCH(LayerNormRowsBackward)(
            input + first_row * cols, output_grad + first_row * cols, row_count, cols, gamma_used,
            row_mean + first_row, row_rstd + first_row, input_grad + first_row * cols, gamma_block, beta_block,
            stream);
      });
}

void rms_norm_backward(const float* input, const float* output_grad, std::size_t rows, std::size_t cols,
                       const float* gamma, const float* row_rstd, float* input_grad, float* gamma_grad,
                       std::size_t threads) {
  if (rows == 0 || cols == 0) return;
  require(input != nullptr && output_grad != nullptr && row_rstd != nullptr && input_grad != nullptr,
          "rms_norm_backward: input, output_grad, row_rstd and input_grad are required");
  backward_with_parameter_grads(
      rows, cols, threads, gamma, gamma_grad, nullptr,
      [&](std::size_t first_row, std::size_t row_count, const float* gamma_used, float* gamma_block, float*,
          bool stream) {
        HWY_DYNAMIC_DISPATCH(RmsNormRowsBackward)(input + first_row * cols, output_grad + first_row * cols,
                                                  row_count, cols, gamma_used, row_rstd + first_row,
                                                  input_grad + first_row * cols, gamma_block, stream);
      });
}

void group_norm_forward(const float* input, std::size_t batch, std::size_t channels, std::size_t length,
                        std::size_t groups, const float* gamma, const float* beta, float eps, float* output,
                        float* group_mean, float* group_rstd, std::size_t threads) {
  require(groups > 0 && channels % groups == 0,
          "group_norm_forward: the number of channels must be divisible by the number of groups");
  if (batch == 0 || channels == 0 || length == 0) return;
  require(input != nullptr && output != nullptr, "group_norm_forward: input and output are required");
  const bool stream = use_streaming_stores(batch * channels * length);
  const std::size_t blocks = batch * groups;
  for_row_ranges(blocks, threads, rows_per_task(blocks, threads),
                 [&](std::size_t first_block, std::size_t block_count) {
                   HWY_DYNAMIC_DISPATCH(GroupNormBlocks)(input, first_block, block_count, groups, channels / groups,
                                                         length, gamma, beta, eps, output, group_mean, group_rstd,
                                                         stream);
                 });
}

void instance_norm_forward(const float* input, std::size_t batch, std::size_t channels, std::size_t length,
                           const float* gamma, const float* beta, float eps, float* output, std::size_t threads) {
  if (channels == 0) return;
  group_norm_forward(input, batch, channels, length, channels, gamma, beta, eps, output, nullptr, nullptr, threads);
}

void batch_norm_forward(const float* input, std::size_t rows, std::size_t cols, const float* gamma,
                        const float* beta, float eps, float* output, float* column_mean, float* column_var) {
  if (rows == 0 || cols == 0) return;
  require(input != nullptr && output != nullptr, "batch_norm_forward: input and output are required");
  const bool stream = use_streaming_stores(rows * cols);
  HWY_DYNAMIC_DISPATCH(BatchNormColumns)(input, rows, cols, gamma, beta, eps, output, column_mean, column_var,
                                         stream);
}

}  // namespace normlab::kernels

#endif  // HWY_ONCE
