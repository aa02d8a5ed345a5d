// The 3-D viewport behind its renderer seam: a mock renderer receives the scene and the camera's
// matrices and its texture is what the view shows; without a renderer the ImDrawList fallback draws
// only the faces turned to the eye; the camera follows drags, the wheel and a double-click; on real GL
// (Xvfb) a broken shader is reported with its file and line.
#include <gtest/gtest.h>
#include <imgui.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "panels/registry.hpp"
#include "gui/app.hpp"
#include "gui/scene3d.hpp"
#include "gui/viewport3d.hpp"
#include "panels/axis_flip_cube.hpp"

namespace normlab::gui {
namespace {

class MockRenderer final : public SceneRenderer {
 public:
  ImTextureID render(const Scene3D& scene, const Mat4& model_view_projection, const Mat4&, int width, int height,
                     figure::Color) override {
    ++calls;
    triangles = scene.triangles.size();
    last_width = width;
    last_height = height;
    last_mvp = model_view_projection;
    return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(42));
  }
  int calls = 0;
  std::size_t triangles = 0;
  int last_width = 0, last_height = 0;
  Mat4 last_mvp{};
};

class Viewport : public ::testing::Test {
 protected:
  void SetUp() override {
    context_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(800, 600);
    io.DeltaTime = 1.0f / 60.0f;
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
  }
  void TearDown() override { ImGui::DestroyContext(context_); }

  // One frame with the view at (100, 50), 400 x 300; returns the draw data's window list.
  const ImDrawList* frame(Viewport3D& view, const Scene3D& scene, OrbitCamera& camera, ImVec2 mouse = {-1e30f, -1e30f},
                          bool down = false, float wheel = 0) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = mouse;
    io.MouseDown[0] = down;
    io.MouseWheel = wheel;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(100, 50));
    ImGui::SetNextWindowSize(ImVec2(400, 300));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin("view", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
    view.draw(scene, camera, ImVec2(400, 300), ViewportStyle{});
    ImGui::End();
    ImGui::PopStyleVar();
    ImGui::Render();
    return ImGui::GetDrawData()->CmdLists[0];
  }

  ImGuiContext* context_ = nullptr;
};

Scene3D one_box() {
  return panels::axis_flip::cube_scene({1, 1, 1}, {figure::Color{0.2f, 0.4f, 0.8f, 1.0f}});
}

TEST_F(Viewport, TheRendererGetsTheSceneAndItsTextureIsShown) {
  Viewport3D view;
  auto mock = std::make_unique<MockRenderer>();
  MockRenderer* renderer = mock.get();
  view.use_renderer(std::move(mock));
  OrbitCamera camera;
  const Scene3D scene = panels::axis_flip::cube_scene({2, 3, 4}, std::vector<figure::Color>(24, {0.5f, 0.5f, 0.5f, 1}));
  const ImDrawList* list = frame(view, scene, camera);
  EXPECT_EQ(renderer->calls, 1);
  EXPECT_EQ(renderer->triangles, 24u * 12u);  // six faces of two triangles per cell
  EXPECT_EQ(renderer->last_width, 400);
  EXPECT_EQ(renderer->last_height, 300);
  bool shown = false;
  for (const ImDrawCmd& command : list->CmdBuffer) shown |= command.TextureId == reinterpret_cast<ImTextureID>(42);
  EXPECT_TRUE(shown);
  // The origin projects to the view's centre; the projection is the one the renderer was given.
  const ImVec2 centre = view.to_screen({0, 0, 0});
  EXPECT_NEAR(centre.x, 300, 1e-3);
  EXPECT_NEAR(centre.y, 200, 1e-3);
  EXPECT_EQ(renderer->last_mvp, multiply(perspective_view(400.0f / 300.0f, camera.eye_distance),
                                         rotation(camera.yaw, camera.pitch)));
}

TEST_F(Viewport, WithoutARendererOnlyTheFacesTurnedToTheEyeAreDrawn) {
  Viewport3D view;
  view.use_renderer(nullptr);
  OrbitCamera camera;  // looking at a corner from above: three faces of a box are visible
  const int empty = frame(view, Scene3D{}, camera)->VtxBuffer.Size;  // the window and the view's background
  // Three faces of two triangles, 3 vertices each (no anti-aliasing fringe).
  EXPECT_EQ(frame(view, one_box(), camera)->VtxBuffer.Size - empty, 3 * 2 * 3);
  camera.yaw = 0;
  camera.pitch = 0;  // straight at one face
  EXPECT_EQ(frame(view, one_box(), camera)->VtxBuffer.Size - empty, 1 * 2 * 3);
}

TEST_F(Viewport, TheCameraFollowsDragsTheWheelAndADoubleClick) {
  Viewport3D view;
  view.use_renderer(nullptr);
  OrbitCamera camera;
  frame(view, one_box(), camera, ImVec2(300, 200), false);
  frame(view, one_box(), camera, ImVec2(300, 200), true);
  frame(view, one_box(), camera, ImVec2(340, 220), true);  // drag 40 px right, 20 px down
  frame(view, one_box(), camera, ImVec2(340, 220), false);
  EXPECT_NEAR(camera.yaw, camera.default_yaw + 0.4f, 1e-4);
  EXPECT_NEAR(camera.pitch, camera.default_pitch + 0.2f, 1e-4);
  frame(view, one_box(), camera, ImVec2(300, 200), false, 1.0f);
  EXPECT_NEAR(camera.eye_distance, camera.default_eye_distance * 0.9f, 1e-4);
  // A double-click: two presses within ImGui's double-click time.
  for (int press = 0; press < 2; ++press) {
    frame(view, one_box(), camera, ImVec2(300, 200), true);
    frame(view, one_box(), camera, ImVec2(300, 200), false);
  }
  EXPECT_FLOAT_EQ(camera.yaw, camera.default_yaw);
  EXPECT_FLOAT_EQ(camera.eye_distance, camera.default_eye_distance);
}

// On real GL: the shaders build, and a broken one is named with its file and line.
TEST(GlSceneRenderer, ABrokenShaderIsReportedWithItsFileAndLine) {
  if (std::getenv("DISPLAY") == nullptr) GTEST_SKIP() << "needs a display (README's test command starts Xvfb)";
  AppConfig config;
  config.panels = &panels::panel_registry();
  config.window = {320, 240, /*visible=*/false, /*offscreen=*/true, "NormLab viewport test"};
  config.deterministic = true;
  std::string error;
  std::unique_ptr<App> app = App::create(config, error);  // makes a GL 3.3 context current
  ASSERT_NE(app, nullptr) << error;
  std::string reason;
  EXPECT_NE(make_gl_scene_renderer(reason), nullptr) << reason;
  EXPECT_NE(reason.find("multisampling"), std::string::npos) << reason;

  const std::filesystem::path folder =
      std::filesystem::temp_directory_path() / ("normlab_shaders_" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  std::filesystem::copy_file(shader_path("scene.vert"), folder / "scene.vert");
  std::ofstream(folder / "scene.frag") << "#version 330 core\nout vec4 colour;\nvoid main() {\n  colour = nonsense;\n}\n";
  ::setenv("NORMLAB_SHADERS", folder.c_str(), 1);
  prepare_scene_shaders();  // the window built the good ones when it opened
  EXPECT_EQ(make_gl_scene_renderer(reason), nullptr);
  ::unsetenv("NORMLAB_SHADERS");
  prepare_scene_shaders();
  std::filesystem::remove_all(folder);
  EXPECT_EQ(reason.rfind((folder / "scene.frag").string() + ":4: ", 0), 0u) << reason;
}

}  // namespace
}  // namespace normlab::gui
