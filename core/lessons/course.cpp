#include "lessons/course.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "io/read_file.hpp"
#include "io/untrusted_text.hpp"
#include "lessons/exercises.hpp"

namespace normlab::lessons {
namespace {

using json = nlohmann::json;

// Where each value of an already parsed JSON text starts: JSON pointer -> line. nlohmann::json keeps
// no positions, so the text is walked once more with a minimal scanner (it only meets valid JSON).
class LineScanner {
 public:
  explicit LineScanner(const std::string& text) : text_(text) {}
  std::map<std::string, int> scan() {
    value("");
    return std::move(lines_);
  }

 private:
  void skip_space() {
    while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_]))) {
      if (text_[at_] == '\n') ++line_;
      ++at_;
    }
  }
  std::string string_token() {
    std::string out;
    ++at_;  // the opening quote
    while (at_ < text_.size() && text_[at_] != '"') {
      if (text_[at_] == '\\') ++at_;  // keys with escapes keep the escaped character (close enough for lines)
      if (at_ < text_.size()) out += text_[at_++];
    }
    ++at_;
    return out;
  }
  static std::string escaped(const std::string& key) {
    std::string out;
    for (char letter : key) out += letter == '~' ? "~0" : letter == '/' ? "~1" : std::string(1, letter);
    return out;
  }
  void value(const std::string& pointer) {
    skip_space();
    lines_[pointer] = line_;
    if (at_ >= text_.size()) return;
    const char letter = text_[at_];
    if (letter == '{' || letter == '[') {
      const char close = letter == '{' ? '}' : ']';
      ++at_;
      for (std::size_t index = 0;; ++index) {
        skip_space();
        if (at_ >= text_.size() || text_[at_] == close) break;
        if (letter == '{') {
          const std::string key = string_token();
          skip_space();
          ++at_;  // ':'
          value(pointer + "/" + escaped(key));
        } else {
          value(pointer + "/" + std::to_string(index));
        }
        skip_space();
        if (at_ < text_.size() && text_[at_] == ',') ++at_;
      }
      ++at_;
    } else if (letter == '"') {
      string_token();
    } else {
      while (at_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[at_])) && text_[at_] != ',' &&
             text_[at_] != '}' && text_[at_] != ']') {
        ++at_;
      }
    }
  }

  const std::string& text_;
  std::size_t at_ = 0;
  int line_ = 1;
  std::map<std::string, int> lines_;
};

int line_at_byte(const std::string& text, std::size_t byte) {
  const std::size_t end = std::min(byte, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
}

bool is_kebab_id(const std::string& id) {
  if (id.empty() || id.size() > 64 || id.front() == '-' || id.back() == '-') return false;
  return std::all_of(id.begin(), id.end(), [](char letter) {
    return (letter >= 'a' && letter <= 'z') || (letter >= '0' && letter <= '9') || letter == '-';
  });
}

// Reads the members of one object, refusing unknown keys (a misspelt "notcie" would silently vanish).
class Reader {
 public:
  Reader(const Lesson& lesson, const json& object, std::string pointer, std::set<std::string> known)
      : lesson_(lesson), object_(object), pointer_(std::move(pointer)) {
    if (!object_.is_object()) fail(pointer_, "must be a JSON object");
    for (const auto& [key, value] : object_.items()) {
      if (known.count(key) == 0) {
        std::string names;
        for (const std::string& name : known) names += (names.empty() ? "" : ", ") + name;
        fail(pointer_ + "/" + key, "unknown key \"" + printable_excerpt(key) + "\" (keys: " + names + ")");
      }
    }
  }
  [[noreturn]] void fail(const std::string& pointer, const std::string& what) const {
    throw LessonError(lesson_.problem(pointer, what));
  }
  std::string at(const char* key) const { return pointer_ + "/" + key; }
  bool has(const char* key) const { return object_.contains(key); }
  std::string text(const char* key, bool required) const {
    if (!object_.contains(key)) {
      if (required) fail(pointer_, std::string("missing \"") + key + "\"");
      return "";
    }
    if (!object_[key].is_string()) fail(at(key), std::string("\"") + key + "\" must be a string");
    return object_[key].get<std::string>();
  }
  std::string id(const char* key) const {
    const std::string value = text(key, true);
    if (!is_kebab_id(value)) {
      fail(at(key), std::string("\"") + key + "\" must be a kebab-case id (a-z, 0-9, '-'), not \"" +
                        printable_excerpt(value) + "\"");
    }
    return value;
  }
  // Markdown subset text, checked now so the author learns of an unclosed marker at load.
  std::string markup(const char* key, bool required) const {
    const std::string value = text(key, required);
    try {
      parse_lesson_text(value);
    } catch (const std::invalid_argument& problem) {
      fail(at(key), std::string("\"") + key + "\", " + problem.what());
    }
    return value;
  }
  json object(const char* key) const {
    if (!object_.contains(key)) return json::object();
    if (!object_[key].is_object()) fail(at(key), std::string("\"") + key + "\" must be an object");
    return object_[key];
  }
  const json& raw(const char* key) const { return object_[key]; }

 private:
  const Lesson& lesson_;
  const json& object_;
  std::string pointer_;
};

LessonQuestion read_question(const Lesson& lesson, const json& value, const std::string& pointer,
                             const json& step_set) {
  const Reader reader(lesson, value, pointer, {"kind", "prompt", "exercise", "inputs", "hint", "reveal"});
  LessonQuestion question;
  const std::string kind = reader.text("kind", true);
  if (kind == "numeric") {
    question.kind = QuestionKind::numeric;
  } else if (kind == "choice") {
    question.kind = QuestionKind::choice;
  } else if (kind == "prediction") {
    question.kind = QuestionKind::prediction;
  } else {
    reader.fail(reader.at("kind"), "\"kind\" must be numeric, choice or prediction, not \"" + printable_excerpt(kind) + "\"");
  }
  question.prompt = reader.markup("prompt", true);
  question.hint = reader.markup("hint", true);
  question.exercise = reader.text("exercise", true);
  const Exercise* exercise = find_exercise(question.exercise);
  if (exercise == nullptr) {
    reader.fail(reader.at("exercise"), "unknown exercise \"" + printable_excerpt(question.exercise) +
                                           "\" (exercises: " + exercise_id_list() + ")");
  }
  const bool wants_number = question.kind == QuestionKind::numeric;
  if (wants_number != (exercise->kind == AnswerKind::number)) {
    reader.fail(reader.at("kind"), "exercise \"" + exercise->id + "\" has a " +
                                       (exercise->kind == AnswerKind::number ? "numeric answer" : "choice of answers") +
                                       ": \"kind\" must be " + (wants_number ? "choice or prediction" : "numeric"));
  }
  question.inputs = reader.object("inputs");
  try {
    make_inputs(*exercise, step_set, question.inputs);
  } catch (const std::invalid_argument& problem) {
    reader.fail(reader.at("inputs"), problem.what());
  }
  question.reveal = reader.object("reveal");
  if (!question.reveal.empty() && question.kind != QuestionKind::prediction) {
    reader.fail(reader.at("reveal"), "only a prediction has a \"reveal\" (values set once it is made)");
  }
  return question;
}

LessonStep read_step(const Lesson& lesson, const json& value, const std::string& pointer) {
  const Reader reader(lesson, value, pointer, {"id", "title", "text", "panel", "step", "set", "notice", "question"});
  LessonStep step;
  step.id = reader.id("id");
  step.title = reader.text("title", true);
  step.text = reader.markup("text", true);
  step.panel = reader.text("panel", true);
  step.panel_step = reader.text("step", true);
  step.set = reader.object("set");
  step.notice = reader.markup("notice", false);
  if (reader.has("question")) step.question = read_question(lesson, reader.raw("question"), reader.at("question"), step.set);
  return step;
}

}  // namespace

