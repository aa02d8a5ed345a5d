#include "figure/figure.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "io/untrusted_text.hpp"

namespace normlab::figure {

Color color_from_hex(unsigned rgb, float alpha) {
  return Color{((rgb >> 16) & 0xFF) / 255.0f, ((rgb >> 8) & 0xFF) / 255.0f, (rgb & 0xFF) / 255.0f, alpha};
}

Color with_alpha(Color color, float alpha) {
  color.alpha = alpha;
  return color;
}

Color mix(Color from, Color to, float amount) {
  const auto blend = [amount](float a, float b) { return a + (b - a) * amount; };
  return Color{blend(from.red, to.red), blend(from.green, to.green), blend(from.blue, to.blue),
               blend(from.alpha, to.alpha)};
}

namespace {

// Colour stops, evenly spaced, interpolated linearly in sRGB. BuRd is Paul Tol's diverging scheme
// (https://personal.sron.nl/~pault/, "BuRd"); the sequential stops sample viridis at ninths.
constexpr std::array<unsigned, 9> kDivergingStops = {0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7,
                                                     0xFDDBC7, 0xF4A582, 0xD6604D, 0xB2182B};
constexpr std::array<unsigned, 9> kSequentialStops = {0x440154, 0x472C7A, 0x3B518B, 0x2C718E, 0x21908D,
                                                      0x27AD81, 0x5CC863, 0xAADC32, 0xFDE725};

Color interpolate_stops(const std::array<unsigned, 9>& stops, double position) {
  const double scaled = std::clamp(position, 0.0, 1.0) * double(stops.size() - 1);
  const std::size_t lower = std::min(std::size_t(scaled), stops.size() - 2);
  return mix(color_from_hex(stops[lower]), color_from_hex(stops[lower + 1]), float(scaled - double(lower)));
}

}  // namespace

Color colormap_color(Colormap colormap, double position) {
  if (std::isnan(position)) return color_from_hex(0x999999);
  return interpolate_stops(colormap == Colormap::diverging ? kDivergingStops : kSequentialStops, position);
}

std::string colormap_name(Colormap colormap) {
  return colormap == Colormap::diverging ? "diverging (blue-white-red)" : "sequential (viridis)";
}

namespace {

// Paul Tol's "bright" qualitative scheme: distinguishable with the common colour-vision deficiencies.
std::vector<Color> tol_bright() {
  return {color_from_hex(0x4477AA), color_from_hex(0xEE6677), color_from_hex(0x228833),
          color_from_hex(0xCCBB44), color_from_hex(0x66CCEE), color_from_hex(0xAA3377),
          color_from_hex(0xBBBBBB)};
}

}  // namespace

Theme light_theme() {
  Theme theme;
  theme.name = "light";
  theme.background = color_from_hex(0xFFFFFF);
  theme.plot_background = color_from_hex(0xFFFFFF);
  theme.text = color_from_hex(0x1A1A1A);
  theme.muted_text = color_from_hex(0x555555);
  theme.axis = color_from_hex(0x333333);
  theme.grid = color_from_hex(0xDDDDDD);
  theme.highlight = color_from_hex(0x111111);
  theme.series_colors = tol_bright();
  // Yellow on white is too faint on a projector: darken it for the light theme.
  theme.series_colors[3] = color_from_hex(0xAA9922);
  return theme;
}

Theme dark_theme() {
  Theme theme;
  theme.name = "dark";
  theme.background = color_from_hex(0x1E1F22);
  theme.plot_background = color_from_hex(0x26282C);
  theme.text = color_from_hex(0xECECEC);
  theme.muted_text = color_from_hex(0xB0B0B0);
  theme.axis = color_from_hex(0xC8C8C8);
  theme.grid = color_from_hex(0x3C3F44);
  theme.highlight = color_from_hex(0xFFD84D);
  theme.series_colors = tol_bright();
  theme.series_colors[0] = color_from_hex(0x6F9BD1);  // Tol's blue lifted for contrast on dark grey
  return theme;
}

Theme theme_by_name(const std::string& name) {
  if (name == "light") return light_theme();
  if (name == "dark") return dark_theme();
  throw std::invalid_argument("unknown theme '" + printable_excerpt(name) + "' (choose light or dark)");
}

Annotation horizontal_line(double y, std::string text) {
  Annotation note;
  note.kind = AnnotationKind::horizontal_line;
  note.y = y;
  note.text = std::move(text);
  return note;
}

Annotation vertical_line(double x, std::string text) {
  Annotation note;
  note.kind = AnnotationKind::vertical_line;
  note.x = x;
  note.text = std::move(text);
  return note;
}

Annotation text_note(double x, double y, std::string text) {
  Annotation note;
  note.x = x, note.y = y;
  note.text = std::move(text);
  return note;
}

Axis make_axis(std::string label, AxisScale scale) {
  Axis axis;
  axis.label = std::move(label);
  axis.scale = scale;
  return axis;
}

std::string series_name(const Series& series) {
  return std::visit([](const auto& item) { return item.name; }, series);
}

std::string series_kind_name(const Series& series) {
  static const std::array<const char*, 5> names = {"line", "markers", "bars", "heatmap", "band"};
  return names[series.index()];
}

std::vector<const Figure*> figure_plots(const Figure& figure) {
  std::vector<const Figure*> plots;
  if (figure.panels.empty()) {
    plots.push_back(&figure);
  } else {
    for (const auto& panel : figure.panels) plots.push_back(&panel);
  }
  return plots;
}

}  // namespace normlab::figure
