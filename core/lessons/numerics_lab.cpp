// The numerics lab's computations (figures in numerics_lab_figures.cpp).
#include "lessons/numerics_lab.hpp"

#include <cmath>
#include <limits>
#include <random>

#include <stdexcept>

#include "figure/draw.hpp"
#include "io/parse_number.hpp"
#include "io/untrusted_text.hpp"
#include "norm/moments.hpp"

namespace normlab::lessons {

using numeric::FloatFormat;

std::string algorithm_name(VarianceAlgorithm algorithm) {
  switch (algorithm) {
    case VarianceAlgorithm::one_pass: return "one pass E[x²] − E[x]²";
    case VarianceAlgorithm::textbook_two_pass: return "textbook two pass";
    case VarianceAlgorithm::corrected_two_pass: return "corrected two pass";
    case VarianceAlgorithm::welford: break;
  }
  return "Welford";
}

std::string algorithm_short_name(VarianceAlgorithm algorithm) {
  switch (algorithm) {
    case VarianceAlgorithm::one_pass: return "one pass";
    case VarianceAlgorithm::textbook_two_pass: return "textbook 2-pass";
    case VarianceAlgorithm::corrected_two_pass: return "corrected 2-pass";
    case VarianceAlgorithm::welford: break;
  }
  return "Welford";
}

std::string algorithm_id(VarianceAlgorithm algorithm) {
  switch (algorithm) {
    case VarianceAlgorithm::one_pass: return "one-pass";
    case VarianceAlgorithm::textbook_two_pass: return "textbook";
    case VarianceAlgorithm::corrected_two_pass: return "corrected";
    case VarianceAlgorithm::welford: break;
  }
  return "welford";
}

VarianceAlgorithm parse_algorithm(const std::string& text) {
  for (VarianceAlgorithm algorithm : kVarianceAlgorithms)
    if (algorithm_id(algorithm) == text) return algorithm;
  throw std::invalid_argument("algorithm '" + printable_excerpt(text) +
                              "' is not one of one-pass, textbook, corrected, welford");
}

FloatFormat parse_lab_format(const std::string& text) {
  for (FloatFormat format : kLabFormats)
    if (numeric::format_spec(format).name == text) return format;
  throw std::invalid_argument("format '" + printable_excerpt(text) + "' is not one of float32, bfloat16, float16");
}

std::vector<double> parse_eps_list(const std::string& text) {
  std::vector<double> values;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    const std::optional<double> value = parse_decimal(item);
    if (!value || *value <= 0 || *value > 1)
      throw std::invalid_argument("eps '" + printable_excerpt(item) + "' is not a number in (0, 1]");
    values.push_back(*value);
    start = comma + 1;
  }
  if (values.size() > 8) throw std::invalid_argument("at most 8 eps values, got " + std::to_string(values.size()));
  return values;
}

namespace {

template <typename Accumulator>
Moments<Accumulator> run_algorithm(std::span<const double> stored, VarianceAlgorithm algorithm) {
  const auto read = [&](std::size_t index) { return stored[index]; };
  switch (algorithm) {
    case VarianceAlgorithm::one_pass: return naive_moments<Accumulator>(stored.size(), read);
    case VarianceAlgorithm::textbook_two_pass: return textbook_two_pass_moments<Accumulator>(stored.size(), read);
    case VarianceAlgorithm::corrected_two_pass: return two_pass_moments<Accumulator>(stored.size(), read);
    case VarianceAlgorithm::welford: break;
  }
  return welford_moments<Accumulator>(stored.size(), read);
}

template <typename Accumulator>
FormatMoments moments_as(std::span<const double> stored, VarianceAlgorithm algorithm) {
  const Moments<Accumulator> moments = run_algorithm<Accumulator>(stored, algorithm);
  return {static_cast<double>(moments.mean), static_cast<double>(moments.biased_variance())};
}

template <typename Accumulator>
std::vector<double> layernorm_as(std::span<const double> stored, VarianceAlgorithm algorithm, double eps) {
  using std::sqrt;
  const Moments<Accumulator> moments = run_algorithm<Accumulator>(stored, algorithm);
  const Accumulator inverse_sigma = Accumulator(1) / sqrt(moments.biased_variance() + Accumulator(eps));
  std::vector<double> output;
  output.reserve(stored.size());
  for (double value : stored) output.push_back(static_cast<double>((Accumulator(value) - moments.mean) * inverse_sigma));
  return output;
}

}  // namespace

