#include "support/process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace microblog::testing {
namespace {
std::atomic<int> counter{0};
}

std::string microblog_binary() {
  return MICROBLOG_BINARY;
}

ChildProcess::ChildProcess(const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env,
                           const std::string& input) {
  err_path_ = (std::filesystem::temp_directory_path() /
               ("mbproc-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".err"))
                  .string();
  int fds[2];
  int in_fds[2];
  if (::pipe(fds) != 0 || ::pipe(in_fds) != 0) {
    throw std::runtime_error("pipe failed");
  }
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) {
    env_strings.push_back(k + "=" + v);
  }
  // Sanitizer options must reach the child too.
  for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "PATH"}) {
    if (const char* v = std::getenv(name); v != nullptr && !env.contains(name)) {
      env_strings.push_back(std::string(name) + "=" + v);
    }
  }
  std::vector<char*> argv;
  const std::string binary = microblog_binary();
  argv.push_back(const_cast<char*>(binary.c_str()));
  for (const auto& a : args) {
    argv.push_back(const_cast<char*>(a.c_str()));
  }
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : env_strings) {
    envp.push_back(e.data());
  }
  envp.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(in_fds[0], STDIN_FILENO);
    ::close(in_fds[0]);
    ::close(in_fds[1]);
    ::dup2(fds[1], STDOUT_FILENO);
    const int err = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(err, STDERR_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  out_fd_ = fds[0];
  ::close(in_fds[0]);
  // Small inputs (a password line) fit the pipe buffer, so this never blocks.
  (void)!::write(in_fds[1], input.data(), input.size());
  ::close(in_fds[1]);
}

ChildProcess::~ChildProcess() {
  if (!exited_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    wait();
  }
  if (out_fd_ >= 0) {
    ::close(out_fd_);
  }
  std::filesystem::remove(err_path_);
}

std::string ChildProcess::wait_for_line(const std::string& prefix) {
  std::size_t scanned = 0;
  for (;;) {
    for (auto nl = out_.find('\n', scanned); nl != std::string::npos;
         nl = out_.find('\n', scanned)) {
      const std::string line = out_.substr(scanned, nl - scanned);
      scanned = nl + 1;
      if (line.rfind(prefix, 0) == 0) {
        return line;
      }
    }
    char buf[4096];
    const ssize_t n = ::read(out_fd_, buf, sizeof buf);
    if (n <= 0) {
      return {};
    }
    out_.append(buf, static_cast<std::size_t>(n));
  }
}

bool ChildProcess::wait_for_text(const std::string& text) {
  while (out_.find(text) == std::string::npos) {
    char buf[4096];
    const ssize_t n = ::read(out_fd_, buf, sizeof buf);
    if (n <= 0) {
      return false;
    }
    out_.append(buf, static_cast<std::size_t>(n));
  }
  return true;
}

void ChildProcess::signal(int signo) {
  ::kill(pid_, signo);
}

int ChildProcess::wait() {
  if (exited_) {
    return code_;
  }
  // Drain standard output so the child never blocks on a full pipe.
  char buf[4096];
  ssize_t n = 0;
  while ((n = ::read(out_fd_, buf, sizeof buf)) > 0) {
    out_.append(buf, static_cast<std::size_t>(n));
  }
  int status = 0;
  ::waitpid(pid_, &status, 0);
  exited_ = true;
  code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return code_;
}

std::string ChildProcess::stderr_text() const {
  std::ifstream in(err_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int run_to_end(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
               std::string* out, std::string* err, const std::string& input) {
  ChildProcess p(args, env, input);
  const int code = p.wait();
  if (out != nullptr) {
    *out = p.stdout_text();
  }
  if (err != nullptr) {
    *err = p.stderr_text();
  }
  return code;
}

}  // namespace microblog::testing
