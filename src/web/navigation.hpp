#pragma once

#include <string>
#include <string_view>

namespace microblog::web {

// `next` when it is a path on this site ("/user/x?page=2"), else `fallback`: never another
// host ("//evil.example", "https://evil.example", "/\\evil.example").
std::string safe_next(std::string_view next, std::string_view fallback = "/index");

}  // namespace microblog::web
