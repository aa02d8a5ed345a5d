// Per-target LayerNorm and RMSNorm backward over the last axis of a (rows, cols) matrix.
// Included once per Highway target from kernels/dispatch.cpp, hence the toggle guard.
//
// With g = dy * gamma and xhat = (x - mean) * rstd, for each row
//   dx = rstd * (g - mean(g) - xhat * mean(g * xhat))      (RMSNorm: no mean(g) term, mean = 0)
// so a row takes two passes: the sums pass (reading x and dy from memory) and the write pass (x and dy
// now in cache), which writes dx and adds dy * xhat and dy into the gamma and beta gradients.
//
// Rows go kRows at a time: the sums pass then runs kRows independent accumulator chains (the adds'
// latency no longer limits it), and the write pass loads and stores each gamma/beta gradient chunk once
// per kRows rows instead of once per row.
//
// While the write pass works on group k (in L2), a prefetch per chunk asks for group k + 1 at the same
// offset, so memory reads do not sit idle while dx streams out. Measured at 2048 x 4096 (same-run A/B,
// `normlab-cli bench`): LayerNorm 1.31-1.37x -> 1.23-1.31x of its floor, RMSNorm 1.21-1.26x ->
// 1.13-1.15x; 3-9% faster from cold caches too. The hint is L2-only (PrefetchChunkToL2): a group of
// x and dy is 128 KiB at 4096 columns, which no L1 holds; against the non-temporal hint into L1, LayerNorm
// backward took 3% less time in `normlab-cli bench` and 5-8% less in Google Benchmark's back-to-back
// runs. (The T0 hint, into L1 and L2, measured no better than non-temporal.)
//
// What was measured and rejected (2048 x 4096, AVX3, same-run A/B): one sweep that writes group k while
// summing group k + 1 (reads and streaming writes together, as memcpy does) ran 1.3x slower at 2, 3 or
// 4 rows per group; so did interleaving the two in column blocks; walking the write pass backwards and
// 1, 2, 3 or 8 rows per group changed nothing or lost (see README, performance).
#if defined(NORMLAB_KERNELS_ROW_NORM_BACKWARD_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef NORMLAB_KERNELS_ROW_NORM_BACKWARD_INL_H_
#undef NORMLAB_KERNELS_ROW_NORM_BACKWARD_INL_H_
#else
#define NORMLAB_KERNELS_ROW_NORM_BACKWARD_INL_H_
#endif

#include <cstddef>

#include "hwy/highway.h"
#include "kernels/simd_common-inl.h"

