#include "gui/lesson_runner.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "gui/lesson_view.hpp"
#include "gui/settings.hpp"
#include "gui/shell.hpp"
#include "io/untrusted_text.hpp"
#include "params/parameters.hpp"

namespace normlab::gui {
namespace {

using lessons::Lesson;
using lessons::LessonError;
using lessons::LessonStep;

int panel_index(const ShellState& shell, std::string_view id) {
  for (int index = 0; index < static_cast<int>(shell.panels.size()); ++index) {
    if (shell.panels[static_cast<std::size_t>(index)].descriptor->id == id) return index;
  }
  return -1;
}

void check_values(const Lesson& lesson, const params::ParameterSet& parameters, const nlohmann::json& values,
                  const std::string& pointer, const std::string& panel) {
  for (const auto& [key, value] : values.items()) {
    try {
      parameters.check_json(key, value);
    } catch (const std::invalid_argument& problem) {
      throw LessonError(lesson.problem(pointer + "/" + key, "panel '" + panel + "': " + problem.what()));
    }
  }
}

LessonRunner& runner(ShellState& shell) { return *shell.lessons; }
const Lesson* current_lesson(const ShellState& shell) {
  if (!shell.lessons || shell.lessons->lesson < 0) return nullptr;
  return &shell.lessons->lessons[static_cast<std::size_t>(shell.lessons->lesson)];
}
const LessonStep* current_step(const ShellState& shell) {
  const Lesson* lesson = current_lesson(shell);
  return lesson == nullptr ? nullptr : &lesson->steps[static_cast<std::size_t>(shell.lessons->step)];
}

void save_progress_with_toast(ShellState& shell) {
  LessonRunner& lessons = runner(shell);
  if (lessons.progress_path.empty()) return;
  try {
    lessons::save_progress(lessons.progress_path, lessons.progress);
  } catch (const std::exception& problem) {
    shell.toasts.post(ToastKind::error, std::string("Could not save lesson progress: ") + problem.what(), shell.time_s);
  }
}

// The step's panel, set up as the step says: every parameter back to its default, then the step's values
// (checked at load), then its step; the question starts afresh.
void apply_step(ShellState& shell) {
  LessonRunner& lessons = runner(shell);
  const Lesson& lesson = *current_lesson(shell);
  const LessonStep& step = *current_step(shell);
  const int index = panel_index(shell, step.panel);
  ShellPanel& panel = shell.panels[static_cast<std::size_t>(index)];
  params::ParameterSet& parameters = panel.instance->parameters();
  parameters.reset_to_defaults();
  parameters.set_all_json(step.set);
  panel.step = panels::find_step(*panel.descriptor, step.panel_step);
  shell.current = index;
  lessons.active = true;
  lessons.applied_lesson = lessons.lesson;
  lessons.applied_step = lessons.step;
  lessons.question = {};
  lessons.progress.lessons[lesson.id].step = lessons.step;
  save_progress_with_toast(shell);
}

lessons::ExerciseAnswer compute_requested(AnswerRequest request, JobReporter&) {
  const lessons::Exercise* exercise = lessons::find_exercise(request.exercise);
  if (exercise == nullptr) throw std::invalid_argument("unknown exercise " + request.exercise);
  return lessons::compute_answer(*exercise, request.step_values, request.inputs);
}

// Judges a pending answer once the computed one is there.
void collect_answer(ShellState& shell) {
  LessonRunner& lessons = runner(shell);
  QuestionState& question = lessons.question;
  lessons.answer_job.poll();
  if (lessons.answer_job.take_finished()) {
    question.error = lessons.answer_job.error();
    if (question.error.empty() && lessons.answer_job.shown()) question.answer = *lessons.answer_job.shown();
    if (!question.error.empty()) question.pending.clear();
  }
  const LessonStep* step = current_step(shell);
  if (!question.answer || question.pending.empty() || step == nullptr || !step->question) return;
  const lessons::LessonQuestion& asked = *step->question;
  const lessons::Exercise& exercise = *lessons::find_exercise(asked.exercise);
  const std::string response = std::exchange(question.pending, "");
  const lessons::Verdict verdict = lessons::judge_answer(exercise, *question.answer, response);
  if (!verdict.understood) {
    question.message = verdict.message;
    return;
  }
  ++question.tries;
  question.correct = verdict.correct;
  question.scroll_to_verdict = 3;
  const bool prediction = asked.kind == lessons::QuestionKind::prediction;
  if (prediction) {
    question.message = verdict.correct ? "Your prediction was right: " + question.answer->shown + "."
                                       : "Your prediction was \"" + exercise.choices[static_cast<std::size_t>(std::stoi(response))] +
                                             "\"; the computed answer: " + question.answer->shown + ".";
    ShellPanel& panel = shell.panels[static_cast<std::size_t>(panel_index(shell, step->panel))];
    panel.instance->parameters().set_all_json(asked.reveal);
  } else {
    question.message = verdict.message + (verdict.correct || question.tries > 1 ? "" : " Try again, or read the hint.");
  }
  question.show_worked = question.show_worked || verdict.correct || prediction || question.tries >= 2;
  lessons::AnswerRecord& record = lessons.progress.lessons[current_lesson(shell)->id].answers[step->id];
  record.given = response;
  record.correct = verdict.correct;
  ++record.tries;
  save_progress_with_toast(shell);
}

void go_to_step(ShellState& shell, int step) {
  LessonRunner& lessons = runner(shell);
  const Lesson* lesson = current_lesson(shell);
  if (lesson == nullptr) return;
  lessons.step = std::clamp(step, 0, static_cast<int>(lesson->steps.size()) - 1);
  apply_step(shell);
}

void draw_lesson_list(ShellState& shell, const FontSet& fonts, const Palette& palette) {
  LessonRunner& lessons = runner(shell);
  ImGui::PushFont(fonts.heading);
  ImGui::TextUnformatted("Lessons");
  ImGui::PopFont();
  ImGui::TextColored(palette.muted_text, "%s",
                     "Each lesson walks through live panels, step by step, with questions whose answers NormLab computes.");
  ImGui::Separator();
  for (int index = 0; index < static_cast<int>(lessons.lessons.size()); ++index) {
    const Lesson& lesson = lessons.lessons[static_cast<std::size_t>(index)];
    ImGui::PushID(index);
    ImGui::Spacing();
    ImGui::PushFont(fonts.bold);
    ImGui::Text("%d. %s", index + 1, lesson.title.c_str());
    ImGui::PopFont();
    int questions = 0, right = 0;
    const auto progress = lessons.progress.lessons.find(lesson.id);
    for (const LessonStep& step : lesson.steps) {
      if (!step.question) continue;
      ++questions;
      if (progress != lessons.progress.lessons.end()) {
        const auto record = progress->second.answers.find(step.id);
        right += record != progress->second.answers.end() && record->second.correct ? 1 : 0;
      }
    }
    ImGui::TextColored(palette.muted_text, "%d minutes, %zu steps, %d questions (%d answered right)", lesson.minutes,
                       lesson.steps.size(), questions, right);
    draw_lesson_text(lesson.summary, fonts, palette);
    const bool started = progress != lessons.progress.lessons.end();
    char label[64];
    std::snprintf(label, sizeof label, started ? "Continue at step %d" : "Start", started ? progress->second.step + 1 : 0);
    if (ImGui::Button(label)) {
      lessons.lesson = index;
      go_to_step(shell, started ? progress->second.step : 0);
    }
    ImGui::PopID();
  }
  for (const std::string& refused : lessons.refused) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(palette.warning, "Not loaded: %s", refused.c_str());
    ImGui::PopTextWrapPos();
  }
}

void draw_outline(ShellState& shell, const Lesson& lesson, const Palette& palette) {
  LessonRunner& lessons = runner(shell);
  if (!ImGui::TreeNode("##outline", "Outline (%zu steps)", lesson.steps.size())) return;
  const auto progress = lessons.progress.lessons.find(lesson.id);
  for (int index = 0; index < static_cast<int>(lesson.steps.size()); ++index) {
    const LessonStep& step = lesson.steps[static_cast<std::size_t>(index)];
    bool right = false;
    if (progress != lessons.progress.lessons.end()) {
      const auto record = progress->second.answers.find(step.id);
      right = record != progress->second.answers.end() && record->second.correct;
    }
    char label[200];
    std::snprintf(label, sizeof label, "%d. %s%s%s##outline%d", index + 1, step.title.c_str(), step.question ? "  (?)" : "",
                  right ? "  ✓" : "", index);
    ImGui::PushStyleColor(ImGuiCol_Text, index == lessons.step ? palette.accent : palette.text);
    if (ImGui::Selectable(label, index == lessons.step)) go_to_step(shell, index);
    ImGui::PopStyleColor();
  }
  ImGui::TreePop();
}

void draw_step_column(ShellState& shell, const FontSet& page_fonts, const Palette& palette) {
  LessonRunner& lessons = runner(shell);
  // Presenting, everything is twice as large: the lesson's prose takes the small face so that a step's
  // text fits beside its panel (the lecturer says the rest).
  FontSet fonts = page_fonts;
  if (shell.presentation) fonts.body = page_fonts.small;
  ImGui::PushFont(fonts.body);
  const Lesson& lesson = *current_lesson(shell);
  const LessonStep& step = *current_step(shell);
  if (!shell.presentation) {  // presenting, the page's heading says it (lesson_heading, lesson_position)
    ImGui::PushFont(fonts.heading);
    ImGui::TextWrapped("%s", lesson.title.c_str());
    ImGui::PopFont();
    ImGui::TextColored(palette.muted_text, "Step %d of %zu, about %d minutes in all", lessons.step + 1,
                       lesson.steps.size(), lesson.minutes);
    draw_outline(shell, lesson, palette);
    ImGui::Separator();
  }
  ImGui::PushFont(fonts.bold);
  ImGui::TextWrapped("%s", step.title.c_str());
  ImGui::PopFont();
  draw_lesson_text(step.text, fonts, palette);
  if (!step.notice.empty()) {
    ImGui::Spacing();
    ImGui::PushFont(fonts.bold);
    ImGui::TextColored(palette.accent, "%s", "NOTICE");
    ImGui::PopFont();
    draw_lesson_text(step.notice, fonts, palette);
  }
  if (step.question) {
    ImGui::Spacing();
    ImGui::Separator();
    const bool computing = lessons.answer_job.running();
    draw_question(*step.question, lessons.question, computing, fonts, palette, fonts.pixel_scale,
                  [&shell](const std::string& response) { answer_lesson_question(shell, response); }, lessons.question);
  }
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::BeginDisabled(lessons.step == 0);
  if (ImGui::Button("< Back")) lesson_back(shell);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(lessons.step + 1 >= static_cast<int>(lesson.steps.size()));
  if (ImGui::Button("Next >")) lesson_forward(shell);
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Reset this step")) reset_lesson_step(shell);
  ImGui::SameLine();
  if (ImGui::Button("All lessons")) lessons.lesson = -1;
  ImGui::PopFont();
}

}  // namespace

