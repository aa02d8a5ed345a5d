#include "lessons/exercises.hpp"

#include <cmath>
#include <stdexcept>

#include "io/parse_number.hpp"
#include "io/untrusted_text.hpp"
#include "lessons/axis_flip.hpp"

namespace normlab::lessons {

void ExerciseInputs::number(std::string id, double value, double low, double high, std::string description) {
  numbers_.push_back(value);
  parameters_.number(std::move(id), numbers_.back(), low, high, std::move(description));
}

void ExerciseInputs::integer(std::string id, int value, int low, int high, std::string description) {
  integers_.push_back(value);
  parameters_.integer(std::move(id), integers_.back(), low, high, std::move(description));
}

void ExerciseInputs::word(std::string id, std::string value, std::vector<std::string> words,
                          std::string description) {
  words_.push_back(std::move(value));
  std::vector<std::pair<std::string, std::string>> options;
  for (const std::string& option : words) options.emplace_back(option, option);
  parameters_.choice(std::move(id), words_.back(), std::move(options), std::move(description));
}

double ExerciseInputs::number(std::string_view id) const { return params::parse_number(parameters_.get(id), id); }
int ExerciseInputs::integer(std::string_view id) const {
  return static_cast<int>(params::parse_integer(parameters_.get(id), id));
}
std::string ExerciseInputs::word(std::string_view id) const { return parameters_.get(id); }

const Exercise* find_exercise(std::string_view id) {
  for (const Exercise& exercise : exercise_registry()) {
    if (exercise.id == id) return &exercise;
  }
  return nullptr;
}

std::string exercise_id_list() {
  std::string list;
  for (const Exercise& exercise : exercise_registry()) list += (list.empty() ? "" : ", ") + exercise.id;
  return list;
}

std::unique_ptr<ExerciseInputs> make_inputs(const Exercise& exercise, const nlohmann::json& step_values,
                                            const nlohmann::json& question_inputs) {
  auto inputs = std::make_unique<ExerciseInputs>();
  if (exercise.declare) exercise.declare(*inputs);
  params::ParameterSet& parameters = inputs->parameters();
  nlohmann::json values = nlohmann::json::object();
  if (step_values.is_object()) {
    for (const auto& [key, value] : step_values.items()) {
      if (parameters.find(key) != nullptr) values[key] = value;
    }
  }
  if (!question_inputs.is_null() && !question_inputs.is_object()) {
    throw std::invalid_argument("\"inputs\" must be an object of input: value");
  }
  if (question_inputs.is_object()) {
    for (const auto& [key, value] : question_inputs.items()) {
      if (parameters.find(key) == nullptr) {
        std::string known;
        for (const params::Spec& spec : parameters.specs()) known += (known.empty() ? "" : ", ") + spec.id;
        throw std::invalid_argument("exercise '" + exercise.id + "' has no input '" + printable_excerpt(key) +
                                    "' (inputs: " + (known.empty() ? "none" : known) + ")");
      }
      values[key] = value;
    }
  }
  try {
    parameters.set_all_json(values);
  } catch (const std::invalid_argument& problem) {
    throw std::invalid_argument("exercise '" + exercise.id + "': " + problem.what());
  }
  return inputs;
}

ExerciseAnswer compute_answer(const Exercise& exercise, const nlohmann::json& step_values,
                              const nlohmann::json& question_inputs) {
  const std::unique_ptr<ExerciseInputs> inputs = make_inputs(exercise, step_values, question_inputs);
  return exercise.compute(*inputs);
}

Verdict judge_answer(const Exercise& exercise, const ExerciseAnswer& answer, std::string_view response) {
  Verdict verdict;
  if (answer.kind == AnswerKind::number) {
    const std::optional<double> given = parse_decimal(response);
    if (!given) {
      // Not "'" + excerpt: that form trips GCC 12's -Wrestrict false positive.
      verdict.message = printable_excerpt(response) + "' is not a number: type " + kDecimalHint;
      verdict.message.insert(verdict.message.begin(), '\'');
      return verdict;
    }
    verdict.understood = true;
    verdict.correct = std::fabs(*given - answer.value) <= answer.tolerance;
    verdict.message = verdict.correct ? "Right: " + answer.shown + "."
                                      : format_number(*given) + " is not it.";
    return verdict;
  }
  const std::optional<long long> index = parse_whole(response);
  if (!index || *index < 0 || *index >= static_cast<long long>(exercise.choices.size())) {
    verdict.message = "choose one of the " + std::to_string(exercise.choices.size()) + " options";
    return verdict;
  }
  verdict.understood = true;
  verdict.correct = *index == answer.correct_choice;
  verdict.message = verdict.correct ? "Right: " + answer.shown + "."
                                    : "Not this one: \"" + exercise.choices[static_cast<std::size_t>(*index)] + "\".";
  return verdict;
}

}  // namespace normlab::lessons
