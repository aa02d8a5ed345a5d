// The figure catalog: every figure NormLab can show or export, by name, with documented default
// parameters. `normlab-cli export` and the app's export buttons build figures through it, so the
// command line reproduces exactly what a panel shows. The list itself is explicit, in catalog.cpp.
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

const std::vector<CatalogEntry>& figure_catalog();

// Throws std::invalid_argument naming the unknown figure and listing the known ones.
const CatalogEntry& find_catalog_entry(const std::string& name);

// Builds `name` with its defaults overridden by `overrides` (key -> value). Unknown keys and bad values
// throw std::invalid_argument naming them.
Figure build_catalog_figure(const std::string& name,
                            const std::map<std::string, std::string>& overrides = {});

}  // namespace normlab::figure
