// Narrow floating-point formats emulated in software: float16 (IEEE 754 binary16) and bfloat16, with
// float32 through the same description so that the three are compared by one code path.
//
// Contents
//   1. FloatFormat / format_spec()   significand bits, exponent range and bias of each format
//   2. round_to_format()             a double rounded to the nearest value of the format (ties to even,
//                                    gradual underflow to subnormals, overflow to infinity, NaN kept)
//   3. to_bits() / from_bits()       the 16-bit encodings (float16, bfloat16), for tests and for show
//   4. Emulated<Format>              a number type whose every +, -, *, /, sqrt is rounded to the format,
//                                    so core/norm/moments.hpp's templates run in it unchanged
//
// Why a double holds the value: a format value is exact in double, and a single operation on two such
// values computed in double then rounded once more is correctly rounded, because double's 53 bits are
// at least twice the narrow format's significand plus two (Figueroa 1995; Higham, Accuracy and
// Stability of Numerical Algorithms, 2nd ed., section 2.3).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <type_traits>

namespace normlab::numeric {

// ---- 1. Formats ------------------------------------------------------------------------------------

enum class FloatFormat { float32, bfloat16, float16 };

struct FormatSpec {
  std::string_view name;   // "float16"
  int significand_bits;    // precision p, the implicit leading bit included
  int exponent_bits;
  int min_exponent;        // of the smallest normal number: 2^min_exponent
  int max_exponent;        // of the largest finite number's leading bit
};

constexpr FormatSpec format_spec(FloatFormat format) {
  switch (format) {
    case FloatFormat::float16: return {"float16", 11, 5, -14, 15};
    case FloatFormat::bfloat16: return {"bfloat16", 8, 8, -126, 127};
    case FloatFormat::float32: break;
  }
  return {"float32", 24, 8, -126, 127};
}

// Unit roundoff u = 2^-p: the largest relative error of rounding a normal number.
double unit_roundoff(FloatFormat format);
double smallest_normal(FloatFormat format);     // 2^min_exponent
double smallest_subnormal(FloatFormat format);  // 2^(min_exponent - p + 1)
double largest_finite(FloatFormat format);      // (2 - 2^(1-p)) 2^max_exponent
// The distance from |value|'s format neighbour above (the spacing of the format around value).
double spacing_at(double value, FloatFormat format);
// Significant bits a positive subnormal (or normal) value carries: p for normals, fewer below.
int significant_bits(double rounded_value, FloatFormat format);

// ---- 2. Rounding ---------------------------------------------------------------------------------------

// The value of `format` nearest to `value`, ties to the even significand; magnitudes from
// (largest finite + half a spacing) up become infinity, NaN stays NaN, the sign of zero is kept.
double round_to_format(double value, FloatFormat format);

// ---- 3. Encodings --------------------------------------------------------------------------------------

// The sign | exponent | fraction bits of round_to_format(value, format), for float16 and bfloat16
// (float32 is not a 16-bit format: 0 is returned for it). NaN encodes as the quiet NaN 0x7E00 / 0x7FC0.
std::uint16_t to_bits(double value, FloatFormat format);
double from_bits(std::uint16_t bits, FloatFormat format);

// ---- 4. Emulated arithmetic -------------------------------------------------------------------------------

template <FloatFormat Format>
class Emulated {
 public:
  constexpr Emulated() = default;
  // Implicit, so that `Accumulator sum = 0;` in the moments templates compiles: every value entering
  // the format is rounded to it, as storing it in that format would.
  template <typename Arithmetic>
    requires std::is_arithmetic_v<Arithmetic>
  Emulated(Arithmetic value) : value_(round_to_format(static_cast<double>(value), Format)) {}

  explicit operator double() const { return value_; }
  explicit operator float() const { return static_cast<float>(value_); }
  double value() const { return value_; }

  friend Emulated operator+(Emulated a, Emulated b) { return Emulated(a.value_ + b.value_); }
  friend Emulated operator-(Emulated a, Emulated b) { return Emulated(a.value_ - b.value_); }
  friend Emulated operator*(Emulated a, Emulated b) { return Emulated(a.value_ * b.value_); }
  friend Emulated operator/(Emulated a, Emulated b) { return Emulated(a.value_ / b.value_); }
  friend Emulated operator-(Emulated a) { return Emulated(-a.value_); }
  Emulated& operator+=(Emulated other) { return *this = *this + other; }
  Emulated& operator-=(Emulated other) { return *this = *this - other; }
  Emulated& operator*=(Emulated other) { return *this = *this * other; }
  Emulated& operator/=(Emulated other) { return *this = *this / other; }
  friend bool operator<(Emulated a, Emulated b) { return a.value_ < b.value_; }
  friend bool operator>(Emulated a, Emulated b) { return a.value_ > b.value_; }
  friend bool operator<=(Emulated a, Emulated b) { return a.value_ <= b.value_; }
  friend bool operator>=(Emulated a, Emulated b) { return a.value_ >= b.value_; }
  friend bool operator==(Emulated a, Emulated b) { return a.value_ == b.value_; }
  // Found by argument-dependent lookup from generic code calling sqrt/fabs unqualified.
  friend Emulated sqrt(Emulated a) { return Emulated(std::sqrt(a.value_)); }
  friend Emulated fabs(Emulated a) { return Emulated(std::fabs(a.value_)); }

 private:
  double value_ = 0;
};

using Float16 = Emulated<FloatFormat::float16>;
using BFloat16 = Emulated<FloatFormat::bfloat16>;

}  // namespace normlab::numeric

template <normlab::numeric::FloatFormat Format>
struct std::numeric_limits<normlab::numeric::Emulated<Format>> {
  using Type = normlab::numeric::Emulated<Format>;
  static constexpr bool is_specialized = true;
  static constexpr bool has_quiet_NaN = true;
  static constexpr bool has_infinity = true;
  static Type quiet_NaN() { return Type(std::numeric_limits<double>::quiet_NaN()); }
  static Type infinity() { return Type(std::numeric_limits<double>::infinity()); }
  static Type max() { return Type(normlab::numeric::largest_finite(Format)); }
  static Type min() { return Type(normlab::numeric::smallest_normal(Format)); }
  static Type denorm_min() { return Type(normlab::numeric::smallest_subnormal(Format)); }
  static Type epsilon() { return Type(2 * normlab::numeric::unit_roundoff(Format)); }
};
