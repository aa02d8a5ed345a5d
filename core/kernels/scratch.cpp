#include "kernels/scratch.hpp"

#include <array>
#include <new>

#include "hwy/aligned_allocator.h"

namespace normlab::kernels {

namespace {

constexpr std::size_t kSlotCount = static_cast<std::size_t>(ScratchSlot::kColumnStatistics) + 1;

template <class T>
struct ThreadBuffers {
  std::array<hwy::AlignedFreeUniquePtr<T[]>, kSlotCount> memory;
  std::array<std::size_t, kSlotCount> capacity{};

  T* get(ScratchSlot slot, std::size_t count) {
    const auto index = static_cast<std::size_t>(slot);
    if (capacity[index] < count || memory[index] == nullptr) {
      memory[index] = hwy::AllocateAligned<T>(count == 0 ? 1 : count);
      if (memory[index] == nullptr) throw std::bad_alloc();
      capacity[index] = count;
    }
    return memory[index].get();
  }
};

}  // namespace

float* scratch_floats(ScratchSlot slot, std::size_t count) {
  thread_local ThreadBuffers<float> buffers;
  return buffers.get(slot, count);
}

double* scratch_doubles(ScratchSlot slot, std::size_t count) {
  thread_local ThreadBuffers<double> buffers;
  return buffers.get(slot, count);
}

}  // namespace normlab::kernels
