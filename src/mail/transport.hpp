#pragma once

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "mail/message.hpp"

namespace microblog::mail {

// A send that did not happen. `permanent` failures (the provider refused the request as
// malformed or unauthorised) are not retried: retrying cannot change the answer.
class SendError : public std::runtime_error {
 public:
  SendError(const std::string& what, bool permanent)
      : std::runtime_error(what), permanent_(permanent) {}
  bool permanent() const { return permanent_; }

 private:
  bool permanent_;
};

// Delivers one built message. Implementations are thread-safe (one curl handle per send).
class Transport {
 public:
  virtual ~Transport() = default;
  // Throws SendError (or InvalidMessage, which is permanent too).
  virtual void send(const Message& message) = 0;
  // "smtp://host:port", "mailgun (domain)", "outbox (dir)": for the start-up log line.
  virtual std::string describe() const = 0;
  // "smtp", "mailgun" or "outbox": the transport label of the mail metrics.
  virtual std::string_view kind() const = 0;
};

struct SmtpSettings {
  std::string host;
  int port = 25;
  bool starttls = false;  // MAIL_USE_TLS; port 465 means implicit TLS regardless
  std::string username;
  std::string password;
  std::chrono::seconds timeout{30};
};
std::unique_ptr<Transport> make_smtp_transport(SmtpSettings settings);

struct MailgunSettings {
  std::string api_key;
  std::string domain;
  std::string api_url = "https://api.mailgun.net";  // https://api.eu.mailgun.net for the EU
  std::chrono::seconds timeout{30};
};
std::unique_ptr<Transport> make_mailgun_transport(MailgunSettings settings);

// Writes each message as <dir>/<time>-<id>.eml (written to a temporary name, then renamed, so
// a reader never sees half a file).
std::unique_ptr<Transport> make_outbox_transport(std::string dir);

// Mailgun when MAILGUN_API_KEY and MAILGUN_DOMAIN are set, else SMTP when MAIL_SERVER is,
// else the outbox folder. `timeout` bounds one send (kept below the job lease).
std::unique_ptr<Transport> make_transport(const config::Config& cfg, std::chrono::seconds timeout);

}  // namespace microblog::mail
