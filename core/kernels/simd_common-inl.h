// Per-target building blocks shared by every kernel: partial (ragged) loads and stores, the chunk
// walker that splits a span into full vectors plus a ragged head/tail, streaming-or-normal stores,
// the accurate one-pass row statistics, and the scale-and-shift pass.
// Included once per Highway target from kernels/dispatch.cpp (foreach_target.h), hence the toggle guard.
#if defined(NORMLAB_KERNELS_SIMD_COMMON_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef NORMLAB_KERNELS_SIMD_COMMON_INL_H_
#undef NORMLAB_KERNELS_SIMD_COMMON_INL_H_
#else
#define NORMLAB_KERNELS_SIMD_COMMON_INL_H_
#endif

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "hwy/cache_control.h"
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace normlab::kernels::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using FloatTag = hn::ScalableTag<float>;
using FloatVec = hn::Vec<FloatTag>;
using FullChunk = std::true_type;      // a whole vector inside the span
using PartialChunk = std::false_type;  // the ragged head or tail, fewer lanes than a vector

// Ragged chunks go through a zero-padded stack buffer rather than a masked load: portable to every
// target and never touches memory past the span (SSE4's MaskedLoad would read the whole vector).
constexpr std::size_t kMaxFloatLanes = HWY_MAX_BYTES / sizeof(float);

HWY_INLINE FloatVec LoadChunk(FloatTag tag, const float* base, std::size_t offset, std::size_t, FullChunk) {
  return hn::LoadU(tag, base + offset);
}
HWY_INLINE FloatVec LoadChunk(FloatTag tag, const float* base, std::size_t offset, std::size_t count, PartialChunk) {
  HWY_ALIGN float buffer[kMaxFloatLanes] = {};
  std::memcpy(buffer, base + offset, count * sizeof(float));
  return hn::Load(tag, buffer);
}

// kStream: non-temporal store of a full, vector-aligned chunk (the walker guarantees the alignment).
template <bool kStream>
HWY_INLINE void StoreChunk(FloatVec value, FloatTag tag, float* base, std::size_t offset, std::size_t, FullChunk) {
  if constexpr (kStream) {
    hn::Stream(value, tag, base + offset);
  } else {
    hn::StoreU(value, tag, base + offset);
  }
}
template <bool kStream>
HWY_INLINE void StoreChunk(FloatVec value, FloatTag tag, float* base, std::size_t offset, std::size_t count,
                           PartialChunk) {
  HWY_ALIGN float buffer[kMaxFloatLanes];
  hn::Store(value, tag, buffer);
  std::memcpy(base + offset, buffer, count * sizeof(float));
}

// The normalize passes read the current row from L1/L2 and only write to memory, so memory reads sit
// idle unless the next row is requested meanwhile: one prefetch per full chunk covers the next row's
// line at the same offset (a chunk is one 64-byte line on AVX-512). Then the next statistics pass finds
// its row in cache instead of waiting on DRAM. next_row may be the current row on the last row.
// Non-temporal hint (x86 PREFETCHNTA, Arm PLDL1STRM): measured against the T0 hint of hwy::Prefetch,
// 2048 x 4096 LayerNorm forward 5-10% faster (the row, gamma and beta already fill a 48 KiB L1 there),
// RMSNorm unchanged; without any prefetch both were 25-40% slower.
HWY_INLINE void PrefetchChunk(const float* next_row, std::size_t offset, FullChunk) {
  __builtin_prefetch(next_row + offset, 0, 0);
}
HWY_INLINE void PrefetchChunk(const float*, std::size_t, PartialChunk) {}

// The same for data that fits L2 but not L1 (the backward's four-row groups): x86 PREFETCHT1, which
// Intel cores and AMD Zen 4 and later keep out of the L1; Arm PLDL2KEEP.
HWY_INLINE void PrefetchChunkToL2(const float* next_rows, std::size_t offset, FullChunk) {
  __builtin_prefetch(next_rows + offset, 0, 2);
}
HWY_INLINE void PrefetchChunkToL2(const float*, std::size_t, PartialChunk) {}

