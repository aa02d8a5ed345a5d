// Helpers for the figure tests: a scratch directory, reading PNGs back, running programs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace normlab::figure::testing {

// A fresh directory under the system temp dir, removed with its contents on destruction.
class ScratchDirectory {
 public:
  ScratchDirectory();
  ~ScratchDirectory();
  std::string path(const std::string& name) const { return (root_ / name).string(); }
  std::vector<std::string> entries() const;  // file names inside, sorted

 private:
  std::filesystem::path root_;
};

struct PngImage {
  int width = 0, height = 0;
  std::vector<std::uint32_t> pixels;  // cairo ARGB32 (premultiplied), row-major
  std::size_t distinct_colors() const;
  std::uint8_t alpha_at(int x, int y) const { return std::uint8_t(pixels[std::size_t(y) * width + x] >> 24); }
};
// Reads a PNG with cairo; width 0 when the file is missing or not a PNG.
PngImage read_png(const std::string& path);

// Runs a shell command line; returns its exit status and fills `output` with stdout + stderr.
int run_command(const std::string& command_line, std::string* output = nullptr);
std::string read_text(const std::string& path);

}  // namespace normlab::figure::testing
