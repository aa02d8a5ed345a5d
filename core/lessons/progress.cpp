#include "lessons/progress.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "io/atomic_file.hpp"
#include "io/read_file.hpp"

namespace normlab::lessons {

using json = nlohmann::json;

json progress_document(const Progress& progress) {
  json lessons = json::object();
  for (const auto& [id, lesson] : progress.lessons) {
    json answers = json::object();
    for (const auto& [step, record] : lesson.answers) {
      answers[step] = {{"given", record.given}, {"correct", record.correct}, {"tries", record.tries}};
    }
    lessons[id] = {{"step", lesson.step}, {"answers", answers}};
  }
  return {{"format", kProgressFormat}, {"version", kProgressVersion}, {"lessons", lessons}};
}

Progress progress_from_document(const json& document) {
  if (!document.is_object() || document.value("format", "") != kProgressFormat) {
    throw std::invalid_argument("not a NormLab progress file");
  }
  if (!document.contains("version") || !document["version"].is_number_integer() ||
      document["version"].get<long long>() > kProgressVersion) {
    throw std::invalid_argument("written by a newer NormLab, or no version");
  }
  Progress progress;
  if (!document.contains("lessons") || !document["lessons"].is_object()) {
    throw std::invalid_argument("\"lessons\" must be an object");
  }
  for (const auto& [id, entry] : document["lessons"].items()) {
    LessonProgress lesson;
    if (!entry.is_object() || !entry.contains("step") || !entry["step"].is_number_integer() || entry["step"].get<long long>() < 0 ||
        entry["step"].get<long long>() > 1000) {
      throw std::invalid_argument("lesson \"" + id + "\": \"step\" must be a whole number from 0");
    }
    lesson.step = entry["step"].get<int>();
    if (entry.contains("answers")) {
      if (!entry["answers"].is_object()) throw std::invalid_argument("lesson \"" + id + "\": \"answers\" must be an object");
      for (const auto& [step, record] : entry["answers"].items()) {
        if (!record.is_object() || !record.value("given", json()).is_string() ||
            !record.value("correct", json()).is_boolean() || !record.value("tries", json()).is_number_integer()) {
          throw std::invalid_argument("lesson \"" + id + "\", answer \"" + step + "\": needs given, correct and tries");
        }
        lesson.answers[step] = {record["given"].get<std::string>(), record["correct"].get<bool>(), record["tries"].get<int>()};
      }
    }
    progress.lessons[id] = std::move(lesson);
  }
  return progress;
}

Progress load_progress(const std::string& path, std::string* problem) {
  std::error_code error;
  if (path.empty() || !std::filesystem::exists(path, error)) return {};
  try {
    return progress_from_document(json::parse(read_regular_file(path)));
  } catch (const std::exception& failure) {
    if (problem != nullptr) *problem = path + ": " + failure.what() + " (progress starts afresh)";
  }
  return {};
}

void save_progress(const std::string& path, const Progress& progress) {
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), error);
  const std::string text = progress_document(progress).dump(2) + "\n";
  write_file_atomically(path, [&text](std::ostream& out) { out << text; });
}

}  // namespace normlab::lessons
