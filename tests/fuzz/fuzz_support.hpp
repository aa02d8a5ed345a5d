// What every fuzz target checks beyond "no crash, no sanitizer report": an error message is one line
// without raw control characters (file content is quoted through printable_excerpt).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace normlab::fuzz {

inline void require_one_clean_line(std::string_view message) {
  for (const char character : message) {
    const auto byte = static_cast<unsigned char>(character);
    if (byte < 0x20 || byte == 0x7f) {
      std::fprintf(stderr, "message with a raw control character 0x%02x: %.*s\n", byte, int(message.size()),
                   message.data());
      std::abort();
    }
  }
}

// require_one_clean_line, and short: quoted input is cut (printable_excerpt), so no message grows with
// the input (a 100 KB value must not make a 100 KB error line).
inline constexpr std::size_t kLongestMessage = 2048;
inline void require_short_clean_line(std::string_view message) {
  require_one_clean_line(message);
  if (message.size() > kLongestMessage) {
    std::fprintf(stderr, "message of %zu characters: %.200s...\n", message.size(), std::string(message).c_str());
    std::abort();
  }
}

// The fuzzer's bytes as command-line arguments, split at NUL bytes (at most 32 of them).
inline std::vector<std::string> arguments_of(const unsigned char* data, std::size_t size) {
  std::vector<std::string> arguments(1);
  for (std::size_t index = 0; index < size && arguments.size() <= 32; ++index) {
    if (data[index] == '\0') {
      arguments.emplace_back();
    } else {
      arguments.back().push_back(static_cast<char>(data[index]));
    }
  }
  return arguments;
}

}  // namespace normlab::fuzz
