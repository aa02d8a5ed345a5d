// Per-target GroupNorm/InstanceNorm (statistics per sample per channel group of a channels-first
// (batch, channels, length) tensor) and BatchNorm (per-column statistics of a (rows, cols) matrix,
// vectorized across columns). Included once per Highway target from kernels/dispatch.cpp.
#if defined(NORMLAB_KERNELS_CHANNEL_NORM_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef NORMLAB_KERNELS_CHANNEL_NORM_INL_H_
#undef NORMLAB_KERNELS_CHANNEL_NORM_INL_H_
#else
#define NORMLAB_KERNELS_CHANNEL_NORM_INL_H_
#endif

#include <cmath>
#include <algorithm>
#include <cstddef>

#include "hwy/highway.h"
#include "kernels/scratch.hpp"
#include "kernels/simd_common-inl.h"

HWY_BEFORE_NAMESPACE();
namespace normlab::kernels::HWY_NAMESPACE {

// A (sample, group) block is contiguous in channels-first layout: channels_per_group * length floats
// starting at block * channels_per_group * length. One statistics pass over the block, then each
// channel's span is scaled and shifted with its own gamma/beta folded into two scalars.
template <bool kStream>
void GroupNormBlocksImpl(const float* input, std::size_t first_block, std::size_t block_count,
                         std::size_t groups, std::size_t channels_per_group, std::size_t length,
                         const float* gamma, const float* beta, float eps, float* output, float* group_mean,
                         float* group_rstd) {
  const FloatTag tag;
  const std::size_t block_size = channels_per_group * length;
  for (std::size_t block = first_block; block < first_block + block_count; ++block) {
    const float* input_block = input + block * block_size;
    float* output_block = output + block * block_size;
    const CentredStatistics statistics = LayerStatistics(tag, input_block, block_size, eps);
    if (group_mean != nullptr) group_mean[block] = statistics.mean();
    if (group_rstd != nullptr) group_rstd[block] = statistics.rstd;
    const std::size_t first_channel = (block % groups) * channels_per_group;
    for (std::size_t channel_in_group = 0; channel_in_group < channels_per_group; ++channel_in_group) {
      const std::size_t channel = first_channel + channel_in_group;
      const float scale = statistics.rstd * (gamma != nullptr ? gamma[channel] : 1.0f);
      const float bias = (beta != nullptr ? beta[channel] : 0.0f) - statistics.offset * scale;
      // The block's next channel, or the next block's first; the last channel of the last block
      // prefetches itself.
      const bool last = block + 1 == first_block + block_count && channel_in_group + 1 == channels_per_group;
      const float* channel_input = input_block + channel_in_group * length;
      ScaleShiftSpan<kStream>(tag, channel_input, length, statistics.shift, scale, bias,
                              output_block + channel_in_group * length, last ? channel_input : channel_input + length);
    }
  }
  if constexpr (kStream) hwy::FlushStream();  // order this thread's streaming stores
}

void GroupNormBlocks(const float* input, std::size_t first_block, std::size_t block_count, std::size_t groups,
                     std::size_t channels_per_group, std::size_t length, const float* gamma, const float* beta,
                     float eps, float* output, float* group_mean, float* group_rstd, bool stream) {
  return stream ? GroupNormBlocksImpl<true>(input, first_block, block_count, groups, channels_per_group, length,
                                            gamma, beta, eps, output, group_mean, group_rstd)
                : GroupNormBlocksImpl<false>(input, first_block, block_count, groups, channels_per_group, length,
                                             gamma, beta, eps, output, group_mean, group_rstd);
}

// BatchNorm: per-lane Welford down the rows (every column has seen the same number of rows, so the
// 1/count factor is one scalar for all lanes), on values shifted by the first row so that the mean
// offset stays small and exact for columns with a large mean. Row-major walk: memory is read in order
// and the running mean/M2 (2 * cols floats) stay in cache. Float Welford runs over blocks of
// kWelfordBlockRows rows; blocks are merged in double with Chan's formula, so the rounding error grows
// with the block length plus the number of blocks instead of with the number of rows.
constexpr std::size_t kWelfordBlockRows = 64;

template <bool kStream>
void BatchNormColumnsImpl(const float* input, std::size_t rows, std::size_t cols, const float* gamma,
                          const float* beta, float eps, float* output, float* column_mean, float* column_var) {
  const FloatTag tag;
  const float* shift_row = input;  // the first row: x - shift is exact when x is near it
  // Per-thread memory kept between calls (kernels/scratch.hpp): 5 * cols floats, 2 * cols doubles.
  float* block_offset = scratch_floats(ScratchSlot::kColumnStatistics, 5 * cols);
  float* block_square_deviation = block_offset + cols;
  float* offset = block_offset + 2 * cols;  // the total offset rounded to float
  float* scale = block_offset + 3 * cols;
  float* shift_after = block_offset + 4 * cols;
  double* total_offset = scratch_doubles(ScratchSlot::kColumnStatistics, 2 * cols);
  double* total_square_deviation = total_offset + cols;
  std::fill(total_offset, total_offset + 2 * cols, 0.0);
  for (std::size_t block_start = 0; block_start < rows; block_start += kWelfordBlockRows) {
    const std::size_t block_rows = HWY_MIN(kWelfordBlockRows, rows - block_start);
    std::fill(block_offset, block_offset + 2 * cols, 0.0f);
    for (std::size_t row_in_block = 0; row_in_block < block_rows; ++row_in_block) {
      const float* input_row = input + (block_start + row_in_block) * cols;
      const FloatVec inverse_count = hn::Set(tag, 1.0f / static_cast<float>(row_in_block + 1));
      ForEachChunk(tag, cols, nullptr, [&](std::size_t column, std::size_t count, auto full) HWY_ATTR {
        const FloatVec centred = hn::Sub(LoadChunk(tag, input_row, column, count, full),
                                         LoadChunk(tag, shift_row, column, count, full));
        const FloatVec old_offset = LoadChunk(tag, block_offset, column, count, full);
        const FloatVec delta = hn::Sub(centred, old_offset);
        const FloatVec new_offset = hn::MulAdd(delta, inverse_count, old_offset);
        const FloatVec new_square = hn::MulAdd(delta, hn::Sub(centred, new_offset),
                                               LoadChunk(tag, block_square_deviation, column, count, full));
        StoreChunk<false>(new_offset, tag, block_offset, column, count, full);
        StoreChunk<false>(new_square, tag, block_square_deviation, column, count, full);
      });
    }
    // Chan et al.: merge the block (count block_rows) into the total (count block_start).
    const double merged_count = static_cast<double>(block_start + block_rows);
    const double block_weight = static_cast<double>(block_rows) / merged_count;
    const double cross_weight = static_cast<double>(block_start) * block_weight;
    for (std::size_t column = 0; column < cols; ++column) {
      const double delta = static_cast<double>(block_offset[column]) - total_offset[column];
      total_offset[column] += delta * block_weight;
      total_square_deviation[column] += static_cast<double>(block_square_deviation[column]) + delta * delta * cross_weight;
    }
  }
  for (std::size_t column = 0; column < cols; ++column) offset[column] = static_cast<float>(total_offset[column]);
  // Fold each column's statistics and affine into y = ((x - shift) - offset) * scale + beta.
  for (std::size_t column = 0; column < cols; ++column) {
    const float variance = static_cast<float>(total_square_deviation[column] / static_cast<double>(rows));
    const float rstd = 1.0f / std::sqrt(variance + eps);
    scale[column] = rstd * (gamma != nullptr ? gamma[column] : 1.0f);
    shift_after[column] = beta != nullptr ? beta[column] : 0.0f;
    if (column_mean != nullptr) column_mean[column] = shift_row[column] + offset[column];
    if (column_var != nullptr) column_var[column] = variance;
  }
  for (std::size_t row = 0; row < rows; ++row) {
    const float* input_row = input + row * cols;
    float* output_row = output + row * cols;
    ForEachChunk(tag, cols, kStream ? output_row : nullptr,
                 [&](std::size_t column, std::size_t count, auto full) HWY_ATTR {
                   const FloatVec centred = hn::Sub(
                       hn::Sub(LoadChunk(tag, input_row, column, count, full),
                               LoadChunk(tag, shift_row, column, count, full)),
                       LoadChunk(tag, offset, column, count, full));
                   const FloatVec result = hn::MulAdd(centred, LoadChunk(tag, scale, column, count, full),
                                                      LoadChunk(tag, shift_after, column, count, full));
                   StoreChunk<kStream>(result, tag, output_row, column, count, full);
                 });
  }
  if constexpr (kStream) hwy::FlushStream();  // order this thread's streaming stores
}

void BatchNormColumns(const float* input, std::size_t rows, std::size_t cols, const float* gamma, const float* beta,
                      float eps, float* output, float* column_mean, float* column_var, bool stream) {
  return stream ? BatchNormColumnsImpl<true>(input, rows, cols, gamma, beta, eps, output, column_mean, column_var)
                : BatchNormColumnsImpl<false>(input, rows, cols, gamma, beta, eps, output, column_mean, column_var);
}

}  // namespace normlab::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // NORMLAB_KERNELS_CHANNEL_NORM_INL_H_ toggle
