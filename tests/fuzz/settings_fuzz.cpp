// settings.json content -> load_settings: never throws, zoom within its range, one-line problem.
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "fuzz_support.hpp"
#include "gui/settings.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  static const std::filesystem::path folder =
      std::filesystem::temp_directory_path() / ("normlab_fuzz_settings_" + std::to_string(::getpid()));
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  const std::string path = (folder / "settings.json").string();
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(data), std::streamsize(size));
  std::string problem;
  const normlab::gui::Settings settings = normlab::gui::load_settings(path, &problem);
  if (!(settings.zoom >= normlab::gui::kMinZoom && settings.zoom <= normlab::gui::kMaxZoom)) std::abort();
  normlab::fuzz::require_one_clean_line(problem);
  return 0;
}