// Walks the rows of a (rows, cols) matrix as body(row, input_row, output_row, next_input_row); the
// next row is the one to prefetch (the last row names itself).
template <class Body>
HWY_INLINE void ForEachRow(const float* input, float* output, std::size_t rows, std::size_t cols, Body&& body) {
  for (std::size_t row = 0; row < rows; ++row) {
    const float* input_row = input + row * cols;
    body(row, input_row, output + row * cols, row + 1 < rows ? input_row + cols : input_row);
  }
}

// Zeroes the lanes of a partial chunk that hold no data (a full chunk passes unchanged).
HWY_INLINE FloatVec ZeroPadding(FloatTag, FloatVec value, std::size_t, FullChunk) { return value; }
HWY_INLINE FloatVec ZeroPadding(FloatTag tag, FloatVec value, std::size_t count, PartialChunk) {
  return hn::IfThenElseZero(hn::FirstN(tag, count), value);
}

// Walks [0, length) as visit(offset, count, FullChunk{}) for whole vectors and
// visit(offset, count, PartialChunk{}) for the ragged rest, first to last. When aligned_output is
// given, a ragged head brings aligned_output + offset to a vector boundary, as streaming stores require.
// (Sweeping a row's passes in alternating directions, so that each pass would start on the lines the
// L1 still holds, looked 3-9% faster with the benchmark's cases in a fixed order and was 8-14% slower
// once they were shuffled, so every pass runs first to last.)
template <class Visit>
HWY_INLINE void ForEachChunk(FloatTag tag, std::size_t length, const float* aligned_output, Visit&& visit) {
  const std::size_t lanes = hn::Lanes(tag);
  std::size_t head = 0;
  if (aligned_output != nullptr) {
    const std::size_t misaligned = (reinterpret_cast<std::uintptr_t>(aligned_output) / sizeof(float)) % lanes;
    head = misaligned == 0 ? 0 : HWY_MIN(lanes - misaligned, length);
  }
  const std::size_t full_end = head + (length - head) / lanes * lanes;
  if (head != 0) visit(std::size_t{0}, head, PartialChunk{});
  for (std::size_t offset = head; offset < full_end; offset += lanes) visit(offset, lanes, FullChunk{});
  if (full_end < length) visit(full_end, length - full_end, PartialChunk{});
}

// Walks [0, length) in blocks of block_length as visit_block(offset), then visit_rest(offset) once for
// the shorter rest at the end.
template <class VisitBlock, class VisitRest>
HWY_INLINE void ForEachBlock(std::size_t length, std::size_t block_length, VisitBlock&& visit_block,
                             VisitRest&& visit_rest) {
  const std::size_t blocks_end = length / block_length * block_length;
  for (std::size_t offset = 0; offset < blocks_end; offset += block_length) visit_block(offset);
  if (blocks_end < length) visit_rest(blocks_end);
}

// One span's LayerNorm statistics. The mean is kept as shift + offset: shift is a float near the mean
// and offset = mean - shift is small, so (x - shift) - offset stays exact-ish even for rows with mean 1e4
// and unit spread, where a float-rounded mean alone would be off by 6e-4 standard deviations.
struct CentredStatistics {
  float shift = 0.0f;
  float offset = 0.0f;
  float rstd = 0.0f;
  float mean() const { return shift + offset; }
};

