// CSV: round trip to the last bit, and refusals naming the row and column.
#include "io/csv.hpp"

#include <gtest/gtest.h>

namespace normlab {
namespace {

std::string message_of(const std::string& text) {
  try {
    parse_csv(text, "m.csv");
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "no error";
}

TEST(Csv, ParsesMatricesWithSpacesAndCrlf) {
  const auto matrix = parse_csv(" 1, 2.5 ,-3e2\r\n4,5,6\n\n", "m.csv");
  EXPECT_EQ(matrix.shape, (Shape{2, 3}));
  EXPECT_EQ(matrix.values, (std::vector<double>{1, 2.5, -300, 4, 5, 6}));
}

TEST(Csv, RoundTripIsExactForDoubleAndFloat) {
  const Tensor<double> values({2, 2}, {0.1, 1.0 / 3.0, -2.2250738585072014e-308, 12345.678901234567});
  EXPECT_EQ(parse_csv(format_csv(values), "r").values, values.values);
  const Tensor<float> singles({1, 3}, {0.1f, 1.0f / 3.0f, 16777217.0f});
  const auto read_back = parse_csv(format_csv(singles), "r");
  for (std::size_t index = 0; index < 3; ++index)
    EXPECT_EQ(static_cast<float>(read_back[index]), singles[index]);
  EXPECT_THROW(format_csv(Tensor<double>({1, 1, 1})), std::invalid_argument);
}

TEST(Csv, RefusalsNameRowAndColumn) {
  EXPECT_EQ(message_of("1,2\n3,4,5\n"), "m.csv: row 2 has 3 values but row 1 has 2 (ragged rows)");
  EXPECT_EQ(message_of("1,2\n3,abc\n"), "m.csv: row 2, column 2: 'abc' is not a number (write a decimal number such as 0.001 or 1e-5)");
  EXPECT_NE(message_of("1,,2\n").find("m.csv: row 1, column 2: '' is not a number"), std::string::npos);
  EXPECT_EQ(message_of("\n\n"), "m.csv: empty CSV file (no numbers)");
  EXPECT_NE(message_of("1e999\n").find("out of the float64 range"), std::string::npos);
}

}  // namespace
}  // namespace normlab

namespace normlab {
namespace {

TEST(Csv, CellsAreQuotedEscapedAndShort) {
  EXPECT_EQ(message_of("1,\x1b[2J\n"),
            "m.csv: row 1, column 2: '\\x1b[2J' is not a number (write a decimal number such as 0.001 or 1e-5)");
  const std::string long_cell = message_of("1," + std::string(300 * 1024, '7') + "z\n");
  EXPECT_LT(long_cell.size(), 200u);
  EXPECT_NE(long_cell.find("...'"), std::string::npos);
}

TEST(Csv, HexInfAndNanCellsAreRefusedByName) {
  EXPECT_NE(message_of("0x10\n").find("'0x10' is not a number"), std::string::npos);
  EXPECT_NE(message_of("1\nnan\n").find("row 2, column 1: 'nan' is NaN"), std::string::npos);
  EXPECT_NE(message_of("-inf\n").find("'-inf' is Inf"), std::string::npos);
}

}  // namespace
}  // namespace normlab
