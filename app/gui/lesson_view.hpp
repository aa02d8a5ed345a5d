// Drawing a lesson's parts (the lesson runner's page uses them): Markdown-subset text laid out word by
// word in the body, bold and accent fonts, wrapped at the column's edge; and a question with its
// answer field or options, the verdict, the hint after a wrong try and the computed worked answer.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "gui/fonts.hpp"
#include "gui/lesson_runner.hpp"
#include "gui/theme.hpp"

namespace normlab::gui {

// `markdown` in the lesson-text subset, wrapped at the current column's right edge. Text that does not
// parse (refused at load, so only from a computed worked answer) is shown as it is.
void draw_lesson_text(std::string_view markdown, const FontSet& fonts, const Palette& palette);

// The question of `step`; `answer` is called with the student's response ("0.5", or a choice's index).
void draw_question(const lessons::LessonQuestion& question, const QuestionState& state, bool computing,
                   const FontSet& fonts, const Palette& palette, float scale,
                   const std::function<void(const std::string&)>& answer, QuestionState& editable);

}  // namespace normlab::gui
