// The arithmetic of one reduction group, shared by the row primitives (rows.cpp) and the generic
// whole-tensor engine (engine.cpp), so both compute with the same formulas. Internal to core/norm/.
//
// A group has members M (the elements normalized together) and statistic members S within M (all of
// M, except pRMSNorm, where S is the first k = ceil(d p) features). With k = |S|:
//   centred kinds (LN, BN, GN, IN):  mu = mean_S(x),  r = 1/sqrt(var_S(x) + eps),  xhat = (x - mu) r
//   RMS kinds (RMSNorm, pRMSNorm):   mu = 0,          r = 1/sqrt(mean_S(x^2) + eps), xhat = x r
//   y = gamma xhat + beta.
// Differentiating, with g_i = dy_i gamma_i and [j in S] the indicator of the statistic's members:
//   dy_i/dx_j = gamma_i r (delta_ij - [j in S] (c / k + xhat_i xhat_j / k)),   c = 1 centred, 0 RMS
//   dx_j      = r (g_j - [j in S] (c mean_k(g) + xhat_j mean_k(g xhat))),
// where mean_k(v) = sum over ALL members of v, divided by k (a pRMSNorm output depends on the
// statistic even where its input does not feed it). With S = M this is PyTorch's LayerNorm backward
// dx = r (g - mean(g) - xhat mean(g xhat)) and the RMSNorm one with the mean term dropped.
#pragma once

#include <cmath>
#include <cstddef>
#include <type_traits>

#include "norm/moments.hpp"

namespace normlab::norm_detail {

// float data is reduced in double; double data in long double (x87 extended on x86-64, 64-bit
// mantissa), so the reference result is the exact one rounded once to the data type, which is as
// close to any other correct implementation (PyTorch's) as the data type allows.
template <typename T>
using Accumulator = std::conditional_t<std::is_same_v<T, float>, double, long double>;

template <typename Acc>
struct GroupStatistic {
  Acc mean = 0;      // 0 for RMS kinds
  Acc variance = 0;  // biased variance (centred kinds) or mean square (RMS kinds)
  Acc rstd = 0;      // 1 / sqrt(variance + eps); infinite when variance + eps == 0
};

// Statistic of `count` values read through read(i): two-pass centred moments, or the mean square.
template <typename Acc, typename Read>
GroupStatistic<Acc> group_statistic(std::size_t count, Read&& read, bool centered, Acc eps) {
  GroupStatistic<Acc> statistic;
  if (centered) {
    const Moments<Acc> moments = two_pass_moments<Acc>(count, read);
    statistic.mean = moments.mean;
    statistic.variance = moments.biased_variance();
  } else {
    Acc square_sum = 0;
    for (std::size_t index = 0; index < count; ++index) {
      const Acc value = static_cast<Acc>(read(index));
      square_sum += value * value;
    }
    statistic.variance = square_sum / static_cast<Acc>(count);
  }
  statistic.rstd = Acc(1) / std::sqrt(statistic.variance + eps);
  return statistic;
}

// The two reductions of the backward pass: mean_k(g) and mean_k(g xhat), summed over all members.
template <typename Acc>
struct GradientProjection {
  Acc mean_weighted_grad = 0;
  Acc mean_weighted_grad_times_normalized = 0;
};

// normalized(i) gives xhat_i and weighted_grad(i) gives g_i = dy_i gamma_i, for i < member_count.
template <typename Acc, typename ReadNormalized, typename ReadWeightedGrad>
GradientProjection<Acc> gradient_projection(std::size_t member_count, std::size_t statistic_count,
                                            ReadNormalized&& normalized, ReadWeightedGrad&& weighted_grad) {
  Acc grad_sum = 0;
  Acc grad_times_normalized_sum = 0;
  for (std::size_t index = 0; index < member_count; ++index) {
    const Acc grad = weighted_grad(index);
    grad_sum += grad;
    grad_times_normalized_sum += grad * normalized(index);
  }
  const Acc statistic_count_value = static_cast<Acc>(statistic_count);
  return {grad_sum / statistic_count_value, grad_times_normalized_sum / statistic_count_value};
}

// dx_j from the formula in this file's header.
template <typename Acc>
Acc input_gradient(Acc rstd, Acc weighted_grad, Acc normalized, bool feeds_statistic, bool centered,
                   const GradientProjection<Acc>& projection) {
  if (!feeds_statistic) return rstd * weighted_grad;
  const Acc mean_term = centered ? projection.mean_weighted_grad : Acc(0);
  return rstd * (weighted_grad - mean_term - normalized * projection.mean_weighted_grad_times_normalized);
}

// dy_i/dx_j from the formula in this file's header.
template <typename Acc>
Acc jacobian_entry(Acc gamma_of_output, Acc rstd, Acc normalized_output, Acc normalized_input,
                   bool same_element, bool input_feeds_statistic, bool centered,
                   std::size_t statistic_count) {
  Acc bracket = same_element ? Acc(1) : Acc(0);
  if (input_feeds_statistic) {
    const Acc statistic_count_value = static_cast<Acc>(statistic_count);
    bracket -= ((centered ? Acc(1) : Acc(0)) + normalized_output * normalized_input) / statistic_count_value;
  }
  return gamma_of_output * rstd * bracket;
}

}  // namespace normlab::norm_detail
