#version 330 core
// Viewport3D's scenes (the axis flip's cube, ...): lit, coloured triangles. Positions arrive in model
// space; the view passes one model-view-projection matrix (the orbit camera) and the rotation alone
// for the normals.
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
