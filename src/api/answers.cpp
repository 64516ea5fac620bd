#include "api/answers.hpp"

#include <cctype>
#include <charconv>

namespace microblog::api {

http::Response json(http::Status status, const nlohmann::json& body) {
  // Strings from users may hold anything: replace invalid UTF-8 instead of throwing.
  auto res = http::json_response(
      status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  res.set(http::Field::cache_control, "no-store");
  return res;
}

http::Response no_content() {
  http::Response res{http::Status::no_content, 11};
  res.set(http::Field::cache_control, "no-store");
  res.prepare_payload();
  return res;
}

http::Response error(http::Status status, const std::string& message) {
  nlohmann::json body = {{"error", std::string(http::beast_http::obsolete_reason(status))}};
  if (!message.empty()) {
    body["message"] = message;
  }
  return json(status, body);
}

http::Response unauthorized(const std::string& challenge, const std::string& message) {
  auto res = error(http::Status::unauthorized, message);
  res.set(http::Field::www_authenticate, challenge);
  return res;
}

http::Response too_many_requests(int retry_after_seconds, const std::string& message) {
  auto res = error(http::Status::too_many_requests, message);
  res.set(http::Field::retry_after, std::to_string(retry_after_seconds));
  return res;
}

std::optional<http::Response> read_object(const http::Request& req, nlohmann::json& out) {
  // application/json, with parameters (charset) or without, in any case.
  std::string type(req.header(http::Field::content_type));
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') {
    type.pop_back();
  }
  for (auto& c : type) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (type != "application/json") {
    return error(http::Status::unsupported_media_type, "the body must be JSON (application/json)");
  }
  out = nlohmann::json::parse(req.raw.body(), nullptr, /*allow_exceptions=*/false);
  if (out.is_discarded()) {
    return error(http::Status::bad_request, "the body is not valid JSON");
  }
  if (!out.is_object()) {
    return error(http::Status::bad_request, "the body must be a JSON object");
  }
  return std::nullopt;
}

std::optional<http::Response> string_member(const nlohmann::json& object, const char* name,
                                            std::optional<std::string>& out) {
  out.reset();
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) {
    return std::nullopt;
  }
  if (!it->is_string()) {
    return error(http::Status::bad_request, std::string(name) + " must be a string");
  }
  out = it->get<std::string>();
  return std::nullopt;
}

std::optional<http::Response> read_body_text(const http::Request& req, std::string& out) {
  nlohmann::json body;
  if (auto refused = read_object(req, body)) {
    return refused;
  }
  std::optional<std::string> text;
  if (auto refused = string_member(body, "body", text)) {
    return refused;
  }
  if (!text) {
    return error(http::Status::bad_request, "must include a body field");
  }
  out = std::move(*text);
  return std::nullopt;
}

std::optional<long long> parse_id(const std::string& text) {
  long long v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v < 1) {
    return std::nullopt;
  }
  return v;
}

}  // namespace microblog::api
