#include "io/atomic_file.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace normlab {

namespace {

std::string temporary_path_for(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  const std::filesystem::path target(path);
  // Built with += rather than one long + chain: GCC 12 raises a false -Wrestrict on the chain.
  std::string name = ".";
  name += target.filename().string();
  name += ".tmp-";
  name += std::to_string(::getpid());
  name += "-";
  name += std::to_string(counter.fetch_add(1));
  return (target.parent_path() / name).string();
}

void commit(const std::string& temporary, const std::string& path) {
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary, error);
    throw std::runtime_error("cannot write '" + path + "': " + error.message());
  }
}

}  // namespace

void write_path_atomically(const std::string& path, const std::function<void(const std::string&)>& write) {
  const std::string temporary = temporary_path_for(path);
  try {
    write(temporary);
    if (!std::filesystem::exists(temporary)) throw std::runtime_error("cannot write '" + path + "'");
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
  commit(temporary, path);
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
