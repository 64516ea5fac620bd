#include "mail/transport.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <utility>

#include <curl/curl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mail/mime_reader.hpp"
#include "util/clock.hpp"

namespace microblog::mail {
namespace {

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
  void operator()(curl_mime* m) const { curl_mime_free(m); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;
using CurlList = std::unique_ptr<curl_slist, CurlDeleter>;
using CurlMime = std::unique_ptr<curl_mime, CurlDeleter>;

CurlHandle new_handle() {
  CurlHandle h(curl_easy_init());
  if (!h) {
    throw SendError("libcurl could not create a handle", false);
  }
  // No signals from libcurl's resolver: the worker threads must not be interrupted.
  curl_easy_setopt(h.get(), CURLOPT_NOSIGNAL, 1L);
  return h;
}

std::size_t read_upload(char* buffer, std::size_t size, std::size_t nitems, void* userdata) {
  try {
    return static_cast<MimeReader*>(userdata)->read(buffer, size * nitems);
  } catch (const std::exception&) {
    return CURL_READFUNC_ABORT;  // an attachment file that can no longer be read
  }
}

std::size_t collect(char* ptr, std::size_t size, std::size_t nmemb, void* userdata) {
  auto* out = static_cast<std::string*>(userdata);
  if (out->size() < 64 * 1024) {
    out->append(ptr, size * nmemb);
  }
  return size * nmemb;
}

// Runs the transfer within `timeout` (connecting included). Returns curl's result and, on
// failure, its own words for it: the error buffer names the step that failed, which
// curl_easy_strerror does not.
std::pair<CURLcode, std::string> perform(CURL* c, std::chrono::seconds timeout) {
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(timeout.count()));
  std::array<char, CURL_ERROR_SIZE> error{};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error.data());
  const CURLcode rc = curl_easy_perform(c);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);  // the buffer ends with this call
  if (rc == CURLE_OK) {
    return {rc, {}};
  }
  return {rc, error[0] != '\0' ? std::string(error.data()) : std::string(curl_easy_strerror(rc))};
}

class SmtpTransport : public Transport {
 public:
  explicit SmtpTransport(SmtpSettings s) : s_(std::move(s)) {}

  std::string_view kind() const override { return "smtp"; }

  std::string describe() const override {
    return fmt::format("{}://{}:{}{}", s_.port == 465 ? "smtps" : "smtp", s_.host, s_.port,
                       s_.starttls && s_.port != 465 ? " (STARTTLS)" : "");
  }

  void send(const Message& message) override {
    MimeReader mime(message);
    auto h = new_handle();
    CURL* c = h.get();
    // Port 465 speaks TLS from the first byte (smtps); elsewhere MAIL_USE_TLS asks for
    // STARTTLS and refuses to go on in clear text if the server does not offer it.
    const std::string url =
        fmt::format("{}://{}:{}", s_.port == 465 ? "smtps" : "smtp", s_.host, s_.port);
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    if (s_.starttls && s_.port != 465) {
      curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    }
    if (!s_.username.empty()) {
      curl_easy_setopt(c, CURLOPT_USERNAME, s_.username.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, s_.password.c_str());
    }
    const std::string from = "<" + message.from.email + ">";
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
    CurlList rcpt;
    for (const auto& to : message.to) {
      rcpt.reset(curl_slist_append(rcpt.release(), ("<" + to.email + ">").c_str()));
    }
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(c, CURLOPT_READDATA, &mime);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mime.size()));
    const auto [rc, error] = perform(c, s_.timeout);
    if (rc != CURLE_OK) {
      long code = 0;
      curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
      // A 5xx reply to RCPT or DATA is a permanent refusal; connection trouble and 4xx are not.
      const bool permanent = code >= 500 && code < 600;
      throw SendError(fmt::format("SMTP {} failed: {}{}", describe(), error,
                                  code != 0 ? fmt::format(" (server said {})", code) : ""),
                      permanent);
    }
  }

 private:
  SmtpSettings s_;
};

class MailgunTransport : public Transport {
 public:
  explicit MailgunTransport(MailgunSettings s) : s_(std::move(s)) {
    while (!s_.api_url.empty() && s_.api_url.back() == '/') {
      s_.api_url.pop_back();
    }
  }

  std::string describe() const override {
    return fmt::format("Mailgun {} (domain {})", s_.api_url, s_.domain);
  }
  std::string_view kind() const override { return "mailgun"; }

