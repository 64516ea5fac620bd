#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace microblog::testing {

// A child process: standard output read through a pipe, standard error collected in a file.
class ChildProcess {
 public:
  // The `microblog` executable with `args` and exactly the environment `env` (plus the
  // sanitizer options and PATH); `input` is written to its standard input, which is then
  // closed. Killed (SIGKILL) if still running when destroyed.
  ChildProcess(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
               const std::string& input = "");

  // Any program (argv[0] is its path) with this process's environment; asked to stop with
  // SIGTERM, and reaped, when destroyed.
  static std::unique_ptr<ChildProcess> program(const std::vector<std::string>& argv);

  // `microblog` as the constructor runs it, allowed at most `limit` open files
  // (RLIMIT_NOFILE, soft and hard), set in the child before it starts.
  static std::unique_ptr<ChildProcess> with_file_limit(
      const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
      unsigned long limit);

  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  // Reads standard output until a line containing `text` appears; returns that line, or ""
  // when the process closed its output first.
  std::string wait_for_line(const std::string& text);
  void signal(int signo);
  // Waits for the process to end; returns its exit code (128+N when killed by signal N).
  int wait();
  std::string stdout_text() const { return out_; }
  pid_t pid() const { return pid_; }
  std::string stderr_text() const;

 private:
  ChildProcess(const std::vector<std::string>& argv, std::vector<std::string> env,
               const std::string& input, int stop_signal, unsigned long file_limit = 0);

  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string out_;
  std::string err_path_;
  bool exited_ = false;
  int code_ = 0;
  int stop_signal_ = 0;
};

// Runs to completion; returns the exit code.
int run_to_end(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
               std::string* out, std::string* err, const std::string& input = "");

std::string microblog_binary();

// The port of a "listening on ADDRESS:PORT" line, as `serve --listen 127.0.0.1:0` prints it.
unsigned short port_of(const std::string& listening_line);

}  // namespace microblog::testing
