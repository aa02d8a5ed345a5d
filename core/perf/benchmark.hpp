// The kernel benchmark shared by `normlab-cli bench`, bench/kernels_bench.cpp's peers and the app's
// benchmark panel (which runs it off the UI thread, with progress and cancel).
//
// Every case runs on the same (rows, cols) float32 input in one process: memcpy of the same bytes (the
// floor), the SIMD kernels, the scalar reference of core/norm (float instantiation), a straightforward
// Eigen expression and oneDNN's layer normalization (when built with it). Each case is timed as the
// median of several repetitions. Names, as issue 3 fixes them:
//   memcpy, layer_fwd, rms_fwd, layer_bwd, rms_bwd, layer_fwd_scalar, rms_fwd_scalar,
//   layer_fwd_eigen, layer_fwd_onednn, layer_bwd_onednn
#pragma once

#include <atomic>
#include <stop_token>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace normlab::perf {

// The cache state each timed sample starts from. Warm (default): samples run back to back, interleaved
// case by case, so a case may find in L3 what the case before it left there; at 2048 x 4096 (32 MiB per
// matrix, about the size of L3) a fixed order alone moved rms_fwd from 0.87x to 1.23x of memcpy and
// put layer_fwd (always right after memcpy, which had just read its input) 10-15% closer to the floor
// than a shuffled order does, which is why every round shuffles (round_order). Cold: before every sample an untimed sweep over a buffer twice the size of the
// last-level cache, so every case starts from DRAM and a cold TLB whatever ran before it.
enum class CacheMode { kWarm, kCold };

struct BenchmarkRequest {
  std::size_t rows = 2048;                  // seed 002's exercise: 2048 x 4096
  std::size_t cols = 4096;
  std::size_t threads = 1;                  // row-parallel threads for our kernels (and oneDNN's OpenMP)
  double min_seconds_per_case = 0.25;       // keep repeating a case at least this long ...
  std::size_t min_repetitions = 5;          // ... and at least this many times; the median is reported
  std::vector<std::string> names;           // cases to run; empty = all
  // Time with the calling thread's CPU clock instead of the wall clock. On a machine busy with other
  // work this leaves out the time the benchmark sat preempted (memory contention stays in). Single
  // thread only: other threads' work would not be counted.
  bool thread_cpu_time = false;
  CacheMode cache = CacheMode::kWarm;
};

struct BenchmarkResult {
  std::string name;
  double median_s = 0.0;        // median wall time of one call
  double gbps = 0.0;            // bytes_moved / median_s / 1e9
  double bytes_moved = 0.0;     // the case's byte floor: bytes that must be read plus written
};

struct BenchmarkReport {
  std::string target;           // simd_target_name() of the run
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::size_t threads = 1;
  bool cold_cache = false;      // every sample started from cold caches (CacheMode above)
  std::vector<BenchmarkResult> results;
  // Empty when this process measured it; else the name of the file it was read from (load_report),
  // so the answer does not claim "this machine" for another machine's run.
  std::string source;

  // nullptr when the case did not run.
  const BenchmarkResult* find(const std::string& name) const;
};

// The most threads a run may ask for: 4 per hardware thread, never more than 256 (beyond the hardware
// threads they only queue behind each other; OpenMP crashed at 100000).
std::size_t max_benchmark_threads();

// Every case name this build can run, in report order (oneDNN's only when built with it).
std::vector<std::string> benchmark_case_names();

// Runs the requested cases. on_progress (optional) is called from the calling thread with the fraction
// done in [0, 1] and the stage's name; `stop` is polled between repetitions: once a stop is requested
// the run stops and returns what it measured so far. Throws std::invalid_argument for zero rows or
// cols, unknown names, or a shape too large to allocate.
BenchmarkReport run_benchmarks(const BenchmarkRequest& request,
                               const std::function<void(double fraction_done, const std::string& stage)>&
                                   on_progress = {},
                               std::stop_token stop = {});

// The order in which round `round` of a run takes case_count cases: a permutation that changes from
// round to round, so no case always follows the same neighbour; the same for the same round in every
// run, so runs stay comparable.
std::vector<std::size_t> round_order(std::size_t case_count, std::size_t round);

// The median of samples (the mean of the middle two for an even count); NaN when there are none.
double median(std::vector<double> values);

// A case's time over the time memcpy (in the same report) needs to move the case's bytes: memcpy's
// GB/s over the case's. 1.0 is the byte floor. NaN when memcpy did not run or either rate is zero.
double floor_ratio(const BenchmarkReport& report, const BenchmarkResult& result);

// The one-sentence answer to seed 002's exercise 3 (does RMSNorm's "~15% faster" hold here?), computed
// from the measured rms_fwd / layer_fwd time ratio (and memcpy when present). Empty when either
// kernel case is missing.
std::string exercise_answer(const BenchmarkReport& report);

// {"target": ..., "rows": R, "cols": C, "threads": T, "cache": "warm" | "cold",
//  "results": [{"name": ..., "median_s": ..., "gbps": ...}, ...]}, keys in that order (an ordered_json;
// it converts to nlohmann::json where a sorted one is wanted). In core/perf/report_json.cpp.
nlohmann::ordered_json to_json(const BenchmarkReport& report);

// The inverse of to_json, for a run saved with `normlab-cli bench --json > run.json` or the app's Save:
// a lecturer measures on the machine that matters and shows or exports that run. threads and cache
// may be missing (files written before they were added: 1 and warm). Throws std::invalid_argument
// naming the first problem: not an object, a missing or mistyped key, an unknown or repeated case, a
// time or rate that is not a positive finite number.
BenchmarkReport report_from_json(const nlohmann::json& json);

// report_from_json on a file, with `source` set to the file's name. Throws std::runtime_error when the
// file cannot be read and std::invalid_argument (naming the file) when it is not a valid run.
BenchmarkReport load_report(const std::string& path);

// Writes to_json(report) to path atomically (a failed write leaves no file and an old one untouched).
void save_report(const std::string& path, const BenchmarkReport& report);

}  // namespace normlab::perf