std::string default_progress_path() { return config_file_path("progress.json"); }

void validate_lesson(const ShellState& shell, const Lesson& lesson) {
  for (std::size_t index = 0; index < lesson.steps.size(); ++index) {
    const LessonStep& step = lesson.steps[index];
    const std::string pointer = lessons::step_pointer(index);
    const int panel = panel_index(shell, step.panel);
    if (panel < 0) {
      throw LessonError(lesson.problem(pointer + "/panel", "unknown panel '" + printable_excerpt(step.panel) +
                                                               "' (panels: " + panel_ids(shell) + ")"));
    }
    const ShellPanel& shown = shell.panels[static_cast<std::size_t>(panel)];
    const int found = panels::find_step(*shown.descriptor, step.panel_step);
    if (found < 0 || step.panel_step != shown.descriptor->steps[static_cast<std::size_t>(found)].id) {
      throw LessonError(lesson.problem(pointer + "/step", "panel '" + step.panel + "' has no step '" +
                                                              printable_excerpt(step.panel_step) + "' (steps: " +
                                                              panels::step_id_list(*shown.descriptor) + ")"));
    }
    check_values(lesson, shown.instance->parameters(), step.set, pointer + "/set", step.panel);
    if (step.question) {
      check_values(lesson, shown.instance->parameters(), step.question->reveal, pointer + "/question/reveal", step.panel);
    }
  }
}

