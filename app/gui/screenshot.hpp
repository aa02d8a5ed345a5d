// Writing a rendered frame to PNG (atomically: a failed write leaves no file).
#pragma once

#include <string>
#include <vector>

namespace normlab::gui {

// `rgba` is width * height * 4 bytes, top row first. Throws std::runtime_error naming the path.
void write_png(const std::string& path, const std::vector<unsigned char>& rgba, int width, int height);

}  // namespace normlab::gui
