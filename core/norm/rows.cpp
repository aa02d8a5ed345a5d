// Row primitives (norm.hpp section 4): LayerNorm and RMSNorm over the last axis of a contiguous
// rows x cols block. Same formulas as the whole-tensor engine (norm_math.hpp), specialised to
// contiguous rows so the transformer does not pay for gathering.
#include <cstddef>

#include "norm/norm.hpp"
#include "norm/norm_math.hpp"

namespace normlab {

namespace {

using norm_detail::Accumulator;

template <typename T>
Accumulator<T> gamma_at(const T* gamma, std::size_t col) {
  return gamma == nullptr ? Accumulator<T>(1) : static_cast<Accumulator<T>>(gamma[col]);
}

// One row's forward: statistic, then y = gamma xhat + beta. Returns the statistic for the backward.
template <typename T>
norm_detail::GroupStatistic<Accumulator<T>> normalize_row(const T* row, std::size_t cols, const T* gamma,
                                                          const T* beta, T eps, bool centered,
                                                          T* output_row) {
  using Acc = Accumulator<T>;
  const auto statistic = norm_detail::group_statistic<Acc>(
      cols, [row](std::size_t col) { return row[col]; }, centered, static_cast<Acc>(eps));
  for (std::size_t col = 0; col < cols; ++col) {
    const Acc normalized = (static_cast<Acc>(row[col]) - statistic.mean) * statistic.rstd;
    const Acc shift = beta == nullptr ? Acc(0) : static_cast<Acc>(beta[col]);
    output_row[col] = static_cast<T>(gamma_at(gamma, col) * normalized + shift);
  }
  return statistic;
}

// One row's backward given its mean (0 for RMS) and rstd. Adds into gamma_grad/beta_grad when given.
template <typename T>
void normalize_row_backward(const T* row, const T* grad_row, std::size_t cols, const T* gamma,
                            Accumulator<T> mean, Accumulator<T> rstd, bool centered, T* input_grad_row,
                            T* gamma_grad, T* beta_grad) {
  using Acc = Accumulator<T>;
  const auto normalized = [&](std::size_t col) { return (static_cast<Acc>(row[col]) - mean) * rstd; };
  const auto weighted_grad = [&](std::size_t col) {
    return static_cast<Acc>(grad_row[col]) * gamma_at(gamma, col);
  };
  const auto projection = norm_detail::gradient_projection<Acc>(cols, cols, normalized, weighted_grad);
  for (std::size_t col = 0; col < cols; ++col) {
    input_grad_row[col] = static_cast<T>(norm_detail::input_gradient<Acc>(
        rstd, weighted_grad(col), normalized(col), true, centered, projection));
    if (gamma_grad != nullptr)
      gamma_grad[col] += static_cast<T>(static_cast<Acc>(grad_row[col]) * normalized(col));
    if (beta_grad != nullptr) beta_grad[col] += grad_row[col];
  }
}

// The mean is recomputed in the accumulator type rather than read back from row_mean: a float-rounded
// mean is off by up to |mean| * 2^-24, which for rows with mean 1e4 and unit spread is 6e-4 of a
// standard deviation, far more than the rest of the backward's error.
template <typename T>
Accumulator<T> accurate_row_mean(const T* row, std::size_t cols) {
  return two_pass_moments<Accumulator<T>>(cols, [row](std::size_t col) { return row[col]; }).mean;
}

}  // namespace

template <typename T>
void layer_norm_rows(const T* input, std::size_t rows, std::size_t cols, const T* gamma, const T* beta, T eps,
                     T* output, T* row_mean, T* row_rstd) {
  for (std::size_t row = 0; row < rows; ++row) {
    const auto statistic =
        normalize_row(input + row * cols, cols, gamma, beta, eps, true, output + row * cols);
    if (row_mean != nullptr) row_mean[row] = static_cast<T>(statistic.mean);
    if (row_rstd != nullptr) row_rstd[row] = static_cast<T>(statistic.rstd);
  }
}

template <typename T>
void layer_norm_rows_backward(const T* input, const T* output_grad, std::size_t rows, std::size_t cols,
                              const T* gamma, const T* /*row_mean: recomputed, see accurate_row_mean*/,
                              const T* row_rstd, T* input_grad, T* gamma_grad, T* beta_grad) {
  for (std::size_t row = 0; row < rows; ++row) {
    const T* row_values = input + row * cols;
    normalize_row_backward(row_values, output_grad + row * cols, cols, gamma,
                           accurate_row_mean(row_values, cols), static_cast<Accumulator<T>>(row_rstd[row]),
                           true, input_grad + row * cols, gamma_grad, beta_grad);
  }
}

template <typename T>
void rms_norm_rows(const T* input, std::size_t rows, std::size_t cols, const T* gamma, T eps, T* output,
                   T* row_rstd) {
  for (std::size_t row = 0; row < rows; ++row) {
    const auto statistic = normalize_row(input + row * cols, cols, gamma, static_cast<const T*>(nullptr), eps,
                                         false, output + row * cols);
    if (row_rstd != nullptr) row_rstd[row] = static_cast<T>(statistic.rstd);
  }
}

template <typename T>
void rms_norm_rows_backward(const T* input, const T* output_grad, std::size_t rows, std::size_t cols,
                            const T* gamma, const T* row_rstd, T* input_grad, T* gamma_grad) {
  for (std::size_t row = 0; row < rows; ++row) {
    normalize_row_backward(input + row * cols, output_grad + row * cols, cols, gamma, Accumulator<T>(0),
                           static_cast<Accumulator<T>>(row_rstd[row]), false, input_grad + row * cols,
                           gamma_grad, static_cast<T*>(nullptr));
  }
}

#define NORMLAB_INSTANTIATE_ROWS(T)                                                                         \
  template void layer_norm_rows<T>(const T*, std::size_t, std::size_t, const T*, const T*, T, T*, T*, T*);  \
  template void layer_norm_rows_backward<T>(const T*, const T*, std::size_t, std::size_t, const T*,         \
                                            const T*, const T*, T*, T*, T*);                                \
  template void rms_norm_rows<T>(const T*, std::size_t, std::size_t, const T*, T, T*, T*);                  \
  template void rms_norm_rows_backward<T>(const T*, const T*, std::size_t, std::size_t, const T*, const T*, \
                                          T*, T*);

NORMLAB_INSTANTIATE_ROWS(float)
NORMLAB_INSTANTIATE_ROWS(double)

#undef NORMLAB_INSTANTIATE_ROWS

}  // namespace normlab
