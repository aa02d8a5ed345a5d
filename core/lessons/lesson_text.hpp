// The Markdown subset lesson texts are written in, parsed into blocks of styled spans that a renderer
// (the app's lesson runner, a test) lays out:
//   paragraphs separated by a blank line; "- item" bullets and "1. item" numbered items;
//   *emphasis*, **strong**, and inline math between dollar signs, $sqrt(d)$, shown readably:
//   sqrt(d) -> √d, sqrt(x + y) -> √(x + y), ^2 -> ², eps -> ε, sigma -> σ, <= -> ≤, * -> ·, ...
// Anything else is plain text. An unclosed marker is an error (the author sees it, rather than a
// stray asterisk on the slide).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace normlab::lessons {

enum class SpanStyle { plain, emphasis, strong, math };

struct TextSpan {
  SpanStyle style = SpanStyle::plain;
  std::string text;  // math already rewritten readably
};

enum class BlockKind { paragraph, bullet, numbered };

struct TextBlock {
  BlockKind kind = BlockKind::paragraph;
  int number = 0;  // numbered items: the number written
  std::vector<TextSpan> spans;
};

// Throws std::invalid_argument naming the problem and its line within the text (1-based), e.g.
// "line 3: '**' is not closed".
std::vector<TextBlock> parse_lesson_text(std::string_view text);

// Math written in ASCII as readable text: "sqrt(d)" -> "√d", "x^2" -> "x²", "eps" -> "ε".
std::string readable_math(std::string_view math);

// The blocks as plain text (lists with "• "), for listings and tests.
std::string plain_text(const std::vector<TextBlock>& blocks);

}  // namespace normlab::lessons
