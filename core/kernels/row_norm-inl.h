// Per-target LayerNorm and RMSNorm forward over the last axis of a (rows, cols) matrix (the backward
// is in row_norm_backward-inl.h).
// Each row is one statistics pass (from memory, or from L1 when the previous row's normalize pass
// prefetched it) plus one normalize pass (the row is then in L1/L2).
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
void LayerNormRowsImpl(const float* input, std::size_t rows, std::size_t cols,
                       const float* gamma, const float* beta, float eps, float* output, float* row_mean,
                       float* row_rstd) {
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
      // gamma and beta by value: captured by reference, they were reloaded from the stack on every
      // chunk, since the compiler cannot rule out that the output's stores change them.
      ForEachChunk(tag, cols, kStream ? output_row : nullptr,
                   [&, gamma, beta](std::size_t offset, std::size_t count, auto full) HWY_ATTR {
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

void LayerNormRows(const float* input, std::size_t rows, std::size_t cols, const float* gamma,
                   const float* beta, float eps, float* output, float* row_mean, float* row_rstd, bool stream) {
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
                 [&, gamma](std::size_t offset, std::size_t count, auto full) HWY_ATTR {  // by value: see above
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

}  // namespace normlab::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // NORMLAB_KERNELS_ROW_NORM_INL_H_ toggle
