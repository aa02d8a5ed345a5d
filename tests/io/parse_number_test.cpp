// The one number parser: plain decimals in, hex, inf, nan, blanks and overflow out.
#include "io/parse_number.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace normlab {
namespace {

TEST(ParseDecimal, ReadsPlainDecimalNotation) {
  EXPECT_EQ(parse_decimal("1e-5"), 1e-5);
  EXPECT_EQ(parse_decimal("-2.5"), -2.5);
  EXPECT_EQ(parse_decimal("+3"), 3.0);
  EXPECT_EQ(parse_decimal(".5"), 0.5);
  EXPECT_EQ(parse_decimal("5."), 5.0);
  EXPECT_EQ(parse_decimal("1E3"), 1000.0);
  EXPECT_EQ(parse_decimal("1e308"), 1e308);
  // Below the smallest subnormal: zero with its sign, not an error.
  EXPECT_EQ(parse_decimal("1e-400"), 0.0);
  EXPECT_TRUE(std::signbit(*parse_decimal("-1e-400")));
}

TEST(ParseDecimal, RefusesEverythingElse) {
  for (const char* text : {"0x10", "0x1p3", "inf", "-inf", "Infinity", "nan", "NaN", "1e999", "-1e999", "", " 1",
                           "1 ", "+", "-", ".", "e5", "1e", "1e+", "1.2.3", "1,5", "--1", "+-1", "1e5x", "\x1b"}) {
    EXPECT_FALSE(parse_decimal(text).has_value()) << "'" << text << "'";
  }
}

TEST(ParseWhole, ReadsSignedIntegersOnly) {
  EXPECT_EQ(parse_whole("42"), 42);
  EXPECT_EQ(parse_whole("-7"), -7);
  EXPECT_EQ(parse_whole("+7"), 7);
  for (const char* text : {"0x10", "1e3", "1.0", "", "-", "+", " 1", "9223372036854775808", "+-1", "12a"}) {
    EXPECT_FALSE(parse_whole(text).has_value()) << "'" << text << "'";
  }
}

}  // namespace
}  // namespace normlab
