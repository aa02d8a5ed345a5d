#version 330 core
// Soft two-light shading: a face stays recognisably its colour from every angle (a projector washes out
// strong shading), with enough contrast between a box's three visible faces to read depth. The
// ImDrawList fallback (gui/scene3d.cpp, shaded) computes the same light.
in vec3 view_normal;
in vec4 cell_color;

out vec4 fragment_color;

void main() {
  vec3 normal = normalize(view_normal);
  float key = max(dot(normal, normalize(vec3(0.4, 0.7, 0.6))), 0.0);
  float fill = max(dot(normal, normalize(vec3(-0.6, -0.2, 0.8))), 0.0);
  float light = 0.55 + 0.35 * key + 0.15 * fill;
  fragment_color = vec4(min(cell_color.rgb * light, vec3(1.0)), cell_color.a);
}
