// The benchmark's cases for one (rows, cols) shape, shared by run_benchmarks() and the Google
// Benchmark program bench/kernels_bench.cpp so both time exactly the same calls on the same data.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace normlab::perf {

struct BenchmarkCase {
  std::string name;
  double bytes_moved = 0.0;  // the byte floor: bytes that must be read plus written
  std::function<void()> run;  // one call of the kernel under test
};

// Owns the inputs and outputs of one shape (four rows x cols float matrices plus per-row and per-column
// vectors; oneDNN works in them) and builds the cases that run on them. The cases borrow the
// workspace: keep it alive while timing.
class BenchmarkWorkspace {
 public:
  // Throws std::invalid_argument for an empty shape or one whose four matrices would need more than
  // 3/4 of the machine's memory, and std::bad_alloc when memory runs short all the same.
  BenchmarkWorkspace(std::size_t rows, std::size_t cols, std::size_t threads);
  ~BenchmarkWorkspace();
  BenchmarkWorkspace(const BenchmarkWorkspace&) = delete;
  BenchmarkWorkspace& operator=(const BenchmarkWorkspace&) = delete;

  // The named cases in report order (all when names is empty). Throws std::invalid_argument naming
  // an unknown case.
  std::vector<BenchmarkCase> cases(const std::vector<std::string>& names);

 private:
  struct Buffers;
  std::unique_ptr<Buffers> buffers_;
};

}  // namespace normlab::perf
