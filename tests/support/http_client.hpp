#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace microblog::testing {

struct HttpResult {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  // The first header of that (lower-case) name, or "".
  std::string header(const std::string& name) const;
  std::vector<std::string> all(const std::string& name) const;
};

// A plain HTTP/1.1 client for tests, one connection per request, with a cookie jar that keeps
// what the server sets (like a browser would, for one site). Connecting, sending and reading
// the answer each get `timeout` (kTimeout unless told); past it the request throws, which
// fails the test instead of hanging it.
class HttpClient {
 public:
  static constexpr std::chrono::milliseconds kTimeout{10000};

  explicit HttpClient(unsigned short port, std::chrono::milliseconds timeout = kTimeout)
      : port_(port), timeout_(timeout) {}

  using Headers = std::vector<std::pair<std::string, std::string>>;

  HttpResult get(const std::string& target, const Headers& headers = {});
  HttpResult post_form(const std::string& target,
                       const std::vector<std::pair<std::string, std::string>>& fields,
                       const Headers& headers = {});
  HttpResult request(const std::string& method, const std::string& target, const std::string& body,
                     const Headers& headers);

  // The CSRF token of the last HTML page (its <meta name="csrf-token">).
  const std::string& csrf() const { return csrf_; }
  // GETs `page` and posts `fields` plus that page's CSRF token to `target`.
  HttpResult submit(const std::string& page, const std::string& target,
                    std::vector<std::pair<std::string, std::string>> fields);

  std::optional<std::string> cookie(const std::string& name) const;
  void set_cookie(const std::string& name, const std::string& value) { jar_[name] = value; }
  void clear_cookies() { jar_.clear(); }
  // A header sent with every request from now on, as a browser sends its Accept-Language ("":
  // no longer sent). A header given to one request wins over it.
  void always_send(const std::string& name, const std::string& value) {
    if (value.empty()) {
      always_.erase(name);
    } else {
      always_[name] = value;
    }
  }

 private:
  unsigned short port_;
  std::chrono::milliseconds timeout_;
  std::map<std::string, std::string> jar_;
  std::map<std::string, std::string> always_;
  std::string csrf_;
};

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace microblog::testing
