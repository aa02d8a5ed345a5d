// Highway per-target code for simd_ops.hpp. This file is compiled once per SIMD target through
// foreach_target.h; the dispatch tables and the Eigen comparison path are at the bottom (HWY_ONCE).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "model/simd_ops.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "hwy/contrib/math/math-inl.h"

HWY_BEFORE_NAMESPACE();
namespace normlab::model::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// c (rows x cols) (+)= a * b where a's element (row, k) sits at a[row * a_row_stride + k * a_k_stride]
// (so a transposed a costs no copy) and b is row-major (inner x cols). Register block: 4 rows x 2
// vectors of columns, eight accumulators; each step broadcasts 4 values of a and loads 2 of b.
template <typename T>
void GemmStrided(const T* HWY_RESTRICT a, std::size_t a_row_stride, std::size_t a_k_stride,
                 const T* HWY_RESTRICT b, T* HWY_RESTRICT c, std::size_t rows, std::size_t inner, std::size_t cols,
                 bool accumulate) {
  const hn::ScalableTag<T> tag;
  const std::size_t lanes = hn::Lanes(tag);
  auto start = [&](std::size_t row, std::size_t col) {
    return accumulate ? hn::LoadU(tag, c + row * cols + col) : hn::Zero(tag);
  };
  std::size_t col = 0;
  for (; col + 2 * lanes <= cols; col += 2 * lanes) {
    std::size_t row = 0;
    for (; row + 4 <= rows; row += 4) {
      auto c00 = start(row, col), c01 = start(row, col + lanes);
      auto c10 = start(row + 1, col), c11 = start(row + 1, col + lanes);
      auto c20 = start(row + 2, col), c21 = start(row + 2, col + lanes);
      auto c30 = start(row + 3, col), c31 = start(row + 3, col + lanes);
      const T* a_row = a + row * a_row_stride;
      for (std::size_t k = 0; k < inner; ++k) {
        const auto b0 = hn::LoadU(tag, b + k * cols + col);
        const auto b1 = hn::LoadU(tag, b + k * cols + col + lanes);
        const T* a_k = a_row + k * a_k_stride;
        const auto a0 = hn::Set(tag, a_k[0]);
        const auto a1 = hn::Set(tag, a_k[a_row_stride]);
        const auto a2 = hn::Set(tag, a_k[2 * a_row_stride]);
        const auto a3 = hn::Set(tag, a_k[3 * a_row_stride]);
        c00 = hn::MulAdd(a0, b0, c00);
        c01 = hn::MulAdd(a0, b1, c01);
        c10 = hn::MulAdd(a1, b0, c10);
        c11 = hn::MulAdd(a1, b1, c11);
        c20 = hn::MulAdd(a2, b0, c20);
        c21 = hn::MulAdd(a2, b1, c21);
        c30 = hn::MulAdd(a3, b0, c30);
        c31 = hn::MulAdd(a3, b1, c31);
      }
      hn::StoreU(c00, tag, c + row * cols + col);
      hn::StoreU(c01, tag, c + row * cols + col + lanes);
      hn::StoreU(c10, tag, c + (row + 1) * cols + col);
      hn::StoreU(c11, tag, c + (row + 1) * cols + col + lanes);
      hn::StoreU(c20, tag, c + (row + 2) * cols + col);
      hn::StoreU(c21, tag, c + (row + 2) * cols + col + lanes);
      hn::StoreU(c30, tag, c + (row + 3) * cols + col);
      hn::StoreU(c31, tag, c + (row + 3) * cols + col + lanes);
    }
    for (; row < rows; ++row) {
      auto c0 = start(row, col), c1 = start(row, col + lanes);
      for (std::size_t k = 0; k < inner; ++k) {
        const auto a0 = hn::Set(tag, a[row * a_row_stride + k * a_k_stride]);
        c0 = hn::MulAdd(a0, hn::LoadU(tag, b + k * cols + col), c0);
        c1 = hn::MulAdd(a0, hn::LoadU(tag, b + k * cols + col + lanes), c1);
      }
      hn::StoreU(c0, tag, c + row * cols + col);
      hn::StoreU(c1, tag, c + row * cols + col + lanes);
    }
  }
  for (; col + lanes <= cols; col += lanes) {
    for (std::size_t row = 0; row < rows; ++row) {
      auto c0 = start(row, col);
      for (std::size_t k = 0; k < inner; ++k) {
        c0 = hn::MulAdd(hn::Set(tag, a[row * a_row_stride + k * a_k_stride]), hn::LoadU(tag, b + k * cols + col), c0);
      }
      hn::StoreU(c0, tag, c + row * cols + col);
    }
  }
  // Fewer columns than one vector remain (e.g. a vocabulary of 10): plain loops.
  for (std::size_t row = 0; row < rows; ++row) {
    for (std::size_t tail = col; tail < cols; ++tail) {
      T sum = accumulate ? c[row * cols + tail] : T(0);
      for (std::size_t k = 0; k < inner; ++k) sum += a[row * a_row_stride + k * a_k_stride] * b[k * cols + tail];
      c[row * cols + tail] = sum;
    }
  }
}

