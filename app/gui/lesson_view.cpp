#include "gui/lesson_view.hpp"

#include <imgui.h>

#include <vector>

#include "lessons/lesson_text.hpp"

namespace normlab::gui {
namespace {

using lessons::SpanStyle;

// A word as drawn: pieces of one or more styles with no space between them ("√d" then ".").
struct Piece {
  SpanStyle style;
  std::string text;
};
struct Word {
  std::vector<Piece> pieces;
  bool space_before = false;
};

std::vector<Word> words_of(const std::vector<lessons::TextSpan>& spans) {
  std::vector<Word> words;
  bool pending_space = false;
  for (const lessons::TextSpan& span : spans) {
    std::size_t index = 0;
    while (index < span.text.size()) {
      if (span.text[index] == ' ') {
        pending_space = true;
        ++index;
        continue;
      }
      std::size_t end = span.text.find(' ', index);
      if (end == std::string::npos) end = span.text.size();
      const bool glue = !words.empty() && !pending_space;  // "√d" then "." stay together
      if (glue) {
        words.back().pieces.push_back({span.style, span.text.substr(index, end - index)});
      } else {
        words.push_back({{{span.style, span.text.substr(index, end - index)}}, !words.empty()});
      }
      pending_space = false;
      index = end;
    }
  }
  return words;
}

// Strong text is bold unless the bold face is larger than the body (presenting, the body is the small
// face): then it keeps the body's size and stands out by colour instead.
bool bold_fits(const FontSet& fonts) { return fonts.bold->FontSize <= fonts.body->FontSize * 1.05f; }
ImFont* font_for(SpanStyle style, const FontSet& fonts) {
  return style == SpanStyle::strong && bold_fits(fonts) ? fonts.bold : fonts.body;
}

float piece_width(const Piece& piece, const FontSet& fonts) {
  ImFont* font = font_for(piece.style, fonts);
  return font->CalcTextSizeA(font->FontSize, 1e9f, 0.0f, piece.text.c_str()).x;
}

void draw_words(const std::vector<Word>& words, const FontSet& fonts, const Palette& palette, float left, float right) {
  const float space = fonts.body->CalcTextSizeA(fonts.body->FontSize, 1e9f, 0.0f, " ").x;
  float x = left;
  bool line_start = true;
  for (const Word& word : words) {
    float width = 0;
    for (const Piece& piece : word.pieces) width += piece_width(piece, fonts);
    if (!line_start) {
      const float gap = word.space_before ? space : 0.0f;
      if (x + gap + width > right) {
        line_start = true;
      } else {
        ImGui::SameLine(0, 0);
        x += gap;
        ImGui::SetCursorPosX(x);
      }
    }
    if (line_start) {
      ImGui::SetCursorPosX(left);
      x = left;
    }
    for (std::size_t index = 0; index < word.pieces.size(); ++index) {
      const Piece& piece = word.pieces[index];
      if (index > 0) ImGui::SameLine(0, 0);
      ImGui::PushFont(font_for(piece.style, fonts));
      const bool coloured = piece.style == SpanStyle::emphasis || piece.style == SpanStyle::math ||
                            (piece.style == SpanStyle::strong && !bold_fits(fonts));
      if (coloured) ImGui::PushStyleColor(ImGuiCol_Text, piece.style == SpanStyle::math ? palette.text : palette.accent);
      ImGui::TextUnformatted(piece.text.c_str());
      if (coloured) ImGui::PopStyleColor();
      ImGui::PopFont();
    }
    x += width;
    line_start = false;
  }
}

}  // namespace

void draw_lesson_text(std::string_view markdown, const FontSet& fonts, const Palette& palette) {
  std::vector<lessons::TextBlock> blocks;
  try {
    blocks = lessons::parse_lesson_text(markdown);
  } catch (const std::invalid_argument&) {
    blocks = {{lessons::BlockKind::paragraph, 0, {{SpanStyle::plain, std::string(markdown)}}}};
  }
  const float left = ImGui::GetCursorPosX();
  const float right = left + ImGui::GetContentRegionAvail().x;
  const float indent = ImGui::GetFontSize() * 1.3f;
  for (std::size_t index = 0; index < blocks.size(); ++index) {
    const lessons::TextBlock& block = blocks[index];
    const bool item = block.kind != lessons::BlockKind::paragraph;
    if (index > 0 && !(item && blocks[index - 1].kind != lessons::BlockKind::paragraph)) {
      ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() * 0.35f));
    }
    if (item) {
      ImGui::SetCursorPosX(left);
      const std::string marker = block.kind == lessons::BlockKind::bullet ? "•" : std::to_string(block.number) + ".";
      ImGui::TextColored(palette.muted_text, "%s", marker.c_str());
      ImGui::SameLine(0, 0);
    }
    draw_words(words_of(block.spans), fonts, palette, item ? left + indent : left, right);
  }
  ImGui::SetCursorPosX(left);
}

