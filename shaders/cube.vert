#version 330 core
// The axis-flip cube: one small box per tensor cell (sample, channel, position), coloured by the
// reduction group that shares its statistics. Positions arrive in model space; the panel passes one
// model-view-projection matrix (rotation by dragging) and the rotation alone for the normals.
layout(location = 0) in vec3 position;
layout(location = 1) in vec3 normal;
layout(location = 2) in vec4 color;

uniform mat4 model_view_projection;
uniform mat3 normal_rotation;

out vec3 view_normal;
out vec4 cell_color;

void main() {
  view_normal = normal_rotation * normal;
  cell_color = color;
  gl_Position = model_view_projection * vec4(position, 1.0);
}
