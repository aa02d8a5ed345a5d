#include "model/row_norms.hpp"

namespace normlab::model {

template <typename T>
void norm_rows_forward(NormKind kind, const T* input, std::size_t rows, std::size_t cols, const T* gain,
                       const T* bias, T eps, T* output, RowStatistics<T>& statistics) {
  statistics.rstd.resize(rows);
  if (kind == NormKind::rms) {
    statistics.mean.clear();
    rms_norm_rows(input, rows, cols, gain, eps, output, statistics.rstd.data());
  } else {
    statistics.mean.resize(rows);
    layer_norm_rows(input, rows, cols, gain, bias, eps, output, statistics.mean.data(), statistics.rstd.data());
  }
}

template <typename T>
void norm_rows_backward(NormKind kind, const T* input, const T* output_grad, std::size_t rows, std::size_t cols,
                        const T* gain, const RowStatistics<T>& statistics, T* input_grad, T* gain_grad,
                        T* bias_grad) {
  if (kind == NormKind::rms) {
    rms_norm_rows_backward(input, output_grad, rows, cols, gain, statistics.rstd.data(), input_grad, gain_grad);
  } else {
    layer_norm_rows_backward(input, output_grad, rows, cols, gain, statistics.mean.data(), statistics.rstd.data(),
                             input_grad, gain_grad, bias_grad);
  }
}

template void norm_rows_forward<float>(NormKind, const float*, std::size_t, std::size_t, const float*, const float*,
                                       float, float*, RowStatistics<float>&);
template void norm_rows_forward<double>(NormKind, const double*, std::size_t, std::size_t, const double*,
                                        const double*, double, double*, RowStatistics<double>&);
template void norm_rows_backward<float>(NormKind, const float*, const float*, std::size_t, std::size_t, const float*,
                                        const RowStatistics<float>&, float*, float*, float*);
template void norm_rows_backward<double>(NormKind, const double*, const double*, std::size_t, std::size_t,
                                         const double*, const RowStatistics<double>&, double*, double*, double*);

}  // namespace normlab::model
