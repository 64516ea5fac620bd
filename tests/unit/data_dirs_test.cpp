#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "config/config.hpp"

namespace microblog {
namespace {

namespace fs = std::filesystem;

// A scratch folder, removed at the end of the test.
class Scratch {
 public:
  Scratch()
      : root_(fs::temp_directory_path() /
              ("mbtest-datadirs-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  ~Scratch() { fs::remove_all(root_); }
  const fs::path& root() const { return root_; }

 private:
  fs::path root_;
};

TEST(ConfigDataDirs, AnInstallUsesShareBesideBin) {
  const Scratch s;
  fs::create_directories(s.root() / "bin");
  fs::create_directories(s.root() / "share" / "microblog" / "templates");
  const auto d = config::data_dirs_beside(s.root() / "bin");
  EXPECT_EQ(d.templates_dir, (s.root() / "share" / "microblog" / "templates").string());
  EXPECT_EQ(d.static_dir, (s.root() / "share" / "microblog" / "static").string());
}

TEST(ConfigDataDirs, TheBuildTreeUsesTheFoldersBesideTheBinary) {
  const Scratch s;
  fs::create_directories(s.root() / "build" / "templates");
  const auto d = config::data_dirs_beside(s.root() / "build");
  EXPECT_EQ(d.templates_dir, (s.root() / "build" / "templates").string());
  EXPECT_EQ(d.static_dir, (s.root() / "build" / "static").string());
}

TEST(ConfigDataDirs, NeitherNamesTheInstallLayout) {
  const Scratch s;
  fs::create_directories(s.root() / "bin");
  const auto d = config::data_dirs_beside(s.root() / "bin");
  EXPECT_EQ(d.templates_dir, (s.root() / "share" / "microblog" / "templates").string());
}

TEST(ConfigDataDirs, TheEnvironmentWins) {
  const std::map<std::string, std::string> env = {{"TEMPLATES_DIR", "/srv/t"},
                                                  {"STATIC_DIR", "/srv/s"}};
  const auto c = config::load_config([&env](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
  EXPECT_EQ(c.templates_dir, "/srv/t");
  EXPECT_EQ(c.static_dir, "/srv/s");
}

}  // namespace
}  // namespace microblog
