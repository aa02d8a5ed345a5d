// A small persistent thread pool for the kernels' optional row parallelism. Workers are created on
// first need and kept; the calling thread takes part in the work, so threads = 1 never switches.
#pragma once

#include <cstddef>
#include <functional>

namespace normlab::kernels {

// Runs task(index) for every index in [0, task_count) on up to `threads` threads (the caller counted)
// and returns when all have finished. Concurrent callers are served one after another. An exception
// thrown by a task is rethrown in the caller after the others finish.
void parallel_for(std::size_t task_count, std::size_t threads, const std::function<void(std::size_t)>& task);

}  // namespace normlab::kernels
