#include "figure/catalog.hpp"

#include <cmath>
#include <optional>
#include <stdexcept>

#include "io/parse_number.hpp"
#include "io/untrusted_text.hpp"

namespace normlab::figure {

const std::string& FigureParameters::text(const std::string& key) const {
  const auto found = values_.find(key);
  if (found == values_.end()) throw std::invalid_argument("figure parameter '" + printable_excerpt(key) + "' is not set");
  return found->second;
}

double FigureParameters::number(const std::string& key) const {
  const std::string& value = text(key);
  const std::optional<double> parsed = parse_decimal(value);
  if (!parsed) {
    throw std::invalid_argument("parameter " + key + "='" + printable_excerpt(value) + "' is not " + kDecimalHint +
                                " (finite, not hex)");
  }
  return *parsed;
}

double FigureParameters::number_in(const std::string& key, double low, double high) const {
  const double value = number(key);
  if (value < low || value > high) {
    throw std::invalid_argument("parameter " + key + "=" + printable_excerpt(text(key)) + " is outside [" + std::to_string(low) +
                                ", " + std::to_string(high) + "]");
  }
  return value;
}

long long FigureParameters::integer(const std::string& key, long long low, long long high) const {
  const double value = number(key);
  if (value != std::floor(value))
    throw std::invalid_argument("parameter " + key + "=" + printable_excerpt(text(key)) + " is not a whole number");
  if (value < double(low) || value > double(high)) {
    throw std::invalid_argument("parameter " + key + "=" + printable_excerpt(text(key)) + " is outside " + std::to_string(low) +
                                ".." + std::to_string(high));
  }
  return static_cast<long long>(value);
}

}  // namespace normlab::figure
