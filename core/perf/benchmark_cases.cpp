#include "perf/benchmark_cases.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>

#include "kernels/kernels.hpp"
#include "kernels/thread_pool.hpp"
#include "norm/norm.hpp"
#include "perf/benchmark.hpp"
#include "perf/onednn_peer.hpp"
#include "tensor/memory_budget.hpp"

namespace normlab::perf {

namespace {

constexpr float kEps = 1e-5f;

// Page-aligned storage, so every case sees the same alignment and streaming stores start aligned.
// Ordinary 4 KiB pages, as a framework's default allocator gives: 2 MiB pages (madvise) were measured
// and changed no ratio to memcpy beyond the run-to-run noise.
struct AlignedDeleter {
  void operator()(float* pointer) const { std::free(pointer); }
};
using FloatArray = std::unique_ptr<float[], AlignedDeleter>;

FloatArray allocate_floats(std::size_t count) {
  const std::size_t bytes = ((count * sizeof(float) + 4095) / 4096) * 4096;
  auto* pointer = static_cast<float*>(std::aligned_alloc(4096, std::max<std::size_t>(bytes, 4096)));
  if (pointer == nullptr) throw std::bad_alloc();
  return FloatArray(pointer);
}

// Four matrices (input, output, output_grad, input_grad), three per-row statistics and four
// per-column vectors, all float32.
double workspace_bytes(std::size_t rows, std::size_t cols) {
  return (4.0 * double(rows) * double(cols) + 3.0 * double(rows) + 4.0 * double(cols)) * sizeof(float);
}

}  // namespace

struct BenchmarkWorkspace::Buffers {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::size_t threads = 1;
  FloatArray input, output_grad, output, input_grad, gamma, beta, gamma_grad, beta_grad, row_mean, row_rstd,
      rms_rstd;
#ifdef NORMLAB_HAVE_ONEDNN
  std::unique_ptr<OneDnnLayerNorm> onednn;
#endif
};

BenchmarkWorkspace::BenchmarkWorkspace(std::size_t rows, std::size_t cols, std::size_t threads)
    : buffers_(std::make_unique<Buffers>()) {
  if (rows == 0 || cols == 0) throw std::invalid_argument("benchmark: rows and cols must both be at least 1");
  if (threads == 0) throw std::invalid_argument("benchmark: threads must be at least 1");
  if (threads > max_benchmark_threads()) {
    throw std::invalid_argument("benchmark: " + std::to_string(threads) + " threads is more than the limit of " +
                                std::to_string(max_benchmark_threads()) +
                                " (4 per hardware thread, at most 256: more only queue behind each other)");
  }
  require_within_memory_budget(workspace_bytes(rows, cols), "benchmark: a " + std::to_string(rows) + " x " +
                                                                std::to_string(cols) + " float32 run");
  Buffers& buffers = *buffers_;
  buffers.rows = rows;
  buffers.cols = cols;
  buffers.threads = threads;
  const std::size_t elements = rows * cols;
  for (FloatArray* matrix : {&buffers.input, &buffers.output_grad, &buffers.output, &buffers.input_grad}) {
    *matrix = allocate_floats(elements);
  }
  for (FloatArray* vector : {&buffers.gamma, &buffers.beta, &buffers.gamma_grad, &buffers.beta_grad}) {
    *vector = allocate_floats(cols);
  }
  buffers.row_mean = allocate_floats(rows);
  buffers.row_rstd = allocate_floats(rows);
  buffers.rms_rstd = allocate_floats(rows);

  // Activations with an offset and a spread, as a transformer's residual stream has; fixed seed.
  std::mt19937 generator(20240607);
  std::normal_distribution<float> activation(0.5f, 2.0f), gradient(0.0f, 1.0f), parameter(1.0f, 0.1f);
  for (std::size_t index = 0; index < elements; ++index) {
    buffers.input[index] = activation(generator);
    buffers.output_grad[index] = gradient(generator);
  }
  for (std::size_t col = 0; col < cols; ++col) {
    buffers.gamma[col] = parameter(generator);
    buffers.beta[col] = parameter(generator) - 1.0f;
    buffers.gamma_grad[col] = 0.0f;
    buffers.beta_grad[col] = 0.0f;
  }
  // Outputs are touched here so the first timed call does not pay for page faults.
  std::memset(buffers.output.get(), 0, elements * sizeof(float));
  std::memset(buffers.input_grad.get(), 0, elements * sizeof(float));
  kernels::layer_norm_forward(buffers.input.get(), rows, cols, buffers.gamma.get(), buffers.beta.get(), kEps,
                              buffers.output.get(), buffers.row_mean.get(), buffers.row_rstd.get(), threads);
  kernels::rms_norm_forward(buffers.input.get(), rows, cols, buffers.gamma.get(), kEps, buffers.output.get(),
                            buffers.rms_rstd.get(), threads);
#ifdef NORMLAB_HAVE_ONEDNN
  OneDnnLayerNorm::set_threads(threads);
  buffers.onednn = std::make_unique<OneDnnLayerNorm>(
      rows, cols, kEps, buffers.input.get(), buffers.gamma.get(), buffers.beta.get(), buffers.output.get(),
      buffers.output_grad.get(), buffers.input_grad.get(), buffers.gamma_grad.get(), buffers.beta_grad.get());
#endif
}

BenchmarkWorkspace::~BenchmarkWorkspace() = default;

std::vector<BenchmarkCase> BenchmarkWorkspace::cases(const std::vector<std::string>& names) {
  Buffers& b = *buffers_;
  const std::size_t rows = b.rows, cols = b.cols, threads = b.threads;
  const double elements = static_cast<double>(rows) * static_cast<double>(cols);
  const double float_bytes = sizeof(float);
  // Byte floors: forward reads x and writes y (8 B per element) plus its parameters; backward reads x
  // and dy and writes dx (12 B) plus the row statistics, gamma, and the parameter gradients.
  const double forward_layer_bytes = (2 * elements + 2 * cols) * float_bytes;
  const double forward_rms_bytes = (2 * elements + cols) * float_bytes;
  const double backward_layer_bytes = (3 * elements + 3 * cols + 2 * rows) * float_bytes;
  const double backward_rms_bytes = (3 * elements + 2 * cols + rows) * float_bytes;

  std::vector<BenchmarkCase> all;
  all.push_back({"memcpy", 2 * elements * float_bytes, [&b, rows, cols, threads] {
                   // The floor for the same thread count: rows copied in parallel ranges.
                   const std::size_t tasks = std::min(rows, threads);
                   kernels::parallel_for(tasks, threads, [&](std::size_t task) {
                     const std::size_t first = rows * task / tasks, last = rows * (task + 1) / tasks;
                     std::memcpy(b.output.get() + first * cols, b.input.get() + first * cols,
                                 (last - first) * cols * sizeof(float));
                   });
                 }});
  all.push_back({"layer_fwd", forward_layer_bytes, [&b, rows, cols, threads] {
                   kernels::layer_norm_forward(b.input.get(), rows, cols, b.gamma.get(), b.beta.get(), kEps,
                                               b.output.get(), b.row_mean.get(), b.row_rstd.get(), threads);
                 }});
  all.push_back({"rms_fwd", forward_rms_bytes, [&b, rows, cols, threads] {
                   kernels::rms_norm_forward(b.input.get(), rows, cols, b.gamma.get(), kEps, b.output.get(),
                                             b.rms_rstd.get(), threads);
                 }});
  all.push_back({"layer_bwd", backward_layer_bytes, [&b, rows, cols, threads] {
                   kernels::layer_norm_backward(b.input.get(), b.output_grad.get(), rows, cols, b.gamma.get(),
                                                b.row_mean.get(), b.row_rstd.get(), b.input_grad.get(),
                                                b.gamma_grad.get(), b.beta_grad.get(), threads);
                 }});
  all.push_back({"rms_bwd", backward_rms_bytes, [&b, rows, cols, threads] {
                   kernels::rms_norm_backward(b.input.get(), b.output_grad.get(), rows, cols, b.gamma.get(),
                                              b.rms_rstd.get(), b.input_grad.get(), b.gamma_grad.get(), threads);
                 }});
  all.push_back({"layer_fwd_scalar", forward_layer_bytes, [&b, rows, cols] {
                   layer_norm_rows<float>(b.input.get(), rows, cols, b.gamma.get(), b.beta.get(), kEps,
                                          b.output.get(), b.row_mean.get(), b.row_rstd.get());
                 }});
  all.push_back({"rms_fwd_scalar", forward_rms_bytes, [&b, rows, cols] {
                   rms_norm_rows<float>(b.input.get(), rows, cols, b.gamma.get(), kEps, b.output.get(),
                                        b.rms_rstd.get());
                 }});
  all.push_back({"layer_fwd_eigen", forward_layer_bytes, [&b, rows, cols] {
                   // The straightforward expression a user of Eigen would write (mean, centred variance,
                   // broadcast normalize and affine), compiled for the build's baseline ISA.
                   using Matrix = Eigen::Array<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
                   const Eigen::Map<const Matrix> input(b.input.get(), rows, cols);
                   Eigen::Map<Matrix> output(b.output.get(), rows, cols);
                   const Eigen::Map<const Eigen::Array<float, 1, Eigen::Dynamic>> gamma(b.gamma.get(), cols);
                   const Eigen::Map<const Eigen::Array<float, 1, Eigen::Dynamic>> beta(b.beta.get(), cols);
                   const Eigen::ArrayXf mean = input.rowwise().mean();
                   const Eigen::ArrayXf rstd =
                       ((input.colwise() - mean).square().rowwise().mean() + kEps).rsqrt();
                   output = (((input.colwise() - mean).colwise() * rstd).rowwise() * gamma).rowwise() + beta;
                 }});
#ifdef NORMLAB_HAVE_ONEDNN
  all.push_back({"layer_fwd_onednn", forward_layer_bytes, [&b] { b.onednn->forward(); }});
  all.push_back({"layer_bwd_onednn", backward_layer_bytes, [&b] { b.onednn->backward(); }});
#endif

  if (names.empty()) return all;
  std::vector<BenchmarkCase> chosen;
  for (const std::string& name : names) {
    const auto found = std::find_if(all.begin(), all.end(), [&](const BenchmarkCase& item) { return item.name == name; });
    if (found == all.end()) {
      std::string known;
      for (const auto& item : all) known += (known.empty() ? "" : ", ") + item.name;
      throw std::invalid_argument("benchmark: unknown case '" + name + "' (known: " + known + ")");
    }
    chosen.push_back(*found);
  }
  return chosen;
}

std::vector<std::string> benchmark_case_names() {
  std::vector<std::string> names = {"memcpy",           "layer_fwd",      "rms_fwd",        "layer_bwd",
                                    "rms_bwd",          "layer_fwd_scalar", "rms_fwd_scalar", "layer_fwd_eigen"};
#ifdef NORMLAB_HAVE_ONEDNN
  names.push_back("layer_fwd_onednn");
  names.push_back("layer_bwd_onednn");
#endif
  return names;
}

}  // namespace normlab::perf
