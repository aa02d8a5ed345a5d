#include "panels/axis_flip_cube.hpp"

#include <glad/gl.h>
#include <GLFW/glfw3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace normlab::panels::axis_flip {

namespace {

// Column-major 4x4 and 3x3 matrices, as GL expects them.
using Mat4 = std::array<float, 16>;
using Vec3 = std::array<float, 3>;

Mat4 multiply(const Mat4& left, const Mat4& right) {
  Mat4 product{};
  for (int column = 0; column < 4; ++column) {
    for (int row = 0; row < 4; ++row) {
      float sum = 0;
      for (int inner = 0; inner < 4; ++inner) sum += left[inner * 4 + row] * right[column * 4 + inner];
      product[column * 4 + row] = sum;
    }
  }
  return product;
}

Mat4 rotation(float yaw, float pitch) {
  const float cy = std::cos(yaw), sy = std::sin(yaw), cp = std::cos(pitch), sp = std::sin(pitch);
  const Mat4 about_y = {cy, 0, -sy, 0, 0, 1, 0, 0, sy, 0, cy, 0, 0, 0, 0, 1};
  const Mat4 about_x = {1, 0, 0, 0, 0, cp, sp, 0, 0, -sp, cp, 0, 0, 0, 0, 1};
  return multiply(about_x, about_y);
}

constexpr float kEyeDistance = 2.9f;  // from the eye to the cube's centre, in cube units: ~55% of the height

Mat4 perspective_view(float aspect) {
  constexpr float kFieldOfView = 0.62f;  // radians, vertical
  constexpr float kNear = 0.5f, kFar = 20.0f;
  const float focal = 1.0f / std::tan(kFieldOfView / 2);
  const Mat4 projection = {focal / aspect, 0, 0, 0, 0, focal, 0, 0, 0, 0, (kFar + kNear) / (kNear - kFar), -1,
                           0, 0, 2 * kFar * kNear / (kNear - kFar), 0};
  const Mat4 back = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, -kEyeDistance, 1};
  return multiply(projection, back);
}

std::array<float, 4> transform(const Mat4& matrix, const Vec3& point) {
  std::array<float, 4> result{};
  for (int row = 0; row < 4; ++row) {
    result[row] = matrix[row] * point[0] + matrix[4 + row] * point[1] + matrix[8 + row] * point[2] + matrix[12 + row];
  }
  return result;
}

// One face of one cell's box, in model space.
struct Face {
  std::array<Vec3, 4> corners;
  Vec3 normal;
  figure::Color color;
  std::size_t cell;
};

struct CubeGeometry {
  std::vector<Face> faces;
  std::vector<Vec3> cell_centers;
  Vec3 half_extent{};  // of the whole tensor, for the axis labels
};

// Positions along x, channels down y, samples into z; the longest axis spans [-0.5, 0.5]. Boxes are
// shrunk so the gaps show where one cell ends.
CubeGeometry build_geometry(const Shape& shape, const std::vector<figure::Color>& colors) {
  const std::size_t samples = shape.at(0), channels = shape.at(1), positions = shape.at(2);
  // Samples are pulled apart (kSampleSpacing cells per sample) so a group inside the block stays visible.
  constexpr float kSampleSpacing = 1.6f;
  const float depth_cells = kSampleSpacing * static_cast<float>(samples) - (kSampleSpacing - 1.0f);
  const float unit = 1.0f / std::max({depth_cells, static_cast<float>(channels), static_cast<float>(positions)});
  const float half_box = 0.5f * unit * 0.82f;
  CubeGeometry geometry;
  geometry.half_extent = {0.5f * unit * positions, 0.5f * unit * channels, 0.5f * unit * depth_cells};
  static const std::array<Vec3, 6> kNormals = {{{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}}};
  for (std::size_t sample = 0; sample < samples; ++sample) {
    for (std::size_t channel = 0; channel < channels; ++channel) {
      for (std::size_t position = 0; position < positions; ++position) {
        const std::size_t cell = (sample * channels + channel) * positions + position;
        const Vec3 center = {(static_cast<float>(position) + 0.5f) * unit - geometry.half_extent[0],
                             geometry.half_extent[1] - (static_cast<float>(channel) + 0.5f) * unit,
                             geometry.half_extent[2] - (kSampleSpacing * static_cast<float>(sample) + 0.5f) * unit};
        geometry.cell_centers.push_back(center);
        for (const Vec3& normal : kNormals) {
          // Two axes spanning the face, chosen so the corners go round it.
          const int axis = normal[0] != 0 ? 0 : (normal[1] != 0 ? 1 : 2);
          const int first = (axis + 1) % 3, second = (axis + 2) % 3;
          Face face;
          face.normal = normal;
          face.color = colors[cell];
          face.cell = cell;
          const float signs[4][2] = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
          for (int corner = 0; corner < 4; ++corner) {
            Vec3 point = center;
            point[axis] += normal[axis] * half_box;
            point[first] += signs[corner][0] * half_box;
            point[second] += signs[corner][1] * half_box;
            face.corners[corner] = point;
          }
          geometry.faces.push_back(face);
        }
      }
    }
  }
  return geometry;
}

