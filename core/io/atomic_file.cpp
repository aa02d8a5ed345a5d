#include "io/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "io/parse_number.hpp"

namespace normlab {

namespace {

namespace fs = std::filesystem;

// Temporaries are "<folder>/.normlab-tmp-<pid>-<counter>-<name>": hidden, and recognisable as ours
// with the process that wrote them, so a run killed mid-write leaves at most one behind until the
// next write into the same folder removes it.
constexpr std::string_view kTemporaryPrefix = ".normlab-tmp-";

std::string temporary_name_for(const fs::path& target) {
  static std::atomic<unsigned> counter{0};
  // Built with += rather than one long + chain: GCC 12 raises a false -Wrestrict on the chain.
  std::string name(kTemporaryPrefix);
  name += std::to_string(::getpid());
  name += "-";
  name += std::to_string(counter.fetch_add(1));
  name += "-";
  name += target.filename().string();
  return (target.parent_path() / name).string();
}

bool process_is_gone(long long pid) { return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH; }

// Removes our temporaries in `folder` whose writing process no longer exists. Best effort: a folder
// that cannot be listed is left alone.
void remove_stale_temporaries(const fs::path& folder) {
  std::error_code error;
  fs::directory_iterator entries(folder.empty() ? fs::path(".") : folder, error);
  if (error) return;
  for (const fs::directory_entry& entry : entries) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kTemporaryPrefix, 0) != 0) continue;
    const std::string_view rest = std::string_view(name).substr(kTemporaryPrefix.size());
    const std::optional<long long> pid = parse_whole(rest.substr(0, rest.find('-')));
    if (pid && process_is_gone(*pid) && entry.is_regular_file(error)) fs::remove(entry.path(), error);
  }
}

// Writing through a symbolic link replaces the file it points to and keeps the link.
fs::path resolved_target(const std::string& path) {
  std::error_code error;
  if (fs::is_symlink(path, error)) {
    const fs::path target = fs::weakly_canonical(path, error);
    if (!error) return target;
  }
  return path;
}

void sync_path(const std::string& path, int flags, const std::string& shown) {
  const int descriptor = ::open(path.c_str(), flags | O_CLOEXEC);
  if (descriptor < 0) throw std::runtime_error("cannot write '" + shown + "': " + std::strerror(errno));
  const int result = ::fsync(descriptor);
  const int error = errno;
  ::close(descriptor);
  // Some file systems cannot sync a directory (EINVAL): the rename is then as durable as they allow.
  if (result != 0 && error != EINVAL) {
    throw std::runtime_error("cannot write '" + shown + "' (" + std::strerror(error) + ")");
  }
}

}  // namespace

void write_path_atomically(const std::string& path, const std::function<void(const std::string&)>& write) {
  const fs::path target = resolved_target(path);
  remove_stale_temporaries(target.parent_path());
  const std::string temporary = temporary_name_for(target);
  try {
    write(temporary);
    if (!fs::exists(temporary)) throw std::runtime_error("cannot write '" + path + "'");
    sync_path(temporary, O_RDONLY, path);
    std::error_code error;
    fs::rename(temporary, target, error);
    if (error) throw std::runtime_error("cannot write '" + path + "': " + error.message());
  } catch (...) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw;
  }
  const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  sync_path(folder.string(), O_RDONLY | O_DIRECTORY, path);
}

void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
  write_path_atomically(path, [&](const std::string& temporary) {
    std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
    if (!stream) throw std::runtime_error("cannot open '" + path + "' for writing");
    write(stream);
    stream.flush();
    if (!stream) throw std::runtime_error("cannot write '" + path + "' (disk full or no permission?)");
  });
}

}  // namespace normlab
