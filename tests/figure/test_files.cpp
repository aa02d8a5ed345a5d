#include "test_files.hpp"

#include <cairo.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

namespace normlab::figure::testing {

ScratchDirectory::ScratchDirectory() {
  static std::atomic<int> counter{0};
  root_ = std::filesystem::temp_directory_path() /
          ("normlab-figure-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(root_);
  std::filesystem::create_directories(root_);
}

ScratchDirectory::~ScratchDirectory() {
  std::error_code ignored;
  std::filesystem::remove_all(root_, ignored);
}

std::vector<std::string> ScratchDirectory::entries() const {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(root_))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::size_t PngImage::distinct_colors() const {
  return std::set<std::uint32_t>(pixels.begin(), pixels.end()).size();
}

PngImage read_png(const std::string& path) {
  PngImage image;
  cairo_surface_t* surface = cairo_image_surface_create_from_png(path.c_str());
  if (cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS &&
      cairo_image_surface_get_format(surface) != CAIRO_FORMAT_INVALID) {
    cairo_surface_flush(surface);
    image.width = cairo_image_surface_get_width(surface);
    image.height = cairo_image_surface_get_height(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    const unsigned char* data = cairo_image_surface_get_data(surface);
    const bool has_alpha = cairo_image_surface_get_format(surface) == CAIRO_FORMAT_ARGB32;
    for (int y = 0; y < image.height; ++y) {
      const auto* row = reinterpret_cast<const std::uint32_t*>(data + std::size_t(y) * std::size_t(stride));
      for (int x = 0; x < image.width; ++x)
        image.pixels.push_back(has_alpha ? row[x] : (row[x] | 0xFF000000u));
    }
  }
  cairo_surface_destroy(surface);
  return image;
}

int run_command(const std::string& command_line, std::string* output) {
  static std::atomic<int> counter{0};
  const std::string capture =
      (std::filesystem::temp_directory_path() /
       ("normlab-figure-cmd-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
          .string();
  const int status = std::system((command_line + " > '" + capture + "' 2>&1").c_str());
  if (output) *output = read_text(capture);
  std::filesystem::remove(capture);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read_text(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
}

}  // namespace normlab::figure::testing
