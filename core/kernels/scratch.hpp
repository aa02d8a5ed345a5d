// Working memory that each thread keeps from one kernel call to the next.
//
// Why not a std::vector per call: the LayerNorm/RMSNorm backward needs a few hundred KiB of block sums
// and totals at 4096 columns. Freed at the end of every call, that much at the top of the heap makes
// glibc hand the pages back to the OS (its trim threshold is 128 KiB), and the next call faults them
// in again, zero-filled. Measured on the development VM: 2048 x 4096 LayerNorm backward 3.8 ms with
// per-call vectors, 3.0 ms with this (memcpy of the same bytes: 2.9 ms).
#pragma once

#include <cstddef>

namespace normlab::kernels {

// Independent buffers of one thread; a kernel that needs two at once takes two slots.
enum class ScratchSlot {
  kBlockSums,         // per task: gamma/beta gradient sums of one block of rows
  kGradientTotals,    // per call: every task's double totals, merged in task order
  kParameterFill,     // per call: ones for a missing gamma, a sink for an unwanted beta gradient
  kColumnStatistics,  // BatchNorm's per-column running sums and folded coefficients
};

// At least `count` elements, 64-byte aligned, contents unspecified. Valid on this thread until the
// next request for the same slot and type; the memory grows to the largest request and is kept.
float* scratch_floats(ScratchSlot slot, std::size_t count);
double* scratch_doubles(ScratchSlot slot, std::size_t count);

}  // namespace normlab::kernels
