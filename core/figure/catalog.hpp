// What a figure catalog entry is: a named figure with documented default parameters and a builder.
// The list of entries lives one level up, in core/catalog/ (it gathers figures from every concept:
// numerics here, lessons, the transformer), so that this library depends on none of them.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "figure/figure.hpp"

namespace normlab::figure {

// Parameter values by key (all strings, as typed after --set key=value), with typed, checked access.
// Every accessor throws std::invalid_argument naming the key and the bad value.
class FigureParameters {
 public:
  explicit FigureParameters(std::map<std::string, std::string> values) : values_(std::move(values)) {}
  const std::string& text(const std::string& key) const;
  double number(const std::string& key) const;                              // any finite number
  double number_in(const std::string& key, double low, double high) const;  // within [low, high]
  long long integer(const std::string& key, long long low, long long high) const;

 private:
  std::map<std::string, std::string> values_;
};

struct FigureParameter {
  std::string key;
  std::string default_value;
  std::string description;  // what it controls, in words (shown by `normlab-cli export --list`)
};

struct CatalogEntry {
  std::string name;         // kebab-case, e.g. "moments-cancellation"
  std::string description;  // one line
  std::vector<FigureParameter> parameters;
  std::function<Figure(const FigureParameters&)> build;
};

}  // namespace normlab::figure
