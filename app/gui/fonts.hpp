// Fonts rasterized at the current UI scale. The atlas is rebuilt whenever the scale changes, so text
// stays crisp at every zoom and in presentation mode (never FontGlobalScale-stretched).
#pragma once

#include <imgui.h>

#include <string>

namespace normlab::gui {

struct FontSet {
  ImFont* body = nullptr;
  ImFont* bold = nullptr;
  ImFont* mono = nullptr;
  ImFont* heading = nullptr;  // panel titles
  ImFont* large = nullptr;    // between body and heading: text that is a step's central object
  ImFont* small = nullptr;    // status bar, sources, axis notes
  float pixel_scale = 1.0f;   // the scale the atlas was built for
  bool real_font = false;     // false: DejaVu was missing and ImGui's built-in font is used
  std::string note;           // why the fallback was taken, shown in the status bar
};

// Body text size in pixels at scale 1; every other size is derived from it.
inline constexpr float kBodyPixels = 18.0f;

// Clears io.Fonts and adds the set at `pixel_scale`, then builds the CPU-side atlas. The caller (the GL
// seam) re-uploads the texture. The DejaVu folder can be overridden for tests via NORMLAB_FONT_DIR.
FontSet build_fonts(float pixel_scale);

}  // namespace normlab::gui
