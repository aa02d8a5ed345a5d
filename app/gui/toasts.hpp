// Short messages in the corner of the window: where an export went, what failed. Errors reach the
// user here instead of ending the app.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "gui/theme.hpp"

namespace normlab::gui {

enum class ToastKind { info, success, error };

struct Toast {
  ToastKind kind = ToastKind::info;
  std::string text;
  double shown_until_s = 0.0;
};

class Toasts {
 public:
  void post(ToastKind kind, std::string text, double now_s, double duration_s = 6.0);
  // Drops expired toasts; the latest is kept for the status line.
  void expire(double now_s);
  const std::vector<Toast>& active() const { return toasts_; }
  const std::string& last_text() const { return last_text_; }

 private:
  std::vector<Toast> toasts_;
  std::string last_text_;
};

// Splits text into lines no wider than max_width, breaking only at spaces (ImGui's own wrapping also
// breaks after '.', which split "0.85x" across lines). A word wider than max_width gets a line of its
// own. width_of measures a piece of text in the units of max_width.
std::vector<std::string> wrap_at_spaces(std::string_view text, float max_width,
                                        const std::function<float(std::string_view)>& width_of);

// Draws the active toasts stacked in the bottom-right corner of the main viewport.
void draw_toasts(const Toasts& toasts, const Palette& palette, float scale, float bottom_margin);

}  // namespace normlab::gui
