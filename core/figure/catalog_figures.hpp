// Builders of the catalog's figures (internal to core/figure; the catalog in catalog.cpp names them).
// Each computes everything it shows from core/ numerics: no number in a figure is typed in.
#pragma once

#include "figure/catalog.hpp"

namespace normlab::figure::catalog_figures {

// figures_numerics.cpp
Figure moments_cancellation(const FigureParameters& parameters);
Figure layernorm_heatmap(const FigureParameters& parameters);
Figure jacobian_spectrum(const FigureParameters& parameters);

}  // namespace normlab::figure::catalog_figures
