#include "io/parse_number.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <system_error>

namespace normlab {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t skip_digits(std::string_view text, std::size_t at) {
  while (at < text.size() && is_digit(text[at])) ++at;
  return at;
}

// True when `text` matches the decimal grammar above exactly.
bool is_decimal_literal(std::string_view text) {
  std::size_t at = 0;
  if (at < text.size() && (text[at] == '+' || text[at] == '-')) ++at;
  const std::size_t integer_end = skip_digits(text, at);
  std::size_t digits = integer_end - at;
  at = integer_end;
  if (at < text.size() && text[at] == '.') {
    const std::size_t fraction_end = skip_digits(text, at + 1);
    digits += fraction_end - (at + 1);
    at = fraction_end;
  }
  if (digits == 0) return false;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    if (at < text.size() && (text[at] == '+' || text[at] == '-')) ++at;
    const std::size_t exponent_end = skip_digits(text, at);
    if (exponent_end == at) return false;
    at = exponent_end;
  }
  return at == text.size();
}

}  // namespace

std::optional<double> parse_decimal(std::string_view text) {
  if (!is_decimal_literal(text)) return std::nullopt;
  const bool negative = text[0] == '-';
  if (text[0] == '+' || text[0] == '-') text.remove_prefix(1);
  double value = 0.0;
  const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (status == std::errc::result_out_of_range) {
    // from_chars reports overflow and underflow (subnormals included) alike; strtod tells them apart
    // and gives the correctly rounded subnormal or zero. The text is plain decimal here, so the
    // locale's decimal point is the only way strtod could read it differently, and "C" uses '.'.
    const double rough = std::strtod(std::string(text).c_str(), nullptr);
    if (std::isinf(rough)) return std::nullopt;
    value = rough;
  } else if (status != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  if (!std::isfinite(value)) return std::nullopt;
  return negative ? -value : value;
}

std::optional<long long> parse_whole(std::string_view text) {
  if (text.size() > 1 && text[0] == '+' && is_digit(text[1])) text.remove_prefix(1);
  if (text.empty() || !(is_digit(text[0]) || (text[0] == '-' && text.size() > 1 && is_digit(text[1])))) {
    return std::nullopt;
  }
  long long value = 0;
  const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (status != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace normlab
