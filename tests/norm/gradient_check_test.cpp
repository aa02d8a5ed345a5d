// Central finite-difference checks of every backward (dx, dgamma, dbeta) and every Jacobian, for
// every variant on several shapes (d = 1, d = 2, odd sizes, batch 1), in double and in float (the
// float analytic result against the double finite difference).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "norm_test_support.hpp"

namespace normlab {
namespace {

using testing::central_difference;
using testing::make_config;
using testing::random_parameters;
using testing::random_tensor;
using testing::weighted_output_sum;

struct GradientCase {
  std::string name;
  NormConfig config;
  Shape shape;
};

std::vector<GradientCase> gradient_cases() {
  std::vector<GradientCase> cases;
  const auto add = [&](const std::string& name, NormConfig config, Shape shape) {
    cases.push_back({name, config, std::move(shape)});
  };
  for (const NormKind kind : {NormKind::layer, NormKind::rms}) {
    const std::string kind_name = norm_kind_name(kind);
    add(kind_name + "_d1", make_config(kind, 1e-3), {1, 1});
    add(kind_name + "_d2", make_config(kind, 1e-5), {1, 2});
    add(kind_name + "_3x5", make_config(kind, 1e-5), {3, 5});
    add(kind_name + "_rank3_odd", make_config(kind, 1e-5), {2, 3, 7});
    add(kind_name + "_vector", make_config(kind, 0.1), {9});
  }
  add("prms_2x7_p03", make_config(NormKind::partial_rms, 1e-5, 1, true, 0.3), {2, 7});
  add("prms_1x10_p05", make_config(NormKind::partial_rms, 1e-5, 1, true, 0.5), {1, 10});
  add("batch_batch1", make_config(NormKind::batch, 1e-5), {1, 3});
  add("batch_5x3", make_config(NormKind::batch, 1e-5), {5, 3});
  add("batch_2x3x4", make_config(NormKind::batch, 1e-5), {2, 3, 4});
  add("batch_eval_4x3", make_config(NormKind::batch, 1e-5, 1, false), {4, 3});
  add("group_2x4x3_g2", make_config(NormKind::group, 1e-5, 2), {2, 4, 3});
  add("group_1x6_g3", make_config(NormKind::group, 1e-5, 3), {1, 6});
  add("group_3x5x1_g5", make_config(NormKind::group, 1e-2, 5), {3, 5, 1});
  add("instance_1x2x5", make_config(NormKind::instance, 1e-5), {1, 2, 5});
  add("instance_3x2x3", make_config(NormKind::instance, 1e-5), {3, 2, 3});
  return cases;
}

// Readable test names in CTest instead of gtest's byte dump of the parameter.
void PrintTo(const GradientCase& test_case, std::ostream* stream) { *stream << test_case.name; }

class GradientCheck : public ::testing::TestWithParam<GradientCase> {};

// Max |a - b| / (1 + |b|) over a pair of vectors.
double max_scaled_difference(const std::vector<double>& analytic, const std::vector<double>& numeric) {
  double worst = 0;
  for (std::size_t index = 0; index < numeric.size(); ++index) {
    worst = std::max(worst, std::abs(analytic[index] - numeric[index]) / (1 + std::abs(numeric[index])));
  }
  return worst;
}

struct NumericGradients {
  std::vector<double> input_grad, gamma_grad, beta_grad;
};

NumericGradients finite_difference_gradients(const GradientCase& test_case, Tensor<double> input,
                                             const Tensor<double>& output_grad,
                                             NormParameters<double> parameters) {
  const auto loss = [&] { return weighted_output_sum(input, output_grad, test_case.config, parameters); };
  NumericGradients numeric;
  for (auto& value : input.values) numeric.input_grad.push_back(central_difference(value, loss));
  for (auto& value : parameters.gamma) numeric.gamma_grad.push_back(central_difference(value, loss));
  for (auto& value : parameters.beta) numeric.beta_grad.push_back(central_difference(value, loss));
  return numeric;
}

TEST_P(GradientCheck, BackwardMatchesFiniteDifferencesInDoubleAndFloat) {
  const GradientCase& test_case = GetParam();
  const Tensor<double> input = random_tensor(test_case.shape, 11, 0.3, 1.5);
  const Tensor<double> output_grad = random_tensor(test_case.shape, 12);
  const NormParameters<double> parameters = random_parameters(test_case.config, test_case.shape, 13);
  const NumericGradients numeric = finite_difference_gradients(test_case, input, output_grad, parameters);

  const auto analytic = norm_backward(input, output_grad, test_case.config, parameters);
  EXPECT_LT(max_scaled_difference(analytic.input_grad.values, numeric.input_grad), 1e-8);
  EXPECT_LT(max_scaled_difference(analytic.gamma_grad, numeric.gamma_grad), 1e-8);
  EXPECT_LT(max_scaled_difference(analytic.beta_grad, numeric.beta_grad), 1e-8);
  EXPECT_EQ(analytic.beta_grad.empty(), testing::is_rms_kind(test_case.config.kind));

  // float: inputs rounded to float, so compare against the double FD at the float-rounded point.
  const Tensor<float> input_float = input.cast<float>();
  const auto parameters_float = testing::cast_parameters<float>(parameters);
  const Tensor<float> output_grad_float = output_grad.cast<float>();
  const NumericGradients numeric_at_float =
      finite_difference_gradients(test_case, input_float.cast<double>(), output_grad_float.cast<double>(),
                                  testing::cast_parameters<double>(parameters_float));
  const auto analytic_float =
      norm_backward(input_float, output_grad_float, test_case.config, parameters_float);
  const auto widen = [](const auto& values) { return std::vector<double>(values.begin(), values.end()); };
  EXPECT_LT(max_scaled_difference(widen(analytic_float.input_grad.values), numeric_at_float.input_grad),
            1e-6);
  EXPECT_LT(max_scaled_difference(widen(analytic_float.gamma_grad), numeric_at_float.gamma_grad), 1e-6);
  EXPECT_LT(max_scaled_difference(widen(analytic_float.beta_grad), numeric_at_float.beta_grad), 1e-6);
}

TEST_P(GradientCheck, JacobianOfEveryGroupMatchesFiniteDifferences) {
  const GradientCase& test_case = GetParam();
  const Tensor<double> input = random_tensor(test_case.shape, 21, -0.2, 1.2);
  const NormParameters<double> parameters = random_parameters(test_case.config, test_case.shape, 22);
  const ReductionGroups groups = describe_reduction(test_case.config, test_case.shape);
  for (std::size_t group = 0; group < groups.members.size(); ++group) {
    const auto& members = groups.members[group];
    const Tensor<double> jacobian = norm_jacobian(input, test_case.config, parameters, group);
    const Tensor<float> jacobian_float = norm_jacobian(input.cast<float>(), test_case.config,
                                                       testing::cast_parameters<float>(parameters), group);
    ASSERT_EQ(jacobian.shape, (Shape{members.size(), members.size()}));
    for (std::size_t input_index = 0; input_index < members.size(); ++input_index) {
      Tensor<double> probe = input;
      double& value = probe[members[input_index]];
      for (std::size_t output_index = 0; output_index < members.size(); ++output_index) {
        const auto output_at = [&] {
          NormParameters<double> copy = parameters;
          return norm_forward(probe, test_case.config, copy).output[members[output_index]];
        };
        const double numeric = central_difference(value, output_at);
        const std::size_t entry = output_index * members.size() + input_index;
        EXPECT_NEAR(jacobian[entry], numeric, 1e-7 * (1 + std::abs(numeric)))
            << "group " << group << " J[" << output_index << "][" << input_index << "]";
        EXPECT_NEAR(jacobian_float[entry], numeric, 2e-5 * (1 + std::abs(numeric)))
            << "float, group " << group << " J[" << output_index << "][" << input_index << "]";
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EveryVariant, GradientCheck, ::testing::ValuesIn(gradient_cases()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace normlab
