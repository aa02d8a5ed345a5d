// A student's progress through the course, kept per user (the app stores it next to its settings, in
// $XDG_CONFIG_HOME/normlab/progress.json or ~/.config/normlab/progress.json): which lessons were started,
// the step last shown, and each question's answers (what was given last, whether it was right, how
// many tries). Written atomically, so a crash never leaves half a file; a corrupt file is reported and
// progress starts afresh rather than stopping the app.
#pragma once

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace normlab::lessons {

inline constexpr const char* kProgressFormat = "normlab-progress";
inline constexpr int kProgressVersion = 1;

struct AnswerRecord {
  std::string given;  // the last answer given (a number, or the chosen option's index)
  bool correct = false;
  int tries = 0;
};

struct LessonProgress {
  int step = 0;  // the step last shown
  std::map<std::string, AnswerRecord> answers;  // step id -> its question's answers
};

struct Progress {
  std::map<std::string, LessonProgress> lessons;  // lesson id -> progress (present = started)
};

nlohmann::json progress_document(const Progress& progress);
// Throws std::invalid_argument naming the first problem.
Progress progress_from_document(const nlohmann::json& document);

// A missing file is empty progress; an unreadable or invalid one too, with `problem` set.
Progress load_progress(const std::string& path, std::string* problem);
// Atomic; throws std::runtime_error naming the file on failure.
void save_progress(const std::string& path, const Progress& progress);

}  // namespace normlab::lessons
