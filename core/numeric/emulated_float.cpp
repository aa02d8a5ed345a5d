#include "numeric/emulated_float.hpp"

#include <algorithm>

namespace normlab::numeric {

double unit_roundoff(FloatFormat format) { return std::ldexp(1.0, -format_spec(format).significand_bits); }

double smallest_normal(FloatFormat format) { return std::ldexp(1.0, format_spec(format).min_exponent); }

double smallest_subnormal(FloatFormat format) {
  const FormatSpec spec = format_spec(format);
  return std::ldexp(1.0, spec.min_exponent - spec.significand_bits + 1);
}

double largest_finite(FloatFormat format) {
  const FormatSpec spec = format_spec(format);
  return (2.0 - std::ldexp(1.0, 1 - spec.significand_bits)) * std::ldexp(1.0, spec.max_exponent);
}

namespace {

// The exponent of the quantum (the value of one unit in the last place) for a magnitude: that of its
// leading bit minus p - 1, never below the subnormals' fixed quantum.
int quantum_exponent(double magnitude, const FormatSpec& spec) {
  int leading = spec.min_exponent;
  if (magnitude > 0) {
    int frexp_exponent = 0;
    std::frexp(magnitude, &frexp_exponent);  // magnitude = m 2^e with m in [0.5, 1)
    leading = std::max(frexp_exponent - 1, spec.min_exponent);
  }
  return leading - spec.significand_bits + 1;
}

}  // namespace

double spacing_at(double value, FloatFormat format) {
  return std::ldexp(1.0, quantum_exponent(std::fabs(value), format_spec(format)));
}

int significant_bits(double rounded_value, FloatFormat format) {
  const double magnitude = std::fabs(rounded_value);
  if (magnitude == 0 || !std::isfinite(magnitude)) return 0;
  const FormatSpec spec = format_spec(format);
  if (magnitude >= smallest_normal(format)) return spec.significand_bits;
  // A subnormal's significand is magnitude / quantum, an integer below 2^(p-1): its bit length.
  int bits = 0;
  for (auto units = static_cast<std::uint64_t>(magnitude / smallest_subnormal(format)); units != 0; units >>= 1) ++bits;
  return bits;
}

double round_to_format(double value, FloatFormat format) {
  if (std::isnan(value) || std::isinf(value) || value == 0) return value;
  const FormatSpec spec = format_spec(format);
  const double magnitude = std::fabs(value);
  const int exponent = quantum_exponent(magnitude, spec);
  // magnitude / quantum is exact (a power-of-two scaling); nearbyint in the default rounding mode rounds
  // it to the nearest integer, ties to even, which is the format's rounding of the significand.
  const double units = std::nearbyint(std::ldexp(magnitude, -exponent));
  double rounded = std::ldexp(units, exponent);
  // Rounding up may carry into the next binade (units = 2^p): the result is still exact there, and
  // past the largest finite value it is infinity (which is where RNE sends largest + half a spacing).
  if (rounded > largest_finite(format)) rounded = std::numeric_limits<double>::infinity();
  return std::copysign(rounded, value);
}

std::uint16_t to_bits(double value, FloatFormat format) {
  if (format == FloatFormat::float32) return 0;
  const FormatSpec spec = format_spec(format);
  const int fraction_bits = spec.significand_bits - 1;
  const std::uint16_t exponent_all_ones = static_cast<std::uint16_t>(((1u << spec.exponent_bits) - 1) << fraction_bits);
  if (std::isnan(value)) return static_cast<std::uint16_t>(exponent_all_ones | (1u << (fraction_bits - 1)));
  const double rounded = round_to_format(value, format);
  const std::uint16_t sign = std::signbit(rounded) ? 0x8000 : 0;
  const double magnitude = std::fabs(rounded);
  if (std::isinf(magnitude)) return static_cast<std::uint16_t>(sign | exponent_all_ones);
  if (magnitude < smallest_normal(format)) {  // zero or subnormal: biased exponent 0
    return static_cast<std::uint16_t>(sign | static_cast<std::uint16_t>(magnitude / smallest_subnormal(format)));
  }
  int frexp_exponent = 0;
  const double mantissa = std::frexp(magnitude, &frexp_exponent);  // [0.5, 1)
  const int bias = (1 << (spec.exponent_bits - 1)) - 1;
  const auto biased = static_cast<std::uint32_t>(frexp_exponent - 1 + bias);
  const auto fraction = static_cast<std::uint32_t>(std::ldexp(mantissa * 2 - 1, fraction_bits));
  return static_cast<std::uint16_t>(sign | (biased << fraction_bits) | fraction);
}

double from_bits(std::uint16_t bits, FloatFormat format) {
  if (format == FloatFormat::float32) return 0;
  const FormatSpec spec = format_spec(format);
  const int fraction_bits = spec.significand_bits - 1;
  const std::uint32_t fraction = bits & ((1u << fraction_bits) - 1);
  const std::uint32_t biased = (bits >> fraction_bits) & ((1u << spec.exponent_bits) - 1);
  const double sign = (bits & 0x8000) ? -1.0 : 1.0;
  const int bias = (1 << (spec.exponent_bits - 1)) - 1;
  if (biased == (1u << spec.exponent_bits) - 1) {
    return fraction != 0 ? std::numeric_limits<double>::quiet_NaN() : sign * std::numeric_limits<double>::infinity();
  }
  if (biased == 0) return sign * double(fraction) * smallest_subnormal(format);
  return sign * std::ldexp(1.0 + std::ldexp(double(fraction), -fraction_bits), int(biased) - bias);
}

}  // namespace normlab::numeric
