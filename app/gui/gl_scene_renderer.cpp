// The OpenGL side of Viewport3D: the scene's triangles drawn lit (shaders/scene.vert, scene.frag) into a
// multisampled offscreen framebuffer, resolved into a texture that ImGui shows. Besides gl_window.cpp,
// the only file that makes GL calls.
#include <glad/gl.h>
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

#include "gui/viewport3d.hpp"

namespace normlab::gui {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// "0:12(3): error: ..." (Mesa) or "ERROR: 0:12: ..." becomes "scene.frag:12: error: ...": the file and
// line a person can open.
std::string shader_error(const std::string& path, const std::string& log) {
  std::smatch match;
  const std::string first_line = log.substr(0, log.find('\n'));
  static const std::regex kLocation(R"((?:ERROR:\s*)?\d+:(\d+)(?:\(\d+\))?:\s*(.*))");
  if (std::regex_search(first_line, match, kLocation)) return path + ":" + match[1].str() + ": " + match[2].str();
  return path + ": " + first_line;
}

unsigned compile_shader(unsigned kind, const std::string& path) {
  const std::string source = read_text(path);
  const unsigned shader = glCreateShader(kind);
  const char* text = source.c_str();
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  int compiled = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &compiled);
  if (!compiled) {
    char log[2048] = {};
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    glDeleteShader(shader);
    throw std::runtime_error(shader_error(path, log));
  }
  return shader;
}

// Per vertex: position (3), normal (3), colour (4).
constexpr int kFloatsPerVertex = 10;

void append(std::vector<float>& vertices, const SceneTriangle& triangle) {
  for (const Vec3& corner : triangle.corners) {
    vertices.insert(vertices.end(), {corner[0], corner[1], corner[2], triangle.normal[0], triangle.normal[1],
                                     triangle.normal[2], triangle.color.red, triangle.color.green, triangle.color.blue,
                                     triangle.color.alpha});
  }
}

unsigned build_program() {
  const unsigned vertex = compile_shader(GL_VERTEX_SHADER, shader_path("scene.vert"));
  unsigned fragment = 0;
  try {
    fragment = compile_shader(GL_FRAGMENT_SHADER, shader_path("scene.frag"));
  } catch (...) {
    glDeleteShader(vertex);
    throw;
  }
  const unsigned program = glCreateProgram();
  glAttachShader(program, vertex);
  glAttachShader(program, fragment);
  glLinkProgram(program);
  glDeleteShader(vertex);
  glDeleteShader(fragment);
  int linked = 0;
  glGetProgramiv(program, GL_LINK_STATUS, &linked);
  if (!linked) {
    char log[1024] = {};
    glGetProgramInfoLog(program, sizeof log, nullptr, log);
    glDeleteProgram(program);
    throw std::runtime_error(std::string("scene shaders do not link: ") + log);
  }
  return program;
}

// One program per GL context, shared by every view and built when the window opens: compiling it
// on a view's first frame cost 60-130 ms of the UI thread (llvmpipe), a visible hitch on entering
// the cube in class.
struct SharedProgram {
  GLFWwindow* context = nullptr;
  unsigned program = 0;
  std::string problem;  // why it could not be built
};
SharedProgram shared_program;

unsigned program_for_current_context() {
  if (shared_program.context != glfwGetCurrentContext()) prepare_scene_shaders();
  if (shared_program.program == 0) throw std::runtime_error(shared_program.problem);
  return shared_program.program;
}

