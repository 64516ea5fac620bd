#include "support/http_client.hpp"

#include <stdexcept>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/message.hpp"
#include "util/text.hpp"

namespace microblog::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

std::string HttpResult::header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) {
      return v;
    }
  }
  return {};
}

std::vector<std::string> HttpResult::all(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : headers) {
    if (k == name) {
      out.push_back(v);
    }
  }
  return out;
}

namespace {

// Runs the one operation started on `ioc` to its end; its deadline is the stream's expiry, so
// a server that never answers fails the test with a message instead of hanging it.
void finish(asio::io_context& ioc, const beast::error_code& ec, const std::string& what,
            std::chrono::milliseconds timeout) {
  ioc.run();
  ioc.restart();
  if (ec == beast::error::timeout) {
    throw std::runtime_error(what + ": no answer within " + std::to_string(timeout.count()) +
                             " ms");
  }
  if (ec) {
    throw std::runtime_error(what + ": " + ec.message());
  }
}

}  // namespace

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    out +=
        (out.empty() ? "" : "&") + http::encode_query_value(k) + "=" + http::encode_query_value(v);
  }
  return out;
}

HttpResult HttpClient::request(const std::string& method, const std::string& target,
                               const std::string& body, const Headers& headers) {
  const std::string what = method + " " + target;
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  stream.expires_after(timeout_);
  stream.async_connect({asio::ip::make_address("127.0.0.1"), port_},
                       [&ec](const beast::error_code& e) { ec = e; });
  finish(ioc, ec, what + ": connect", timeout_);
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
  req.set(bhttp::field::host, "127.0.0.1:" + std::to_string(port_));
  req.set(bhttp::field::user_agent, "microblog-tests");
  std::string cookies;
  for (const auto& [k, v] : jar_) {
    cookies += (cookies.empty() ? "" : "; ") + k + "=" + v;
  }
  if (!cookies.empty()) {
    req.set(bhttp::field::cookie, cookies);
  }
  for (const auto& [k, v] : always_) {
    req.set(k, v);
  }
  for (const auto& [k, v] : headers) {
    req.set(k, v);
  }
  if (!body.empty() || method == "POST" || method == "PUT") {
    req.body() = body;
    req.prepare_payload();
  }
  stream.expires_after(timeout_);
  bhttp::async_write(stream, req, [&ec](const beast::error_code& e, std::size_t) { ec = e; });
  finish(ioc, ec, what + ": write", timeout_);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  if (method == "HEAD") {
    parser.skip(true);
  }
  stream.expires_after(timeout_);
  bhttp::async_read(stream, buffer, parser,
                    [&ec](const beast::error_code& e, std::size_t) { ec = e; });
  finish(ioc, ec, what + ": read", timeout_);
  const auto& res = parser.get();
  HttpResult out;
  out.status = res.result_int();
  out.body = res.body();
  for (const auto& f : res) {
    out.headers.emplace_back(util::to_lower_ascii(std::string(f.name_string())),
                             std::string(f.value()));
  }
  for (const auto& set : out.all("set-cookie")) {
    const auto eq = set.find('=');
    const auto semi = set.find(';');
    const std::string name = set.substr(0, eq);
    const std::string value = set.substr(eq + 1, semi == std::string::npos ? semi : semi - eq - 1);
    if (set.find("Max-Age=0") != std::string::npos || value.empty()) {
      jar_.erase(name);
    } else {
      jar_[name] = value;
    }
  }
  constexpr std::string_view kMeta = "<meta name=\"csrf-token\" content=\"";
  if (const auto pos = out.body.find(kMeta); pos != std::string::npos) {
    const auto start = pos + kMeta.size();
    csrf_ = out.body.substr(start, out.body.find('"', start) - start);
  }
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  return out;
}

HttpResult HttpClient::get(const std::string& target, const Headers& headers) {
  return request("GET", target, "", headers);
}

HttpResult HttpClient::post_form(const std::string& target,
                                 const std::vector<std::pair<std::string, std::string>>& fields,
                                 const Headers& headers) {
  Headers all = headers;
  all.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  return request("POST", target, form_encode(fields), all);
}

HttpResult HttpClient::submit(const std::string& page, const std::string& target,
                              std::vector<std::pair<std::string, std::string>> fields) {
  get(page);
  fields.emplace_back("csrf_token", csrf_);
  return post_form(target, fields);
}

std::optional<std::string> HttpClient::cookie(const std::string& name) const {
  const auto it = jar_.find(name);
  if (it == jar_.end()) {
    return std::nullopt;
  }
  return it->second;
}

}  // namespace microblog::testing
