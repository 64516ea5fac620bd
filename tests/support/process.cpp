#include "support/process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
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

namespace {

std::vector<std::string> microblog_environment(const std::map<std::string, std::string>& env) {
  std::vector<std::string> out;
  for (const auto& [k, v] : env) {
    out.push_back(k + "=" + v);
  }
  // Sanitizer options must reach the child too.
  for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "PATH"}) {
    if (const char* v = std::getenv(name); v != nullptr && !env.contains(name)) {
      out.push_back(std::string(name) + "=" + v);
    }
  }
  return out;
}

std::vector<std::string> inherited_environment() {
  std::vector<std::string> out;
  for (char** e = environ; *e != nullptr; ++e) {
    out.emplace_back(*e);
  }
  return out;
}

std::vector<std::string> with_microblog_binary(const std::vector<std::string>& args) {
  std::vector<std::string> argv{microblog_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env, const std::string& input)
    : ChildProcess(with_microblog_binary(args), microblog_environment(env), input, SIGKILL) {}

std::unique_ptr<ChildProcess> ChildProcess::program(const std::vector<std::string>& argv) {
  return std::unique_ptr<ChildProcess>(
      new ChildProcess(argv, inherited_environment(), "", SIGTERM));
}

std::unique_ptr<ChildProcess> ChildProcess::with_file_limit(
    const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
    unsigned long limit) {
  return std::unique_ptr<ChildProcess>(new ChildProcess(
      with_microblog_binary(args), microblog_environment(env), "", SIGKILL, limit));
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv_in, std::vector<std::string> env,
                           const std::string& input, int stop_signal, unsigned long file_limit)
    : stop_signal_(stop_signal) {
  err_path_ = (std::filesystem::temp_directory_path() /
               ("mbproc-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".err"))
                  .string();
  int fds[2];
  int in_fds[2];
  if (::pipe(fds) != 0 || ::pipe(in_fds) != 0) {
    throw std::runtime_error("pipe failed");
  }
  std::vector<char*> argv;
  for (const auto& a : argv_in) {
    argv.push_back(const_cast<char*>(a.c_str()));
  }
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : env) {
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
    if (file_limit > 0) {
      const rlimit limit{file_limit, file_limit};
      if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
        ::_exit(126);
      }
    }
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
    ::kill(pid_, stop_signal_);
    wait();
  }
  if (out_fd_ >= 0) {
    ::close(out_fd_);
  }
  std::filesystem::remove(err_path_);
}

std::string ChildProcess::wait_for_line(const std::string& text) {
  std::size_t scanned = 0;
  for (;;) {
    for (auto nl = out_.find('\n', scanned); nl != std::string::npos;
         nl = out_.find('\n', scanned)) {
      const std::string line = out_.substr(scanned, nl - scanned);
      scanned = nl + 1;
      if (line.find(text) != std::string::npos) {
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

unsigned short port_of(const std::string& listening_line) {
  return static_cast<unsigned short>(
      std::stoi(listening_line.substr(listening_line.rfind(':') + 1)));
}

}  // namespace microblog::testing
