// Lessons as data: a lesson is a JSON file (assets/lessons/<id>.json) of steps, each a short text, the
// panel and step to show, the parameter values to set on that panel, what to notice, and optionally a
// question whose answer an exercise of core/lessons/exercises computes. This file reads and checks what
// core can check (the shape of the file, the text's markup, the exercise and its inputs); whether the
// panel, step and parameters exist is the app's to check, since only the app knows its panels.
// Every problem names the file, the line and what is wrong ("lessons/x.json:14: ..."), because a
// teacher edits these files by hand.
//
// The file:
//   {"id": "geometry", "title": "...", "minutes": 12, "summary": "...",
//    "steps": [{"id": "one-vector", "title": "...", "text": "Markdown subset",
//               "panel": "hypersphere", "step": "vector", "set": {"x1": 1, ...},
//               "notice": "one line: what to look at",
//               "question": {"kind": "numeric" | "choice" | "prediction", "prompt": "...",
//                            "exercise": "layernorm-jacobian-rank", "inputs": {"d": 8},
//                            "hint": "...", "reveal": {"batch-size": 1}}}, ...]}
// "reveal" (predictions only): parameter values of the step's panel applied once the prediction is made.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "lessons/lesson_text.hpp"

namespace normlab::lessons {

enum class QuestionKind { numeric, choice, prediction };
const char* question_kind_name(QuestionKind kind);

struct LessonQuestion {
  QuestionKind kind = QuestionKind::numeric;
  std::string prompt;    // Markdown subset
  std::string exercise;  // id in exercise_registry()
  nlohmann::json inputs = nlohmann::json::object();  // the exercise's inputs (step "set" values fill the rest)
  std::string hint;      // shown after a first wrong answer
  nlohmann::json reveal = nlohmann::json::object();  // prediction: panel values applied after answering
};

struct LessonStep {
  std::string id;
  std::string title;
  std::string text;    // Markdown subset (lesson_text.hpp)
  std::string panel;   // panel id
  std::string panel_step;  // the panel's step id
  nlohmann::json set = nlohmann::json::object();  // parameter id -> value, for the panel
  std::string notice;  // one line
  std::optional<LessonQuestion> question;
};

struct Lesson {
  std::string file;  // as given to parse_lesson (for messages)
  std::string id;
  std::string title;
  int minutes = 0;
  std::string summary;
  std::vector<LessonStep> steps;
  std::map<std::string, int> lines;  // JSON pointer ("/steps/2/set/rows") -> 1-based line in the file

  // The line of the value at `pointer`, else of its nearest enclosing value (1 at worst).
  int line_of(const std::string& pointer) const;
  // "file:line: what".
  std::string problem(const std::string& pointer, const std::string& what) const;
};

// A problem in a lesson file; what() is "file:line: what is wrong", one line.
class LessonError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Parses and checks one lesson. `file` names it in messages. Throws LessonError.
Lesson parse_lesson(const std::string& text, const std::string& file);
Lesson load_lesson_file(const std::string& path);

struct Course {
  std::vector<Lesson> lessons;       // sorted by file name
  std::vector<std::string> refused;  // one line per refused file: "file:line: what"
};
// Every *.json in `directory`; a bad file is refused (its message kept) and the others still load. Two
// lessons with one id: the second is refused.
Course load_course(const std::string& directory);

// The JSON pointer of step `step` ("/steps/3"), for messages.
std::string step_pointer(std::size_t step);

}  // namespace normlab::lessons
