// Panel prose is data (assets/panels/<panel>.json): every key the panels ask for exists, and a missing
// one is shown as such rather than as an empty line.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>

#include "gui/assets.hpp"
#include "panels/registry.hpp"

namespace normlab::gui {
namespace {

TEST(PanelText, EveryStepOfThePanelsWithProseHasItsText) {
  const panels::PanelDescriptor* depth = panels::find_panel("depth");
  ASSERT_NE(depth, nullptr);
  for (const panels::StepDescriptor& step : depth->steps) {
    EXPECT_EQ(panel_text("depth", step.id).find("[missing text"), std::string::npos) << step.id;
  }
  const panels::PanelDescriptor* check = panels::find_panel("check");
  ASSERT_NE(check, nullptr);
  for (const panels::StepDescriptor& step : check->steps) {
    EXPECT_EQ(panel_text("check", step.id).find("[missing text"), std::string::npos) << step.id;
  }
  for (const char* key : {"question", "question.why"}) {
    EXPECT_EQ(panel_text("benchmark", key).find("[missing text"), std::string::npos) << key;
  }
  EXPECT_NE(panel_text("benchmark", "question").find("2048 × 4096"), std::string::npos);
}

TEST(PanelText, EveryNumericsStepHasItsTextAndCitesItsSources) {
  const panels::PanelDescriptor* numerics = panels::find_panel("numerics");
  ASSERT_NE(numerics, nullptr);
  for (const panels::StepDescriptor& step : numerics->steps) {
    EXPECT_EQ(panel_text("numerics", step.id).find("[missing text"), std::string::npos) << step.id;
  }
  EXPECT_EQ(panel_text("numerics", "epsilon.bfloat16").find("[missing text"), std::string::npos);
  const std::string& variance = panel_text("numerics", "variance");
  for (const char* source : {"Chan, Golub & LeVeque 1983", "Welford (1962)", "Higham"})
    EXPECT_NE(variance.find(source), std::string::npos) << source;
}

// Presenting, a step's prose collapses to its caption: every step of every registered panel has one,
// one line long (at most 72 bytes: a line of bold presentation type beside the N and Controls hints
// at 720p), with no internal file names on screen.
TEST(PanelText, EveryStepOfEveryPanelHasAOneLineCaption) {
  for (const panels::PanelDescriptor& panel : panels::panel_registry()) {
    for (const panels::StepDescriptor& step : panel.steps) {
      const std::string* caption = find_panel_text(panel.id, step.id + ".caption");
      ASSERT_NE(caption, nullptr) << panel.id << "/" << step.id << ".caption";
      EXPECT_FALSE(caption->empty()) << panel.id << "/" << step.id;
      EXPECT_LE(caption->size(), 72u) << panel.id << "/" << step.id << ": " << *caption;
      EXPECT_EQ(caption->find('\n'), std::string::npos) << panel.id << "/" << step.id;
      EXPECT_EQ(caption->find("seed 00"), std::string::npos) << panel.id << "/" << step.id;
    }
  }
  EXPECT_EQ(find_panel_text("depth", "no-such-step"), nullptr);
  EXPECT_EQ(find_panel_text("no-such-panel", "x"), nullptr);
}

// The axis flip's prose is data too: its steps' notes and the sentences its code asks for.
TEST(PanelText, TheAxisFlipsProseIsInItsAssetsFile) {
  const panels::PanelDescriptor* axis_flip = panels::find_panel("axis-flip");
  ASSERT_NE(axis_flip, nullptr);
  for (const panels::StepDescriptor& step : axis_flip->steps) {
    EXPECT_NE(find_panel_text("axis-flip", step.id), nullptr) << step.id;
  }
  for (const char* key : {"matrix.paste", "batch-to-1.train-eval", "cube.layer-axis", "cube.hint"}) {
    EXPECT_NE(find_panel_text("axis-flip", key), nullptr) << key;
  }
  EXPECT_NE(panel_text("axis-flip", "matrix").find("llm-viz"), std::string::npos);
}

TEST(PanelText, AMissingTextIsShownAsMissing) {
  EXPECT_EQ(panel_text("depth", "no-such-step"), "[missing text: depth/no-such-step]");
  EXPECT_EQ(panel_text("no-such-panel", "x"), "[missing text: no-such-panel/x]");
}

// Presenting hides the panel list, so the welcome page's words for that mode do not point at it.
TEST(PanelText, WelcomeWhilePresentingDoesNotPointAtTheHiddenPanelList) {
  std::ifstream in(asset_path("welcome.json"));
  const nlohmann::json welcome = nlohmann::json::parse(in);
  const std::string presenting = welcome.at("start_presenting").get<std::string>();
  EXPECT_EQ(presenting.find("left"), std::string::npos) << presenting;
  EXPECT_NE(presenting.find("PageDown"), std::string::npos) << presenting;
  EXPECT_NE(welcome.at("start").get<std::string>().find("left"), std::string::npos);  // at the desk it is there
}

}  // namespace
}  // namespace normlab::gui
