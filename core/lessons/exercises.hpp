// Exercises with checked answers: each is a registered function that COMPUTES the expected answer from
// its inputs with NormLab's own numerics (the Jacobian code, the norm engine, the depth probe, the
// kernel benchmark, DeepNorm's table), so no answer is ever typed into a lesson file. A lesson's
// question names an exercise and sets its inputs; the runner shows the exercise's choices (known
// before anything is computed, so a prediction can be asked first), computes the answer when the
// student answers, judges it, and shows the computed worked answer.
//
// Inputs are declared through params::ParameterSet, so a lesson naming an unknown input or an
// out-of-range value is refused exactly as a panel's parameters are.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "params/parameters.hpp"

namespace normlab::lessons {

enum class AnswerKind { number, choice };

struct ExerciseAnswer {
  AnswerKind kind = AnswerKind::number;
  double value = 0;       // number: the expected value
  double tolerance = 0;   // number: accepted when |given - value| <= tolerance
  int correct_choice = -1;  // choice: index into the exercise's choices
  std::string shown;      // the answer as shown: "7", "it changes"
  std::string worked;     // the worked answer, its numbers computed (Markdown subset)
};

// An exercise's inputs: values bound to a ParameterSet (numbers, whole numbers, words).
class ExerciseInputs {
 public:
  void number(std::string id, double value, double low, double high, std::string description);
  void integer(std::string id, int value, int low, int high, std::string description);
  void word(std::string id, std::string value, std::vector<std::string> words, std::string description);

  double number(std::string_view id) const;
  int integer(std::string_view id) const;
  std::string word(std::string_view id) const;

  params::ParameterSet& parameters() { return parameters_; }
  const params::ParameterSet& parameters() const { return parameters_; }

 private:
  // Deques: the set binds to the elements by reference, and deques never move them.
  std::deque<double> numbers_;
  std::deque<int> integers_;
  std::deque<std::string> words_;
  params::ParameterSet parameters_;
};

struct Exercise {
  std::string id;       // kebab-case: "layernorm-jacobian-rank"
  std::string summary;  // one line: what it asks
  AnswerKind kind = AnswerKind::number;
  std::vector<std::string> choices;  // choice: the options, in order
  std::function<void(ExerciseInputs&)> declare;
  std::function<ExerciseAnswer(const ExerciseInputs&)> compute;
};

const std::vector<Exercise>& exercise_registry();
const Exercise* find_exercise(std::string_view id);  // nullptr when none has this id
std::string exercise_id_list();                       // "a, b, ...": for messages

// The exercise's inputs: its defaults, then the step's panel values whose ids match an input (the
// answer is computed at the step's parameters), then the question's own inputs, which must all be
// known. Throws std::invalid_argument naming the input, the value and what is allowed.
std::unique_ptr<ExerciseInputs> make_inputs(const Exercise& exercise, const nlohmann::json& step_values,
                                            const nlohmann::json& question_inputs);
ExerciseAnswer compute_answer(const Exercise& exercise, const nlohmann::json& step_values,
                              const nlohmann::json& question_inputs);

struct Verdict {
  bool understood = false;  // false: not a number, not one of the choices (nothing is counted)
  bool correct = false;
  std::string message;      // one line for the student
};

// `response`: a decimal number (numbers), or a choice's index from 0 (choices).
Verdict judge_answer(const Exercise& exercise, const ExerciseAnswer& answer, std::string_view response);

}  // namespace normlab::lessons