  void send(const Message& message) override {
    validate(message);
    auto h = new_handle();
    CURL* c = h.get();
    const std::string url = fmt::format("{}/v3/{}/messages", s_.api_url, s_.domain);
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(c, CURLOPT_USERNAME, "api");
    curl_easy_setopt(c, CURLOPT_PASSWORD, s_.api_key.c_str());
    CurlMime form(curl_mime_init(c));
    auto add_field = [&](const char* name, const std::string& value) {
      curl_mimepart* part = curl_mime_addpart(form.get());
      curl_mime_name(part, name);
      curl_mime_data(part, value.data(), value.size());
    };
    // Mailgun builds the MIME itself from these fields; the names are its API's.
    add_field("from", format_address(message.from));
    for (const auto& to : message.to) {
      add_field("to", format_address(to));
    }
    add_field("subject", message.subject);
    if (!message.text.empty()) {
      add_field("text", message.text);
    }
    if (!message.html.empty()) {
      add_field("html", message.html);
    }
    if (!message.message_id.empty()) {
      add_field("h:Message-Id", "<" + message.message_id + ">");
    }
    for (const auto& a : message.attachments) {
      curl_mimepart* part = curl_mime_addpart(form.get());
      curl_mime_name(part, "attachment");
      curl_mime_filename(part, a.filename.c_str());
      curl_mime_type(part, a.content_type.c_str());
      if (a.path.empty()) {
        curl_mime_data(part, a.data.data(), a.data.size());
      } else if (curl_mime_filedata(part, a.path.c_str()) != CURLE_OK) {
        throw SendError("cannot read the attachment " + a.path, false);
      }
      curl_mime_filename(part, a.filename.c_str());  // filedata sets the file's own name
    }
    curl_easy_setopt(c, CURLOPT_MIMEPOST, form.get());
    std::string body;
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
    const auto [rc, error] = perform(c, s_.timeout);
    if (rc != CURLE_OK) {
      throw SendError(fmt::format("Mailgun request to {} failed: {}", url, error), false);
    }
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (status == 200) {
      return;
    }
    std::string reason = body.substr(0, 300);
    try {
      const auto j = nlohmann::json::parse(body);
      if (j.contains("message") && j["message"].is_string()) {
        reason = j["message"].get<std::string>();
      }
    } catch (const std::exception&) {
      // Not JSON (Mailgun answers 401 with plain "Forbidden"): keep the text.
    }
    // 400 (missing or bad fields), 401 (wrong key), 403, 404 (unknown domain) will not change on
    // retry; 429 and 5xx are Mailgun being busy or down.
    const bool permanent = status >= 400 && status < 500 && status != 429 && status != 408;
    throw SendError(fmt::format("Mailgun answered {}: {}", status, reason), permanent);
  }

 private:
  MailgunSettings s_;
};

class OutboxTransport : public Transport {
 public:
  explicit OutboxTransport(std::string dir) : dir_(std::move(dir)) {}

  std::string describe() const override { return fmt::format("outbox folder {}", dir_); }
  std::string_view kind() const override { return "outbox"; }

  void send(const Message& message) override {
    MimeReader mime(message);
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    std::string id;
    for (const char ch : message.message_id.empty() ? std::string("message") : message.message_id) {
      const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '_';
      id += ok ? ch : '_';
    }
    const auto base = std::filesystem::path(dir_) /
                      fmt::format("{}-{}-{}", util::now_micros(), counter_++, id.substr(0, 80));
    const auto tmp = base.string() + ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      std::array<char, 64 * 1024> chunk{};
      try {
        while (const std::size_t n = mime.read(chunk.data(), chunk.size())) {
          out.write(chunk.data(), static_cast<std::streamsize>(n));
        }
      } catch (const std::exception& e) {
        out.close();
        std::filesystem::remove(tmp, ec);
        throw SendError(fmt::format("cannot write {}: {}", tmp, e.what()), false);
      }
      out.flush();
      if (!out) {
        throw SendError(fmt::format("cannot write {}", tmp), false);
      }
    }
    std::filesystem::rename(tmp, base.string() + ".eml", ec);
    if (ec) {
      throw SendError(fmt::format("cannot rename {}: {}", tmp, ec.message()), false);
    }
  }

 private:
  std::string dir_;
  std::atomic<unsigned> counter_{0};
};

}  // namespace

std::unique_ptr<Transport> make_smtp_transport(SmtpSettings settings) {
  return std::make_unique<SmtpTransport>(std::move(settings));
}

std::unique_ptr<Transport> make_mailgun_transport(MailgunSettings settings) {
  return std::make_unique<MailgunTransport>(std::move(settings));
}

std::unique_ptr<Transport> make_outbox_transport(std::string dir) {
  return std::make_unique<OutboxTransport>(std::move(dir));
}

std::unique_ptr<Transport> make_transport(const config::Config& cfg, std::chrono::seconds timeout) {
  if (!cfg.mailgun_api_key.empty() && !cfg.mailgun_domain.empty()) {
    return make_mailgun_transport(
        {cfg.mailgun_api_key, cfg.mailgun_domain, cfg.mailgun_api_url, timeout});
  }
  if (!cfg.mail_server.empty()) {
    return make_smtp_transport({cfg.mail_server, cfg.mail_port, cfg.mail_use_tls, cfg.mail_username,
                                cfg.mail_password, timeout});
  }
  return make_outbox_transport(cfg.mail_outbox_dir);
}

}  // namespace microblog::mail
