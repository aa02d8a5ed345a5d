// Emulated float16 / bfloat16 rounding against known bit patterns (IEEE 754 binary16; bfloat16 is the
// top half of a float32) and against independent conversions: GCC's _Float16 (libgcc's correctly rounded
// double -> binary16), float32's hardware rounding, and the float32 -> bfloat16 integer rounding trick.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <random>

#include "numeric/emulated_float.hpp"

namespace normlab::numeric {
namespace {

constexpr auto kHalf = FloatFormat::float16;
constexpr auto kBrain = FloatFormat::bfloat16;

TEST(Float16Bits, KnownPatterns) {
  EXPECT_EQ(to_bits(1.0, kHalf), 0x3C00);
  EXPECT_EQ(to_bits(-2.0, kHalf), 0xC000);
  EXPECT_EQ(to_bits(65504.0, kHalf), 0x7BFF);  // the largest finite
  EXPECT_EQ(to_bits(65519.99, kHalf), 0x7BFF); // just below largest + half a spacing (65520)
  EXPECT_EQ(to_bits(65520.0, kHalf), 0x7C00);  // the tie with 65536 goes to the even: infinity
  EXPECT_EQ(to_bits(1e6, kHalf), 0x7C00);
  EXPECT_EQ(to_bits(-1e6, kHalf), 0xFC00);
  EXPECT_EQ(to_bits(std::ldexp(1.0, -14), kHalf), 0x0400);  // smallest normal
  EXPECT_EQ(to_bits(std::ldexp(1.0, -14) - std::ldexp(1.0, -24), kHalf), 0x03FF);  // largest subnormal
  EXPECT_EQ(to_bits(std::ldexp(1.0, -24), kHalf), 0x0001);  // smallest subnormal
  EXPECT_EQ(to_bits(std::ldexp(1.0, -25), kHalf), 0x0000);  // tie between 0 and 2^-24: even (0)
  EXPECT_EQ(to_bits(1.5 * std::ldexp(1.0, -25), kHalf), 0x0001);
  EXPECT_EQ(to_bits(-0.0, kHalf), 0x8000);
  EXPECT_EQ(to_bits(0.1, kHalf), 0x2E66);
  EXPECT_EQ(to_bits(1.0 / 3.0, kHalf), 0x3555);
  EXPECT_EQ(to_bits(1e-5, kHalf), 0x00A8);  // 168 * 2^-24: a subnormal
  EXPECT_EQ(to_bits(1e-6, kHalf), 0x0011);  // 17 * 2^-24
  EXPECT_EQ(to_bits(1e-8, kHalf), 0x0000);  // below half the smallest subnormal: flushed to 0
  EXPECT_EQ(to_bits(std::nan(""), kHalf), 0x7E00);
}

TEST(Float16Bits, TiesToEven) {
  EXPECT_EQ(to_bits(1.0 + std::ldexp(1.0, -11), kHalf), 0x3C00);      // halfway 0x3C00 / 0x3C01 -> even
  EXPECT_EQ(to_bits(1.0 + 3 * std::ldexp(1.0, -11), kHalf), 0x3C02);  // halfway 0x3C01 / 0x3C02 -> even
  EXPECT_EQ(to_bits(2049.0, kHalf), 0x6800);  // 2048 and 2050 are neighbours: 2049 -> 2048
  EXPECT_EQ(to_bits(2051.0, kHalf), 0x6802);  // 2050 and 2052: -> 2052
  EXPECT_EQ(to_bits(2049.0001, kHalf), 0x6801);  // past the tie: up
}

TEST(Float16Bits, DecodesAndRoundTripsEveryPattern) {
  for (std::uint32_t bits = 0; bits <= 0xFFFF; ++bits) {
    const double value = from_bits(std::uint16_t(bits), kHalf);
    if ((bits & 0x7C00) == 0x7C00 && (bits & 0x03FF) != 0) {
      EXPECT_TRUE(std::isnan(value)) << bits;
      continue;
    }
    EXPECT_EQ(to_bits(value, kHalf), bits) << bits;
    EXPECT_EQ(round_to_format(value, kHalf), value) << bits;  // format values are fixed points
  }
  EXPECT_EQ(from_bits(0x7BFF, kHalf), 65504.0);
  EXPECT_EQ(from_bits(0x0001, kHalf), std::ldexp(1.0, -24));
}

#if defined(__FLT16_MAX__)
TEST(Float16Rounding, MatchesTheCompilersFloat16) {
  std::mt19937_64 generator(11);
  std::uniform_real_distribution<double> exponent(-27, 17), mantissa(1, 2);
  for (int sample = 0; sample < 200000; ++sample) {
    const double value = (sample % 2 ? -1 : 1) * mantissa(generator) * std::exp2(std::floor(exponent(generator)));
    const _Float16 reference = static_cast<_Float16>(value);
    ASSERT_EQ(round_to_format(value, kHalf), static_cast<double>(reference)) << value;
  }
}
#endif

TEST(BFloat16Bits, KnownPatterns) {
  EXPECT_EQ(to_bits(1.0, kBrain), 0x3F80);
  EXPECT_EQ(to_bits(-1.0, kBrain), 0xBF80);
  EXPECT_EQ(to_bits(3.14159265358979, kBrain), 0x4049);
  EXPECT_EQ(from_bits(0x7F7F, kBrain), largest_finite(kBrain));
  EXPECT_EQ(to_bits(largest_finite(kBrain), kBrain), 0x7F7F);
  EXPECT_EQ(to_bits(largest_finite(kBrain) + std::ldexp(1.0, 127 - 8), kBrain), 0x7F80);  // tie -> infinity
  EXPECT_EQ(to_bits(std::ldexp(1.0, -126), kBrain), 0x0080);  // smallest normal
  EXPECT_EQ(to_bits(std::ldexp(1.0, -133), kBrain), 0x0001);  // smallest subnormal
  EXPECT_EQ(to_bits(std::ldexp(1.0, -134), kBrain), 0x0000);  // tie with 0 -> even
  EXPECT_EQ(to_bits(1.0 + std::ldexp(1.0, -8), kBrain), 0x3F80);      // tie -> even
  EXPECT_EQ(to_bits(1.0 + 3 * std::ldexp(1.0, -8), kBrain), 0x3F82);  // tie -> even
  EXPECT_EQ(to_bits(1e-8, kBrain), 0x322C);  // bfloat16 keeps float32's range: 1e-8 survives
  EXPECT_EQ(to_bits(std::nan(""), kBrain), 0x7FC0);
}

// bfloat16 is float32's top 16 bits; rounding a float32 to it is the integer trick below.
std::uint16_t bfloat16_by_integer_rounding(float value) {
  const std::uint32_t bits = std::bit_cast<std::uint32_t>(value);
  return std::uint16_t((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
}

TEST(BFloat16Rounding, MatchesIntegerRoundingOfFloat32) {
  std::mt19937 generator(5);
  for (int sample = 0; sample < 200000; ++sample) {
    const float value = std::bit_cast<float>(std::uint32_t(generator()));
    if (std::isnan(value)) continue;
    ASSERT_EQ(to_bits(value, kBrain), bfloat16_by_integer_rounding(value)) << value;
  }
}

TEST(Float32Rounding, MatchesTheHardware) {
  std::mt19937_64 generator(3);
  std::uniform_real_distribution<double> exponent(-152, 130), mantissa(1, 2);
  for (int sample = 0; sample < 200000; ++sample) {
    const double value = mantissa(generator) * std::exp2(std::floor(exponent(generator)));
    ASSERT_EQ(round_to_format(value, FloatFormat::float32), double(float(value))) << value;
  }
}

TEST(EmulatedArithmetic, RoundsEveryOperation) {
  EXPECT_EQ(double(Float16(1) + Float16(std::ldexp(1.0, -11))), 1.0);  // absorbed (tie to even)
  EXPECT_EQ(double(Float16(1) + Float16(std::ldexp(1.0, -10))), 1.0 + std::ldexp(1.0, -10));
  EXPECT_EQ(double(Float16(300) * Float16(300)), INFINITY);  // 90000 > 65504
  EXPECT_TRUE(std::isnan(double(Float16(300) * Float16(300) - Float16(300) * Float16(300))));
  EXPECT_EQ(double(Float16(1) / Float16(3)), from_bits(0x3555, kHalf));
  // Summing ones stalls at 2048, where float16's spacing becomes 2 and 2048 + 1 ties back to 2048.
  Float16 sum = 0;
  for (int index = 0; index < 4096; ++index) sum += Float16(1);
  EXPECT_EQ(double(sum), 2048.0);
  BFloat16 brain_sum = 0;
  for (int index = 0; index < 1000; ++index) brain_sum += BFloat16(1);
  EXPECT_EQ(double(brain_sum), 256.0);  // bfloat16's 8 bits stall at 2^8
}

TEST(FormatFacts, RangesAndSpacings) {
  EXPECT_EQ(smallest_normal(kHalf), std::ldexp(1.0, -14));  // ~6.1e-5
  EXPECT_EQ(largest_finite(kHalf), 65504.0);
  EXPECT_EQ(spacing_at(1.0, kHalf), std::ldexp(1.0, -10));  // ~9.8e-4
  EXPECT_EQ(spacing_at(1e6, FloatFormat::float32), 0.0625);
  EXPECT_EQ(significant_bits(round_to_format(1e-5, kHalf), kHalf), 8);  // 168 = 0b10101000
  EXPECT_EQ(significant_bits(round_to_format(1e-6, kHalf), kHalf), 5);  // 17 = 0b10001
  EXPECT_EQ(significant_bits(1.0, kHalf), 11);
}

}  // namespace
}  // namespace normlab::numeric
