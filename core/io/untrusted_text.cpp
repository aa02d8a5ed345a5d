#include "io/untrusted_text.hpp"

namespace normlab {

namespace {

std::string escaped(unsigned char byte) {
  switch (byte) {
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    case '\\': return "\\\\";
    default: break;
  }
  if (byte >= 0x20 && byte < 0x7f) return std::string(1, static_cast<char>(byte));
  constexpr char kHex[] = "0123456789abcdef";
  return std::string{'\\', 'x', kHex[byte >> 4], kHex[byte & 0xf]};
}

}  // namespace

std::string printable_excerpt(std::string_view text, std::size_t max_length) {
  std::string result;
  for (const char character : text) {
    const std::string piece = escaped(static_cast<unsigned char>(character));
    if (result.size() + piece.size() > max_length) return result + "...";
    result += piece;
  }
  return result;
}

}  // namespace normlab
