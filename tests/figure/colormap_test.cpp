// Colormaps: endpoints and midpoint are the published stops; the sequential map rises in lightness.
#include <gtest/gtest.h>

#include <cmath>

#include "figure/figure.hpp"

namespace normlab::figure {
namespace {

void expect_color(Color actual, unsigned rgb) {
  const Color expected = color_from_hex(rgb);
  EXPECT_NEAR(actual.red, expected.red, 1e-6);
  EXPECT_NEAR(actual.green, expected.green, 1e-6);
  EXPECT_NEAR(actual.blue, expected.blue, 1e-6);
}

double luminance(Color color) { return 0.2126 * color.red + 0.7152 * color.green + 0.0722 * color.blue; }

TEST(Colormap, DivergingEndpointsAndWhiteMiddle) {
  expect_color(colormap_color(Colormap::diverging, 0.0), 0x2166AC);   // Tol BuRd: blue
  expect_color(colormap_color(Colormap::diverging, 0.5), 0xF7F7F7);   // near-white at zero
  expect_color(colormap_color(Colormap::diverging, 1.0), 0xB2182B);   // red
  expect_color(colormap_color(Colormap::diverging, -3.0), 0x2166AC);  // clamped
  expect_color(colormap_color(Colormap::diverging, 7.0), 0xB2182B);
}

TEST(Colormap, DivergingIsLightestAtTheMidpoint) {
  // White means zero: every other value is darker, more so the farther from the midpoint on each side.
  const double middle = luminance(colormap_color(Colormap::diverging, 0.5));
  for (double offset : {0.1, 0.25, 0.4, 0.5}) {
    EXPECT_LT(luminance(colormap_color(Colormap::diverging, 0.5 - offset)), middle);
    EXPECT_LT(luminance(colormap_color(Colormap::diverging, 0.5 + offset)), middle);
  }
  EXPECT_LT(luminance(colormap_color(Colormap::diverging, 0.0)),
            luminance(colormap_color(Colormap::diverging, 0.25)));
  EXPECT_LT(luminance(colormap_color(Colormap::diverging, 1.0)),
            luminance(colormap_color(Colormap::diverging, 0.75)));
}

TEST(Colormap, SequentialEndpointsAndMonotonicLightness) {
  expect_color(colormap_color(Colormap::sequential, 0.0), 0x440154);
  expect_color(colormap_color(Colormap::sequential, 1.0), 0xFDE725);
  double previous = -1;
  for (int step = 0; step <= 50; ++step) {
    const double current = luminance(colormap_color(Colormap::sequential, step / 50.0));
    EXPECT_GT(current, previous) << "step " << step;
    previous = current;
  }
}

TEST(Colormap, MidpointInterpolatesBetweenStops) {
  // Halfway between stops 0 (0x2166AC) and 1 (0x4393C3) of nine: position 1/16.
  const Color halfway = colormap_color(Colormap::diverging, 1.0 / 16.0);
  EXPECT_NEAR(halfway.red, (0x21 + 0x43) / 2.0 / 255.0, 1e-6);
  EXPECT_NEAR(halfway.blue, (0xAC + 0xC3) / 2.0 / 255.0, 1e-6);
  const Color not_a_number = colormap_color(Colormap::sequential, NAN);
  EXPECT_NEAR(not_a_number.red, not_a_number.green, 1e-6);  // grey, not a colour of the scale
}

TEST(Theme, ByNameAndUnknownName) {
  EXPECT_EQ(theme_by_name("dark").name, "dark");
  EXPECT_GT(luminance(theme_by_name("light").background), 0.9);
  EXPECT_LT(luminance(theme_by_name("dark").background), 0.2);
  EXPECT_THROW(theme_by_name("solarized"), std::invalid_argument);
}

}  // namespace
}  // namespace normlab::figure
