#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace microblog::http {

// The credentials of `Authorization: Basic <base64(user:password)>` (RFC 7617); nothing when
// the header is missing, of another scheme, or not valid base64 with a colon.
struct BasicCredentials {
  std::string username;
  std::string password;
};
std::optional<BasicCredentials> basic_credentials(const Request& req);

// The token of `Authorization: Bearer <token>` (RFC 6750), or "" when there is none. The scheme
// name is matched without regard to case, as RFC 9110 says.
std::string_view bearer_token(const Request& req);

}  // namespace microblog::http
