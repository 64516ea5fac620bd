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
// what the server sets (like a browser would, for one site). A request that is not answered
// within the timeout throws, so that a stuck server fails the test rather than hanging it.
class HttpClient {
 public:
  explicit HttpClient(unsigned short port) : port_(port) {}

  static constexpr std::chrono::seconds kDefaultTimeout{60};
  void set_timeout(std::chrono::seconds timeout) { timeout_ = timeout; }

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

 private:
  unsigned short port_;
  std::chrono::seconds timeout_ = kDefaultTimeout;
  std::map<std::string, std::string> jar_;
  std::string csrf_;
};

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace microblog::testing
