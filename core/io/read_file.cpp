#include "io/read_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace normlab {

namespace {

void require_regular(const std::string& path, const struct stat& status) {
  if (S_ISDIR(status.st_mode)) throw std::invalid_argument("'" + path + "' is a directory, not a file");
  if (!S_ISREG(status.st_mode)) {
    const char* kind = S_ISFIFO(status.st_mode)                               ? "a FIFO (named pipe)"
                       : S_ISCHR(status.st_mode) || S_ISBLK(status.st_mode) ? "a device"
                       : S_ISSOCK(status.st_mode)                           ? "a socket"
                                                                            : "not a regular file";
    throw std::invalid_argument("'" + path + "' is " + kind + ", not a regular file");
  }
}

class FileDescriptor {
 public:
  explicit FileDescriptor(int descriptor) : descriptor_(descriptor) {}
  ~FileDescriptor() {
    if (descriptor_ >= 0) ::close(descriptor_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return descriptor_; }

 private:
  int descriptor_;
};

}  // namespace

void require_regular_if_present(const std::string& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) == 0) require_regular(path, status);
}

std::string read_regular_file(const std::string& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) {
    const int error = errno;
    throw std::runtime_error("cannot open '" + path + "' (" +
                             (error == ENOENT ? std::string("no such file") : std::strerror(error)) + ")");
  }
  require_regular(path, status);
  // O_NONBLOCK: should the name be swapped for a FIFO between stat and open, open still returns.
  const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (file.get() < 0) {
    throw std::runtime_error("cannot open '" + path + "' (" + std::strerror(errno) + ")");
  }
  if (::fstat(file.get(), &status) != 0) throw std::runtime_error("cannot read '" + path + "'");
  require_regular(path, status);
  std::string bytes;
  bytes.reserve(static_cast<std::size_t>(status.st_size));
  char buffer[1 << 16];
  while (true) {
    const ssize_t count = ::read(file.get(), buffer, sizeof buffer);
    if (count == 0) break;
    if (count < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("cannot read '" + path + "' (" + std::strerror(errno) + ")");
    }
    bytes.append(buffer, static_cast<std::size_t>(count));
  }
  return bytes;
}

}  // namespace normlab