std::vector<float> triangle_vertices(const CubeGeometry& geometry) {
  std::vector<float> vertices;
  vertices.reserve(geometry.faces.size() * 6 * 10);
  for (const Face& face : geometry.faces) {
    for (const int corner : {0, 1, 2, 0, 2, 3}) {
      const Vec3& point = face.corners[corner];
      vertices.insert(vertices.end(), {point[0], point[1], point[2], face.normal[0], face.normal[1], face.normal[2],
                                       face.color.red, face.color.green, face.color.blue, face.color.alpha});
    }
  }
  return vertices;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

unsigned compile_shader(unsigned kind, const std::string& source, const std::string& name) {
  const unsigned shader = glCreateShader(kind);
  const char* text = source.c_str();
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  int compiled = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &compiled);
  if (!compiled) {
    char log[1024] = {};
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    glDeleteShader(shader);
    throw std::runtime_error(name + ": " + log);
  }
  return shader;
}

// The same shading as shaders/cube.frag, for the ImDrawList fallback.
figure::Color shaded(figure::Color color, const Vec3& view_normal) {
  const auto facing = [&](Vec3 light) {
    const float length = std::sqrt(light[0] * light[0] + light[1] * light[1] + light[2] * light[2]);
    return std::max((view_normal[0] * light[0] + view_normal[1] * light[1] + view_normal[2] * light[2]) / length, 0.0f);
  };
  const float light = 0.55f + 0.35f * facing({0.4f, 0.7f, 0.6f}) + 0.15f * facing({-0.6f, -0.2f, 0.8f});
  return {std::min(color.red * light, 1.0f), std::min(color.green * light, 1.0f), std::min(color.blue * light, 1.0f),
          color.alpha};
}

}  // namespace

std::string shader_path(const std::string& file_name) {
  if (const char* dir = std::getenv("NORMLAB_SHADERS"); dir != nullptr && *dir != '\0') {
    return std::string(dir) + "/" + file_name;
  }
  const std::string source_tree = std::string(NORMLAB_ASSETS_DIR) + "/../shaders/" + file_name;
  if (std::filesystem::exists(source_tree)) return source_tree;
  return "/usr/local/share/normlab/shaders/" + file_name;
}

CubeRenderer::~CubeRenderer() { release_gl(); }

void CubeRenderer::release_gl() {
  if (!gl_ready_ || glfwGetCurrentContext() == nullptr) return;
  glDeleteProgram(program_);
  glDeleteVertexArrays(1, &vertex_array_);
  glDeleteBuffers(1, &vertex_buffer_);
  glDeleteFramebuffers(1, &framebuffer_);
  glDeleteTextures(1, &color_texture_);
  glDeleteRenderbuffers(1, &depth_buffer_);
  gl_ready_ = false;
}

bool CubeRenderer::ensure_gl() {
  if (gl_tried_) return gl_ready_;
  gl_tried_ = true;
  if (glfwGetCurrentContext() == nullptr || !GLAD_GL_VERSION_3_3) {
    status_ = "no OpenGL 3.3 context: drawn with ImDrawList";
    return false;
  }
  try {
    const unsigned vertex = compile_shader(GL_VERTEX_SHADER, read_text(shader_path("cube.vert")), "cube.vert");
    const unsigned fragment = compile_shader(GL_FRAGMENT_SHADER, read_text(shader_path("cube.frag")), "cube.frag");
    program_ = glCreateProgram();
    glAttachShader(program_, vertex);
    glAttachShader(program_, fragment);
    glLinkProgram(program_);
    glDeleteShader(vertex);
    glDeleteShader(fragment);
    int linked = 0;
    glGetProgramiv(program_, GL_LINK_STATUS, &linked);
    if (!linked) throw std::runtime_error("the cube shaders do not link");
  } catch (const std::exception& error) {
    status_ = std::string("shaders unavailable (") + error.what() + "): drawn with ImDrawList";
    if (program_ != 0) glDeleteProgram(program_);
    program_ = 0;
    return false;
  }
  mvp_location_ = glGetUniformLocation(program_, "model_view_projection");
  normal_location_ = glGetUniformLocation(program_, "normal_rotation");
  glGenVertexArrays(1, &vertex_array_);
  glGenBuffers(1, &vertex_buffer_);
  glBindVertexArray(vertex_array_);
  glBindBuffer(GL_ARRAY_BUFFER, vertex_buffer_);
  const GLsizei stride = 10 * sizeof(float);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(0));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(3 * sizeof(float)));
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 4, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(6 * sizeof(float)));
  glBindVertexArray(0);
  glGenFramebuffers(1, &framebuffer_);
  glGenTextures(1, &color_texture_);
  glGenRenderbuffers(1, &depth_buffer_);
  gl_ready_ = true;
  status_ = "OpenGL 3.3, shaders/cube.vert + cube.frag";
  return true;
}

