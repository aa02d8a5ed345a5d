// The lesson runner on the headless shell (no GL): every shipped lesson passes the check against the
// registered panels, and every step sets its panel up as it says and renders, normal and presenting;
// lessons naming what the panels lack are refused with file and line; answers, hints, the worked
// answer, a prediction's reveal, Reset this step, PageDown and the progress file.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "gui/assets.hpp"
#include "headless_fixture.hpp"
#include "gui/lesson_runner.hpp"
#include "gui/shell.hpp"
#include "gui/theme.hpp"
#include "panels/registry.hpp"

namespace normlab::gui {
namespace {

class LessonRunnerTest : public testing::HeadlessShellFixture {
 protected:
  void SetUp() override {
    HeadlessShellFixture::SetUp();
    ImGui::GetIO().DisplaySize = ImVec2(1600, 900);
    scratch_ = std::filesystem::temp_directory_path() / ("normlab_lessons_" + std::to_string(::getpid()));
    std::filesystem::create_directories(scratch_);
  }
  void TearDown() override {
    HeadlessShellFixture::TearDown();
    std::filesystem::remove_all(scratch_);
  }
  const ShellPanel& shown() const { return shell_.panels[static_cast<std::size_t>(shell_.current)]; }
  void load_shipped() { load_lessons(shell_, asset_path("lessons"), (scratch_ / "progress.json").string()); }

  std::filesystem::path scratch_;
};

TEST_F(LessonRunnerTest, EveryStepOfEveryLessonSetsItsPanelUpAndRenders) {
  load_shipped();
  for (const std::string& refused : shell_.lessons->refused) ADD_FAILURE() << refused;
  ASSERT_GE(shell_.lessons->lessons.size(), 4u);
  for (bool presenting : {false, true}) {
    shell_.presentation = presenting;
    for (const lessons::Lesson& lesson : shell_.lessons->lessons) {
      for (std::size_t index = 0; index < lesson.steps.size(); ++index) {
        const lessons::LessonStep& step = lesson.steps[index];
        open_lesson(shell_, lesson.id, std::to_string(index));
        ASSERT_TRUE(lesson_page_shown(shell_));
        EXPECT_EQ(shown().descriptor->id, step.panel) << lesson.id << "/" << step.id;
        EXPECT_EQ(shown().descriptor->steps[static_cast<std::size_t>(shown().step)].id, step.panel_step);
        for (const auto& [key, value] : step.set.items()) {
          EXPECT_EQ(shown().instance->parameters().get_json(key), value) << lesson.id << "/" << step.id << " " << key;
        }
        for (int repeat = 0; repeat < 3; ++repeat) frame();
      }
    }
  }
}

TEST_F(LessonRunnerTest, LessonsNamingWhatThePanelsLackAreRefusedWithFileAndLine) {
  const auto lesson = [](const std::string& step_lines) {
    return "{\n  \"id\": \"bad\", \"title\": \"Bad\", \"minutes\": 10, \"summary\": \"s\",\n  \"steps\": [{\n"
           "    \"id\": \"one\", \"title\": \"One\", \"text\": \"t\",\n" + step_lines + "\n  }]\n}\n";
  };
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"panel.json", lesson("    \"panel\": \"attention\", \"step\": \"matrix\""), ":5: unknown panel 'attention'"},
      {"step.json", lesson("    \"panel\": \"depth\",\n    \"step\": \"training\""), ":6: panel 'depth' has no step 'training'"},
      {"parameter.json", lesson("    \"panel\": \"depth\", \"step\": \"gradients\",\n    \"set\": {\n      \"lr\": 3}"),
       ":7: panel 'depth'"},
      {"range.json", lesson("    \"panel\": \"depth\", \"step\": \"gradients\",\n    \"set\": {\"layers\": 5000}"), ":6: panel 'depth'"},
      {"reveal.json",
       lesson("    \"panel\": \"axis-flip\", \"step\": \"batch-to-1\",\n    \"question\": {\"kind\": \"prediction\", \"prompt\": \"p\", "
              "\"hint\": \"h\", \"exercise\": \"batch-of-one\",\n      \"reveal\": {\"batch-size\": -1}}"),
       ":7: panel 'axis-flip'"},
  };
  const auto directory = scratch_ / "lessons";
  std::filesystem::create_directories(directory);
  for (const auto& [file, text, expected] : cases) {
    std::string unique = text;  // each file its own lesson id
    unique.replace(unique.find("\"bad\""), 5, "\"" + file.substr(0, file.find('.')) + "\"");
    std::ofstream(directory / file) << unique;
  }
  std::filesystem::copy_file(asset_path("lessons/2-geometry.json"), directory / "good.json");
  load_lessons(shell_, directory.string(), "");
  ASSERT_EQ(shell_.lessons->lessons.size(), 1u);
  EXPECT_EQ(shell_.lessons->lessons[0].id, "geometry");
  ASSERT_EQ(shell_.lessons->refused.size(), cases.size());
  for (const auto& [file, text, expected] : cases) {
    bool found = false;
    for (const std::string& refused : shell_.lessons->refused) {
      if (refused.find(file + expected) != std::string::npos) found = true;
    }
    EXPECT_TRUE(found) << file << expected << "\n" << ::testing::PrintToString(shell_.lessons->refused);
  }
  frame();  // the list shows the refused files and the app goes on
}

