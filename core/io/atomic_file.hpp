// Writing files so that a failure never leaves a half-written or stale output behind: data goes to a
// temporary file in the same directory (".normlab-tmp-<pid>-..."), is fsynced, renamed over the target
// only on success, and the directory is fsynced, so after a crash or power loss the target holds the
// old or the new content, never a mix. A temporary left by a killed run (its pid gone) is removed by
// the next write into that directory. A target that is a symbolic link is written through: the file it
// points to is replaced and the link stays.
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace normlab {

// Calls write(stream) on a temporary file next to `path`, then renames it to `path`. If write throws
// or the stream fails, the temporary file is removed, `path` is untouched, and the error propagates
// (as std::runtime_error naming the path for I/O failures).
void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

// For writers that need a file name rather than a stream (cairo, stb): `write(temporary_path)` must
// create the file; it is renamed to `path` on success and removed on failure.
void write_path_atomically(const std::string& path, const std::function<void(const std::string&)>& write);

}  // namespace normlab