// Sums of (x - shift) and (x - shift)^2 in one pass, four independent accumulators each so the adds
// pipeline. Returned as {sum, sum of squares}.
struct ShiftedSums {
  float sum = 0.0f;
  float square_sum = 0.0f;
};
HWY_INLINE ShiftedSums ShiftedSumsOf(FloatTag tag, const float* span, std::size_t length, float shift) {
  const std::size_t lanes = hn::Lanes(tag);
  const FloatVec shift_vec = hn::Set(tag, shift);
  FloatVec sum0 = hn::Zero(tag), sum1 = hn::Zero(tag), sum2 = hn::Zero(tag), sum3 = hn::Zero(tag);
  FloatVec sq0 = hn::Zero(tag), sq1 = hn::Zero(tag), sq2 = hn::Zero(tag), sq3 = hn::Zero(tag);
  const auto add_block = [&](std::size_t offset) HWY_ATTR {
    const FloatVec centred0 = hn::Sub(hn::LoadU(tag, span + offset), shift_vec);
    const FloatVec centred1 = hn::Sub(hn::LoadU(tag, span + offset + lanes), shift_vec);
    const FloatVec centred2 = hn::Sub(hn::LoadU(tag, span + offset + 2 * lanes), shift_vec);
    const FloatVec centred3 = hn::Sub(hn::LoadU(tag, span + offset + 3 * lanes), shift_vec);
    sum0 = hn::Add(sum0, centred0);
    sum1 = hn::Add(sum1, centred1);
    sum2 = hn::Add(sum2, centred2);
    sum3 = hn::Add(sum3, centred3);
    sq0 = hn::MulAdd(centred0, centred0, sq0);
    sq1 = hn::MulAdd(centred1, centred1, sq1);
    sq2 = hn::MulAdd(centred2, centred2, sq2);
    sq3 = hn::MulAdd(centred3, centred3, sq3);
  };
  const auto add_rest = [&](std::size_t offset) HWY_ATTR {
    ForEachChunk(tag, length - offset, nullptr, [&](std::size_t chunk, std::size_t count, auto full) HWY_ATTR {
      const FloatVec centred =
          ZeroPadding(tag, hn::Sub(LoadChunk(tag, span + offset, chunk, count, full), shift_vec), count, full);
      sum0 = hn::Add(sum0, centred);
      sq0 = hn::MulAdd(centred, centred, sq0);
    });
  };
  ForEachBlock(length, 4 * lanes, add_block, add_rest);
  const FloatVec sum = hn::Add(hn::Add(sum0, sum1), hn::Add(sum2, sum3));
  const FloatVec square_sum = hn::Add(hn::Add(sq0, sq1), hn::Add(sq2, sq3));
  return {hn::GetLane(hn::SumOfLanes(tag, sum)), hn::GetLane(hn::SumOfLanes(tag, square_sum))};
}

// Mean and 1/sqrt(biased variance + eps) of a span in one pass over memory. Shifted sums lose nothing
// when the shift is close to the mean (var = E[(x-s)^2] - (E[x-s])^2 only cancels when |mean - s| is
// large against the spread); the shift is the mean of the first four vectors' worth of elements, and in
// the rare case it is far off (an outlier at the start), the span, still in L1, is summed again around
// the first estimate. That keeps the error at a few ulps without Welford's per-element division.
HWY_INLINE CentredStatistics LayerStatistics(FloatTag tag, const float* span, std::size_t length, float eps) {
  // Four vectors, not one: the mean of one AVX-512 vector (16 floats) misses a Gaussian row's mean by
  // more than the check below allows (σ/√3) in ~2% of rows, each of which then sums its row twice; of
  // 64 floats, in ~4e-6. Measured at 2048 x 4096: the forward went from 4-5% behind the same algorithm
  // written with raw intrinsics to 1-2%. Vector adds and one reduction rather than a scalar loop: the
  // row's sums wait for the shift (16 dependent scalar adds were ~50 cycles a row).
  const std::size_t lanes = hn::Lanes(tag);
  const std::size_t probe_vectors = HWY_MIN(std::size_t{4}, length / lanes);
  FloatVec head = probe_vectors == 0 ? LoadChunk(tag, span, 0, length, PartialChunk{}) : hn::LoadU(tag, span);  // zero-padded
  for (std::size_t vector = 1; vector < probe_vectors; ++vector) head = hn::Add(head, hn::LoadU(tag, span + vector * lanes));
  const std::size_t probe = probe_vectors == 0 ? length : probe_vectors * lanes;
  CentredStatistics statistics;
  statistics.shift = hn::GetLane(hn::SumOfLanes(tag, head)) * (1.0f / static_cast<float>(probe));
  const float inverse_length = 1.0f / static_cast<float>(length);
  ShiftedSums sums = ShiftedSumsOf(tag, span, length, statistics.shift);
  statistics.offset = sums.sum * inverse_length;
  float mean_square = sums.square_sum * inverse_length;
  // Condition number of the subtraction below is mean_square / variance <= 4/3 when this holds.
  if (!(statistics.offset * statistics.offset <= 0.25f * mean_square)) {
    statistics.shift += statistics.offset;
    sums = ShiftedSumsOf(tag, span, length, statistics.shift);
    statistics.offset = sums.sum * inverse_length;
    mean_square = sums.square_sum * inverse_length;
  }
  const float variance = HWY_MAX(mean_square - statistics.offset * statistics.offset, 0.0f);
  statistics.rstd = 1.0f / std::sqrt(variance + eps);
  return statistics;
}

