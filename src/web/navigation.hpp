#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"
#include "services/session_service.hpp"

namespace microblog::web {

// `next` when it is a path on this site ("/user/x?page=2"), else `fallback`: never another
// host ("//evil.example", "https://evil.example", "/\\evil.example").
std::string safe_next(std::string_view next, std::string_view fallback = "/index");

// For pages that need a signed-in user: the redirect to the login page (with next= and a
// flash), or nothing when the visitor is signed in.
std::optional<http::Response> require_login(http::Request& req, services::SessionService& sessions);

}  // namespace microblog::web
