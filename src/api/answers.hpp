#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "http/message.hpp"

namespace microblog::api {

// The answers every API handler gives: JSON documents, and errors shaped as the original's
// {"error": <reason phrase>, "message": ...}. Nothing the API answers is stored by a cache.
http::Response json(http::Status status, const nlohmann::json& body);
http::Response no_content();
http::Response error(http::Status status, const std::string& message = {});
// 401 asking for `challenge` (a scheme and realm, for WWW-Authenticate).
http::Response unauthorized(const std::string& challenge, const std::string& message);
http::Response too_many_requests(int retry_after_seconds, const std::string& message);

// What a 401 of POST /api/tokens asks for.
inline constexpr const char* kBasicChallenge = "Basic realm=\"Authentication Required\"";

// The request's JSON object body into `out`; otherwise the answer to give: 415 when the body is
// not declared as JSON, 400 when it does not parse or is not an object.
std::optional<http::Response> read_object(const http::Request& req, nlohmann::json& out);

// A member of a JSON object that must be a string when present: nothing (and `out` left
// empty) when absent or null, otherwise the 400 to give when it is of another type.
std::optional<http::Response> string_member(const nlohmann::json& object, const char* name,
                                            std::optional<std::string>& out);

// The "body" member of the request's JSON object (a post's or a message's text) into `out`;
// otherwise the answer to give: read_object's, string_member's, or 400 when it is missing.
std::optional<http::Response> read_body_text(const http::Request& req, std::string& out);

// A decimal id from a path (the original's <int:id>): nothing for anything else, which is a
// 404 like an unknown id.
std::optional<long long> parse_id(const std::string& text);

}  // namespace microblog::api