void GemmFloat(const float* a, std::size_t a_row_stride, std::size_t a_k_stride, const float* b, float* c,
               std::size_t rows, std::size_t inner, std::size_t cols, bool accumulate) {
  GemmStrided(a, a_row_stride, a_k_stride, b, c, rows, inner, cols, accumulate);
}
void GemmDouble(const double* a, std::size_t a_row_stride, std::size_t a_k_stride, const double* b, double* c,
                std::size_t rows, std::size_t inner, std::size_t cols, bool accumulate) {
  GemmStrided(a, a_row_stride, a_k_stride, b, c, rows, inner, cols, accumulate);
}

// tanh-GELU and its derivative; `Derivative` picks which. Tails go through a padded buffer so every
// element sees the same vector code (and the same rounding).
template <bool Derivative, typename T>
void GeluApply(const T* input, const T* output_grad, T* result,
               std::size_t count) {
  const hn::ScalableTag<T> tag;
  const std::size_t lanes = hn::Lanes(tag);
  const auto half = hn::Set(tag, T(0.5));
  const auto one = hn::Set(tag, T(1));
  const auto root_two_over_pi = hn::Set(tag, T(0.7978845608028654));
  const auto cubic = hn::Set(tag, T(0.044715));
  const auto cubic3 = hn::Set(tag, T(3 * 0.044715));
  auto compute = [&](auto x, auto upstream) {
    const auto x2 = hn::Mul(x, x);
    const auto inner = hn::Mul(root_two_over_pi, hn::MulAdd(cubic, hn::Mul(x2, x), x));
    const auto t = hn::Tanh(tag, inner);
    if constexpr (!Derivative) {
      (void)upstream;
      return hn::Mul(hn::Mul(half, x), hn::Add(one, t));
    } else {
      // d/dx = (1 + t)/2 + x/2 (1 - t^2) sqrt(2/pi) (1 + 3 * 0.044715 x^2)
      const auto sech2 = hn::NegMulAdd(t, t, one);
      const auto dinner = hn::Mul(root_two_over_pi, hn::MulAdd(cubic3, x2, one));
      const auto slope = hn::MulAdd(hn::Mul(hn::Mul(half, x), sech2), dinner, hn::Mul(half, hn::Add(one, t)));
      return hn::Mul(slope, upstream);
    }
  };
  std::size_t index = 0;
  for (; index + lanes <= count; index += lanes) {
    const auto upstream = Derivative ? hn::LoadU(tag, output_grad + index) : one;
    hn::StoreU(compute(hn::LoadU(tag, input + index), upstream), tag, result + index);
  }
  if (index < count) {
    HWY_ALIGN T x_buffer[hn::MaxLanes(tag)] = {};
    HWY_ALIGN T g_buffer[hn::MaxLanes(tag)] = {};
    HWY_ALIGN T r_buffer[hn::MaxLanes(tag)] = {};
    for (std::size_t tail = index; tail < count; ++tail) {
      x_buffer[tail - index] = input[tail];
      g_buffer[tail - index] = Derivative ? output_grad[tail] : T(1);
    }
    hn::Store(compute(hn::Load(tag, x_buffer), hn::Load(tag, g_buffer)), tag, r_buffer);
    for (std::size_t tail = index; tail < count; ++tail) result[tail] = r_buffer[tail - index];
  }
}

