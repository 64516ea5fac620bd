#include "support/mail_sink.hpp"

#include <poll.h>
#include <sodium.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <boost/asio/ip/tcp.hpp>

namespace microblog::testing {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;

std::atomic<int> counter{0};

std::string temp_dir(const std::string& what) {
  const auto dir = fs::temp_directory_path() /
                   (what + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> read_sorted(const fs::path& dir, const std::string& ext) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (ext.empty() || e.path().extension() == ext) {
      files.push_back(e.path());
    }
  }
  // Maildir names and the fake's numbered files both start with a time or sequence.
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    return fs::last_write_time(a) < fs::last_write_time(b) ||
           (fs::last_write_time(a) == fs::last_write_time(b) && a < b);
  });
  std::vector<std::string> out;
  for (const auto& f : files) {
    std::string text = read_file(f);
    text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
    out.push_back(std::move(text));
  }
  return out;
}

}  // namespace

unsigned short free_port() {
  asio::io_context ioc;
  asio::ip::tcp::acceptor a(ioc, {asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

SmtpSink::SmtpSink() : dir_(temp_dir("mbsmtp")), port_(free_port()) {
  // aiosmtpd's Mailbox handler fails if the Maildir exists without all three folders.
  for (const char* sub : {"tmp", "new", "cur"}) {
    fs::create_directories(fs::path(dir_) / "maildir" / sub);
  }
}

SmtpSink::~SmtpSink() {
  stop();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void SmtpSink::start() {
  server_ =
      ChildProcess::program({"/usr/bin/python3", MICROBLOG_TEST_SUPPORT_DIR "/smtp_sink.py",
                             "--port", std::to_string(port_), "--maildir", dir_ + "/maildir"});
  // The script says "ready" once aiosmtpd accepts connections: no polling of the port.
  if (server_->wait_for_line("ready ").empty()) {
    throw std::runtime_error("aiosmtpd did not start on port " + std::to_string(port_) + ": " +
                             server_->stderr_text());
  }
}

void SmtpSink::stop() {
  server_.reset();
}

std::vector<std::string> SmtpSink::messages() const {
  return read_sorted(fs::path(dir_) / "maildir" / "new", "");
}

std::vector<std::string> SmtpSink::wait_for(std::size_t n, std::chrono::milliseconds timeout) {
  const std::string new_dir = dir_ + "/maildir/new";
  const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  ::inotify_add_watch(fd, new_dir.c_str(), IN_CREATE | IN_MOVED_TO);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  // Watch first, then look: a message that lands in between is seen either way.
  auto msgs = messages();
  while (msgs.size() < n) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      break;
    }
    pollfd p{fd, POLLIN, 0};
    ::poll(&p, 1, static_cast<int>(left.count()));
    char buf[4096];
    while (::read(fd, buf, sizeof buf) > 0) {
    }
    msgs = messages();
  }
  ::close(fd);
  return msgs;
}

MailgunFake::MailgunFake(const std::string& domain, const std::string& key)
    : dir_(temp_dir("mbmailgun")) {
  server_ =
      ChildProcess::program({"/usr/bin/python3", MICROBLOG_TEST_SUPPORT_DIR "/mailgun_fake.py",
                             "--port", "0", "--domain", domain, "--key", key, "--out", dir_});
  const std::string line = server_->wait_for_line("ready ");
  if (line.empty()) {
    throw std::runtime_error("the fake Mailgun did not start");
  }
  port_ = static_cast<unsigned short>(std::stoi(line.substr(6)));
}

MailgunFake::~MailgunFake() {
  server_.reset();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::vector<std::string> MailgunFake::requests() const {
  return read_sorted(dir_, ".json");
}

std::string mail_header(const std::string& message_in, const std::string& name) {
  std::string message = message_in;
  message.erase(std::remove(message.begin(), message.end(), '\r'), message.end());
  const std::string head = message.substr(0, message.find("\n\n"));
  std::istringstream lines(head);
  std::string line;
  std::string value;
  bool in = false;
  while (std::getline(lines, line)) {
    if (in && !line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      value += line;  // unfold
      continue;
    }
    if (in) {
      break;
    }
    const auto colon = line.find(':');
    if (colon != std::string::npos && line.size() >= name.size() &&
        std::equal(name.begin(), name.end(), line.begin(),
                   [](char a, char b) {
                     return std::tolower(static_cast<unsigned char>(a)) ==
                            std::tolower(static_cast<unsigned char>(b));
                   }) &&
        colon == name.size()) {
      value = line.substr(colon + 1);
      in = true;
    }
  }
  const auto start = value.find_first_not_of(' ');
  return start == std::string::npos ? "" : value.substr(start);
}

std::string decode_quoted_printable(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      continue;
    }
    if (text[i] == '=' && i + 1 < text.size() && (text[i + 1] == '\n' || text[i + 1] == '\r')) {
      i += text[i + 1] == '\r' ? 2 : 1;  // soft line break
      continue;
    }
    if (text[i] == '=' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
      continue;
    }
    out += text[i];
  }
  return out;
}

std::string decode_base64(const std::string& text) {
  std::string clean;
  for (const char c : text) {
    if (c != '\n' && c != '\r') {
      clean += c;
    }
  }
  std::string out(clean.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), clean.data(),
                        clean.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    throw std::runtime_error("not base64");
  }
  out.resize(len);
  return out;
}

std::string mail_part(const std::string& message_in, const std::string& content_type) {
  std::string message = message_in;
  message.erase(std::remove(message.begin(), message.end(), '\r'), message.end());
  const auto at = message.find("Content-Type: " + content_type);
  if (at == std::string::npos) {
    return {};
  }
  const auto body_start = message.find("\n\n", at);
  if (body_start == std::string::npos) {
    return {};
  }
  const std::string headers = message.substr(at, body_start - at);
  // The part ends at the next boundary line. Ours all start with "=_", which neither
  // quoted-printable nor base64 ever produce, while a body's own line may well start with "--"
  // (a quoted-printable line break inside a token such as "a--b").
  const std::string delimiter = "\n--=_";
  auto body_end = message.find(delimiter, body_start + 2);
  // The line break before "--boundary" belongs to the delimiter, not to the body.
  std::string body =
      message.substr(body_start + 2,
                     body_end == std::string::npos ? std::string::npos : body_end - body_start - 2);
  if (headers.find("quoted-printable") != std::string::npos) {
    return decode_quoted_printable(body);
  }
  if (headers.find("base64") != std::string::npos) {
    return decode_base64(body);
  }
  return body;
}

std::string decode_header_words(const std::string& value) {
  static constexpr std::string_view kOpen = "=?UTF-8?B?";
  std::string out;
  std::size_t pos = 0;
  bool after_word = false;
  while (pos < value.size()) {
    const std::size_t open = value.find(kOpen, pos);
    const std::size_t close =
        open == std::string::npos ? std::string::npos : value.find("?=", open + kOpen.size());
    if (close == std::string::npos) {
      out += value.substr(pos);
      break;
    }
    const std::string between = value.substr(pos, open - pos);
    if (!(after_word && between.find_first_not_of(" \t") == std::string::npos)) {
      out += between;
    }
    out += decode_base64(value.substr(open + kOpen.size(), close - open - kOpen.size()));
    pos = close + 2;
    after_word = true;
  }
  return out;
}

}  // namespace microblog::testing
