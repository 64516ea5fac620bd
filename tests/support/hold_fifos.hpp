#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace microblog::testing {

// A MICROBLOG_TEST_HOLD_DIR with the FIFO pair "<name>-entered" and "<name>-release" that a
// server's test hook uses (util::fifo_handshake): the server writes a byte to the first, then
// waits for one on the second. A test thereby stops a server at a known point without sleeping.
// The folder is made fresh and removed with the object.
class HoldFifos {
 public:
  HoldFifos(const std::string& folder_prefix, const std::string& name)
      : dir_(std::filesystem::temp_directory_path() /
             (folder_prefix + "-" + std::to_string(::getpid()))),
        entered_(dir_ / (name + "-entered")),
        release_(dir_ / (name + "-release")) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    EXPECT_EQ(::mkfifo(entered_.c_str(), 0600), 0);
    EXPECT_EQ(::mkfifo(release_.c_str(), 0600), 0);
  }
  HoldFifos(const HoldFifos&) = delete;
  HoldFifos& operator=(const HoldFifos&) = delete;
  ~HoldFifos() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  const std::filesystem::path& dir() const { return dir_; }

  // Blocks until the server's hook announces itself.
  void wait_entered() const {
    std::ifstream entered(entered_);
    char byte = 0;
    entered.get(byte);
    ASSERT_EQ(byte, '1');
  }
  // Lets the waiting hook go on.
  void release() const {
    std::ofstream out(release_);
    out << 'g';
  }

 private:
  std::filesystem::path dir_;
  std::filesystem::path entered_;
  std::filesystem::path release_;
};

}  // namespace microblog::testing
