// Inputs that are not regular files are refused by name, without blocking, by every reader.
#include "io/read_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "io/csv.hpp"
#include "io/npy.hpp"

namespace normlab {
namespace {

class InputFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() /
              ("normlab_read_" + std::to_string(::getpid()) + "_" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(folder_);
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }
  std::string path(const std::string& name) const { return (folder_ / name).string(); }
  // "'<folder>/<name>'<tail>", built with += (GCC 12 raises a false -Wrestrict on a long + chain).
  std::string quoted(const std::string& name, const std::string& tail) const {
    std::string text = "'";
    text += path(name);
    text += "'";
    text += tail;
    return text;
  }
  std::filesystem::path folder_;
};

template <typename Read>
std::string message_of(Read read) {
  try {
    read();
  } catch (const std::exception& error) {
    return error.what();
  }
  return "no error";
}

TEST_F(InputFiles, ReadsARegularFile) {
  std::ofstream(path("a.bin"), std::ios::binary) << std::string("ab\0c", 4);
  EXPECT_EQ(read_regular_file(path("a.bin")), std::string("ab\0c", 4));
}

TEST_F(InputFiles, ADirectoryIsNamedAsOne) {
  for (const char* name : {"d.npy", "d.csv"}) std::filesystem::create_directories(path(name));
  EXPECT_EQ(message_of([&] { read_npy(path("d.npy")); }), quoted("d.npy", " is a directory, not a file"));
  EXPECT_EQ(message_of([&] { read_csv(path("d.csv")); }), quoted("d.csv", " is a directory, not a file"));
}

TEST_F(InputFiles, AFifoIsRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo(path("f.npy").c_str(), 0600), 0);
  // With no writer, opening the FIFO for reading would block this test forever.
  EXPECT_EQ(message_of([&] { read_npy(path("f.npy")); }), quoted("f.npy", " is a FIFO (named pipe), not a regular file"));
  EXPECT_NE(message_of([&] { require_regular_if_present(path("f.npy")); }).find("FIFO"), std::string::npos);
}

TEST_F(InputFiles, ADeviceIsRefused) {
  EXPECT_EQ(message_of([] { read_regular_file("/dev/zero"); }), "'/dev/zero' is a device, not a regular file");
}

TEST_F(InputFiles, AMissingFileSaysSo) {
  EXPECT_EQ(message_of([&] { read_regular_file(path("none.npy")); }),
            "cannot open " + quoted("none.npy", " (no such file)"));
  EXPECT_NO_THROW(require_regular_if_present(path("none.npy")));
}

}  // namespace
}  // namespace normlab