FormatMoments moments_in_format(std::span<const double> stored, VarianceAlgorithm algorithm, FloatFormat format) {
  switch (format) {
    case FloatFormat::float16: return moments_as<numeric::Float16>(stored, algorithm);
    case FloatFormat::bfloat16: return moments_as<numeric::BFloat16>(stored, algorithm);
    case FloatFormat::float32: break;
  }
  return moments_as<float>(stored, algorithm);
}

std::vector<double> layernorm_in_format(std::span<const double> stored, VarianceAlgorithm algorithm,
                                        FloatFormat format, double eps) {
  switch (format) {
    case FloatFormat::float16: return layernorm_as<numeric::Float16>(stored, algorithm, eps);
    case FloatFormat::bfloat16: return layernorm_as<numeric::BFloat16>(stored, algorithm, eps);
    case FloatFormat::float32: break;
  }
  return layernorm_as<float>(stored, algorithm, eps);
}

double reference_variance(std::span<const double> stored) {
  return double(two_pass_moments<long double>(stored).biased_variance());
}

std::vector<double> reference_layernorm(std::span<const double> stored, double eps) {
  const Moments<long double> moments = two_pass_moments<long double>(stored);
  const long double inverse_sigma = 1 / std::sqrt(moments.biased_variance() + (long double)eps);
  std::vector<double> output;
  for (double value : stored) output.push_back(double((value - moments.mean) * inverse_sigma));
  return output;
}

