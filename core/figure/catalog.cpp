#include "figure/catalog.hpp"

#include <cmath>
#include <cstdlib>
#include <stdexcept>


namespace normlab::figure {

const std::string& FigureParameters::text(const std::string& key) const {
  const auto found = values_.find(key);
  if (found == values_.end()) throw std::invalid_argument("figure parameter '" + key + "' is not set");
  return found->second;
}

double FigureParameters::number(const std::string& key) const {
  const std::string& value = text(key);
  char* end = nullptr;
  const double parsed = std::strtod(value.c_str(), &end);
  if (value.empty() || end != value.c_str() + value.size() || !std::isfinite(parsed)) {
    throw std::invalid_argument("parameter " + key + "='" + value + "' is not a finite number");
  }
  return parsed;
}

double FigureParameters::number_in(const std::string& key, double low, double high) const {
  const double value = number(key);
  if (value < low || value > high) {
    throw std::invalid_argument("parameter " + key + "=" + text(key) + " is outside [" + std::to_string(low) +
                                ", " + std::to_string(high) + "]");
  }
  return value;
}

long long FigureParameters::integer(const std::string& key, long long low, long long high) const {
  const double value = number(key);
  if (value != std::floor(value))
    throw std::invalid_argument("parameter " + key + "=" + text(key) + " is not a whole number");
  if (value < double(low) || value > double(high)) {
    throw std::invalid_argument("parameter " + key + "=" + text(key) + " is outside " + std::to_string(low) +
                                ".." + std::to_string(high));
  }
  return static_cast<long long>(value);
}

}  // namespace normlab::figure
