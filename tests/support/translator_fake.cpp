#include "support/translator_fake.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace microblog::testing {
namespace {

namespace fs = std::filesystem;

std::atomic<int> counter{0};

}  // namespace

TranslatorFake::TranslatorFake(const std::string& api, const std::string& key,
                               const std::string& region, int slow_seconds) {
  const auto dir = fs::temp_directory_path() /
                   ("mbtranslate-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(dir);
  fs::create_directories(dir);
  dir_ = dir.string();
  server_ =
      ChildProcess::program({"/usr/bin/python3", MICROBLOG_TEST_SUPPORT_DIR "/translator_fake.py",
                             "--port", "0", "--api", api, "--key", key, "--region", region,
                             "--slow", std::to_string(slow_seconds), "--out", dir_});
  const std::string line = server_->wait_for_line("ready ");
  if (line.empty()) {
    throw std::runtime_error("the fake translation API did not start: " + server_->stderr_text());
  }
  port_ = static_cast<unsigned short>(std::stoi(line.substr(6)));
}

TranslatorFake::~TranslatorFake() {
  server_.reset();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::vector<nlohmann::json> TranslatorFake::requests() const {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir_)) {
    if (e.path().extension() == ".json") {
      files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());  // NNNN.json: in the order they arrived
  std::vector<nlohmann::json> out;
  for (const auto& f : files) {
    std::ifstream in(f);
    std::stringstream s;
    s << in.rdbuf();
    out.push_back(nlohmann::json::parse(s.str()));
  }
  return out;
}

bool TranslatorFake::wait_for_slow_request() {
  return !server_->wait_for_line("slow request").empty();
}

}  // namespace microblog::testing
