#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace microblog::testing {

// The `microblog` executable run as a child process with its own environment; standard output
// is read through a pipe, standard error collected in a file.
class ChildProcess {
 public:
  // `input` is written to the child's standard input, which is then closed.
  ChildProcess(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
               const std::string& input = "");
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  // Reads standard output until a line starting with `prefix` appears; returns that line, or
  // "" when the process closed its output first.
  std::string wait_for_line(const std::string& prefix);
  // Reads standard output until it contains `text` anywhere (e.g. inside a log line); false
  // when the process closed its output first.
  bool wait_for_text(const std::string& text);
  void signal(int signo);
  // Waits for the process to end; returns its exit code (128+N when killed by signal N).
  int wait();
  std::string stdout_text() const { return out_; }
  std::string stderr_text() const;

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string out_;
  std::string err_path_;
  bool exited_ = false;
  int code_ = 0;
};

// Runs to completion; returns the exit code.
int run_to_end(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
               std::string* out, std::string* err, const std::string& input = "");

std::string microblog_binary();

}  // namespace microblog::testing