void CubeRenderer::render_gl(const std::vector<float>& vertices, const float* model_view_projection,
                             const float* normal_rotation, int width, int height, ImU32 background) {
  // The ImGui backend sets its own state before drawing, but the bound framebuffer, viewport and
  // enables are ours to put back: read them before anything below binds our own.
  GLint previous_framebuffer = 0, previous_viewport[4] = {};
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous_framebuffer);
  glGetIntegerv(GL_VIEWPORT, previous_viewport);
  const GLboolean depth_was_on = glIsEnabled(GL_DEPTH_TEST);
  const GLboolean cull_was_on = glIsEnabled(GL_CULL_FACE);
  const GLboolean blend_was_on = glIsEnabled(GL_BLEND);

  if (width != texture_width_ || height != texture_height_) {
    glBindTexture(GL_TEXTURE_2D, color_texture_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glBindRenderbuffer(GL_RENDERBUFFER, depth_buffer_);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, width, height);
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, color_texture_, 0);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, depth_buffer_);
    texture_width_ = width;
    texture_height_ = height;
  }
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
  glViewport(0, 0, width, height);
  const ImVec4 clear = ImGui::ColorConvertU32ToFloat4(background);
  glClearColor(clear.x, clear.y, clear.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  glEnable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glDisable(GL_BLEND);
  glUseProgram(program_);
  glUniformMatrix4fv(mvp_location_, 1, GL_FALSE, model_view_projection);
  glUniformMatrix3fv(normal_location_, 1, GL_FALSE, normal_rotation);
  glBindVertexArray(vertex_array_);
  glBindBuffer(GL_ARRAY_BUFFER, vertex_buffer_);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertices.size() * sizeof(float)), vertices.data(),
               GL_STREAM_DRAW);
  glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(vertices.size() / 10));
  glBindVertexArray(0);
  glUseProgram(0);

  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous_framebuffer));
  glViewport(previous_viewport[0], previous_viewport[1], previous_viewport[2], previous_viewport[3]);
  if (!depth_was_on) glDisable(GL_DEPTH_TEST);
  if (cull_was_on) glEnable(GL_CULL_FACE);
  if (blend_was_on) glEnable(GL_BLEND);
}

