#include "gui/screenshot.hpp"

#include <stb_image_write.h>  // compiled into Debian's libstb: no IMPLEMENTATION define here

#include <filesystem>
#include <stdexcept>

#include "io/atomic_file.hpp"

namespace normlab::gui {

void write_png(const std::string& path, const std::vector<unsigned char>& rgba, int width, int height) {
  if (rgba.size() != static_cast<std::size_t>(width) * height * 4) {
    throw std::runtime_error("cannot write " + path + ": pixel buffer does not match " + std::to_string(width) +
                             " x " + std::to_string(height));
  }
  const std::filesystem::path folder = std::filesystem::absolute(path).parent_path();
  if (!std::filesystem::is_directory(folder)) {
    throw std::runtime_error("cannot write " + path + ": folder " + folder.string() + " does not exist");
  }
  write_path_atomically(path, [&](const std::string& temporary_path) {
    if (stbi_write_png(temporary_path.c_str(), width, height, 4, rgba.data(), width * 4) == 0) {
      throw std::runtime_error("cannot write PNG " + path);
    }
  });
}

}  // namespace normlab::gui
