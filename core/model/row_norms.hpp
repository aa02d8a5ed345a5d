// The transformer's view of a norm: LayerNorm or RMSNorm over contiguous rows, forward and backward,
// dispatching to the reference row primitives of core/norm (one implementation for the whole project).
#pragma once

#include <cstddef>
#include <vector>

#include "norm/norm.hpp"

namespace normlab::model {

template <typename T>
struct RowStatistics {
  std::vector<T> mean;  // LayerNorm only
  std::vector<T> rstd;  // 1 / sqrt(var + eps), or 1 / sqrt(mean square + eps)
};

// output = norm(input) * gain + bias; gain/bias may be null (ones/zeros); bias is ignored for RMSNorm.
template <typename T>
void norm_rows_forward(NormKind kind, const T* input, std::size_t rows, std::size_t cols, const T* gain,
                       const T* bias, T eps, T* output, RowStatistics<T>& statistics);

// input_grad = d(loss)/d(input) (overwritten); gain_grad/bias_grad are ADDED to (null skips them).
template <typename T>
void norm_rows_backward(NormKind kind, const T* input, const T* output_grad, std::size_t rows, std::size_t cols,
                        const T* gain, const RowStatistics<T>& statistics, T* input_grad, T* gain_grad,
                        T* bias_grad);

}  // namespace normlab::model