void CubeRenderer::draw(const Shape& shape, const std::vector<figure::Color>& cell_colors, CubeCamera& camera,
                        ImVec2 size, const CubeStyle& style) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##cube", size);
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f)) {
    const ImVec2 delta = ImGui::GetIO().MouseDelta;
    camera.yaw += delta.x * 0.01f / style.scale;
    camera.pitch = std::clamp(camera.pitch + delta.y * 0.01f / style.scale, -1.45f, 1.45f);
  }
  if (shape.size() != 3 || cell_colors.size() != element_count(shape) || size.x < 8 || size.y < 8) return;

  const CubeGeometry geometry = build_geometry(shape, cell_colors);
  const Mat4 turn = rotation(camera.yaw, camera.pitch);
  const Mat4 model_view_projection = multiply(perspective_view(size.x / size.y), turn);
  const float normal_rotation[9] = {turn[0], turn[1], turn[2], turn[4], turn[5], turn[6], turn[8], turn[9], turn[10]};
  ImDrawList* draw_list = ImGui::GetWindowDrawList();
  const auto to_screen = [&](const Vec3& point) {
    const auto clip = transform(model_view_projection, point);
    return ImVec2(origin.x + (clip[0] / clip[3] * 0.5f + 0.5f) * size.x,
                  origin.y + (0.5f - clip[1] / clip[3] * 0.5f) * size.y);
  };

  if (ensure_gl()) {
    const int width = static_cast<int>(size.x * ImGui::GetIO().DisplayFramebufferScale.x);
    const int height = static_cast<int>(size.y * ImGui::GetIO().DisplayFramebufferScale.y);
    render_gl(triangle_vertices(geometry), model_view_projection.data(), normal_rotation, width, height,
              style.background);
    // GL textures start at the bottom row: flip v.
    draw_list->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(color_texture_)), origin,
                        ImVec2(origin.x + size.x, origin.y + size.y), ImVec2(0, 1), ImVec2(1, 0));
  } else {
    draw_list->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), style.background);
    // Painter's algorithm: far cells first, and of each cell only the faces turned to the viewer.
    std::vector<std::pair<float, std::size_t>> order;
    for (std::size_t cell = 0; cell < geometry.cell_centers.size(); ++cell) {
      order.push_back({transform(model_view_projection, geometry.cell_centers[cell])[3], cell});
    }
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [depth, cell] : order) {
      for (std::size_t face_index = cell * 6; face_index < cell * 6 + 6; ++face_index) {
        const Face& face = geometry.faces[face_index];
        const Vec3 view_normal = {turn[0] * face.normal[0] + turn[4] * face.normal[1] + turn[8] * face.normal[2],
                                  turn[1] * face.normal[0] + turn[5] * face.normal[1] + turn[9] * face.normal[2],
                                  turn[2] * face.normal[0] + turn[6] * face.normal[1] + turn[10] * face.normal[2]};
        // Facing the eye when the normal points towards it (the eye sits at the view-space origin).
        const auto eye_space = transform(turn, face.corners[0]);
        const float toward_eye = -(view_normal[0] * eye_space[0] + view_normal[1] * eye_space[1] +
                                   view_normal[2] * (eye_space[2] - kEyeDistance));
        if (toward_eye <= 0) continue;
        const ImVec2 corners[4] = {to_screen(face.corners[0]), to_screen(face.corners[1]), to_screen(face.corners[2]),
                                   to_screen(face.corners[3])};
        const figure::Color color = shaded(face.color, view_normal);
        draw_list->AddConvexPolyFilled(corners, 4, ImGui::ColorConvertFloat4ToU32({color.red, color.green, color.blue, 1}));
      }
    }
  }

  // Axis labels in words, at the ends of three edges of the tensor's bounding box.
  const Vec3& half = geometry.half_extent;
  const float pad = 0.06f;
  const struct {
    Vec3 from, to;
    const char* text;
  } axes[] = {
      {{-half[0], -half[1] - pad, half[2] + pad}, {half[0], -half[1] - pad, half[2] + pad}, "L: positions"},
      {{-half[0] - pad, half[1], half[2] + pad}, {-half[0] - pad, -half[1], half[2] + pad}, "C: channels"},
      {{-half[0] - pad, half[1] + pad, half[2]}, {-half[0] - pad, half[1] + pad, -half[2]}, "N: samples"},
  };
  const ImVec2 centre = to_screen({0, 0, 0});
  for (const auto& axis : axes) {
    const ImVec2 from = to_screen(axis.from), to = to_screen(axis.to);
    draw_list->AddLine(from, to, style.label, 1.5f * style.scale);
    const ImVec2 middle((from.x + to.x) / 2, (from.y + to.y) / 2);
    const ImVec2 text_size = ImGui::CalcTextSize(axis.text);
    draw_list->AddText(outside_label_corner(middle, centre, text_size, 6 * style.scale), style.label, axis.text);
  }
}

ImVec2 outside_label_corner(ImVec2 edge_middle, ImVec2 cube_centre, ImVec2 text_size, float gap) {
  float dx = edge_middle.x - cube_centre.x, dy = edge_middle.y - cube_centre.y;
  const float length = std::sqrt(dx * dx + dy * dy);
  if (length < 1e-3f) {
    dx = 0, dy = 1;  // an edge through the centre's projection: below it
  } else {
    dx /= length, dy /= length;
  }
  // How far the box reaches from its centre along (dx, dy).
  const float reach = std::abs(dx) * text_size.x / 2 + std::abs(dy) * text_size.y / 2;
  const ImVec2 text_centre(edge_middle.x + dx * (gap + reach), edge_middle.y + dy * (gap + reach));
  return ImVec2(text_centre.x - text_size.x / 2, text_centre.y - text_size.y / 2);
}

}  // namespace normlab::panels::axis_flip
