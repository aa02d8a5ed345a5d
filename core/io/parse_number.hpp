// The one parser for numbers typed by people or read from their files (command-line options, figure
// parameters, model settings, CSV cells): plain decimal notation only, so that "0x10", "inf", "nan",
// "1e999" and " 1" are refused instead of being read as 16, infinity, NaN or a half-parsed value.
#pragma once

#include <optional>
#include <string_view>

namespace normlab {

// [+-]digits[.digits][(e|E)[+-]digits] (a leading or trailing '.' is allowed: ".5", "5."). Returns
// nullopt for anything else and for values beyond double's range; tiny values read as the nearest
// subnormal or a signed zero, as strtod reads them.
std::optional<double> parse_decimal(std::string_view text);

// [+-]digits within long long's range; nullopt otherwise ("1e3" and "1.0" are not whole numbers here).
std::optional<long long> parse_whole(std::string_view text);

// What parse_decimal accepts, for error messages: "a decimal number such as 0.001 or 1e-5".
inline constexpr const char* kDecimalHint = "a decimal number such as 0.001 or 1e-5";

}  // namespace normlab
