// Lessons as data: every shipped lesson loads and each of its questions' computed answers is accepted
// (and a wrong one refused); the answers agree with independent closed forms; malformed lessons are
// refused with the file and the line; the Markdown subset and the progress file behave.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <unistd.h>

#include "lessons/course.hpp"
#include "lessons/exercises.hpp"
#include "lessons/lesson_text.hpp"
#include "lessons/progress.hpp"

namespace normlab::lessons {
namespace {

const std::string kLessonDir = std::string(NORMLAB_SOURCE_DIR) + "/assets/lessons";

ExerciseAnswer answer_for(const std::string& exercise, const nlohmann::json& inputs,
                          const nlohmann::json& step_values = nlohmann::json::object()) {
  const Exercise* found = find_exercise(exercise);
  EXPECT_NE(found, nullptr) << exercise;
  return compute_answer(*found, step_values, inputs);
}

TEST(Course, EveryShippedLessonLoadsAndLastsTenToFifteenMinutes) {
  const Course course = load_course(kLessonDir);
  for (const std::string& refused : course.refused) ADD_FAILURE() << refused;
  ASSERT_GE(course.lessons.size(), 4u);
  // Math written outside dollar signs would reach the screen as ASCII ("sqrt(d)", "x^2").
  const auto expect_math_marked = [](const std::string& text, const std::string& where) {
    std::string outside;
    bool in_math = false;
    for (char letter : text) {
      if (letter == '$') in_math = !in_math;
      else if (!in_math) outside += letter;
    }
    EXPECT_EQ(outside.find("sqrt("), std::string::npos) << where << ": " << text;
    EXPECT_EQ(outside.find('^'), std::string::npos) << where << ": " << text;
  };
  for (const Lesson& lesson : course.lessons) {
    expect_math_marked(lesson.summary, lesson.id);
    for (const LessonStep& step : lesson.steps) {
      for (const std::string* text : {&step.text, &step.notice}) expect_math_marked(*text, lesson.id + "/" + step.id);
      if (step.question) {
        expect_math_marked(step.question->prompt, lesson.id + "/" + step.id);
        expect_math_marked(step.question->hint, lesson.id + "/" + step.id);
      }
    }
    EXPECT_GE(lesson.minutes, 10) << lesson.id;
    EXPECT_LE(lesson.minutes, 15) << lesson.id;
    EXPECT_GE(lesson.steps.size(), 5u) << lesson.id;
  }
}

// The right answer (as the student would type it: the shown number, or the right option) is accepted;
// a number well outside the tolerance, or another option, is refused.
TEST(Course, EveryQuestionAcceptsItsComputedAnswerAndRefusesAWrongOne) {
  const Course course = load_course(kLessonDir);
  int questions = 0;
  std::set<std::string> exercises;
  for (const Lesson& lesson : course.lessons) {
    for (const LessonStep& step : lesson.steps) {
      if (!step.question) continue;
      ++questions;
      exercises.insert(step.question->exercise);
      const Exercise& exercise = *find_exercise(step.question->exercise);
      const ExerciseAnswer answer = compute_answer(exercise, step.set, step.question->inputs);
      EXPECT_FALSE(answer.worked.empty());
      EXPECT_NO_THROW(parse_lesson_text(answer.worked)) << answer.worked;
      const std::string where = lesson.id + "/" + step.id;
      if (answer.kind == AnswerKind::number) {
        EXPECT_TRUE(judge_answer(exercise, answer, answer.shown.substr(0, answer.shown.find(' '))).correct) << where << " " << answer.shown;
        char wrong[64];
        std::snprintf(wrong, sizeof wrong, "%.17g", answer.value + 10 * answer.tolerance + 0.1 * std::fabs(answer.value) + 1);
        EXPECT_FALSE(judge_answer(exercise, answer, wrong).correct) << where;
        EXPECT_FALSE(judge_answer(exercise, answer, "seven").understood) << where;
      } else {
        ASSERT_GE(answer.correct_choice, 0) << where;
        EXPECT_TRUE(judge_answer(exercise, answer, std::to_string(answer.correct_choice)).correct) << where;
        const int other = (answer.correct_choice + 1) % static_cast<int>(exercise.choices.size());
        EXPECT_FALSE(judge_answer(exercise, answer, std::to_string(other)).correct) << where;
        EXPECT_FALSE(judge_answer(exercise, answer, "9").understood) << where;
      }
    }
  }
  EXPECT_GE(questions, 9);
  for (const char* classic : {"layernorm-jacobian-rank", "shift-invariance", "rms-layer-time-ratio"}) {
    EXPECT_EQ(exercises.count(classic), 1u) << classic;
  }
}

// Independent references: closed forms written out here, not the exercise code.
TEST(Exercises, AnswersMatchClosedForms) {
  EXPECT_EQ(answer_for("layernorm-jacobian-rank", {{"d", 8}, {"eps", 0}}).value, 6);  // d - 2: shift and scale
  EXPECT_EQ(answer_for("layernorm-jacobian-rank", {{"d", 8}, {"eps", 1e-3}}).value, 7);  // d - 1: shift only
  EXPECT_EQ(answer_for("layernorm-jacobian-rank", {{"d", 8}, {"eps", 1e-5}, {"norm", "rms"}}).value, 8);
  EXPECT_EQ(answer_for("layernorm-jacobian-rank", {{"d", 8}, {"eps", 0}, {"norm", "rms"}}).value, 7);
  // x = (1, 2, 4): biased variance 14/9, gain 1/sigma.
  EXPECT_NEAR(answer_for("layernorm-jacobian-gain", {{"x1", 1}, {"x2", 2}, {"x3", 4}, {"eps", 0}}).value,
              1.0 / std::sqrt(14.0 / 9.0), 1e-9);
  EXPECT_EQ(answer_for("shift-invariance", {{"shift", 2.5}}).correct_choice, 0);
  EXPECT_EQ(answer_for("shift-invariance", {{"shift", 2.5}, {"norm", "rms"}}).correct_choice, 1);
  EXPECT_EQ(answer_for("shift-invariance", {{"shift", 0}, {"norm", "rms"}}).correct_choice, 0);
  EXPECT_NEAR(answer_for("output-length", {{"d", 256}, {"eps", 0}}).value, 16.0, 1e-9);
  EXPECT_NEAR(answer_for("output-sum", {{"d", 5}}).value, 0.0, 1e-12);
  EXPECT_GT(std::fabs(answer_for("output-sum", {{"d", 5}, {"norm", "rms"}}).value), 1e-3);
  EXPECT_EQ(answer_for("batch-of-one", {{"norm", "batch"}}).correct_choice, 0);
  EXPECT_EQ(answer_for("batch-of-one", {{"norm", "layer"}}).correct_choice, 1);
  EXPECT_NEAR(answer_for("batchnorm-one-sample-output", {{"beta", 0.5}}).value, 0.5, 1e-12);
  EXPECT_EQ(answer_for("statistics-count", {{"norm", "batch"}, {"samples", 3}, {"channels", 4}, {"positions", 5}}).value, 4);
  EXPECT_EQ(answer_for("statistics-count", {{"norm", "instance"}, {"samples", 3}, {"channels", 4}, {"positions", 5}}).value, 12);
  EXPECT_EQ(answer_for("statistics-count", {{"norm", "group"}, {"samples", 3}, {"channels", 4}, {"groups", 2}}).value, 6);
  EXPECT_NEAR(answer_for("forward-bytes", {{"rows", 2048}, {"cols", 4096}}).value, 64.0, 1e-9);
  EXPECT_NEAR(answer_for("deepnorm-alpha", {{"layers", 1000}}).value, std::pow(2000.0, 0.25), 1e-12);
  EXPECT_NEAR(answer_for("deepnorm-beta", {{"layers", 1000}}).value, std::pow(8000.0, -0.25), 1e-12);
  EXPECT_NEAR(answer_for("deepnorm-alpha", {{"architecture", "encoder-decoder"}, {"layers", 500}, {"decoder-layers", 500}}).value,
              0.81 * std::pow(std::pow(500.0, 4) * 500.0, 1.0 / 16), 1e-12);
  EXPECT_NEAR(answer_for("deepnorm-beta", {{"architecture", "encoder-decoder"}, {"layers", 6}, {"decoder-layers", 6}, {"side", "decoder"}}).value,
              std::pow(72.0, -0.25), 1e-12);
  EXPECT_EQ(answer_for("top-hidden-norm", {{"layers", 12}}).correct_choice, 0);
  EXPECT_EQ(answer_for("image-dimension", {{"norm", "layer"}, {"dimension", 5}}).correct_choice, 0);  // in the plane
  EXPECT_EQ(answer_for("image-dimension", {{"norm", "rms"}, {"dimension", 5}}).correct_choice, 1);  // pre-LN's stream grows
}

TEST(Exercises, StepValuesFillMatchingInputsAndQuestionInputsWin) {
  const nlohmann::json step = {{"x1", 1}, {"x2", 2}, {"x3", 4}, {"eps", 0}, {"cloud-count", 5}};
  EXPECT_NEAR(answer_for("layernorm-jacobian-gain", nlohmann::json::object(), step).value, 1.0 / std::sqrt(14.0 / 9.0), 1e-9);
  EXPECT_NEAR(answer_for("layernorm-jacobian-gain", {{"x3", 3}}, step).value, 1.0 / std::sqrt(2.0 / 3.0), 1e-9);
  EXPECT_THROW(answer_for("layernorm-jacobian-gain", {{"x4", 3}}), std::invalid_argument);
  EXPECT_THROW(answer_for("layernorm-jacobian-rank", {{"d", 100000}}), std::invalid_argument);
}

// A lesson with one step around `step_body`; the problem should be reported at `line`.
std::string lesson_text(const std::string& step_body) {
  return "{\n"
         "  \"id\": \"broken\",\n"
         "  \"title\": \"Broken\",\n"
         "  \"minutes\": 10,\n"
         "  \"summary\": \"A lesson with a planted problem.\",\n"
         "  \"steps\": [\n"
         "    {\n"
         "      \"id\": \"one\", \"title\": \"One\", \"panel\": \"hypersphere\", \"step\": \"vector\",\n" +
         step_body +
         "    }\n"
         "  ]\n"
         "}\n";
}

void expect_refused(const std::string& text, int line, const std::string& words) {
  try {
    parse_lesson(text, "lessons/broken.json");
    ADD_FAILURE() << "accepted: " << text;
  } catch (const LessonError& problem) {
    const std::string message = problem.what();
    EXPECT_EQ(message.rfind("lessons/broken.json:" + std::to_string(line) + ": ", 0), 0u) << message;
    EXPECT_NE(message.find(words), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(Course, MalformedLessonsAreRefusedWithFileAndLine) {
  const std::string good = "      \"text\": \"Fine.\"\n";
  EXPECT_NO_THROW(parse_lesson(lesson_text(good), "x.json"));
  expect_refused(lesson_text("      \"text\": \"Fine.\",\n      \"notcie\": \"typo\"\n"), 10, "unknown key \"notcie\"");
  expect_refused(lesson_text("      \"text\": \"A **bold claim.\"\n"), 9, "'**' is not closed");
  expect_refused(lesson_text("      \"text\": \"Math $sqrt(d) open.\"\n"), 9, "'$' is not closed");
  expect_refused(lesson_text("      \"text\": \"Fine.\"\n      \"set\": {}\n"), 10, "not valid JSON");
  expect_refused(lesson_text("      \"text\": \"Fine.\",\n      \"question\": {\"kind\": \"numeric\", \"prompt\": \"?\", \"hint\": \"h\",\n"
                             "        \"exercise\": \"no-such-exercise\"}\n"),
                 11, "unknown exercise");
  expect_refused(lesson_text("      \"text\": \"Fine.\",\n      \"question\": {\"kind\": \"numeric\", \"prompt\": \"?\", \"hint\": \"h\",\n"
                             "        \"exercise\": \"layernorm-jacobian-rank\",\n        \"inputs\": {\"d\": 9999}}\n"),
                 12, "9999");
  expect_refused(lesson_text("      \"text\": \"Fine.\",\n      \"question\": {\"kind\": \"numeric\", \"prompt\": \"?\", \"hint\": \"h\",\n"
                             "        \"exercise\": \"shift-invariance\"}\n"),
                 10, "must be choice or prediction");
  expect_refused(lesson_text("      \"text\": \"Fine.\",\n      \"set\": [1, 2]\n"), 10, "must be an object");
  expect_refused(lesson_text("      \"title2\": 3\n"), 9, "unknown key");
  expect_refused(lesson_text("      \"text\": 42\n"), 9, "must be a string");
  std::string no_minutes = lesson_text(good);
  no_minutes.replace(no_minutes.find("\"minutes\": 10"), 13, "\"minutes\": 0");
  expect_refused(no_minutes, 4, "minutes");
}

TEST(Course, ABadFileIsRefusedAndTheOthersStillLoad) {
  const auto directory = std::filesystem::temp_directory_path() / ("normlab-course-" + std::to_string(::getpid()));
  std::filesystem::create_directories(directory);
  std::filesystem::copy_file(kLessonDir + "/2-geometry.json", directory / "a.json",
                             std::filesystem::copy_options::overwrite_existing);
  std::ofstream(directory / "b.json") << "{\n  \"id\": \"b\",\n  oops\n}\n";
  std::filesystem::copy_file(kLessonDir + "/2-geometry.json", directory / "c.json",
                             std::filesystem::copy_options::overwrite_existing);  // same id again
  const Course course = load_course(directory.string());
  ASSERT_EQ(course.lessons.size(), 1u);
  ASSERT_EQ(course.refused.size(), 2u);
  EXPECT_NE(course.refused[0].find("b.json:3: not valid JSON"), std::string::npos) << course.refused[0];
  EXPECT_NE(course.refused[1].find("c.json:2: lesson id \"geometry\" is already used"), std::string::npos) << course.refused[1];
  std::filesystem::remove_all(directory);
}

TEST(LessonText, MarkdownSubsetAndReadableMath) {
  EXPECT_EQ(readable_math("sqrt(d)"), "√d");
  EXPECT_EQ(readable_math("sqrt(sigma^2 + eps)"), "√(σ² + ε)");
  EXPECT_EQ(readable_math("x_l * alpha"), "x_l · α");
  EXPECT_EQ(readable_math("(8M)^(-1/4)"), "(8M)^(-1/4)");
  EXPECT_EQ(readable_math("10^-5"), "10⁻⁵");
  EXPECT_EQ(readable_math("a <= b"), "a ≤ b");
  const auto blocks = parse_lesson_text("First *soft* and **hard**\nline, $sqrt(d)$.\n\n- one\n- two\n1. first");
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_EQ(blocks[0].kind, BlockKind::paragraph);
  ASSERT_EQ(blocks[0].spans.size(), 7u);
  EXPECT_EQ(blocks[0].spans[1].style, SpanStyle::emphasis);
  EXPECT_EQ(blocks[0].spans[3].style, SpanStyle::strong);
  EXPECT_EQ(blocks[0].spans[5].style, SpanStyle::math);
  EXPECT_EQ(blocks[0].spans[5].text, "√d");
  EXPECT_EQ(blocks[1].kind, BlockKind::bullet);
  EXPECT_EQ(blocks[3].kind, BlockKind::numbered);
  EXPECT_EQ(plain_text(blocks), "First soft and hard line, √d.\n\n• one\n• two\n1. first");
  EXPECT_THROW(parse_lesson_text("ok\n\nnot *closed"), std::invalid_argument);
}

TEST(Progress, RoundTripsAndACorruptFileStartsAfresh) {
  const auto path = std::filesystem::temp_directory_path() / ("normlab-progress-" + std::to_string(::getpid())) / "progress.json";
  Progress progress;
  progress.lessons["geometry"].step = 3;
  progress.lessons["geometry"].answers["shift"] = {"0", true, 2};
  save_progress(path.string(), progress);
  std::string problem;
  const Progress loaded = load_progress(path.string(), &problem);
  EXPECT_TRUE(problem.empty()) << problem;
  ASSERT_EQ(loaded.lessons.count("geometry"), 1u);
  EXPECT_EQ(loaded.lessons.at("geometry").step, 3);
  EXPECT_EQ(loaded.lessons.at("geometry").answers.at("shift").tries, 2);
  EXPECT_TRUE(loaded.lessons.at("geometry").answers.at("shift").correct);
  std::ofstream(path) << "{\"format\": \"normlab-progress\", \"version\": 1, \"lessons\": {\"x\": {\"step\": -4}}}";
  EXPECT_TRUE(load_progress(path.string(), &problem).lessons.empty());
  EXPECT_NE(problem.find("progress starts afresh"), std::string::npos) << problem;
  std::filesystem::remove_all(path.parent_path());
}

}  // namespace
}  // namespace normlab::lessons
