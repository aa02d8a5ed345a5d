// Mean and variance of a sequence, four ways, templated on the accumulator type so that float32 and
// double accumulation can be compared side by side (the app's "why two passes?" lesson).
//
// Contents
//   1. Moments                    count, mean, M2 = sum (x - mean)^2, biased/unbiased variance
//   2. naive_moments()            one pass, E[x^2] - E[x]^2: kept ON PURPOSE to show cancellation
//   3. two_pass_moments()         the CORRECTED two pass: mean first, then centred squares with the
//                                 Chan-Golub-LeVeque correction term; the production path
//      textbook_two_pass_moments() mean first, then the mean of squared deviations, no correction:
//                                 kept to show what the correction term buys
//   4. welford_moments()          one pass, numerically stable update
//   5. chan_merge()               combines the moments of two disjoint parts (Chan et al. 1979)
//
// Every function reads element i through `read(i)`, so the same code serves a contiguous row and a
// gathered reduction group (a BatchNorm column, a GroupNorm slab). Sums run sequentially on purpose:
// the measured errors are those of the textbook algorithms, not of a pairwise or SIMD summation order.
#pragma once

#include <cstddef>
#include <limits>
#include <span>

namespace normlab {

// ---- 1. Moments -----------------------------------------------------------------------------------

template <typename Accumulator>
struct Moments {
  std::size_t count = 0;
  Accumulator mean = 0;
  Accumulator centered_square_sum = 0;  // M2; may come out negative from naive_moments (cancellation)

  Accumulator biased_variance() const {
    return count == 0 ? Accumulator(0) : centered_square_sum / Accumulator(count);
  }
  // The unbiased (Bessel-corrected) variance; NaN for fewer than two values, where it is undefined.
  Accumulator unbiased_variance() const {
    return count < 2 ? std::numeric_limits<Accumulator>::quiet_NaN()
                     : centered_square_sum / Accumulator(count - 1);
  }
};

// ---- 2. Naive one pass ----------------------------------------------------------------------------

// var = E[x^2] - E[x]^2 from a running sum and sum of squares. When the spread is small against the
// mean, both terms are huge and nearly equal, and their difference is mostly rounding error.
template <typename Accumulator, typename Read>
Moments<Accumulator> naive_moments(std::size_t count, Read&& read) {
  Accumulator sum = 0;
  Accumulator square_sum = 0;
  for (std::size_t index = 0; index < count; ++index) {
    const Accumulator value = static_cast<Accumulator>(read(index));
    sum += value;
    square_sum += value * value;
  }
  Moments<Accumulator> moments;
  moments.count = count;
  if (count == 0) return moments;
  const Accumulator count_value = static_cast<Accumulator>(count);
  moments.mean = sum / count_value;
  const Accumulator mean_of_squares = square_sum / count_value;
  moments.centered_square_sum = (mean_of_squares - moments.mean * moments.mean) * count_value;
  return moments;
}

// ---- 3. Two passes ----------------------------------------------------------------------------------

// M2 = sum d_i^2 - (sum d_i)^2 / count with d_i = x_i - mean: the second term is the exact correction
// for the rounding error of the computed mean (Chan, Golub & LeVeque 1983), nearly free to compute.
template <typename Accumulator, typename Read>
Moments<Accumulator> two_pass_moments(std::size_t count, Read&& read) {
  Moments<Accumulator> moments;
  moments.count = count;
  if (count == 0) return moments;
  const Accumulator count_value = static_cast<Accumulator>(count);
  Accumulator sum = 0;
  for (std::size_t index = 0; index < count; ++index) sum += static_cast<Accumulator>(read(index));
  moments.mean = sum / count_value;
  Accumulator deviation_sum = 0;
  Accumulator squared_deviation_sum = 0;
  for (std::size_t index = 0; index < count; ++index) {
    const Accumulator deviation = static_cast<Accumulator>(read(index)) - moments.mean;
    deviation_sum += deviation;
    squared_deviation_sum += deviation * deviation;
  }
  moments.centered_square_sum = squared_deviation_sum - deviation_sum * deviation_sum / count_value;
  if (moments.centered_square_sum < 0) moments.centered_square_sum = 0;  // only from rounding
  return moments;
}

// The textbook two pass: M2 = sum (x_i - mean)^2 with the computed mean. Its error grows with the
// rounding error of the mean (about u |mean| per value, squared and summed against the true spread),
// which the corrected version above subtracts (Chan, Golub & LeVeque 1983, eq. 1.7).
template <typename Accumulator, typename Read>
Moments<Accumulator> textbook_two_pass_moments(std::size_t count, Read&& read) {
  Moments<Accumulator> moments;
  moments.count = count;
  if (count == 0) return moments;
  const Accumulator count_value = static_cast<Accumulator>(count);
  Accumulator sum = 0;
  for (std::size_t index = 0; index < count; ++index) sum += static_cast<Accumulator>(read(index));
  moments.mean = sum / count_value;
  Accumulator squared_deviation_sum = 0;
  for (std::size_t index = 0; index < count; ++index) {
    const Accumulator deviation = static_cast<Accumulator>(read(index)) - moments.mean;
    squared_deviation_sum += deviation * deviation;
  }
  moments.centered_square_sum = squared_deviation_sum;
  return moments;
}

// ---- 4. Welford -------------------------------------------------------------------------------------

template <typename Accumulator, typename Read>
Moments<Accumulator> welford_moments(std::size_t count, Read&& read) {
  Moments<Accumulator> moments;
  for (std::size_t index = 0; index < count; ++index) {
    const Accumulator value = static_cast<Accumulator>(read(index));
    moments.count += 1;
    const Accumulator delta_before = value - moments.mean;
    moments.mean += delta_before / static_cast<Accumulator>(moments.count);
    moments.centered_square_sum += delta_before * (value - moments.mean);
  }
  return moments;
}

// ---- 5. Chan et al. merge ----------------------------------------------------------------------------

template <typename Accumulator>
Moments<Accumulator> chan_merge(const Moments<Accumulator>& first, const Moments<Accumulator>& second) {
  if (first.count == 0) return second;
  if (second.count == 0) return first;
  Moments<Accumulator> merged;
  merged.count = first.count + second.count;
  const Accumulator first_count = static_cast<Accumulator>(first.count);
  const Accumulator second_count = static_cast<Accumulator>(second.count);
  const Accumulator merged_count = static_cast<Accumulator>(merged.count);
  const Accumulator delta = second.mean - first.mean;
  merged.mean = first.mean + delta * second_count / merged_count;
  merged.centered_square_sum = first.centered_square_sum + second.centered_square_sum +
                               delta * delta * first_count * second_count / merged_count;
  return merged;
}

// Span conveniences: moments of a contiguous sequence of any element type.
template <typename Accumulator, typename Element>
Moments<Accumulator> naive_moments(std::span<const Element> values) {
  return naive_moments<Accumulator>(values.size(), [&](std::size_t index) { return values[index]; });
}
template <typename Accumulator, typename Element>
Moments<Accumulator> two_pass_moments(std::span<const Element> values) {
  return two_pass_moments<Accumulator>(values.size(), [&](std::size_t index) { return values[index]; });
}
template <typename Accumulator, typename Element>
Moments<Accumulator> textbook_two_pass_moments(std::span<const Element> values) {
  return textbook_two_pass_moments<Accumulator>(values.size(), [&](std::size_t index) { return values[index]; });
}
template <typename Accumulator, typename Element>
Moments<Accumulator> welford_moments(std::span<const Element> values) {
  return welford_moments<Accumulator>(values.size(), [&](std::size_t index) { return values[index]; });
}

}  // namespace normlab