void draw_question(const lessons::LessonQuestion& question, const QuestionState& state, bool computing,
                   const FontSet& fonts, const Palette& palette, float scale,
                   const std::function<void(const std::string&)>& answer, QuestionState& editable) {
  const lessons::Exercise* exercise = lessons::find_exercise(question.exercise);
  if (exercise == nullptr) return;  // refused at load
  const bool prediction = question.kind == lessons::QuestionKind::prediction;
  const bool done = state.correct || (prediction && state.tries > 0);
  ImGui::PushFont(fonts.bold);
  ImGui::TextColored(palette.accent, "%s", prediction ? "PREDICT FIRST" : "QUESTION");
  ImGui::PopFont();
  draw_lesson_text(question.prompt, fonts, palette);
  ImGui::BeginDisabled(done || computing);
  bool submit = false;
  if (question.kind == lessons::QuestionKind::numeric) {
    ImGui::SetNextItemWidth(160.0f * scale);
    submit = ImGui::InputText("##answer", editable.typed.data(), editable.typed.size(),
                              ImGuiInputTextFlags_CharsScientific | ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    submit = ImGui::Button("Check") || submit;
    if (submit) answer(editable.typed.data());
  } else {
    for (int index = 0; index < static_cast<int>(exercise->choices.size()); ++index) {
      ImGui::PushID(index);
      if (ImGui::RadioButton(exercise->choices[static_cast<std::size_t>(index)].c_str(), editable.chosen == index)) {
        editable.chosen = index;
      }
      ImGui::PopID();
    }
    ImGui::BeginDisabled(editable.chosen < 0);
    if (ImGui::Button(prediction ? "Commit my prediction" : "Check")) answer(std::to_string(editable.chosen));
    ImGui::EndDisabled();
  }
  ImGui::EndDisabled();
  if (computing) {
    ImGui::TextColored(palette.muted_text, "%s",
                       question.exercise == "rms-layer-time-ratio" ? "Measuring on this machine..." : "Computing the answer...");
  }
  if (!state.error.empty()) ImGui::TextColored(palette.error, "Could not compute the answer: %s", state.error.c_str());
  if (!state.message.empty()) {  // laid out by words, so "0.93" is never split at its point
    ImGui::PushStyleColor(ImGuiCol_Text, state.correct ? palette.good : prediction ? palette.text : palette.error);
    draw_lesson_text(state.message, fonts, palette);
    ImGui::PopStyleColor();
  }
  if (!state.correct && !prediction && state.tries >= 1) {
    ImGui::PushFont(fonts.bold);
    ImGui::TextUnformatted("Hint");
    ImGui::PopFont();
    draw_lesson_text(question.hint, fonts, palette);
    if (!state.show_worked && ImGui::SmallButton("Show the worked answer")) editable.show_worked = true;
  }
  if (state.show_worked && state.answer) {
    ImGui::PushFont(fonts.bold);
    ImGui::TextUnformatted("Worked answer");
    ImGui::PopFont();
    draw_lesson_text(state.answer->worked, fonts, palette);
  }
  if (state.scroll_to_verdict > 0) {  // the verdict and what follows it, in view (a long step scrolls)
    ImGui::SetScrollHereY(1.0f);
    --editable.scroll_to_verdict;
  }
}

}  // namespace normlab::gui
