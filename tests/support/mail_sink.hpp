#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace microblog::testing {

// A loopback TCP port nobody listens on right now.
unsigned short free_port();

// A real SMTP server for tests: aiosmtpd (Debian's python3-aiosmtpd) on loopback, storing each
// message in a Maildir. Waiting for mail watches the Maildir with inotify, never sleeps.
class SmtpSink {
 public:
  // Picks a free port; the server is not started until start().
  SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;
  ~SmtpSink();

  void start();  // returns once the server accepts connections
  void stop();
  unsigned short port() const { return port_; }

  // Every message received so far, oldest first, with "\n" line ends.
  std::vector<std::string> messages() const;
  // Waits until at least `n` messages arrived (or `timeout` passed); returns messages().
  std::vector<std::string> wait_for(std::size_t n,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(20));

 private:
  std::string dir_;
  unsigned short port_ = 0;
  std::unique_ptr<ChildProcess> server_;
};

// The fake Mailgun API (tests/support/mailgun_fake.py): checks requests as Mailgun does and
// records each accepted one as JSON in a folder.
class MailgunFake {
 public:
  MailgunFake(const std::string& domain, const std::string& key);
  MailgunFake(const MailgunFake&) = delete;
  MailgunFake& operator=(const MailgunFake&) = delete;
  ~MailgunFake();

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // The recorded requests (JSON texts), oldest first.
  std::vector<std::string> requests() const;

 private:
  std::string dir_;
  unsigned short port_ = 0;
  std::unique_ptr<ChildProcess> server_;
};

// Helpers to read a received message.
// The value of the first header `name` (unfolded), or "".
std::string mail_header(const std::string& message, const std::string& name);
// The decoded body of the first part with this Content-Type (quoted-printable or base64).
std::string mail_part(const std::string& message, const std::string& content_type);
std::string decode_quoted_printable(const std::string& text);
// A header value with its RFC 2047 "=?UTF-8?B?...?=" words decoded (the white space between
// two encoded words dropped, as a mail reader does).
std::string decode_header_words(const std::string& value);
std::string decode_base64(const std::string& text);

}  // namespace microblog::testing
