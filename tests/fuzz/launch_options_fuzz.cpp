// normlab's command line (arguments split at NUL bytes) -> parse_launch_options: options within their
// documented ranges, or a one-line error.
#include "fuzz_support.hpp"
#include "gui/launch_options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::vector<std::string> arguments = normlab::fuzz::arguments_of(data, size);
  arguments.insert(arguments.begin(), "normlab");
  std::vector<const char*> argv;
  for (const std::string& argument : arguments) argv.push_back(argument.c_str());
  normlab::gui::LaunchOptions options;
  const auto error = normlab::gui::parse_launch_options(static_cast<int>(argv.size()), argv.data(), options);
  if (error) {
    normlab::fuzz::require_one_clean_line(*error);
    return 0;
  }
  if (options.width < 320 || options.width > 8192 || options.height < 240 || options.height > 8192) std::abort();
  if (options.frames < 1) std::abort();
  if (options.scale && !(*options.scale >= 0.5f && *options.scale <= 4.0f)) std::abort();
  return 0;
}
