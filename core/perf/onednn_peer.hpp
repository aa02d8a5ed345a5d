// oneDNN 2.6's layer normalization (forward with scale and shift, backward with their gradients),
// the industrial peer the benchmark compares against. Only built with NORMLAB_HAVE_ONEDNN.
#pragma once

#include <cstddef>
#include <memory>

namespace normlab::perf {

class OneDnnLayerNorm {
 public:
  // Binds oneDNN memories to the caller's buffers (no copies): input/output_grad (rows x cols),
  // gamma/beta (cols), and outputs output/input_grad (rows x cols), gamma_grad/beta_grad (cols).
  OneDnnLayerNorm(std::size_t rows, std::size_t cols, float eps, const float* input, const float* gamma,
                  const float* beta, float* output, const float* output_grad, float* input_grad, float* gamma_grad,
                  float* beta_grad);
  ~OneDnnLayerNorm();
  OneDnnLayerNorm(const OneDnnLayerNorm&) = delete;
  OneDnnLayerNorm& operator=(const OneDnnLayerNorm&) = delete;

  void forward();   // training forward: also writes the mean and variance the backward reads
  void backward();  // data and scale/shift gradients

  // Sets the OpenMP thread count oneDNN uses (its runtime is libgomp, loaded with libdnnl).
  static void set_threads(std::size_t threads);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace normlab::perf
