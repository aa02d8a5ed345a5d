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
