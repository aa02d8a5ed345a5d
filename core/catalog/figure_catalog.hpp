// The figure catalog: every figure NormLab can show or export, by name, with documented default
// parameters. `normlab-cli export` and the app's export buttons build figures through it, so the
// command line reproduces exactly what a panel shows. The list itself is explicit, in figure_catalog.cpp.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "figure/catalog.hpp"

namespace normlab::figure {

const std::vector<CatalogEntry>& figure_catalog();

// Throws std::invalid_argument naming the unknown figure and listing the known ones.
const CatalogEntry& find_catalog_entry(const std::string& name);

// Builds `name` with its defaults overridden by `overrides` (key -> value). Unknown keys and bad values
// throw std::invalid_argument naming them.
Figure build_catalog_figure(const std::string& name,
                            const std::map<std::string, std::string>& overrides = {});

}  // namespace normlab::figure
