// Shared by the axis-flip tests: the variants and shapes every property is checked on.
#pragma once

#include <string>
#include <vector>

#include "lessons/axis_flip.hpp"

namespace normlab::lessons::testing {

struct Case {
  AxisFlipSettings settings;
  Shape shape;
  std::string name() const {
    std::string text = norm_kind_name(settings.kind);
    if (settings.kind == NormKind::group) text += "-G" + std::to_string(settings.groups);
    return text + shape_to_string(shape);
  }
};

inline AxisFlipSettings settings_of(NormKind kind, std::size_t groups = 2) {
  AxisFlipSettings settings;
  settings.kind = kind;
  settings.groups = groups;
  settings.gamma = 1.5;   // not the defaults, so the affine part is exercised
  settings.beta = -0.25;
  return settings;
}

// Every variant on every shape it accepts: 2-D for BN/LN/RMS/GN, 3-D for all five, with batch 1 and
// odd sizes.
inline std::vector<Case> all_cases() {
  std::vector<Case> cases;
  const std::vector<Shape> matrices = {{8, 6}, {5, 7}, {1, 6}, {3, 1}, {64, 64}};
  const std::vector<Shape> cubes = {{3, 4, 5}, {2, 6, 3}, {1, 4, 1}};
  for (const NormKind kind : {NormKind::batch, NormKind::layer, NormKind::rms}) {
    for (const auto& shape : matrices) cases.push_back({settings_of(kind), shape});
    for (const auto& shape : cubes) cases.push_back({settings_of(kind), shape});
  }
  for (const std::size_t groups : {1, 2}) {
    for (const auto& shape : cubes) cases.push_back({settings_of(NormKind::group, groups), shape});
    cases.push_back({settings_of(NormKind::group, groups), {8, 6}});
  }
  for (const auto& shape : cubes) cases.push_back({settings_of(NormKind::instance), shape});
  return cases;
}

}  // namespace normlab::lessons::testing