const char* question_kind_name(QuestionKind kind) {
  switch (kind) {
    case QuestionKind::numeric: return "numeric";
    case QuestionKind::choice: return "choice";
    case QuestionKind::prediction: return "prediction";
  }
  return "?";
}

int Lesson::line_of(const std::string& pointer) const {
  for (std::string at = pointer;; at = at.substr(0, at.rfind('/'))) {
    const auto found = lines.find(at);
    if (found != lines.end()) return found->second;
    if (at.empty()) return 1;
  }
}

std::string Lesson::problem(const std::string& pointer, const std::string& what) const {
  return file + ":" + std::to_string(line_of(pointer)) + ": " + what;
}

std::string step_pointer(std::size_t step) { return "/steps/" + std::to_string(step); }

Lesson parse_lesson(const std::string& text, const std::string& file) {
  Lesson lesson;
  lesson.file = file;
  json document;
  try {
    document = json::parse(text);
  } catch (const json::parse_error& problem) {
    // nlohmann's message starts "[json.exception.parse_error.101] parse error at line 3, column 5: ..."
    std::string what = problem.what();
    const std::size_t colon = what.find(": ");
    if (colon != std::string::npos) what = what.substr(colon + 2);
    throw LessonError(file + ":" + std::to_string(line_at_byte(text, problem.byte)) + ": not valid JSON (" +
                      printable_excerpt(what, 120) + ")");
  }
  lesson.lines = LineScanner(text).scan();
  const Reader reader(lesson, document, "", {"id", "title", "minutes", "summary", "steps"});
  lesson.id = reader.id("id");
  lesson.title = reader.text("title", true);
  lesson.summary = reader.markup("summary", true);
  if (!document.contains("minutes") || !document["minutes"].is_number_integer() ||
      document["minutes"].get<long long>() < 1 || document["minutes"].get<long long>() > 120) {
    reader.fail("/minutes", "\"minutes\" must be a whole number of minutes from 1 to 120");
  }
  lesson.minutes = document["minutes"].get<int>();
  if (!document.contains("steps") || !document["steps"].is_array() || document["steps"].empty()) {
    reader.fail("/steps", "\"steps\" must be a non-empty array of steps");
  }
  std::set<std::string> step_ids;
  for (std::size_t index = 0; index < document["steps"].size(); ++index) {
    LessonStep step = read_step(lesson, document["steps"][index], step_pointer(index));
    if (!step_ids.insert(step.id).second) {
      reader.fail(step_pointer(index) + "/id", "step id \"" + step.id + "\" is used twice");
    }
    lesson.steps.push_back(std::move(step));
  }
  return lesson;
}

Lesson load_lesson_file(const std::string& path) {
  std::string text;
  try {
    text = read_regular_file(path);
  } catch (const std::exception& problem) {
    throw LessonError(problem.what());
  }
  return parse_lesson(text, path);
}

Course load_course(const std::string& directory) {
  Course course;
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (error) {
    course.refused.push_back(directory + ": " + error.message());
    return course;
  }
  std::sort(files.begin(), files.end());
  std::set<std::string> ids;
  for (const auto& path : files) {
    try {
      Lesson lesson = load_lesson_file(path.string());
      if (!ids.insert(lesson.id).second) {
        throw LessonError(lesson.problem("/id", "lesson id \"" + lesson.id + "\" is already used by another file"));
      }
      course.lessons.push_back(std::move(lesson));
    } catch (const LessonError& problem) {
      course.refused.push_back(problem.what());
    }
  }
  return course;
}

}  // namespace normlab::lessons