void GeluForwardFloat(const float* input, float* output, std::size_t count) {
  GeluApply<false>(input, static_cast<const float*>(nullptr), output, count);
}
void GeluForwardDouble(const double* input, double* output, std::size_t count) {
  GeluApply<false>(input, static_cast<const double*>(nullptr), output, count);
}
void GeluBackwardFloat(const float* input, const float* output_grad, float* input_grad, std::size_t count) {
  GeluApply<true>(input, output_grad, input_grad, count);
}
void GeluBackwardDouble(const double* input, const double* output_grad, double* input_grad, std::size_t count) {
  GeluApply<true>(input, output_grad, input_grad, count);
}

}  // namespace normlab::model::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <Eigen/Core>
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "model/simd_ops.hpp"

namespace normlab::model {

HWY_EXPORT(GemmFloat);
HWY_EXPORT(GemmDouble);
HWY_EXPORT(GeluForwardFloat);
HWY_EXPORT(GeluForwardDouble);
HWY_EXPORT(GeluBackwardFloat);
HWY_EXPORT(GeluBackwardDouble);

namespace {

std::atomic<MatmulBackend> current_backend{MatmulBackend::highway};

template <typename T>
using RowMajor = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <typename T>
using ConstMap = Eigen::Map<const RowMajor<T>>;
template <typename T>
using MutableMap = Eigen::Map<RowMajor<T>>;

template <typename T>
void gemm_dispatch(const T* a, std::size_t a_row_stride, std::size_t a_k_stride, const T* b, T* c,
                   std::size_t rows, std::size_t inner, std::size_t cols, bool accumulate) {
  if constexpr (std::is_same_v<T, float>) {
    HWY_DYNAMIC_DISPATCH(GemmFloat)(a, a_row_stride, a_k_stride, b, c, rows, inner, cols, accumulate);
  } else {
    HWY_DYNAMIC_DISPATCH(GemmDouble)(a, a_row_stride, a_k_stride, b, c, rows, inner, cols, accumulate);
  }
}

template <typename Product, typename T>
void assign(MutableMap<T> target, const Product& product, bool accumulate) {
  if (accumulate) {
    target.noalias() += product;
  } else {
    target.noalias() = product;
  }
}

}  // namespace

void set_matmul_backend(MatmulBackend backend) { current_backend = backend; }
MatmulBackend matmul_backend() { return current_backend; }

std::string simd_target_name() {
  // Highway orders targets best-first by ascending bit: the lowest set bit is the one dispatched to.
  const std::int64_t targets = hwy::SupportedTargets() & HWY_TARGETS;
  return hwy::TargetName(targets & -targets);
}

template <typename T>
void matmul(const T* a, const T* b, T* c, std::size_t rows, std::size_t inner, std::size_t cols, bool accumulate) {
  if (current_backend == MatmulBackend::eigen) {
    assign<decltype(ConstMap<T>(a, rows, inner) * ConstMap<T>(b, inner, cols)), T>(
        MutableMap<T>(c, rows, cols), ConstMap<T>(a, rows, inner) * ConstMap<T>(b, inner, cols), accumulate);
    return;
  }
  gemm_dispatch(a, inner, std::size_t{1}, b, c, rows, inner, cols, accumulate);
}

template <typename T>
void matmul_transposed_a(const T* a, const T* b, T* c, std::size_t rows, std::size_t a_cols, std::size_t b_cols,
                         bool accumulate) {
  if (current_backend == MatmulBackend::eigen) {
    const auto product = ConstMap<T>(a, rows, a_cols).transpose() * ConstMap<T>(b, rows, b_cols);
    assign<decltype(product), T>(MutableMap<T>(c, a_cols, b_cols), product, accumulate);
    return;
  }
  // Row i of a^T is column i of a: stride 1 between result rows, a_cols between summed terms.
  gemm_dispatch(a, std::size_t{1}, a_cols, b, c, a_cols, rows, b_cols, accumulate);
}

template <typename T>
void matmul_transposed_b(const T* a, const T* b, T* c, std::size_t rows, std::size_t inner, std::size_t b_rows,
                         bool accumulate) {
  if (current_backend == MatmulBackend::eigen) {
    const auto product = ConstMap<T>(a, rows, inner) * ConstMap<T>(b, b_rows, inner).transpose();
    assign<decltype(product), T>(MutableMap<T>(c, rows, b_rows), product, accumulate);
    return;
  }
  // The kernel streams rows of its right operand, so b^T is materialized (a weight matrix: cheap
  // next to the product, O(inner * b_rows) against O(rows * inner * b_rows)).
  thread_local std::vector<T> transposed;
  transposed.resize(inner * b_rows);
  // In 16 x 16 tiles, so that both the reads and the strided writes stay within a few cache lines.
  constexpr std::size_t kTile = 16;
  for (std::size_t row_start = 0; row_start < b_rows; row_start += kTile) {
    const std::size_t row_end = std::min(b_rows, row_start + kTile);
    for (std::size_t col_start = 0; col_start < inner; col_start += kTile) {
      const std::size_t col_end = std::min(inner, col_start + kTile);
      for (std::size_t row = row_start; row < row_end; ++row) {
        for (std::size_t col = col_start; col < col_end; ++col) transposed[col * b_rows + row] = b[row * inner + col];
      }
    }
  }
  gemm_dispatch(a, inner, std::size_t{1}, transposed.data(), c, rows, inner, b_rows, accumulate);
}

template <typename T>
void gelu_forward(const T* input, T* output, std::size_t count) {
  if constexpr (std::is_same_v<T, float>) {
    HWY_DYNAMIC_DISPATCH(GeluForwardFloat)(input, output, count);
  } else {
    HWY_DYNAMIC_DISPATCH(GeluForwardDouble)(input, output, count);
  }
}

template <typename T>
void gelu_backward(const T* input, const T* output_grad, T* input_grad, std::size_t count) {
  if constexpr (std::is_same_v<T, float>) {
    HWY_DYNAMIC_DISPATCH(GeluBackwardFloat)(input, output_grad, input_grad, count);
  } else {
    HWY_DYNAMIC_DISPATCH(GeluBackwardDouble)(input, output_grad, input_grad, count);
  }
}

#define NORMLAB_INSTANTIATE_SIMD_OPS(T)                                                                       \
  template void matmul<T>(const T*, const T*, T*, std::size_t, std::size_t, std::size_t, bool);               \
  template void matmul_transposed_a<T>(const T*, const T*, T*, std::size_t, std::size_t, std::size_t, bool);  \
  template void matmul_transposed_b<T>(const T*, const T*, T*, std::size_t, std::size_t, std::size_t, bool);  \
  template void gelu_forward<T>(const T*, T*, std::size_t);                                                   \
  template void gelu_backward<T>(const T*, const T*, T*, std::size_t);
NORMLAB_INSTANTIATE_SIMD_OPS(float)
NORMLAB_INSTANTIATE_SIMD_OPS(double)
#undef NORMLAB_INSTANTIATE_SIMD_OPS

}  // namespace normlab::model
#endif  // HWY_ONCE
