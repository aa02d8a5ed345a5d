// Reading a whole input file, refusing what is not a regular file before opening it for real: a
// directory named d.npy, a FIFO (whose open would block until a writer comes) or a device.
#pragma once

#include <string>

namespace normlab {

// The file's bytes. Throws std::runtime_error for a missing or unreadable file and
// std::invalid_argument for a directory or any other non-regular file, each naming the path.
std::string read_regular_file(const std::string& path);

// Throws as read_regular_file does when `path` exists and is not a regular file (a missing file is
// the caller's business); opens nothing, so it never blocks.
void require_regular_if_present(const std::string& path);

}  // namespace normlab