HWY_BEFORE_NAMESPACE();
namespace normlab::kernels::HWY_NAMESPACE {

// kRows consecutive rows of the backward's operands; row_mean is null for RMSNorm.
struct BackwardRows {
  const float* input;
  const float* output_grad;
  float* input_grad;
  const float* row_mean;
  const float* row_rstd;
};

HWY_INLINE BackwardRows AdvanceRows(const BackwardRows& rows, std::size_t row_count, std::size_t cols) {
  return {rows.input + row_count * cols, rows.output_grad + row_count * cols, rows.input_grad + row_count * cols,
          rows.row_mean != nullptr ? rows.row_mean + row_count : nullptr, rows.row_rstd + row_count};
}

// The write pass's per-row coefficients: dx = rstd * g + mean_term - xhat * projection, with
// xhat = (x - mean) * rstd + normalized_bias. Two fused ops per element.
template <std::size_t kRows>
struct GroupCoefficients {
  FloatVec mean[kRows], rstd[kRows], normalized_bias[kRows], mean_term[kRows], projection[kRows];
};

// The sums pass: g, g * (x - row_mean) and, for LayerNorm (kCentred), x - row_mean. The last is the
// float-rounded row_mean's own error, ~6e-4 standard deviations for rows with mean 1e4, by which the
// centre is corrected (and the g-sum by linearity) instead of trusting row_mean. The accumulators are
// locals of this function so that they stay in registers for the whole row.
template <bool kCentred, std::size_t kRows>
HWY_INLINE void SumsPass(const BackwardRows& rows, std::size_t cols, const float* gamma,
                         GroupCoefficients<kRows>& coefficients) {
  const FloatTag tag;
  FloatVec mean[kRows], weighted_sum[kRows], weighted_centred_sum[kRows], centred_sum[kRows];
  for (std::size_t row = 0; row < kRows; ++row) {
    mean[row] = hn::Set(tag, kCentred ? rows.row_mean[row] : 0.0f);
    weighted_sum[row] = weighted_centred_sum[row] = centred_sum[row] = hn::Zero(tag);
  }
  ForEachChunk(tag, cols, nullptr, [&](std::size_t offset, std::size_t count, auto full) HWY_ATTR {
    const FloatVec gamma_chunk = LoadChunk(tag, gamma, offset, count, full);
    for (std::size_t row = 0; row < kRows; ++row) {
      const FloatVec weighted = hn::Mul(LoadChunk(tag, rows.output_grad + row * cols, offset, count, full), gamma_chunk);
      // Zero-padded lanes of a partial chunk must not count: x - mean would be -mean there.
      const FloatVec centred =
          ZeroPadding(tag, hn::Sub(LoadChunk(tag, rows.input + row * cols, offset, count, full), mean[row]), count, full);
      weighted_sum[row] = hn::Add(weighted_sum[row], weighted);
      weighted_centred_sum[row] = hn::MulAdd(weighted, centred, weighted_centred_sum[row]);
      if constexpr (kCentred) centred_sum[row] = hn::Add(centred_sum[row], centred);
    }
  });
  const float inverse_cols = 1.0f / static_cast<float>(cols);
  for (std::size_t row = 0; row < kRows; ++row) {
    const float rstd = rows.row_rstd[row];
    const float mean_correction = kCentred ? hn::GetLane(hn::SumOfLanes(tag, centred_sum[row])) * inverse_cols : 0.0f;
    const float weighted_total = hn::GetLane(hn::SumOfLanes(tag, weighted_sum[row]));
    const float weighted_centred_total = hn::GetLane(hn::SumOfLanes(tag, weighted_centred_sum[row]));
    const float mean_weighted_normalized = rstd * (weighted_centred_total - mean_correction * weighted_total) * inverse_cols;
    coefficients.mean[row] = mean[row];
    coefficients.rstd[row] = hn::Set(tag, rstd);
    coefficients.normalized_bias[row] = hn::Set(tag, -mean_correction * rstd);
    coefficients.mean_term[row] = hn::Set(tag, kCentred ? -rstd * weighted_total * inverse_cols : 0.0f);
    coefficients.projection[row] = hn::Set(tag, rstd * mean_weighted_normalized);
  }
}

// The write pass: dx, plus dy * xhat and dy into the caller's gamma/beta gradient accumulators
// (beta_grad unused for RMSNorm). next_rows (kRows rows, or null after the last group) is prefetched.
template <bool kCentred, bool kStream, std::size_t kRows>
HWY_INLINE void WritePass(const BackwardRows& rows, std::size_t cols, const float* gamma,
                          const GroupCoefficients<kRows>& coefficients, float* gamma_grad, float* beta_grad,
                          const BackwardRows* next_rows) {
  const FloatTag tag;
  // Everything by value: through references, the row and prefetch pointers were reloaded from memory
  // for every chunk, since the compiler cannot rule out that the stores below change them.
  const float* const next_input = next_rows != nullptr ? next_rows->input : nullptr;
  const float* const next_output_grad = next_rows != nullptr ? next_rows->output_grad : nullptr;
  ForEachChunk(tag, cols, kStream ? rows.input_grad : nullptr, [=](std::size_t offset, std::size_t count, auto full) HWY_ATTR {
    const FloatVec gamma_chunk = LoadChunk(tag, gamma, offset, count, full);
    FloatVec gamma_sum = LoadChunk(tag, gamma_grad, offset, count, full);
    FloatVec beta_sum = hn::Zero(tag);
    if constexpr (kCentred) beta_sum = LoadChunk(tag, beta_grad, offset, count, full);
    for (std::size_t row = 0; row < kRows; ++row) {
      const FloatVec grad = LoadChunk(tag, rows.output_grad + row * cols, offset, count, full);
      const FloatVec centred = hn::Sub(LoadChunk(tag, rows.input + row * cols, offset, count, full), coefficients.mean[row]);
      const FloatVec normalized = hn::MulAdd(centred, coefficients.rstd[row], coefficients.normalized_bias[row]);
      const FloatVec weighted = hn::Mul(grad, gamma_chunk);
      const FloatVec result = hn::NegMulAdd(normalized, coefficients.projection[row],
                                            hn::MulAdd(weighted, coefficients.rstd[row], coefficients.mean_term[row]));
      StoreChunk<kStream>(result, tag, rows.input_grad + row * cols, offset, count, full);
      if (next_input != nullptr) {
        PrefetchChunkToL2(next_input + row * cols, offset, full);
        PrefetchChunkToL2(next_output_grad + row * cols, offset, full);
      }
      gamma_sum = hn::MulAdd(grad, normalized, gamma_sum);
      if constexpr (kCentred) beta_sum = hn::Add(beta_sum, grad);
    }
    StoreChunk<false>(gamma_sum, tag, gamma_grad, offset, count, full);
    if constexpr (kCentred) StoreChunk<false>(beta_sum, tag, beta_grad, offset, count, full);
  });
}

template <bool kCentred, bool kStream, std::size_t kRows>
HWY_INLINE void GroupsBackward(BackwardRows rows, std::size_t group_count, std::size_t cols, const float* gamma,
                               float* gamma_grad, float* beta_grad) {
  GroupCoefficients<kRows> coefficients;
  for (std::size_t group = 0; group < group_count; ++group) {
    const BackwardRows next_rows = AdvanceRows(rows, kRows, cols);
    SumsPass<kCentred, kRows>(rows, cols, gamma, coefficients);
    WritePass<kCentred, kStream, kRows>(rows, cols, gamma, coefficients, gamma_grad, beta_grad,
                                        group + 1 < group_count ? &next_rows : nullptr);
    rows = next_rows;
  }
}

template <bool kCentred, bool kStream>
void NormRowsBackwardImpl(const float* input, const float* output_grad, std::size_t rows, std::size_t cols,
                          const float* gamma, const float* row_mean, const float* row_rstd, float* input_grad,
                          float* gamma_grad, float* beta_grad) {
  constexpr std::size_t kRows = 4;
  const BackwardRows all_rows{input, output_grad, input_grad, kCentred ? row_mean : nullptr, row_rstd};
  // Grouped rows share one alignment head, so streaming needs every row to start vector-aligned
  // relative to the first: cols a multiple of the lane count (else rows go one at a time).
  const bool grouped = !kStream || cols % hn::Lanes(FloatTag()) == 0;
  const std::size_t group_count = grouped ? rows / kRows : 0;
  GroupsBackward<kCentred, kStream, kRows>(all_rows, group_count, cols, gamma, gamma_grad, beta_grad);
  const std::size_t grouped_rows = group_count * kRows;
  GroupsBackward<kCentred, kStream, 1>(AdvanceRows(all_rows, grouped_rows, cols), rows - grouped_rows, cols, gamma,
                                       gamma_grad, beta_grad);
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

#endif  // NORMLAB_KERNELS_ROW_NORM_BACKWARD_INL_H_ toggle