// 1/sqrt(mean(x^2) + eps) of a span; RMSNorm has no centring, so plain sums of squares are accurate.
HWY_INLINE float RmsStatistics(FloatTag tag, const float* span, std::size_t length, float eps) {
  const std::size_t lanes = hn::Lanes(tag);
  FloatVec sq0 = hn::Zero(tag), sq1 = hn::Zero(tag), sq2 = hn::Zero(tag), sq3 = hn::Zero(tag);
  std::size_t offset = 0;
  for (; offset + 4 * lanes <= length; offset += 4 * lanes) {
    const FloatVec value0 = hn::LoadU(tag, span + offset);
    const FloatVec value1 = hn::LoadU(tag, span + offset + lanes);
    const FloatVec value2 = hn::LoadU(tag, span + offset + 2 * lanes);
    const FloatVec value3 = hn::LoadU(tag, span + offset + 3 * lanes);
    sq0 = hn::MulAdd(value0, value0, sq0);
    sq1 = hn::MulAdd(value1, value1, sq1);
    sq2 = hn::MulAdd(value2, value2, sq2);
    sq3 = hn::MulAdd(value3, value3, sq3);
  }
  ForEachChunk(tag, length - offset, nullptr, [&](std::size_t chunk, std::size_t count, auto full) HWY_ATTR {
    const FloatVec value = LoadChunk(tag, span + offset, chunk, count, full);  // zero-padded
    sq0 = hn::MulAdd(value, value, sq0);
  });
  const FloatVec square_sum = hn::Add(hn::Add(sq0, sq1), hn::Add(sq2, sq3));
  const float mean_square = hn::GetLane(hn::SumOfLanes(tag, square_sum)) / static_cast<float>(length);
  return 1.0f / std::sqrt(mean_square + eps);
}

// output = (input - shift) * scale + bias over a span: LayerNorm without affine, and each channel of
// GroupNorm/InstanceNorm (where scale and bias fold in the channel's gamma and beta).
template <bool kStream>
HWY_INLINE void ScaleShiftSpan(FloatTag tag, const float* input, std::size_t length, float shift, float scale,
                               float bias, float* output, const float* prefetch_next) {
  const FloatVec shift_vec = hn::Set(tag, shift);
  const FloatVec scale_vec = hn::Set(tag, scale);
  const FloatVec bias_vec = hn::Set(tag, bias);
  ForEachChunk(tag, length, kStream ? output : nullptr,
               [&](std::size_t offset, std::size_t count, auto full) HWY_ATTR {
                 PrefetchChunk(prefetch_next, offset, full);
                 const FloatVec centred = hn::Sub(LoadChunk(tag, input, offset, count, full), shift_vec);
                 StoreChunk<kStream>(hn::MulAdd(centred, scale_vec, bias_vec), tag, output, offset, count, full);
               });
}

}  // namespace normlab::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // NORMLAB_KERNELS_SIMD_COMMON_INL_H_ toggle