class GlSceneRenderer final : public SceneRenderer {
 public:
  explicit GlSceneRenderer(std::string& status) {
    program_ = program_for_current_context();
    mvp_location_ = glGetUniformLocation(program_, "model_view_projection");
    normal_location_ = glGetUniformLocation(program_, "normal_rotation");
    glGenVertexArrays(1, &vertex_array_);
    glGenBuffers(1, &vertex_buffer_);
    glBindVertexArray(vertex_array_);
    glBindBuffer(GL_ARRAY_BUFFER, vertex_buffer_);
    const GLsizei stride = kFloatsPerVertex * sizeof(float);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(0));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(3 * sizeof(float)));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 4, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(6 * sizeof(float)));
    glBindVertexArray(0);
    GLint max_samples = 0;
    glGetIntegerv(GL_MAX_SAMPLES, &max_samples);
    samples_ = std::clamp(max_samples, 0, 4);
    glGenFramebuffers(1, &multisampled_);
    glGenRenderbuffers(1, &multisampled_colour_);
    glGenRenderbuffers(1, &multisampled_depth_);
    glGenFramebuffers(1, &resolved_);
    glGenTextures(1, &resolved_texture_);
    status = "OpenGL 3.3, " + std::to_string(samples_) + "x multisampling, shaders/scene.vert + scene.frag";
  }

  ~GlSceneRenderer() override {
    if (glfwGetCurrentContext() == nullptr) return;  // the context (and everything in it) is gone already
    glDeleteVertexArrays(1, &vertex_array_);
    glDeleteBuffers(1, &vertex_buffer_);
    glDeleteFramebuffers(1, &multisampled_);
    glDeleteRenderbuffers(1, &multisampled_colour_);
    glDeleteRenderbuffers(1, &multisampled_depth_);
    glDeleteFramebuffers(1, &resolved_);
    glDeleteTextures(1, &resolved_texture_);
  }

  ImTextureID render(const Scene3D& scene, const Mat4& model_view_projection, const Mat4& rotation_matrix, int width,
                     int height, figure::Color background) override {
    // Read what we restore before binding anything of ours.
    GLint previous_draw = 0, previous_read = 0, previous_viewport[4] = {}, previous_program = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous_draw);
    glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &previous_read);
    glGetIntegerv(GL_VIEWPORT, previous_viewport);
    glGetIntegerv(GL_CURRENT_PROGRAM, &previous_program);
    const GLboolean depth_was_on = glIsEnabled(GL_DEPTH_TEST), cull_was_on = glIsEnabled(GL_CULL_FACE),
                    blend_was_on = glIsEnabled(GL_BLEND), scissor_was_on = glIsEnabled(GL_SCISSOR_TEST);
    GLboolean depth_mask_was = GL_TRUE;
    glGetBooleanv(GL_DEPTH_WRITEMASK, &depth_mask_was);

    const bool ready = resize(width, height);
    if (ready) {
      glBindFramebuffer(GL_FRAMEBUFFER, multisampled_);
      glViewport(0, 0, width, height);
      glDisable(GL_SCISSOR_TEST);
      glClearColor(background.red, background.green, background.blue, 1.0f);
      glDepthMask(GL_TRUE);
      glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
      glEnable(GL_DEPTH_TEST);
      glDisable(GL_CULL_FACE);
      glUseProgram(program_);
      glUniformMatrix4fv(mvp_location_, 1, GL_FALSE, model_view_projection.data());
      const float normal_rotation[9] = {rotation_matrix[0], rotation_matrix[1], rotation_matrix[2],
                                        rotation_matrix[4], rotation_matrix[5], rotation_matrix[6],
                                        rotation_matrix[8], rotation_matrix[9], rotation_matrix[10]};
      glUniformMatrix3fv(normal_location_, 1, GL_FALSE, normal_rotation);
      // Opaque first with depth writes; then the translucent ones, far to near, blended over them.
      std::vector<float> opaque, translucent;
      std::vector<std::pair<float, const SceneTriangle*>> see_through;
      for (const SceneTriangle& triangle : scene.triangles) {
        if (triangle.color.alpha >= 1.0f) {
          append(opaque, triangle);
        } else {
          const Vec3 centre = {(triangle.corners[0][0] + triangle.corners[1][0] + triangle.corners[2][0]) / 3,
                               (triangle.corners[0][1] + triangle.corners[1][1] + triangle.corners[2][1]) / 3,
                               (triangle.corners[0][2] + triangle.corners[1][2] + triangle.corners[2][2]) / 3};
          see_through.emplace_back(rotate(rotation_matrix, centre)[2], &triangle);
        }
      }
      std::sort(see_through.begin(), see_through.end(),
                [](const auto& left, const auto& right) { return left.first < right.first; });
      for (const auto& entry : see_through) append(translucent, *entry.second);
      glBindVertexArray(vertex_array_);
      glBindBuffer(GL_ARRAY_BUFFER, vertex_buffer_);
      glDisable(GL_BLEND);
      draw_triangles(opaque);
      glEnable(GL_BLEND);
      glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
      glDepthMask(GL_FALSE);
      draw_triangles(translucent);
      glBindVertexArray(0);
      glBindFramebuffer(GL_READ_FRAMEBUFFER, multisampled_);
      glBindFramebuffer(GL_DRAW_FRAMEBUFFER, resolved_);
      glBlitFramebuffer(0, 0, width, height, 0, 0, width, height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    }

    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, static_cast<GLuint>(previous_draw));
    glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(previous_read));
    glViewport(previous_viewport[0], previous_viewport[1], previous_viewport[2], previous_viewport[3]);
    glUseProgram(static_cast<GLuint>(previous_program));
    glDepthMask(depth_mask_was);
    depth_was_on ? glEnable(GL_DEPTH_TEST) : glDisable(GL_DEPTH_TEST);
    cull_was_on ? glEnable(GL_CULL_FACE) : glDisable(GL_CULL_FACE);
    blend_was_on ? glEnable(GL_BLEND) : glDisable(GL_BLEND);
    scissor_was_on ? glEnable(GL_SCISSOR_TEST) : glDisable(GL_SCISSOR_TEST);
    return ready ? reinterpret_cast<ImTextureID>(static_cast<intptr_t>(resolved_texture_)) : ImTextureID{};
  }

 private:
  bool resize(int width, int height) {
    if (width <= 0 || height <= 0) return false;
    if (width == width_ && height == height_) return true;
    glBindRenderbuffer(GL_RENDERBUFFER, multisampled_colour_);
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples_, GL_RGBA8, width, height);
    glBindRenderbuffer(GL_RENDERBUFFER, multisampled_depth_);
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples_, GL_DEPTH_COMPONENT24, width, height);
    glBindFramebuffer(GL_FRAMEBUFFER, multisampled_);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, multisampled_colour_);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, multisampled_depth_);
    const bool multisampled_ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    glBindTexture(GL_TEXTURE_2D, resolved_texture_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glBindFramebuffer(GL_FRAMEBUFFER, resolved_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, resolved_texture_, 0);
    const bool resolved_ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    if (!multisampled_ok || !resolved_ok) return false;
    width_ = width;
    height_ = height;
    return true;
  }

  void draw_triangles(const std::vector<float>& vertices) {
    if (vertices.empty()) return;
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertices.size() * sizeof(float)), vertices.data(),
                 GL_STREAM_DRAW);
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(vertices.size() / kFloatsPerVertex));
  }

  unsigned program_ = 0, vertex_array_ = 0, vertex_buffer_ = 0;
  unsigned multisampled_ = 0, multisampled_colour_ = 0, multisampled_depth_ = 0, resolved_ = 0, resolved_texture_ = 0;
  int mvp_location_ = -1, normal_location_ = -1, samples_ = 0;
  int width_ = 0, height_ = 0;
};

