// The numerics lab's computations: four variance algorithms run in float32, bfloat16 and float16 (every
// operation rounded to the format, core/numeric) against a float64 truth, the LayerNorm output error each
// causes, and what float16 does to LayerNorm's eps. The numerics panel and the catalog's numerics-*
// figures both draw these results, so a figure's numbers are the core's.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "figure/figure.hpp"
#include "numeric/emulated_float.hpp"

namespace normlab::lessons {

enum class VarianceAlgorithm { one_pass, textbook_two_pass, corrected_two_pass, welford };
inline constexpr std::array<VarianceAlgorithm, 4> kVarianceAlgorithms = {
    VarianceAlgorithm::one_pass, VarianceAlgorithm::textbook_two_pass, VarianceAlgorithm::corrected_two_pass,
    VarianceAlgorithm::welford};
inline constexpr std::array<numeric::FloatFormat, 3> kLabFormats = {
    numeric::FloatFormat::float32, numeric::FloatFormat::bfloat16, numeric::FloatFormat::float16};

std::string algorithm_name(VarianceAlgorithm algorithm);  // "one pass E[x²] − E[x]²", ...
std::string algorithm_short_name(VarianceAlgorithm algorithm);  // "one pass", "textbook 2-pass", ...
std::string algorithm_id(VarianceAlgorithm algorithm);    // "one-pass", "textbook", "corrected", "welford"
// The inverses of algorithm_id and of the format names, and "1e-6,1e-5" as numbers in (0, 1]; each throws
// std::invalid_argument with a one-line message quoting the bad text.
VarianceAlgorithm parse_algorithm(const std::string& text);
numeric::FloatFormat parse_lab_format(const std::string& text);
std::vector<double> parse_eps_list(const std::string& text);

// Mean and biased variance of `stored` (values already in `format`) with every operation in `format`.
struct FormatMoments {
  double mean = 0, variance = 0;
};
FormatMoments moments_in_format(std::span<const double> stored, VarianceAlgorithm algorithm,
                                numeric::FloatFormat format);
// LayerNorm of `stored` computed in `format` with `algorithm`'s statistics: (x - mean) / sqrt(var + eps),
// eps itself rounded to the format.
std::vector<double> layernorm_in_format(std::span<const double> stored, VarianceAlgorithm algorithm,
                                        numeric::FloatFormat format, double eps);
// The truths: in long double, of the stored values (so that only the algorithm's error is measured).
double reference_variance(std::span<const double> stored);
std::vector<double> reference_layernorm(std::span<const double> stored, double eps);

struct VarianceSweepRequest {
  std::size_t cols = 64;          // d, values per row
  std::size_t rows = 32;          // random rows averaged at each offset
  double spread = 1;              // standard deviation of the values around the row's mean
  double min_offset = 1, max_offset = 1e7;
  int points_per_decade = 4;
  double eps = 1e-5;              // for the LayerNorm error
  std::uint64_t seed = 1;
  bool operator==(const VarianceSweepRequest&) const = default;
};

struct AlgorithmCurve {  // one algorithm in one format across the offsets
  VarianceAlgorithm algorithm;
  std::vector<double> variance_error;   // mean relative error of the rows measured; NaN where none
  std::vector<double> layernorm_error;  // mean of each row's max |y - y_true|; NaN where none finite
  std::vector<int> negative_rows, nan_rows, infinite_rows;  // how many rows came out so
};
struct FormatSweep {
  numeric::FloatFormat format;
  std::vector<int> constant_rows;    // rows whose stored values are all equal (true variance 0): skipped
  std::vector<int> overflowed_rows;  // rows with a value beyond the format's range: skipped
  std::vector<AlgorithmCurve> curves;  // in kVarianceAlgorithms order
};
struct VarianceSweep {
  VarianceSweepRequest request;
  std::vector<double> offsets;
  std::vector<FormatSweep> formats;  // in kLabFormats order
};
// Once `stop` is requested it returns before the next offset: a partial sweep, for a caller to drop.
VarianceSweep sweep_variance(const VarianceSweepRequest& request, std::stop_token stop = {});

// What happened to one curve, in words computed from the sweep, at which means of the row: "negative
// from 1778; NaN at 316–31623". Empty when nothing of the sort happened.
std::string curve_events(const VarianceSweep& sweep, const FormatSweep& format, const AlgorithmCurve& curve);
// What the format did to the inputs themselves: "rows round to one value (not measured) from 5623;
// values overflow (> 65504) from 10⁵". Empty when nothing of the sort happened.
std::string format_events(const VarianceSweep& sweep, const FormatSweep& format);
// "float32 at mean 10⁶: one pass 1.8×10⁵, textbook 2-pass 0.011, ...": the errors measured nearest `offset`.
std::string float32_quote(const VarianceSweep& sweep, double offset);
// The measured error nearest `offset` (for quoting): index of that offset.
std::size_t nearest_offset(const VarianceSweep& sweep, double offset);

struct EpsilonStored {
  double requested = 0, stored = 0;
  std::uint16_t bits = 0;
  int significant_bits = 0;  // p for normals, fewer for subnormals, 0 for zero
  bool subnormal = false;
};
struct ConstantRow {
  double eps = 0, eps_stored = 0;
  double mean_residual = 0;  // max |x - mean| computed in the format (0 in exact arithmetic)
  double variance = 0;       // computed in the format
  double max_output = 0;     // max |LayerNorm(x)| computed in the format (0 in exact arithmetic)
};
struct EpsilonStudy {
  numeric::FloatFormat format = numeric::FloatFormat::float16;
  double smallest_normal = 0, smallest_subnormal = 0, spacing_at_one = 0;
  std::vector<EpsilonStored> stored;  // one per requested eps
  // For each eps, the smallest variance v of the format from which on v + eps rounds back to v.
  std::vector<double> absorbed_from;
  double constant_value = 0;  // the constant row's value as stored
  std::size_t cols = 0;
  VarianceAlgorithm algorithm = VarianceAlgorithm::corrected_two_pass;
  std::vector<ConstantRow> constant_rows;  // one per eps
};
EpsilonStudy study_epsilon(numeric::FloatFormat format, const std::vector<double>& eps_values, double constant_value,
                           std::size_t cols, VarianceAlgorithm algorithm);

// The figures (catalog names numerics-variance, numerics-layernorm-error, numerics-epsilon).
figure::Figure variance_error_figure(const VarianceSweep& sweep);
figure::Figure layernorm_error_figure(const VarianceSweep& sweep);
figure::Figure epsilon_figure(const EpsilonStudy& study);

}  // namespace normlab::lessons
