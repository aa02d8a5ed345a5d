// The lesson runner: the course (assets/lessons, read by core/lessons/course) shown beside the live
// panel each step sets up. A Lessons entry in the sidebar opens the list of lessons; a lesson shows its
// outline, the step's text, what to notice and its question, with Back / Next (PageUp / PageDown, also
// when presenting) and "Reset this step". A step sets its panel up through the panel's ParameterSet,
// as a saved demo does (defaults first, then the step's values), and the panel stays live to play with.
// Lessons are checked against the panels when they are loaded: a lesson naming an unknown panel, step
// or parameter, or a value out of range, is refused with its file and line, and the others still run.
// Progress (the step last shown, each answer) is written atomically to progress.json beside the settings.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gui/job.hpp"
#include "lessons/course.hpp"
#include "lessons/exercises.hpp"
#include "lessons/progress.hpp"

namespace normlab::gui {

struct ShellState;
struct FontSet;
struct Palette;

// What an exercise's answer is computed from: the job's key.
struct AnswerRequest {
  std::string exercise;
  nlohmann::json step_values;
  nlohmann::json inputs;
  bool operator==(const AnswerRequest&) const = default;
};

struct QuestionState {
  std::array<char, 64> typed{};  // numeric answers
  int chosen = -1;               // choice and prediction answers
  std::string pending;           // an answer waiting for the computed one
  int tries = 0;
  bool correct = false;
  bool show_worked = false;      // the worked answer is shown (right, a prediction made, or asked for)
  std::string message;           // the last verdict, for the student
  int scroll_to_verdict = 0;     // frames left to bring a new verdict into view (the scroll range lags a frame)
  std::optional<lessons::ExerciseAnswer> answer;
  std::string error;             // the exercise could not be computed
};

struct LessonRunner {
  std::vector<lessons::Lesson> lessons;  // the valid ones, in file order
  std::vector<std::string> refused;      // "file:line: what", one per refused file
  bool active = false;                   // the lesson page replaces the panel page
  int lesson = -1;                       // -1: the list of lessons
  int step = 0;
  int applied_lesson = -1, applied_step = -1;  // the step whose panel set-up was applied
  QuestionState question;
  Job<AnswerRequest, lessons::ExerciseAnswer> answer_job;
  lessons::Progress progress;
  std::string progress_path;             // empty: progress is not kept (tests, screenshots)
};

// $XDG_CONFIG_HOME/normlab/progress.json, else ~/.config/normlab/progress.json; empty when neither is set.
std::string default_progress_path();

// Checks `lesson` against the shell's panels; throws lessons::LessonError ("file:line: what").
void validate_lesson(const ShellState& shell, const lessons::Lesson& lesson);
// Loads and validates every lesson in `directory` into shell.lessons (created if absent), reading
// progress from `progress_path` (empty: none). Refused lessons are kept as messages and toasted.
void load_lessons(ShellState& shell, const std::string& directory, const std::string& progress_path);

// Shows lesson `id` at step `step` (an index from 0 or a step id); throws std::invalid_argument naming
// the lessons or steps there are.
void open_lesson(ShellState& shell, std::string_view id, std::string_view step);
// Whether the lesson page (list or lesson) is what the main area shows.
bool lesson_page_shown(const ShellState& shell);
void leave_lessons(ShellState& shell);
void lesson_forward(ShellState& shell);
void lesson_back(ShellState& shell);
// Sets the step's panel up again as the step says (its parameters, its step) and clears the question.
void reset_lesson_step(ShellState& shell);
// Answers the current step's question as if typed or chosen ("7", or a choice's index from 0).
void answer_lesson_question(ShellState& shell, const std::string& response);

// The "Lessons" entry at the top of the sidebar.
void draw_lesson_sidebar_entry(ShellState& shell, const FontSet& fonts, const Palette& palette);
// The lesson page, in the current window: the list of lessons, or a lesson beside its live panel.
void draw_lesson_page(ShellState& shell, const FontSet& fonts, const Palette& palette);

// Presenting: the heading ("Lessons", or the lesson's title) and where the lesson is ("Step 2 of 8").
std::string lesson_heading(const ShellState& shell);
std::string lesson_position(const ShellState& shell);

// `normlab --list-lessons`: "id  title" per line.
std::string lesson_listing(const LessonRunner& runner);

}  // namespace normlab::gui