std::string executable_folder() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::string() : self.parent_path().string();
}

}  // namespace

std::string shader_path(const std::string& file_name) {
  if (const char* folder = std::getenv("NORMLAB_SHADERS"); folder != nullptr && *folder != '\0') {
    return std::string(folder) + "/" + file_name;
  }
  const std::string beside = executable_folder() + "/shaders/" + file_name;
  if (std::filesystem::exists(beside)) return beside;
  return std::string(NORMLAB_SOURCE_SHADERS_DIR) + "/" + file_name;
}

void prepare_scene_shaders() {
  shared_program = {};
  shared_program.context = glfwGetCurrentContext();
  if (shared_program.context == nullptr || !GLAD_GL_VERSION_3_3) {
    shared_program.problem = "no OpenGL 3.3 context";
    return;
  }
  try {
    shared_program.program = build_program();
  } catch (const std::exception& problem) {
    shared_program.problem = problem.what();
    return;
  }
  // llvmpipe compiles a program's machine code at its first draw in each state (opaque, blended,
  // multisampled): one tiny draw of each now, so no view's first frame pays for it.
  std::string status;
  GlSceneRenderer warm_up(status);
  Scene3D scene;
  scene.add_quad({{{-1, -1, 0}, {1, -1, 0}, {1, 1, 0}, {-1, 1, 0}}}, {0, 0, 1}, {1, 1, 1, 1});
  scene.add_quad({{{-1, -1, 0.5f}, {1, -1, 0.5f}, {1, 1, 0.5f}, {-1, 1, 0.5f}}}, {0, 0, 1}, {1, 1, 1, 0.5f});
  const Mat4 identity = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
  warm_up.render(scene, identity, identity, 8, 8, {0, 0, 0, 1});
}

void forget_scene_shaders() { shared_program = {}; }

std::unique_ptr<SceneRenderer> make_gl_scene_renderer(std::string& reason) {
  if (glfwGetCurrentContext() == nullptr || !GLAD_GL_VERSION_3_3) {
    reason = "no OpenGL 3.3 context";
    return nullptr;
  }
  try {
    return std::make_unique<GlSceneRenderer>(reason);
  } catch (const std::exception& problem) {
    reason = problem.what();
    return nullptr;
  }
}

}  // namespace normlab::gui
