// The one number parser and the figure parameters built on it: what parse_decimal accepts is finite
// and equal to strtod's reading of the same text (bit for bit); what parse_whole accepts reads back to its text.
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "figure/catalog.hpp"
#include "fuzz_support.hpp"
#include "io/parse_number.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (const auto value = normlab::parse_decimal(text)) {
    if (!std::isfinite(*value)) std::abort();
    if (text.find('\0') != std::string::npos) std::abort();
    const double reference = std::strtod(text.c_str(), nullptr);
    if (reference != *value) std::abort();
  }
  if (const auto whole = normlab::parse_whole(text)) {
    if (text.find_first_not_of("+-0123456789") != std::string::npos) std::abort();
    if (std::strtoll(text.c_str(), nullptr, 10) != *whole) std::abort();
  }
  normlab::figure::FigureParameters parameters;
  parameters.declare_integer("key", 0, -1000, 1000, "a fuzzed whole number");
  try {
    parameters.set("key", text);
    if (parameters.integer("key") < -1000 || parameters.integer("key") > 1000) std::abort();
  } catch (const std::invalid_argument& error) {
    normlab::fuzz::require_one_clean_line(error.what());
  }
  return 0;
}
