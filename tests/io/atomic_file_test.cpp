// Atomic writes: a killed run's temporary does not stay forever, and a symbolic link is written through.
#include "io/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace normlab {
namespace {

namespace fs = std::filesystem;

class AtomicFile : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() / ("normlab_atomic_" + std::to_string(::getpid()) + "_" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }
  fs::path path(const std::string& name) const { return folder_ / name; }
  static std::string read(const fs::path& file) {
    std::ifstream stream(file, std::ios::binary);
    std::ostringstream text;
    text << stream.rdbuf();
    return text.str();
  }
  fs::path folder_;
};

// The pid of a process that has exited and been reaped.
pid_t finished_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

TEST_F(AtomicFile, ATemporaryOfADeadRunIsRemovedByTheNextWrite) {
  const std::string dead = ".normlab-tmp-" + std::to_string(finished_pid()) + "-0-out.npy";
  const std::string alive = ".normlab-tmp-" + std::to_string(::getpid()) + "-999-out.npy";
  for (const std::string& name : {dead, alive, std::string(".other-tmp-1-0-out.npy")}) {
    std::ofstream(path(name)) << "half written";
  }
  write_file_atomically(path("result.csv").string(), [](std::ostream& out) { out << "1,2\n"; });
  EXPECT_EQ(read(path("result.csv")), "1,2\n");
  EXPECT_FALSE(fs::exists(path(dead)));
  EXPECT_TRUE(fs::exists(path(alive))) << "a running writer's temporary is not ours to remove";
  EXPECT_TRUE(fs::exists(path(".other-tmp-1-0-out.npy")));
}

TEST_F(AtomicFile, ASymbolicLinkIsWrittenThrough) {
  fs::create_directories(path("real"));
  std::ofstream(path("real/settings.json")) << "old";
  fs::create_symlink("real/settings.json", path("link.json"));
  write_file_atomically(path("link.json").string(), [](std::ostream& out) { out << "new"; });
  EXPECT_TRUE(fs::is_symlink(path("link.json")));
  EXPECT_EQ(read(path("real/settings.json")), "new");
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(path("real"))) ++entries;
  EXPECT_EQ(entries, 1u) << "no temporary left beside the target";
}

TEST_F(AtomicFile, AFailedWriteLeavesNothing) {
  EXPECT_THROW(write_file_atomically(path("x.csv").string(),
                                     [](std::ostream&) { throw std::runtime_error("disk on fire"); }),
               std::runtime_error);
  EXPECT_TRUE(fs::is_empty(folder_));
}

}  // namespace
}  // namespace normlab
