#pragma once

#include <string>
#include <string_view>

#include "http/message.hpp"

namespace microblog::web {

// `next` when it is a path on this site ("/user/x?page=2"), else `fallback`: never another
// host ("//evil.example", "https://evil.example", "/\\evil.example").
std::string safe_next(std::string_view next, std::string_view fallback = "/index");

// The request's `next` query parameter, empty when it has none.
std::string next_param(const http::Request& req);

}  // namespace microblog::web