TEST_F(LessonRunnerTest, AWrongAnswerGivesTheHintThenTheWorkedAnswerAndTheRightOneIsAccepted) {
  load_shipped();
  open_lesson(shell_, "geometry", "jacobian-rank");
  answer_lesson_question(shell_, "7");  // d - 1: the rank with eps > 0, not at eps = 0
  const QuestionState& question = shell_.lessons->question;
  EXPECT_EQ(question.tries, 1);
  EXPECT_FALSE(question.correct);
  EXPECT_FALSE(question.show_worked);
  frame();
  answer_lesson_question(shell_, "five");  // not a number: not counted
  EXPECT_EQ(question.tries, 1);
  EXPECT_NE(question.message.find("not a number"), std::string::npos);
  answer_lesson_question(shell_, "5");
  EXPECT_TRUE(question.show_worked);  // after a second wrong try
  answer_lesson_question(shell_, "6");
  EXPECT_TRUE(question.correct);
  EXPECT_EQ(question.tries, 3);
  frame();
  std::ifstream saved(scratch_ / "progress.json");
  ASSERT_TRUE(saved.good());
  const nlohmann::json progress = nlohmann::json::parse(saved);
  EXPECT_EQ(progress["lessons"]["geometry"]["answers"]["jacobian-rank"]["given"], "6");
  EXPECT_EQ(progress["lessons"]["geometry"]["answers"]["jacobian-rank"]["correct"], true);
  EXPECT_EQ(progress["lessons"]["geometry"]["step"], 5);
}

TEST_F(LessonRunnerTest, APredictionRevealsTheStepsNewValuesAndResetRestoresTheStep) {
  load_shipped();
  open_lesson(shell_, "geometry", "a-cloud");
  params::ParameterSet& parameters = shell_.panels[static_cast<std::size_t>(shell_.current)].instance->parameters();
  EXPECT_EQ(parameters.get("norm"), "layer");
  answer_lesson_question(shell_, "0");  // "inside the plane": wrong for RMSNorm
  EXPECT_FALSE(shell_.lessons->question.correct);
  EXPECT_TRUE(shell_.lessons->question.show_worked);  // a prediction is answered at once
  EXPECT_EQ(parameters.get("norm"), "rms");           // the reveal
  frame();
  parameters.set("cloud-count", "7");
  reset_lesson_step(shell_);
  EXPECT_EQ(parameters.get("norm"), "layer");
  EXPECT_EQ(parameters.get("cloud-count"), "400");
  EXPECT_EQ(shell_.lessons->question.tries, 0);
}

TEST_F(LessonRunnerTest, PageDownAndPageUpMoveThroughTheLessonAndAPanelLeavesIt) {
  load_shipped();
  open_lesson(shell_, "placement", "0");
  frame();
  frame({GLFW_KEY_PAGE_DOWN});
  frame();
  EXPECT_EQ(shell_.lessons->step, 1);
  shell_.presentation = true;
  frame({GLFW_KEY_PAGE_DOWN});
  frame();
  EXPECT_EQ(shell_.lessons->step, 2);
  frame({GLFW_KEY_PAGE_UP});
  frame();
  EXPECT_EQ(shell_.lessons->step, 1);
  leave_lessons(shell_);
  const int panel_step = shown().step;
  frame({GLFW_KEY_PAGE_DOWN});
  EXPECT_EQ(shell_.lessons->step, 1);  // the panel's steps move now
  EXPECT_NE(shown().step, panel_step);
  EXPECT_THROW(open_lesson(shell_, "no-such-lesson", ""), std::invalid_argument);
  EXPECT_THROW(open_lesson(shell_, "placement", "99"), std::invalid_argument);
}

TEST(LessonProgressPath, FollowsXdgConfigHome) {
  const char* previous = std::getenv("XDG_CONFIG_HOME");
  const std::string kept = previous ? previous : "";
  ::setenv("XDG_CONFIG_HOME", "/tmp/normlab-xdg", 1);
  EXPECT_EQ(default_progress_path(), "/tmp/normlab-xdg/normlab/progress.json");
  if (previous) ::setenv("XDG_CONFIG_HOME", kept.c_str(), 1); else ::unsetenv("XDG_CONFIG_HOME");
}

}  // namespace
}  // namespace normlab::gui
