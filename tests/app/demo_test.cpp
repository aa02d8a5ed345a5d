// Saved demos and declared panel parameters: every panel's parameters survive a save and open; a
// screenshot of an opened demo equals, pixel for pixel, the one set up directly with --panel, --step
// and --set; malformed demos are refused with the file and the problem named and nothing changed;
// --set and --step name what is wrong in one line.
#include "gui/demo.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "gui/app.hpp"
#include "panels/registry.hpp"

namespace normlab::gui {
namespace {

using json = nlohmann::json;

class Demos : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() / ("normlab_demo_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  std::string write(const std::string& name, const std::string& text) {
    const std::string path = (folder_ / name).string();
    std::ofstream(path) << text;
    return path;
  }

  std::filesystem::path folder_;
};

// A value of `spec`'s kind that differs from its default and is within range.
json other_value(const params::Spec& spec) {
  switch (spec.kind) {
    case params::Kind::number: {
      const double value = spec.low + 0.37 * (spec.high - spec.low);
      return value == std::stod(spec.default_text) ? spec.high : value;
    }
    case params::Kind::integer: {
      const long long low = static_cast<long long>(spec.low), high = static_cast<long long>(spec.high);
      const long long value = low + (high - low) / 3;
      return value == std::stoll(spec.default_text) ? high : value;
    }
    case params::Kind::choice:
      return spec.choices.front() == spec.default_text ? spec.choices.back() : spec.choices.front();
    case params::Kind::boolean:
      return spec.default_text != "true";
    case params::Kind::matrix: {  // 3 x 2, or as much of it as the parameter's largest shape holds
      const json rows = json{{0.5, -1.25}, {2.0, 3.5}, {-0.75, 1.0}};
      json value = json::array();
      for (std::size_t row = 0; row < std::min<std::size_t>(3, spec.max_rows); ++row) {
        json cells = json::array();
        for (std::size_t col = 0; col < std::min<std::size_t>(2, spec.max_cols); ++col) cells.push_back(rows[row][col]);
        value.push_back(cells);
      }
      return value;
    }
    case params::Kind::text:
      return "a-file-that-is-not-opened.json";
  }
  return nullptr;
}

TEST_F(Demos, EveryPanelsParametersSurviveSaveAndOpen) {
  ShellState edited = make_shell_state(panels::panel_registry());
  std::size_t changed = 0;
  for (ShellPanel& panel : edited.panels) {
    params::ParameterSet& parameters = panel.instance->parameters();
    for (const params::Spec& spec : parameters.specs()) {
      parameters.set_json(spec.id, other_value(spec));
      ++changed;
    }
    panel.step = static_cast<int>(panel.descriptor->steps.size()) - 1;
  }
  EXPECT_GE(changed, 25u);  // the axis flip, depth and speed panels declare their inputs
  select_panel(edited, "depth");
  edited.theme = ThemeKind::dark;
  edited.zoom = 1.5f;
  const std::string path = (folder_ / "edited.json").string();
  save_demo(edited, path);

  ShellState opened = make_shell_state(panels::panel_registry());
  open_demo(opened, path);
  EXPECT_EQ(demo_document(opened), demo_document(edited));
  for (std::size_t index = 0; index < opened.panels.size(); ++index) {
    EXPECT_EQ(opened.panels[index].instance->parameters().to_json(),
              edited.panels[index].instance->parameters().to_json())
        << opened.panels[index].descriptor->id;
    EXPECT_EQ(opened.panels[index].step, edited.panels[index].step);
  }
  EXPECT_EQ(opened.panels[opened.current].descriptor->id, "depth");
  EXPECT_EQ(opened.theme, ThemeKind::dark);
  EXPECT_FLOAT_EQ(opened.zoom, 1.5f);
}

TEST_F(Demos, MalformedDemosAreRefusedAndChangeNothing) {
  ShellState shell = make_shell_state(panels::panel_registry());
  select_panel(shell, "axis-flip");
  apply_setting(shell, "rows=5");
  const json before = demo_document(shell);
  json good = before;
  const auto edit = [&](auto change) {
    json demo = good;
    change(demo);
    return demo.dump();
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{ \"format\": \"normlab-demo\", ", "not valid JSON"},
      {"", "not valid JSON"},
      {"[1, 2]", "JSON object"},
      {edit([](json& demo) { demo.erase("format"); }), "missing \"format\""},
      {edit([](json& demo) { demo["format"] = "normlab-run"; }), "not a NormLab demo"},
      {edit([](json& demo) { demo["version"] = 2; }), "newer NormLab"},
      {edit([](json& demo) { demo["version"] = "1"; }), "\"version\""},
      {edit([](json& demo) { demo["panel"] = "hyperspace"; }), "unknown panel 'hyperspace'"},
      {edit([](json& demo) { demo["step"] = "the-end"; }), "no step \"the-end\""},
      {edit([](json& demo) { demo["theme"] = "purple"; }), "\"theme\""},
      {edit([](json& demo) { demo["zoom"] = 40; }), "\"zoom\""},
      {edit([](json& demo) { demo["panels"] = 3; }), "\"panels\""},
      {edit([](json& demo) { demo["panels"]["nowhere"] = json::object(); }), "unknown panel 'nowhere'"},
      {edit([](json& demo) { demo["panels"]["depth"]["parameters"]["depth"] = 3; }),
       "unknown parameter 'depth'"},
      {edit([](json& demo) { demo["panels"]["depth"]["parameters"]["layers"] = 5000; }), "outside 1 .. 1000"},
      {edit([](json& demo) { demo["panels"]["depth"]["parameters"]["layers"] = "12"; }), "whole number"},
      {edit([](json& demo) {
         demo["panels"]["axis-flip"]["parameters"]["matrix"] = {{1, 2}, {3}};
       }),
       "every row"},
      {edit([](json& demo) { demo["panels"]["axis-flip"]["parameters"]["preset"] = "spiral"; }),
       "not one of"},
      {edit([](json& demo) { demo["panels"]["depth"]["step"] = 7; }), "no step 7"},
  };
  int index = 0;
  for (const auto& [text, expected] : cases) {
    const std::string path = write("bad_" + std::to_string(index++) + ".json", text);
    try {
      open_demo(shell, path);
      ADD_FAILURE() << "accepted: " << text.substr(0, 200);
    } catch (const std::invalid_argument& problem) {
      const std::string message = problem.what();
      EXPECT_EQ(message.rfind(path + ": ", 0), 0u) << message;  // the file first
      EXPECT_NE(message.find(expected), std::string::npos) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
    EXPECT_EQ(demo_document(shell), before) << text.substr(0, 200);
  }
  EXPECT_THROW(open_demo(shell, (folder_ / "missing.json").string()), std::invalid_argument);
  EXPECT_THROW(open_demo(shell, folder_.string()), std::invalid_argument);  // a directory
  EXPECT_EQ(demo_document(shell), before);
  // In the app, the same refusal is a toast and the screen keeps what it showed.
  open_demo_with_toast(shell, write("toast.json", "[]"));
  EXPECT_NE(shell.toasts.last_text().find("toast.json"), std::string::npos);
  EXPECT_EQ(demo_document(shell), before);
}

TEST_F(Demos, SetAndStepNameWhatIsWrong) {
  ShellState shell = make_shell_state(panels::panel_registry());
  select_panel(shell, "depth");
  const auto message = [&](const std::string& assignment) {
    try {
      apply_setting(shell, assignment);
    } catch (const std::invalid_argument& problem) {
      return std::string(problem.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message("bogus=1"),
            "--set: panel 'depth': unknown parameter 'bogus' (known: layers, width, norm, seed)");
  EXPECT_EQ(message("layers=0x10"), "--set: panel 'depth': layers='0x10' is not a decimal number");
  EXPECT_EQ(message("axis-flip.eps=2"), "--set: panel 'axis-flip': eps=2 is outside 0 .. 1");
  EXPECT_NE(message("nowhere.eps=2").find("unknown panel 'nowhere'"), std::string::npos);
  EXPECT_EQ(message("layers=24"), "accepted");
  EXPECT_EQ(shell.panels[shell.current].instance->parameters().get("layers"), "24");
  select_step(shell, "across-depths");
  EXPECT_EQ(shell.panels[shell.current].step, 2);
  select_step(shell, "depth/gradients");
  EXPECT_EQ(shell.panels[shell.current].step, 1);
  select_step(shell, "0");
  EXPECT_EQ(shell.panels[shell.current].step, 0);
  try {
    select_step(shell, "cube");
    FAIL();
  } catch (const std::invalid_argument& problem) {
    EXPECT_STREQ(
        problem.what(),
        "panel 'depth' has no step 'cube' (steps: hidden-norms, gradients, across-depths, or 0 to 2)");
  }
}

// The command line: one line on stderr and a non-zero exit; --save-demo writes without a window.
TEST_F(Demos, CommandLineSetErrorsAreOneLine) {
  const std::string out = (folder_ / "out.json").string();
  const std::string command =
      std::string(NORMLAB_APP) + " --panel depth --set layers=5000 --save-demo " + out + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[256];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = pclose(pipe);
  EXPECT_NE(status, 0);
  EXPECT_EQ(output, "normlab: --set: panel 'depth': layers=5000 is outside 1 .. 1000\n");
  EXPECT_FALSE(std::filesystem::exists(out));
  const std::string good = std::string(NORMLAB_APP) +
                           " --panel axis-flip --step cube --set cube-norm=layer --save-demo " + out +
                           " > /dev/null";
  ASSERT_EQ(std::system(good.c_str()), 0);
  const json demo = read_demo_file(out);
  EXPECT_EQ(demo["step"], "cube");
  EXPECT_EQ(demo["panels"]["axis-flip"]["parameters"]["cube-norm"], "layer");
}

// Offscreen frames of an app; the pictures of a demo and of the same set-up typed directly must agree.
std::vector<unsigned char> render(AppConfig config) {
  config.window = {1280, 720, /*visible=*/false, /*offscreen=*/true, "NormLab demo test"};
  config.deterministic = true;
  config.scale = 1.0f;
  std::string error;
  std::unique_ptr<App> app = App::create(config, error);
  EXPECT_NE(app, nullptr) << error;
  if (!app) return {};
  for (int frame = 0; frame < 4; ++frame) app->frame();
  int width = 0, height = 0;
  return app->last_frame(width, height);
}

TEST_F(Demos, AnOpenedDemoLooksExactlyLikeTheDirectSetUp) {
  if (std::getenv("DISPLAY") == nullptr)
    GTEST_SKIP() << "needs a display (README's test command starts Xvfb)";
  const std::vector<std::string> settings = {"axis-flip.preset=outlier-token",
                                             "axis-flip.rows=5",
                                             "axis-flip.cube-norm=instance",
                                             "depth.layers=5",
                                             "depth.width=32",
                                             "benchmark.cols=1024"};
  for (const panels::PanelDescriptor& panel : panels::panel_registry()) {
    for (const panels::StepDescriptor& step : panel.steps) {
      SCOPED_TRACE(panel.id + "/" + step.id);
      AppConfig direct;
      direct.panels = &panels::panel_registry();
      direct.panel = panel.id;
      direct.step = step.id;
      direct.settings = settings;
      ShellState shell = make_shell_state(panels::panel_registry());
      configure_shell(shell, direct);
      const std::string path = (folder_ / (panel.id + "-" + step.id + ".json")).string();
      save_demo(shell, path);
      AppConfig from_demo;
      from_demo.panels = &panels::panel_registry();
      from_demo.files = {path};
      const std::vector<unsigned char> expected = render(direct);
      const std::vector<unsigned char> actual = render(from_demo);
      ASSERT_FALSE(expected.empty());
      EXPECT_TRUE(actual == expected) << "the opened demo's frame differs from the direct one";
    }
  }
}

// The settings reach the picture (so the equality above is not two defaults agreeing).
TEST_F(Demos, SettingsChangeWhatIsDrawn) {
  if (std::getenv("DISPLAY") == nullptr)
    GTEST_SKIP() << "needs a display (README's test command starts Xvfb)";
  for (const auto& [panel, setting] : std::vector<std::pair<std::string, std::string>>{
           {"axis-flip", "rows=5"}, {"depth", "layers=4"}, {"benchmark", "rows=1024"}}) {
    AppConfig plain;
    plain.panels = &panels::panel_registry();
    plain.panel = panel;
    AppConfig set = plain;
    set.settings = {setting};
    EXPECT_FALSE(render(plain) == render(set)) << panel << " " << setting;
  }
}

TEST(PanelListing, NamesEveryStepAndParameterWithItsRangeAndDefault) {
  const std::string listing = panel_listing(panels::panel_registry());
  EXPECT_NE(listing.find("    step 4  axis-flip/cube  The cube\n"), std::string::npos) << listing;
  EXPECT_NE(listing.find("    --set depth.layers  integer, 1 .. 1000, default 12: "), std::string::npos)
      << listing;
  EXPECT_NE(listing.find("    --set depth.norm  choice, layer | rms, default layer: "), std::string::npos)
      << listing;
  EXPECT_NE(listing.find("    --set axis-flip.eps  number, 0 .. 1, default 1e-05: "), std::string::npos)
      << listing;
  for (const panels::PanelDescriptor& panel : panels::panel_registry()) {
    for (const panels::StepDescriptor& step : panel.steps) {
      EXPECT_NE(listing.find(panel.id + "/" + step.id + "  " + step.title), std::string::npos) << step.id;
    }
  }
}

}  // namespace
}  // namespace normlab::gui
