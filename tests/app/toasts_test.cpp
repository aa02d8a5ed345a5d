// Toast text is wrapped at spaces only: ImGui's wrapping breaks after '.', which split a ratio such as
// "0.85x" across two lines of the benchmark's end-of-run toast.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "gui/toasts.hpp"

namespace normlab::gui {
namespace {

// One unit per character, so widths are easy to reason about.
float characters(std::string_view text) { return static_cast<float>(text.size()); }

TEST(Toasts, WrapBreaksOnlyAtSpaces) {
  const std::vector<std::string> lines = wrap_at_spaces("forward 1.10x and RMSNorm 0.85x of memcpy", 16, characters);
  EXPECT_EQ(lines, (std::vector<std::string>{"forward 1.10x", "and RMSNorm", "0.85x of memcpy"}));
  for (const std::string& line : lines) EXPECT_LE(line.size(), 16u) << line;
}

TEST(Toasts, WrapKeepsShortTextLongWordsAndEmptyText) {
  EXPECT_EQ(wrap_at_spaces("done", 16, characters), (std::vector<std::string>{"done"}));
  EXPECT_EQ(wrap_at_spaces("saved /home/teacher/slides/figure.svg", 16, characters),
            (std::vector<std::string>{"saved", "/home/teacher/slides/figure.svg"}));
  EXPECT_EQ(wrap_at_spaces("", 16, characters), (std::vector<std::string>{""}));
}

}  // namespace
}  // namespace normlab::gui
