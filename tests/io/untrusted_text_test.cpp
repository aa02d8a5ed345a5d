// Quoting file content in messages: escaped, one line, cut short.
#include "io/untrusted_text.hpp"

#include <gtest/gtest.h>

namespace normlab {
namespace {

TEST(PrintableExcerpt, EscapesControlCharactersAndNonAscii) {
  EXPECT_EQ(printable_excerpt("\x1b[2J"), "\\x1b[2J");
  EXPECT_EQ(printable_excerpt("a\nb\r\tc\\"), "a\\nb\\r\\tc\\\\");
  EXPECT_EQ(printable_excerpt(std::string("\0\x7f\xc3\xa9", 4)), "\\x00\\x7f\\xc3\\xa9");
  EXPECT_EQ(printable_excerpt("plain text 1.5e-3"), "plain text 1.5e-3");
}

TEST(PrintableExcerpt, CutsLongTextWithDots) {
  const std::string long_line(300 * 1024, 'x');
  const std::string excerpt = printable_excerpt(long_line);
  EXPECT_EQ(excerpt, std::string(kExcerptLength, 'x') + "...");
  // An escape is never split across the cut.
  EXPECT_EQ(printable_excerpt("abc\x1b", 5), "abc...");
  EXPECT_EQ(printable_excerpt(std::string(60, 'y')), std::string(60, 'y'));
}

}  // namespace
}  // namespace normlab
