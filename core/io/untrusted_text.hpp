// Quoting text that came from a file or a command line in a one-line message: control characters
// (an ESC sequence in a CSV cell would otherwise act on the terminal), newlines and bytes outside
// printable ASCII are shown escaped (\x1b, \n, \\), and long text is cut short with "...". Every
// error message that quotes a file's content goes through this.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace normlab {

inline constexpr std::size_t kExcerptLength = 60;

// At most `max_length` characters of the escaped text, then "..." when something was cut.
std::string printable_excerpt(std::string_view text, std::size_t max_length = kExcerptLength);

}  // namespace normlab
