// Invariances and geometry: LN(x + c1) = LN(x); LN(ax) = LN(x), RMS(ax) = RMS(x) for a > 0;
// RMS(x + c1) != RMS(x); ||LN(x)||^2 = d var / (var + eps); Jacobian ranks d - 2 (LN) and d - 1 (RMS) at
// eps = 0 by SVD; spectral norm of the LN Jacobian = 1 / sqrt(var + eps).
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>

#include "norm/moments.hpp"
#include "norm_test_support.hpp"

namespace normlab {
namespace {

using testing::make_config;
using testing::random_tensor;

Tensor<double> forward(const Tensor<double>& input, const NormConfig& config) {
  NormParameters<double> plain;
  return norm_forward(input, config, plain).output;
}

double max_abs_difference(const Tensor<double>& first, const Tensor<double>& second) {
  double worst = 0;
  for (std::size_t flat = 0; flat < first.size(); ++flat)
    worst = std::max(worst, std::abs(first[flat] - second[flat]));
  return worst;
}

Tensor<double> transformed(Tensor<double> tensor, double scale, double shift) {
  for (auto& value : tensor.values) value = scale * value + shift;
  return tensor;
}

Eigen::MatrixXd jacobian_matrix(const Tensor<double>& vector, const NormConfig& config) {
  NormParameters<double> plain;
  const Tensor<double> jacobian = norm_jacobian(vector, config, plain, 0);
  const auto features = static_cast<Eigen::Index>(vector.size());
  Eigen::MatrixXd matrix(features, features);
  for (Eigen::Index row = 0; row < features; ++row)
    for (Eigen::Index col = 0; col < features; ++col) matrix(row, col) = jacobian[row * features + col];
  return matrix;
}

Eigen::Index numerical_rank(const Eigen::MatrixXd& matrix) {
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(matrix);
  const auto singular_values = svd.singularValues();
  Eigen::Index rank = 0;
  for (Eigen::Index index = 0; index < singular_values.size(); ++index) {
    if (singular_values(index) > 1e-10 * singular_values(0)) ++rank;
  }
  return rank;
}

TEST(Invariance, LayerNormIgnoresAConstantShift) {
  // Exact in real arithmetic; in floating point the shift c = 7 changes x's rounding only.
  const Tensor<double> input = random_tensor({4, 16}, 1);
  const auto config = make_config(NormKind::layer, 1e-5);
  EXPECT_LT(max_abs_difference(forward(transformed(input, 1.0, 7.0), config), forward(input, config)), 1e-13);
}

TEST(Invariance, LayerNormAndRmsNormIgnorePositiveScaling) {
  // With eps = 0 both are exactly scale-invariant (eps > 0 breaks it slightly: that is a lesson too).
  const Tensor<double> input = random_tensor({3, 10}, 2);
  for (const NormKind kind : {NormKind::layer, NormKind::rms}) {
    const auto config = make_config(kind, 0.0);
    for (const double scale : {0.01, 3.0, 250.0}) {
      EXPECT_LT(max_abs_difference(forward(transformed(input, scale, 0.0), config), forward(input, config)),
                1e-13)
          << norm_kind_name(kind) << " scale " << scale;
    }
  }
}

TEST(Invariance, RmsNormIsNotShiftInvariant) {
  const Tensor<double> input = random_tensor({2, 8}, 3);
  const auto config = make_config(NormKind::rms, 1e-5);
  EXPECT_GT(max_abs_difference(forward(transformed(input, 1.0, 2.0), config), forward(input, config)), 0.1);
}

TEST(Invariance, LayerNormOutputNormSquaredIsDTimesVarOverVarPlusEps) {
  for (const std::size_t features : {2u, 5u, 64u}) {
    for (const double eps : {0.0, 1e-5, 0.5}) {
      const Tensor<double> input = random_tensor({features}, 4 + static_cast<unsigned>(features), 1.0, 0.7);
      const double variance =
          two_pass_moments<long double>(std::span<const double>(input.values)).biased_variance();
      double norm_squared = 0;
      for (const double value : forward(input, make_config(NormKind::layer, eps)).values)
        norm_squared += value * value;
      EXPECT_NEAR(norm_squared, features * variance / (variance + eps), 1e-12 * features)
          << "d = " << features << ", eps = " << eps;
    }
  }
}

TEST(JacobianGeometry, RankIsDMinusTwoForLayerNormAndDMinusOneForRmsNormAtEpsZero) {
  // LN: J = r (I - 11^T/d - xhat xhat^T/d) with xhat orthogonal to 1 and ||xhat||^2 = d at eps = 0:
  // two orthogonal projections removed from the identity, so rank d - 2.
  // RMS: J = r (I - xhat xhat^T/d) with ||xhat||^2 = d at eps = 0: it kills x only, rank d - 1.
  const struct {
    NormKind kind;
    std::size_t rank_deficit;
  } cases[] = {{NormKind::layer, 2}, {NormKind::rms, 1}};
  for (const auto& rank_case : cases) {
    for (const std::size_t features : {3u, 4u, 7u, 16u}) {
      const Tensor<double> input = random_tensor({features}, 30 + static_cast<unsigned>(features));
      EXPECT_EQ(numerical_rank(jacobian_matrix(input, make_config(rank_case.kind, 0.0))),
                static_cast<Eigen::Index>(features - rank_case.rank_deficit))
          << norm_kind_name(rank_case.kind) << ", d = " << features;
    }
  }
}

TEST(JacobianGeometry, EpsRestoresFullRankAlongX) {
  // With eps > 0, ||xhat||^2 = d var/(var + eps) < d: LN keeps rank d - 1 (only 1 is killed).
  const Tensor<double> input = random_tensor({6}, 50);
  EXPECT_EQ(numerical_rank(jacobian_matrix(input, make_config(NormKind::layer, 0.1))), 5);
  EXPECT_EQ(numerical_rank(jacobian_matrix(input, make_config(NormKind::rms, 0.1))), 6);
}

TEST(JacobianGeometry, LayerNormSpectralNormIsOneOverSqrtVarPlusEps) {
  // J is symmetric with eigenvalue r = 1/sqrt(var + eps) on the (d - 2)-dimensional complement of
  // {1, xhat}, and smaller ones on xhat (r eps/(var + eps)) and 1 (0): so ||J||_2 = r for d >= 3.
  for (const std::size_t features : {3u, 8u, 33u}) {
    for (const double eps : {0.0, 1e-5, 0.3}) {
      const Tensor<double> input = random_tensor({features}, 60 + static_cast<unsigned>(features), 2.0, 3.0);
      const double variance =
          two_pass_moments<long double>(std::span<const double>(input.values)).biased_variance();
      const Eigen::JacobiSVD<Eigen::MatrixXd> svd(jacobian_matrix(input, make_config(NormKind::layer, eps)));
      EXPECT_NEAR(svd.singularValues()(0), 1 / std::sqrt(variance + eps), 1e-12) << "d = " << features;
    }
  }
}

}  // namespace
}  // namespace normlab