VarianceSweep sweep_variance(const VarianceSweepRequest& request, std::stop_token stop) {
  VarianceSweep sweep;
  sweep.request = request;
  const double first = std::log10(request.min_offset), last = std::log10(request.max_offset);
  const long long steps = (long long)std::floor((last - first) * request.points_per_decade + 1e-9);
  for (long long step = 0; step <= steps; ++step)
    sweep.offsets.push_back(std::pow(10.0, first + double(step) / request.points_per_decade));
  const std::size_t points = sweep.offsets.size();
  for (FloatFormat format : kLabFormats) {
    FormatSweep format_sweep;
    format_sweep.format = format;
    format_sweep.constant_rows.assign(points, 0);
    format_sweep.overflowed_rows.assign(points, 0);
    for (VarianceAlgorithm algorithm : kVarianceAlgorithms) {
      AlgorithmCurve curve{algorithm, std::vector<double>(points, 0.0), std::vector<double>(points, 0.0),
                           std::vector<int>(points, 0), std::vector<int>(points, 0), std::vector<int>(points, 0)};
      format_sweep.curves.push_back(curve);
    }
    sweep.formats.push_back(format_sweep);
  }
  // The same float64 rows for every format (one generator), each stored in the format before measuring.
  std::mt19937_64 generator(request.seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> exact(request.cols), stored(request.cols);
  for (std::size_t point = 0; point < points && !stop.stop_requested(); ++point) {
    std::vector<std::vector<int>> measured(sweep.formats.size(), std::vector<int>(kVarianceAlgorithms.size(), 0));
    std::vector<std::vector<int>> finite_outputs = measured;
    for (std::size_t row = 0; row < request.rows; ++row) {
      for (double& value : exact) value = sweep.offsets[point] + request.spread * normal(generator);
      for (std::size_t f = 0; f < sweep.formats.size(); ++f) {
        FormatSweep& format_sweep = sweep.formats[f];
        bool overflow = false;
        for (std::size_t i = 0; i < exact.size(); ++i) {
          stored[i] = numeric::round_to_format(exact[i], format_sweep.format);
          overflow = overflow || std::isinf(stored[i]);
        }
        if (overflow) {
          ++format_sweep.overflowed_rows[point];
          continue;
        }
        const double truth = reference_variance(stored);
        if (truth == 0) {
          ++format_sweep.constant_rows[point];
          continue;
        }
        const std::vector<double> truth_output = reference_layernorm(stored, request.eps);
        for (std::size_t a = 0; a < format_sweep.curves.size(); ++a) {
          AlgorithmCurve& curve = format_sweep.curves[a];
          const double variance = moments_in_format(stored, curve.algorithm, format_sweep.format).variance;
          if (std::isnan(variance)) {
            ++curve.nan_rows[point];
          } else if (std::isinf(variance)) {
            ++curve.infinite_rows[point];
          } else {
            if (variance < 0) ++curve.negative_rows[point];
            curve.variance_error[point] += std::fabs(variance - truth) / truth;
            ++measured[f][a];
          }
          const std::vector<double> output =
              layernorm_in_format(stored, curve.algorithm, format_sweep.format, request.eps);
          double worst = 0;
          for (std::size_t i = 0; i < output.size(); ++i)
            worst = std::max(worst, std::fabs(output[i] - truth_output[i]));  // NaN leaves worst unchanged
          bool finite = true;
          for (double value : output) finite = finite && std::isfinite(value);
          if (finite) {
            curve.layernorm_error[point] += worst;
            ++finite_outputs[f][a];
          }
        }
      }
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t f = 0; f < sweep.formats.size(); ++f) {
      for (std::size_t a = 0; a < kVarianceAlgorithms.size(); ++a) {
        AlgorithmCurve& curve = sweep.formats[f].curves[a];
        curve.variance_error[point] = measured[f][a] ? curve.variance_error[point] / measured[f][a] : nan;
        curve.layernorm_error[point] =
            finite_outputs[f][a] ? curve.layernorm_error[point] / finite_outputs[f][a] : nan;
      }
    }
  }
  return sweep;
}

std::size_t nearest_offset(const VarianceSweep& sweep, double offset) {
  std::size_t nearest = 0;
  for (std::size_t point = 0; point < sweep.offsets.size(); ++point) {
    if (std::fabs(std::log10(sweep.offsets[point] / offset)) < std::fabs(std::log10(sweep.offsets[nearest] / offset)))
      nearest = point;
  }
  return nearest;
}

namespace {

// "from mean 316 on" / "at means 316 to 1e4": the offsets where count[point] > 0, in words.
std::string where(const VarianceSweep& sweep, const std::vector<int>& count) {
  std::size_t first = count.size(), last = 0;
  for (std::size_t point = 0; point < count.size(); ++point) {
    if (count[point] > 0) first = std::min(first, point), last = point;
  }
  if (first == count.size()) return "";
  // Terse (the panel's column must not scroll): the reader is told these are means of the row.
  const std::string from = figure::format_number(sweep.offsets[first], 2);
  if (last + 1 == count.size()) return first == last ? "at " + from : "from " + from;
  if (first == last) return "at " + from;
  return "at " + from + "–" + figure::format_number(sweep.offsets[last], 2);
}

}  // namespace

std::string curve_events(const VarianceSweep& sweep, const FormatSweep& format, const AlgorithmCurve& curve) {
  std::string words;
  const auto add = [&](const std::string& what, const std::vector<int>& count) {
    const std::string place = where(sweep, count);
    if (place.empty()) return;
    if (!words.empty()) words += "; ";
    words += what + " " + place;
  };
  (void)format;
  add("negative", curve.negative_rows);
  add("NaN", curve.nan_rows);
  add("infinite", curve.infinite_rows);
  std::vector<int> exact(curve.variance_error.size(), 0);
  for (std::size_t point = 0; point < exact.size(); ++point) exact[point] = curve.variance_error[point] == 0;
  add("exact", exact);
  return words;
}

std::string format_events(const VarianceSweep& sweep, const FormatSweep& format) {
  std::vector<int> constant(format.constant_rows.size()), overflowed(format.overflowed_rows.size());
  for (std::size_t point = 0; point < constant.size(); ++point) {
    constant[point] = format.constant_rows[point] == int(sweep.request.rows);
    overflowed[point] = format.overflowed_rows[point] > 0;
  }
  std::string words;
  if (const std::string place = where(sweep, constant); !place.empty())
    words = "rows round to one value (not measured) " + place;
  if (const std::string place = where(sweep, overflowed); !place.empty())
    words += (words.empty() ? "" : "; ") + std::string("values overflow (> ") +
             figure::format_number(numeric::largest_finite(format.format), 5) + ") " + place;
  return words;
}

std::string float32_quote(const VarianceSweep& sweep, double offset) {
  const std::size_t quoted = nearest_offset(sweep, offset);
  std::string quote = "float32 at mean " + figure::format_number(sweep.offsets[quoted], 2) + ":";
  for (const AlgorithmCurve& curve : sweep.formats[0].curves) {
    const double error = curve.variance_error[quoted];
    quote.append(" ").append(algorithm_short_name(curve.algorithm)).append(" ")
        .append(error == 0 ? std::string("0 (exact)") : figure::format_number(error, 2)).append(",");
  }
  quote.pop_back();
  return quote;
}

EpsilonStudy study_epsilon(FloatFormat format, const std::vector<double>& eps_values, double constant_value,
                           std::size_t cols, VarianceAlgorithm algorithm) {
  EpsilonStudy study;
  study.format = format;
  study.smallest_normal = numeric::smallest_normal(format);
  study.smallest_subnormal = numeric::smallest_subnormal(format);
  study.spacing_at_one = numeric::spacing_at(1.0, format);
  study.constant_value = numeric::round_to_format(constant_value, format);
  study.cols = cols;
  study.algorithm = algorithm;
  for (double eps : eps_values) {
    EpsilonStored entry;
    entry.requested = eps;
    entry.stored = numeric::round_to_format(eps, format);
    entry.bits = numeric::to_bits(eps, format);
    entry.significant_bits = numeric::significant_bits(entry.stored, format);
    entry.subnormal = entry.stored != 0 && entry.stored < study.smallest_normal;
    study.stored.push_back(entry);
    // Within a binade [2^e, 2^(e+1)) the spacing is one constant, so v + eps rounds back to v for all of
    // its values or none (but at a tie, where even significands win): the first binade where both an
    // even and an odd value absorb eps starts absorption for good (spacing only grows upwards).
    double absorbed_from = 0;
    if (entry.stored != 0) {
      const numeric::FormatSpec spec = numeric::format_spec(format);
      for (int exponent = spec.min_exponent; exponent <= spec.max_exponent; ++exponent) {
        const double even = std::ldexp(1.0, exponent);
        const double odd = even + numeric::spacing_at(even, format);
        if (numeric::round_to_format(even + entry.stored, format) == even &&
            numeric::round_to_format(odd + entry.stored, format) == odd) {
          absorbed_from = even;
          break;
        }
      }
    }
    study.absorbed_from.push_back(absorbed_from);

    const std::vector<double> row(cols, study.constant_value);
    const FormatMoments moments = moments_in_format(row, algorithm, format);
    const std::vector<double> output = layernorm_in_format(row, algorithm, format, eps);
    ConstantRow constant;
    constant.eps = eps;
    constant.eps_stored = entry.stored;
    constant.mean_residual = std::fabs(numeric::round_to_format(study.constant_value - moments.mean, format));
    constant.variance = moments.variance;
    for (double value : output)
      constant.max_output = std::isnan(value) ? value : std::max(constant.max_output, std::fabs(value));
    study.constant_rows.push_back(constant);
  }
  return study;
}

}  // namespace normlab::lessons
