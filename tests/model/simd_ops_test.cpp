// The model's products and GELU against plain loops, for both backends, every Highway target this
// machine can run, and shapes with tails (sizes no multiple of any vector width).
#include <gtest/gtest.h>

#include <hwy/targets.h>

#include <cmath>
#include <vector>

#include "model/random.hpp"
#include "model/simd_ops.hpp"

namespace normlab::model {
namespace {

struct Shape3 {
  std::size_t rows, inner, cols;
};
const Shape3 kShapes[] = {{1, 1, 1}, {3, 5, 7}, {4, 64, 64}, {17, 33, 40}, {64, 64, 256}, {9, 256, 16}, {5, 2, 3}};

template <typename T>
std::vector<T> random_values(std::size_t count, Random& random) {
  std::vector<T> values(count);
  for (auto& value : values) value = static_cast<T>(random.normal());
  return values;
}

// value(row, col) of a row-major matrix, optionally read transposed.
template <typename T>
T at(const std::vector<T>& matrix, std::size_t cols, std::size_t row, std::size_t col, bool transposed,
     std::size_t rows) {
  return transposed ? matrix[col * rows + row] : matrix[row * cols + col];
}

template <typename T>
void check_products(double tolerance) {
  Random random(9);
  for (const auto& shape : kShapes) {
    const auto a = random_values<T>(shape.rows * shape.inner, random);
    const auto b = random_values<T>(shape.inner * shape.cols, random);
    const auto c_start = random_values<T>(shape.rows * shape.cols, random);
    // a_t is a stored as (inner x rows), b_t is b stored as (cols x inner).
    std::vector<T> a_t(a.size()), b_t(b.size());
    for (std::size_t row = 0; row < shape.rows; ++row) {
      for (std::size_t k = 0; k < shape.inner; ++k) a_t[k * shape.rows + row] = a[row * shape.inner + k];
    }
    for (std::size_t k = 0; k < shape.inner; ++k) {
      for (std::size_t col = 0; col < shape.cols; ++col) b_t[col * shape.inner + k] = b[k * shape.cols + col];
    }
    for (bool accumulate : {false, true}) {
      std::vector<T> plain(c_start), from_a_t(c_start), from_b_t(c_start);
      matmul(a.data(), b.data(), plain.data(), shape.rows, shape.inner, shape.cols, accumulate);
      matmul_transposed_a(a_t.data(), b.data(), from_a_t.data(), shape.inner, shape.rows, shape.cols, accumulate);
      matmul_transposed_b(a.data(), b_t.data(), from_b_t.data(), shape.rows, shape.inner, shape.cols, accumulate);
      for (std::size_t row = 0; row < shape.rows; ++row) {
        for (std::size_t col = 0; col < shape.cols; ++col) {
          double expected = accumulate ? static_cast<double>(c_start[row * shape.cols + col]) : 0.0;
          for (std::size_t k = 0; k < shape.inner; ++k) {
            expected += static_cast<double>(a[row * shape.inner + k]) * b[k * shape.cols + col];
          }
          const std::size_t index = row * shape.cols + col;
          const double scale = std::sqrt(static_cast<double>(shape.inner)) + 1;
          ASSERT_NEAR(plain[index], expected, tolerance * scale) << shape.rows << "x" << shape.inner << "x" << shape.cols;
          ASSERT_NEAR(from_a_t[index], expected, tolerance * scale);
          ASSERT_NEAR(from_b_t[index], expected, tolerance * scale);
        }
      }
    }
  }
}

template <typename T>
void check_gelu(double tolerance) {
  std::vector<T> input;
  for (int step = -80; step <= 80; ++step) input.push_back(static_cast<T>(step * 0.1));  // 161: a tail
  std::vector<T> upstream(input.size()), output(input.size()), input_grad(input.size());
  for (std::size_t index = 0; index < input.size(); ++index) upstream[index] = static_cast<T>(1.0 + 0.01 * index);
  gelu_forward(input.data(), output.data(), input.size());
  gelu_backward(input.data(), upstream.data(), input_grad.data(), input.size());
  const double c = std::sqrt(2.0 / 3.14159265358979323846);
  for (std::size_t index = 0; index < input.size(); ++index) {
    const double x = input[index];
    const double t = std::tanh(c * (x + 0.044715 * x * x * x));
    const double slope = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x);
    ASSERT_NEAR(output[index], 0.5 * x * (1 + t), tolerance * (1 + std::abs(x))) << x;
    ASSERT_NEAR(input_grad[index], slope * upstream[index], tolerance * 2) << x;
  }
}

class EveryTarget : public ::testing::TestWithParam<std::int64_t> {
 protected:
  void SetUp() override { hwy::SetSupportedTargetsForTest(GetParam()); }
  void TearDown() override {
    hwy::SetSupportedTargetsForTest(0);
    set_matmul_backend(MatmulBackend::highway);
  }
};

TEST_P(EveryTarget, ProductsMatchPlainLoops) {
  ASSERT_EQ(simd_target_name(), hwy::TargetName(GetParam()));  // the dispatch really switched
  for (MatmulBackend backend : {MatmulBackend::highway, MatmulBackend::eigen}) {
    set_matmul_backend(backend);
    check_products<float>(2e-6);
    check_products<double>(1e-13);
  }
}

TEST_P(EveryTarget, GeluMatchesItsFormula) {
  check_gelu<float>(2e-6);
  check_gelu<double>(1e-13);
}

std::string target_label(const ::testing::TestParamInfo<std::int64_t>& info) { return hwy::TargetName(info.param); }

INSTANTIATE_TEST_SUITE_P(Highway, EveryTarget, ::testing::ValuesIn(hwy::SupportedAndGeneratedTargets()), target_label);

}  // namespace
}  // namespace normlab::model
