// The Jacobian lesson against references written out here: LayerNorm, RMSNorm and BatchNorm forwards
// differentiated by central finite differences, their singular values from Eigen's SVD, and the exact
// spectral norm 1/sqrt(var + eps).
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <functional>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "catalog/figure_catalog.hpp"
#include "lessons/jacobian_figures.hpp"
#include "lessons/jacobian_lesson.hpp"

namespace normlab::lessons {
namespace {

using Forward = std::function<std::vector<double>(const std::vector<double>&)>;

// The definitions as written: y = (x - mean) / sqrt(var + eps), y = x / sqrt(mean x^2 + eps).
Forward reference_forward(NormKind kind, double eps) {
  return [kind, eps](const std::vector<double>& x) {
    const double n = double(x.size());
    long double mean = 0, square = 0;
    for (double value : x) mean += value;
    mean /= n;
    if (kind != NormKind::layer) mean = 0;
    for (double value : x) square += (value - mean) * (value - mean);
    const double scale = 1.0 / std::sqrt(double(square / n) + eps);
    std::vector<double> y(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) y[i] = double(x[i] - mean) * scale;
    return y;
  };
}

// Column j is (f(x + h e_j) - f(x - h e_j)) / 2h.
Eigen::MatrixXd finite_difference_jacobian(const Forward& forward, const std::vector<double>& x, double h) {
  const Eigen::Index d = Eigen::Index(x.size());
  Eigen::MatrixXd jacobian(d, d);
  for (Eigen::Index j = 0; j < d; ++j) {
    std::vector<double> plus = x, minus = x;
    plus[std::size_t(j)] += h;
    minus[std::size_t(j)] -= h;
    const auto up = forward(plus), down = forward(minus);
    for (Eigen::Index i = 0; i < d; ++i) jacobian(i, j) = (up[std::size_t(i)] - down[std::size_t(i)]) / (2 * h);
  }
  return jacobian;
}

std::vector<double> test_input(std::size_t d, double scale = 1.0) {
  JacobianInput input;
  input.dimension = d;
  input.scale = scale;
  input.offset = 0.7 * scale;
  input.seed = 11;
  return make_jacobian_input(input);
}

struct RankCase {
  NormKind kind;
  double eps;
  std::size_t expected_deficit;  // d - rank
};

TEST(JacobianLesson, SingularValuesAndRankMatchAnSvdOfFiniteDifferences) {
  const std::vector<RankCase> cases = {{NormKind::layer, 0.0, 2},
                                       {NormKind::layer, 1e-5, 1},
                                       {NormKind::rms, 0.0, 1},
                                       {NormKind::rms, 1e-5, 0}};
  for (const std::size_t d : {3u, 8u, 16u, 64u}) {
    const std::vector<double> x = test_input(d);
    for (const RankCase& test : cases) {
      SCOPED_TRACE(norm_kind_name(test.kind) + " eps " + std::to_string(test.eps) + " d " + std::to_string(d));
      const JacobianAnalysis analysis = analyze_jacobian(x, test.kind, test.eps);
      const Eigen::MatrixXd reference = finite_difference_jacobian(reference_forward(test.kind, test.eps), x, 1e-5);
      const Eigen::VectorXd values = Eigen::JacobiSVD<Eigen::MatrixXd>(reference).singularValues();
      ASSERT_EQ(analysis.singular_values.size(), d);
      const double top = values(0);
      for (std::size_t k = 0; k < d; ++k) EXPECT_NEAR(analysis.singular_values[k], values(Eigen::Index(k)), 1e-7 * top) << k;
      // Finite differences put zeros near 1e-10 s_max and eps = 1e-5's smallest value near 1e-5 s_max:
      // a 1e-8 tolerance separates them.
      const std::size_t reference_rank = std::size_t((values.array() > 1e-8 * top).count());
      EXPECT_EQ(reference_rank, d - test.expected_deficit);
      EXPECT_EQ(analysis.rank, reference_rank);
      EXPECT_EQ(analysis.unnamed_kernel, 0u);
    }
  }
}

TEST(JacobianLesson, TheKilledDirectionsAreTheOnesTheSpectrumLoses) {
  const std::vector<double> x = test_input(16);
  const auto killed = [](const JacobianAnalysis& analysis) {
    std::vector<bool> flags;
    for (const auto& direction : analysis.directions) flags.push_back(direction.killed);
    return flags;
  };
  EXPECT_EQ(killed(analyze_jacobian(x, NormKind::layer, 0.0)), (std::vector<bool>{true, true}));
  EXPECT_EQ(killed(analyze_jacobian(x, NormKind::layer, 1e-5)), (std::vector<bool>{true, false}));
  EXPECT_EQ(killed(analyze_jacobian(x, NormKind::rms, 0.0)), (std::vector<bool>{false, true}));
  EXPECT_EQ(killed(analyze_jacobian(x, NormKind::rms, 1e-5)), (std::vector<bool>{false, false}));
  // With eps > 0, x_hat survives scaled by eps/(var + eps) / sqrt(var + eps): the smallest singular value.
  const JacobianAnalysis layer = analyze_jacobian(x, NormKind::layer, 1e-3);
  const double var = layer.statistic, eps = 1e-3;
  EXPECT_NEAR(layer.directions[1].gain, eps / (var + eps) / std::sqrt(var + eps), 1e-12);
  EXPECT_NEAR(layer.singular_values[14], layer.directions[1].gain, 1e-12);
  EXPECT_NE(layer.explanation.find("rank 15 = d − 1"), std::string::npos) << layer.explanation;
  EXPECT_NE(analyze_jacobian(x, NormKind::layer, 0.0).explanation.find("d − 2"), std::string::npos);
}

TEST(JacobianLesson, SpectralNormIsOneOverSqrtOfVariancePlusEps) {
  const std::vector<double> x = test_input(32);
  const std::vector<double> dy = make_output_grad(32, 5);
  for (const NormKind kind : {NormKind::layer, NormKind::rms}) {
    for (const double eps : {0.0, 1e-5, 1e-2}) {
      const GradientControlSweep sweep = sweep_gradient_control(x, dy, kind, eps, 1e-3, 1e2, 2);
      ASSERT_EQ(sweep.points.size(), 11u);
      for (const GradientControlPoint& point : sweep.points) {
        // Recomputed here from the scaled x, not read from the sweep.
        std::vector<double> scaled = x;
        const double factor = point.spread / sweep.current_spread;
        for (double& value : scaled) value *= factor;
        const double mean = kind == NormKind::layer ? std::accumulate(scaled.begin(), scaled.end(), 0.0) / 32 : 0.0;
        double square = 0;
        for (double value : scaled) square += (value - mean) * (value - mean) / 32;
        EXPECT_NEAR(std::sqrt(square), point.spread, 1e-9 * point.spread);
        const double exact = 1 / std::sqrt(square + eps);
        EXPECT_NEAR(point.spectral_norm, exact, 1e-9 * exact) << point.spread;
        EXPECT_LE(point.gradient_gain, point.spectral_norm * (1 + 1e-12));
        if (eps == 0.0) {
          EXPECT_NEAR(point.literal_seed_claim / exact, std::sqrt(32.0), 1e-9);
        }
      }
      // eps caps the gain at 1/sqrt(eps) for tiny inputs.
      if (eps > 0) {
        EXPECT_LT(sweep.points.front().spectral_norm, 1 / std::sqrt(eps));
      }
    }
  }
}

TEST(JacobianLesson, BackpropGradientIsOrthogonalToOnesAndXhatAndScalesInversely) {
  const std::size_t d = 24;
  const std::vector<double> dy = make_output_grad(d, 2);
  const std::vector<double> x = test_input(d);
  const BackpropResult layer = backprop_gradient(x, dy, NormKind::layer, 0.0);
  EXPECT_NEAR(layer.cosine_ones, 0.0, 1e-12);
  EXPECT_NEAR(layer.cosine_normalized, 0.0, 1e-12);
  const BackpropResult rms = backprop_gradient(x, dy, NormKind::rms, 0.0);
  EXPECT_NEAR(rms.cosine_normalized, 0.0, 1e-12);
  EXPECT_GT(std::fabs(rms.cosine_ones), 1e-3);  // RMSNorm does not remove the mean direction
  // dx = J^T dy, with J from finite differences of the written-out forward.
  const Eigen::MatrixXd jacobian = finite_difference_jacobian(reference_forward(NormKind::layer, 0.0), x, 1e-5);
  const Eigen::VectorXd expected = jacobian.transpose() * Eigen::Map<const Eigen::VectorXd>(dy.data(), Eigen::Index(d));
  for (std::size_t j = 0; j < d; ++j) EXPECT_NEAR(layer.input_grad[j], expected(Eigen::Index(j)), 1e-7);
  // Small inputs amplify, large ones attenuate: ||dx|| scales as 1/scale at eps = 0.
  for (const double scale : {1e-2, 10.0, 1e3}) {
    const BackpropResult scaled = backprop_gradient(test_input(d, scale), dy, NormKind::layer, 0.0);
    EXPECT_NEAR(scaled.input_grad_norm * scale, layer.input_grad_norm, 1e-9 * layer.input_grad_norm);
  }
  // eps > 0 leaves a small component along x_hat: eps/(var + eps) of what it would be without centring.
  EXPECT_GT(std::fabs(backprop_gradient(x, dy, NormKind::layer, 1e-2).cosine_normalized), 1e-6);
}

TEST(JacobianLesson, BatchNormCouplingMatchesFiniteDifferencesAndShrinksWithN) {
  const double eps = 1e-5;
  const BatchCoupling coupling = batch_coupling(8, 1.0, 2.0, 4, eps, 256);
  // BatchNorm of one feature across the batch is LayerNorm of the column: the written-out forward.
  const Eigen::MatrixXd reference =
      finite_difference_jacobian(reference_forward(NormKind::layer, eps), coupling.feature, 1e-6);
  for (std::size_t i = 0; i < 8; ++i) {
    for (std::size_t j = 0; j < 8; ++j)
      EXPECT_NEAR(coupling.matrix[i * 8 + j], reference(Eigen::Index(i), Eigen::Index(j)), 1e-6) << i << " " << j;
  }
  ASSERT_EQ(coupling.sweep.size(), 7u);  // N = 4 .. 256
  for (std::size_t k = 1; k < coupling.sweep.size(); ++k) {
    const auto& smaller = coupling.sweep[k - 1];
    const auto& larger = coupling.sweep[k];
    EXPECT_LT(larger.mean_off_diagonal / larger.rstd, smaller.mean_off_diagonal / smaller.rstd);
    // Off-diagonal entries are (1 + x_hat_i x_hat_j)/N times rstd: at N >= 16 the mean falls ~2x a doubling.
    if (larger.batch >= 32) {
      const double ratio = (smaller.mean_off_diagonal / smaller.rstd) / (larger.mean_off_diagonal / larger.rstd);
      EXPECT_GT(ratio, 1.6);
      EXPECT_LT(ratio, 2.5);
    }
  }
}

TEST(JacobianLesson, TwoSamplesNormalizeToPlusAndMinusOneSoTheirJacobianVanishes) {
  const BatchCoupling pair = batch_coupling(2, 0.5, 3.0, 9, 0.0, 4);
  for (double entry : pair.matrix) EXPECT_NEAR(entry, 0.0, 1e-12);
}

TEST(JacobianLesson, BadInputGetsAOneLineError) {
  EXPECT_THROW(analyze_jacobian(std::vector<double>{1.0, 1.0, 1.0}, NormKind::layer, 0.0), std::invalid_argument);
  EXPECT_THROW(analyze_jacobian(std::vector<double>{1.0}, NormKind::rms, 0.0), std::invalid_argument);
  EXPECT_THROW(analyze_jacobian(std::vector<double>{1.0, 2.0}, NormKind::batch, 0.0), std::invalid_argument);
  EXPECT_NO_THROW(analyze_jacobian(std::vector<double>{1.0, 1.0, 1.0}, NormKind::layer, 1e-5));
  // A constant x stops LayerNorm at eps = 0, not RMSNorm.
  EXPECT_NE(jacobian_input_problem(std::vector<double>{2.0, 2.0}, NormKind::layer, 0.0).find("constant"), std::string::npos);
  EXPECT_EQ(jacobian_input_problem(std::vector<double>{2.0, 2.0}, NormKind::rms, 0.0), "");
  EXPECT_THROW(batch_coupling(1, 0.0, 1.0, 1, 1e-5), std::invalid_argument);
}

TEST(JacobianFigures, CatalogFiguresDrawTheLessonsNumbers) {
  for (const std::string name : {"jacobian-matrix", "jacobian-spectrum", "jacobian-gradient-control",
                                 "jacobian-backprop", "jacobian-batch-coupling"}) {
    EXPECT_NO_THROW(figure::build_catalog_figure(name)) << name;
  }
  const figure::Figure spectrum = figure::build_catalog_figure("jacobian-spectrum", {{"d", "12"}, {"norm", "layer"}});
  JacobianInput input;
  input.dimension = 12;
  const JacobianAnalysis analysis = analyze_jacobian(make_jacobian_input(input), NormKind::layer, 0.0);
  EXPECT_EQ(std::get<figure::LineSeries>(spectrum.series.at(0)).y, analysis.singular_values);
  EXPECT_EQ(spectrum.y_axis.scale, figure::AxisScale::log);
  const figure::Figure matrix = figure::build_catalog_figure("jacobian-matrix", {{"d", "12"}, {"norm", "layer"}});
  EXPECT_EQ(std::get<figure::HeatmapSeries>(matrix.panels.at(0).series.at(0)).values, analysis.matrix);
  EXPECT_THROW(figure::build_catalog_figure("jacobian-matrix", {{"preset", "zigzag"}}), std::invalid_argument);
}

}  // namespace
}  // namespace normlab::lessons