void load_lessons(ShellState& shell, const std::string& directory, const std::string& progress_path) {
  if (!shell.lessons) shell.lessons = std::make_shared<LessonRunner>();
  LessonRunner& lessons = runner(shell);
  lessons::Course course = lessons::load_course(directory);
  lessons.refused = std::move(course.refused);
  lessons.lessons.clear();
  for (Lesson& lesson : course.lessons) {
    try {
      validate_lesson(shell, lesson);
      lessons.lessons.push_back(std::move(lesson));
    } catch (const LessonError& problem) {
      lessons.refused.push_back(problem.what());
    }
  }
  for (const std::string& refused : lessons.refused) {
    shell.toasts.post(ToastKind::error, "Lesson not loaded: " + refused, shell.time_s);
  }
  lessons.progress_path = progress_path;
  std::string problem;
  lessons.progress = lessons::load_progress(progress_path, &problem);
  if (!problem.empty()) shell.toasts.post(ToastKind::error, problem, shell.time_s);
}

void open_lesson(ShellState& shell, std::string_view id, std::string_view step) {
  if (!shell.lessons) throw std::invalid_argument("no lessons are loaded");
  LessonRunner& lessons = runner(shell);
  std::string ids;
  for (std::size_t index = 0; index < lessons.lessons.size(); ++index) {
    const Lesson& lesson = lessons.lessons[index];
    ids += (ids.empty() ? "" : ", ") + lesson.id;
    if (lesson.id != id) continue;
    int found = -1;
    for (std::size_t candidate = 0; candidate < lesson.steps.size(); ++candidate) {
      if (lesson.steps[candidate].id == step) found = static_cast<int>(candidate);
    }
    if (found < 0 && !step.empty() && std::all_of(step.begin(), step.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
        step.size() < 4) {
      found = std::stoi(std::string(step));
      if (found >= static_cast<int>(lesson.steps.size())) found = -1;
    }
    if (step.empty()) found = 0;
    if (found < 0) {
      throw std::invalid_argument("lesson '" + lesson.id + "' has no step '" + printable_excerpt(step) + "' (0 to " +
                                  std::to_string(lesson.steps.size() - 1) + ", or a step id)");
    }
    lessons.lesson = static_cast<int>(index);
    go_to_step(shell, found);
    return;
  }
  throw std::invalid_argument("unknown lesson '" + printable_excerpt(id) + "' (lessons: " + ids + ")");
}

bool lesson_page_shown(const ShellState& shell) { return shell.lessons && shell.lessons->active; }

void leave_lessons(ShellState& shell) {
  if (shell.lessons) shell.lessons->active = false;
}

void lesson_forward(ShellState& shell) {
  if (current_lesson(shell) != nullptr) go_to_step(shell, runner(shell).step + 1);
}

void lesson_back(ShellState& shell) {
  if (current_lesson(shell) != nullptr) go_to_step(shell, runner(shell).step - 1);
}

void reset_lesson_step(ShellState& shell) {
  if (current_lesson(shell) != nullptr) apply_step(shell);
}

void answer_lesson_question(ShellState& shell, const std::string& response) {
  const LessonStep* step = current_step(shell);
  if (step == nullptr || !step->question) return;
  LessonRunner& lessons = runner(shell);
  lessons.question.pending = response;
  lessons.question.error.clear();
  if (!lessons.question.answer && !lessons.answer_job.running()) {
    AnswerRequest request{step->question->exercise, step->set, step->question->inputs};
    lessons.answer_job.start(request, compute_requested, shell.deterministic);
  }
  collect_answer(shell);
}

void draw_lesson_sidebar_entry(ShellState& shell, const FontSet& fonts, const Palette& palette) {
  if (!shell.lessons) return;
  LessonRunner& lessons = runner(shell);
  ImGui::PushFont(fonts.small);
  ImGui::TextColored(palette.muted_text, "COURSE");
  ImGui::PopFont();
  ImGui::PushFont(lessons.active ? fonts.bold : fonts.body);
  char label[64];
  std::snprintf(label, sizeof label, "Lessons (%zu)##lessons", lessons.lessons.size());
  if (ImGui::Selectable(label, lessons.active, 0, ImVec2(0, ImGui::GetTextLineHeight() * 1.4f))) {
    lessons.active = true;
    if (const LessonStep* step = current_step(shell)) shell.current = panel_index(shell, step->panel);
  }
  ImGui::PopFont();
  ImGui::Spacing();
}

void draw_lesson_page(ShellState& shell, const FontSet& fonts, const Palette& palette) {
  collect_answer(shell);
  if (current_lesson(shell) == nullptr) {
    draw_lesson_list(shell, fonts, palette);
    return;
  }
  // The panel keeps most of the width: several panels (the axis flip's three matrices) need ~1000 px.
  const float text_width = std::max(360.0f * fonts.pixel_scale, ImGui::GetContentRegionAvail().x * 0.3f);
  ImGui::BeginChild("##lesson_text", ImVec2(text_width, 0), false);
  draw_step_column(shell, fonts, palette);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##lesson_panel", ImVec2(0, 0), false);
  const ShellPanel& panel = shell.panels[static_cast<std::size_t>(shell.current)];
  ImGui::PushFont(fonts.bold);
  ImGui::TextUnformatted(panel.descriptor->title.c_str());
  ImGui::PopFont();
  ImGui::SameLine();
  ImGui::TextColored(palette.muted_text, shell.presentation ? "%s" : "%s  (live: change anything; Reset this step restores it)",
                     panel.descriptor->steps[static_cast<std::size_t>(panel.step)].title.c_str());
  ImGui::Separator();
  draw_current_step(shell, fonts);
  ImGui::EndChild();
}

std::string lesson_heading(const ShellState& shell) {
  const Lesson* lesson = current_lesson(shell);
  return lesson == nullptr ? "Lessons" : lesson->title;
}

std::string lesson_position(const ShellState& shell) {
  const Lesson* lesson = current_lesson(shell);
  if (lesson == nullptr) return "";
  return "Step " + std::to_string(shell.lessons->step + 1) + " of " + std::to_string(lesson->steps.size());
}

std::string lesson_listing(const LessonRunner& runner) {
  std::string text;
  for (const Lesson& lesson : runner.lessons) text += lesson.id + "  " + lesson.title + "\n";
  return text;
}

}  // namespace normlab::gui
