// Per-target LayerNorm and RMSNorm over the last axis of a (rows, cols) matrix: forward and backward.
// Each row is one statistics pass (from memory) plus one normalize pass (the row is then in L1/L2).
// Included once per Highway target from kernels/dispatch.cpp, hence the toggle guard.
#if defined(NORMLAB_KERNELS_ROW_NORM_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef NORMLAB_KERNELS_ROW_NORM_INL_H_
#undef NORMLAB_KERNELS_ROW_NORM_INL_H_
#else
#define NORMLAB_KERNELS_ROW_NORM_INL_H_
#endif

#include <cstddef>

#include "hwy/highway.h"
#include "kernels/simd_common-inl.h"

HWY_BEFORE_NAMESPACE();
namespace normlab::kernels::HWY_NAMESPACE {

// ---- forward ------------------------------------------------------------------------------------

template <bool kGamma, bool kBeta, bool kStream>
void LayerNormRowsImpl(const float* input, std::size_t rows, std::size_t cols, const float* gamma,
                       const float* beta, float eps, float* output, float* row_mean, float* row_rstd) {
  const FloatTag tag;
  ForEachRow(input, output, rows, cols, [&](std::size_t row, const float* input_row, float* output_row,
                                            const float* next_row) HWY_ATTR {
    const CentredStatistics statistics = LayerStatistics(tag, input_row, cols, eps);
    if (row_mean != nullptr) row_mean[row] = statistics.mean();
    if (row_rstd != nullptr) row_rstd[row] = statistics.rstd;
    const float bias = -statistics.offset * statistics.rstd;
    if constexpr (!kGamma && !kBeta) {
      ScaleShiftSpan<kStream>(tag, input_row, cols, statistics.shift, statistics.rstd, bias, output_row, next_row);
    } else {
      const FloatVec shift_vec = hn::Set(tag, statistics.shift);
      const FloatVec rstd_vec = hn::Set(tag, statistics.rstd);
      const FloatVec bias_vec = hn::Set(tag, bias);
      ForEachChunk(tag, cols, kStream ? output_row : nullptr,
                   [&](std::size_t offset, std::size_t count, auto full) HWY_ATTR {
                     PrefetchChunk(next_row, offset, full);
                     const FloatVec centred = hn::Sub(LoadChunk(tag, input_row, offset, count, full), shift_vec);
                     FloatVec normalized = hn::MulAdd(centred, rstd_vec, bias_vec);
                     if constexpr (kGamma && kBeta) {
                       normalized = hn::MulAdd(normalized, LoadChunk(tag, gamma, offset, count, full),
                                               LoadChunk(tag, beta, offset, count, full));
                     } else if constexpr (kGamma) {
                       normalized = hn::Mul(normalized, LoadChunk(tag, gamma, offset, count, full));
                     } else {
                       normalized = hn::Add(normalized, LoadChunk(tag, beta, offset, count, full));
                     }
                     StoreChunk<kStream>(normalized, tag, output_row, offset, count, full);
                   });
    }
  });
  // Streaming stores are weakly ordered: fence them on this thread before anyone reads the output.
  if constexpr (kStream) hwy::FlushStream();
}

void LayerNormRows(const float* input, std::size_t rows, std::size_t cols, const float* gamma, const float* beta,
                   float eps, float* output, float* row_mean, float* row_rstd, bool stream) {
  const int variant = (gamma != nullptr ? 4 : 0) | (beta != nullptr ? 2 : 0) | (stream ? 1 : 0);
  switch (variant) {
    case 0: return LayerNormRowsImpl<false, false, false>(input, rows, cols, gamma, beta, eps, output, row_mean, row_rstd);
    case 1: return LayerNormRowsImpl<false, false, true>(input, rows, cols, gamma, beta, eps, output, row_mean, row_rstd);
    case 2: return LayerNormRowsImpl<false, true, false>(input, rows, cols, gamma, beta, eps, output, row_mean, row_rstd);
    case 3: return LayerNormRowsImpl<false, true, true>(input, rows, cols, gamma, beta, eps, output, row_mean, row_rstd);
    case 4: return LayerNormRowsImpl<true, false, false>(input, rows, cols, gamma, beta, eps, output, row_mean, row_rstd);
    case 5: return LayerNormRowsImpl<true, false, true>(input, rows, cols, gamma, beta, eps, output, row_mean, row_rstd);
    case 6: return LayerNormRowsImpl<true, true, false>(input, rows, cols, gamma, beta, eps, output, row_mean, row_rstd);
    default: return LayerNormRowsImpl<true, true, true>(input, rows, cols, gamma, beta, eps, output, row_mean, row_rstd);
  }
}

template <bool kGamma, bool kStream>
void RmsNormRowsImpl(const float* input, std::size_t rows, std::size_t cols, const float* gamma, float eps,
                     float* output, float* row_rstd) {
  const FloatTag tag;
  ForEachRow(input, output, rows, cols, [&](std::size_t row, const float* input_row, float* output_row,
                                            const float* next_row) HWY_ATTR {
    const float rstd = RmsStatistics(tag, input_row, cols, eps);
    if (row_rstd != nullptr) row_rstd[row] = rstd;
    const FloatVec rstd_vec = hn::Set(tag, rstd);
    ForEachChunk(tag, cols, kStream ? output_row : nullptr,
                 [&](std::size_t offset, std::size_t count, auto full) HWY_ATTR {
                   PrefetchChunk(next_row, offset, full);
                   FloatVec normalized = hn::Mul(LoadChunk(tag, input_row, offset, count, full), rstd_vec);
                   if constexpr (kGamma) normalized = hn::Mul(normalized, LoadChunk(tag, gamma, offset, count, full));
                   StoreChunk<kStream>(normalized, tag, output_row, offset, count, full);
                 });
  });
  if constexpr (kStream) hwy::FlushStream();  // order this thread's streaming stores
}

void RmsNormRows(const float* input, std::size_t rows, std::size_t cols, const float* gamma, float eps,
                 float* output, float* row_rstd, bool stream) {
  if (gamma != nullptr) {
    return stream ? RmsNormRowsImpl<true, true>(input, rows, cols, gamma, eps, output, row_rstd)
                  : RmsNormRowsImpl<true, false>(input, rows, cols, gamma, eps, output, row_rstd);
  }
  return stream ? RmsNormRowsImpl<false, true>(input, rows, cols, gamma, eps, output, row_rstd)
                : RmsNormRowsImpl<false, false>(input, rows, cols, gamma, eps, output, row_rstd);
}

// ---- backward -----------------------------------------------------------------------------------
// Shared by LayerNorm (kCentred) and RMSNorm. With g = dy * gamma and xhat = (x - mean) * rstd:
//   dx = rstd * (g - mean(g) - xhat * mean(g * xhat))      (RMSNorm: no mean(g) term, mean = 0)
// Pass 1 (reading x and dy from memory) sums g, g * (x - row_mean) and x - row_mean. The last one is
// the float-rounded row_mean's own error: for rows with mean 1e4 it is ~6e-4 standard deviations, so
// the pass corrects the centre by it (and the g-sum by linearity) instead of trusting row_mean.
// Pass 2 (x, dy now in L1/L2) writes dx and adds dy * xhat and dy into the caller's gamma/beta gradient
// accumulators, which are therefore always required here (the dispatcher supplies scratch ones).
//
// Rows go kRows at a time: pass 1 then runs kRows independent accumulator chains (the adds' latency
// no longer limits it), and pass 2 loads and stores each gamma/beta gradient chunk once per kRows rows
// instead of once per row, which was the largest part of the store traffic.
template <bool kCentred, bool kStream, std::size_t kRows>
HWY_INLINE void NormRowGroupBackward(const float* input, const float* output_grad, std::size_t cols,
                                     const float* gamma, const float* row_mean, const float* row_rstd,
                                     float* input_grad, float* gamma_grad, float* beta_grad,
                                     std::size_t prefetch_rows) {
  const FloatTag tag;
  const float inverse_cols = 1.0f / static_cast<float>(cols);
  FloatVec mean_vec[kRows], grad_sum[kRows], grad_centred_sum[kRows], centred_sum[kRows];
  for (std::size_t row = 0; row < kRows; ++row) {
    mean_vec[row] = hn::Set(tag, kCentred ? row_mean[row] : 0.0f);
    grad_sum[row] = grad_centred_sum[row] = centred_sum[row] = hn::Zero(tag);
  }
  ForEachChunk(tag, cols, nullptr, [&](std::size_t offset, std::size_t count, auto full) HWY_ATTR {
    const FloatVec gamma_chunk = LoadChunk(tag, gamma, offset, count, full);
    for (std::size_t row = 0; row < kRows; ++row) {
      const FloatVec weighted = hn::Mul(LoadChunk(tag, output_grad + row * cols, offset, count, full), gamma_chunk);
      // Zero-padded lanes of a partial chunk must not count: x - mean would be -mean there.
      const FloatVec centred =
          ZeroPadding(tag, hn::Sub(LoadChunk(tag, input + row * cols, offset, count, full), mean_vec[row]), count, full);
      grad_sum[row] = hn::Add(grad_sum[row], weighted);
      grad_centred_sum[row] = hn::MulAdd(weighted, centred, grad_centred_sum[row]);
      if constexpr (kCentred) centred_sum[row] = hn::Add(centred_sum[row], centred);
    }
  });
  FloatVec rstd_vec[kRows], normalized_bias_vec[kRows], scaled_mean_weighted_vec[kRows], scaled_projection_vec[kRows];
  for (std::size_t row = 0; row < kRows; ++row) {
    const float rstd = row_rstd[row];
    const float mean_correction = kCentred ? hn::GetLane(hn::SumOfLanes(tag, centred_sum[row])) * inverse_cols : 0.0f;
    const float weighted_sum = hn::GetLane(hn::SumOfLanes(tag, grad_sum[row]));
    const float weighted_centred_sum = hn::GetLane(hn::SumOfLanes(tag, grad_centred_sum[row]));
    // dx = rstd * g - rstd * mean(g) - xhat * (rstd * mean(g * xhat)): two fused ops per element.
    const float mean_weighted_normalized = rstd * (weighted_centred_sum - mean_correction * weighted_sum) * inverse_cols;
    rstd_vec[row] = hn::Set(tag, rstd);
    normalized_bias_vec[row] = hn::Set(tag, -mean_correction * rstd);
    scaled_mean_weighted_vec[row] = hn::Set(tag, kCentred ? -rstd * weighted_sum * inverse_cols : 0.0f);
    scaled_projection_vec[row] = hn::Set(tag, rstd * mean_weighted_normalized);
  }
  ForEachChunk(tag, cols, kStream ? input_grad : nullptr, [&](std::size_t offset, std::size_t count, auto full) HWY_ATTR {
    const FloatVec gamma_chunk = LoadChunk(tag, gamma, offset, count, full);
    FloatVec gamma_sum = LoadChunk(tag, gamma_grad, offset, count, full);
    FloatVec beta_sum = hn::Zero(tag);
    if constexpr (kCentred) beta_sum = LoadChunk(tag, beta_grad, offset, count, full);
    for (std::size_t row = 0; row < kRows; ++row) {
      if (row < prefetch_rows) {  // the next group, for its pass 1
        PrefetchChunk(input + (kRows + row) * cols, offset, full);
        PrefetchChunk(output_grad + (kRows + row) * cols, offset, full);
      }
      const FloatVec grad = LoadChunk(tag, output_grad + row * cols, offset, count, full);
      const FloatVec normalized = hn::MulAdd(hn::Sub(LoadChunk(tag, input + row * cols, offset, count, full), mean_vec[row]),
                                             rstd_vec[row], normalized_bias_vec[row]);
      const FloatVec weighted = hn::Mul(grad, gamma_chunk);
      const FloatVec result = hn::NegMulAdd(normalized, scaled_projection_vec[row],
                                            hn::MulAdd(weighted, rstd_vec[row], scaled_mean_weighted_vec[row]));
      StoreChunk<kStream>(result, tag, input_grad + row * cols, offset, count, full);
      gamma_sum = hn::MulAdd(grad, normalized, gamma_sum);
      if constexpr (kCentred) beta_sum = hn::Add(beta_sum, grad);
    }
    StoreChunk<false>(gamma_sum, tag, gamma_grad, offset, count, full);
    if constexpr (kCentred) StoreChunk<false>(beta_sum, tag, beta_grad, offset, count, full);
  });
}

template <bool kCentred, bool kStream>
void NormRowsBackwardImpl(const float* input, const float* output_grad, std::size_t rows, std::size_t cols,
                          const float* gamma, const float* row_mean, const float* row_rstd, float* input_grad,
                          float* gamma_grad, float* beta_grad) {
  constexpr std::size_t kRows = 4;
  // Grouped rows share one alignment head, so streaming needs every row to start vector-aligned
  // relative to the first: cols a multiple of the lane count (else rows go one at a time).
  const bool grouped = !kStream || cols % hn::Lanes(FloatTag()) == 0;
  std::size_t row = 0;
  for (; grouped && row + kRows <= rows; row += kRows) {
    NormRowGroupBackward<kCentred, kStream, kRows>(
        input + row * cols, output_grad + row * cols, cols, gamma, kCentred ? row_mean + row : nullptr, row_rstd + row,
        input_grad + row * cols, gamma_grad, beta_grad, HWY_MIN(kRows, rows - row - kRows));
  }
  for (; row < rows; ++row) {
    NormRowGroupBackward<kCentred, kStream, 1>(input + row * cols, output_grad + row * cols, cols, gamma,
                                               kCentred ? row_mean + row : nullptr, row_rstd + row,
                                               input_grad + row * cols, gamma_grad, beta_grad,
                                               row + 1 < rows ? 1 : 0);
  }
  if constexpr (kStream) hwy::FlushStream();  // order this thread's streaming stores
}

void LayerNormRowsBackward(const float* input, const float* output_grad, std::size_t rows, std::size_t cols,
                           const float* gamma, const float* row_mean, const float* row_rstd, float* input_grad,
                           float* gamma_grad, float* beta_grad, bool stream) {
  return stream ? NormRowsBackwardImpl<true, true>(input, output_grad, rows, cols, gamma, row_mean, row_rstd,
                                                   input_grad, gamma_grad, beta_grad)
                : NormRowsBackwardImpl<true, false>(input, output_grad, rows, cols, gamma, row_mean, row_rstd,
                                                    input_grad, gamma_grad, beta_grad);
}

void RmsNormRowsBackward(const float* input, const float* output_grad, std::size_t rows, std::size_t cols,
                         const float* gamma, const float* row_rstd, float* input_grad, float* gamma_grad,
                         bool stream) {
  return stream ? NormRowsBackwardImpl<false, true>(input, output_grad, rows, cols, gamma, nullptr, row_rstd,
                                                    input_grad, gamma_grad, nullptr)
                : NormRowsBackwardImpl<false, false>(input, output_grad, rows, cols, gamma, nullptr, row_rstd,
                                                     input_grad, gamma_grad, nullptr);
}

}  // namespace normlab::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // NORMLAB_KERNELS_ROW_NORM_INL_H_ toggle
