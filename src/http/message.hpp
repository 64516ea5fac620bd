#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <boost/beast/http.hpp>

namespace microblog::http {

namespace beast_http = boost::beast::http;
using Status = beast_http::status;
using Verb = beast_http::verb;
using Field = beast_http::field;
using RawRequest = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;

// Decoded name/value pairs from a query string or an urlencoded form; the first value wins
// for a repeated name.
using Params = std::map<std::string, std::string>;

struct Request {
  RawRequest raw;
  std::string path;          // percent-encoded, without the query
  std::string query_string;  // without '?'
  std::string client_ip;     // the client's address, as a trusted proxy reported it (logs)
  std::string client_key;    // what rate limits count under: client_ip, or its /64 for IPv6
  bool secure = false;       // TLS, or a trusted proxy said https
  // The connection's peer is a trusted proxy: its X-Forwarded-* and X-Request-Id are believed.
  bool from_trusted_proxy = false;
  std::size_t max_form_fields = 100;  // more name=value pairs and form() is empty
  std::string request_id;
  Params path_params;  // decoded, from the route pattern
  std::string route;   // the matched route's pattern, e.g. "/user/<username>" (logs, reports)
  // Who the layers above found the request to come from (a session or a token): the access
  // log's user_id. 0: nobody signed in.
  std::int64_t user_id = 0;

  Verb method() const { return raw.method(); }
  std::string_view header(Field f) const;
  std::string_view header(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;

  const Params& query() const;
  // The urlencoded form body (empty for other content types, and when it has more than
  // max_form_fields pairs).
  const Params& form() const;
  // The body was a form with more than max_form_fields pairs; it should be refused.
  bool form_has_too_many_fields() const;
  // One form field, or "" when it was not sent.
  std::string form_field(const std::string& name) const;

  // Path plus query, as the client asked for it (for next= redirects).
  std::string target() const;

 private:
  mutable std::optional<Params> query_;
  mutable std::optional<Params> form_;
  mutable bool form_too_many_fields_ = false;
};

// Parses "a=1&b=x%20y" (with '+' as space); pairs with invalid encoding are skipped.
Params parse_urlencoded(std::string_view text);

// The name=value pairs (non-empty pieces between '&') in an urlencoded text, valid or not.
std::size_t count_urlencoded_pairs(std::string_view text);

// Percent-decodes one path segment; nothing when the encoding is invalid.
std::optional<std::string> decode_path_segment(std::string_view segment);

// Percent-encodes a value for a query string.
std::string encode_query_value(std::string_view value);

// True when the client ranks application/json at least as high as text/html.
bool prefers_json(const Request& req);

Response make_response(Status status, std::string body, std::string_view content_type);
Response html_response(Status status, std::string body);
Response json_response(Status status, std::string body);
// A body of any other type, e.g. "text/plain; version=0.0.4; charset=utf-8".
Response typed_response(Status status, std::string body, std::string_view content_type);
Response redirect_response(std::string_view location, Status status = Status::found);

}  // namespace microblog::http
