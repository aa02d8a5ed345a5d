#include "gui/fonts.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>

namespace normlab::gui {
namespace {

// Latin, Greek (mu, sigma, gamma, beta, epsilon), general punctuation (dashes, bullets), superscripts,
// arrows and mathematical operators (square root, approx, minus): what the panels' formulas use; combining
// marks (the hat of x̂, drawn over the letter before it) and phonetic superscripts (the T of Jᵀ).
const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF, 0x0300, 0x036F, 0x0370, 0x03FF, 0x1D00, 0x1DBF, 0x2000, 0x206F, 0x2070, 0x209F,
    0x2190, 0x21FF, 0x2200, 0x22FF, 0x25A0, 0x25FF, 0,
};

std::string font_dir() {
  if (const char* dir = std::getenv("NORMLAB_FONT_DIR"); dir != nullptr) return dir;
  return "/usr/share/fonts/truetype/dejavu";
}

ImFont* add_font(const std::string& file, float pixels, ImFont* fallback) {
  if (!std::filesystem::exists(file)) return fallback;
  ImFontConfig config;
  config.OversampleH = 2;
  config.OversampleV = 1;
  config.PixelSnapH = true;
  ImFont* font = ImGui::GetIO().Fonts->AddFontFromFileTTF(file.c_str(), pixels, &config, kGlyphRanges);
  return font != nullptr ? font : fallback;
}

}  // namespace

FontSet build_fonts(float pixel_scale) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  FontSet fonts;
  fonts.pixel_scale = pixel_scale;
  const std::string dir = font_dir();
  const std::string regular = dir + "/DejaVuSans.ttf";
  const float body_pixels = std::round(kBodyPixels * pixel_scale);
  if (std::filesystem::exists(regular)) {
    fonts.body = add_font(regular, body_pixels, nullptr);
  }
  if (fonts.body == nullptr) {
    ImFontConfig config;
    config.SizePixels = body_pixels;
    fonts.body = atlas->AddFontDefault(&config);
    fonts.bold = fonts.mono = fonts.heading = fonts.large = fonts.small = fonts.body;
    fonts.note = "DejaVu Sans not found in " + dir + " (install fonts-dejavu-core); using ImGui's font";
  } else {
    fonts.real_font = true;
    fonts.bold = add_font(dir + "/DejaVuSans-Bold.ttf", body_pixels, fonts.body);
    fonts.mono = add_font(dir + "/DejaVuSansMono.ttf", std::round(body_pixels * 0.95f), fonts.body);
    fonts.heading = add_font(dir + "/DejaVuSans-Bold.ttf", std::round(body_pixels * 1.6f), fonts.bold);
    fonts.small = add_font(regular, std::round(body_pixels * 0.85f), fonts.body);
    fonts.large = add_font(regular, std::round(body_pixels * 1.3f), fonts.body);
  }
  atlas->Build();
  return fonts;
}

}  // namespace normlab::gui
