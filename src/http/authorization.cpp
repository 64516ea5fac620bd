#include "http/authorization.hpp"

#include <cctype>

#include "util/base64.hpp"

namespace microblog::http {
namespace {

// What follows "<scheme> " in the Authorization header, or nothing for another scheme.
std::optional<std::string_view> credentials_of(const Request& req, std::string_view scheme) {
  const std::string_view value = req.header(Field::authorization);
  if (value.size() <= scheme.size() || value[scheme.size()] != ' ') {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) !=
        std::tolower(static_cast<unsigned char>(scheme[i]))) {
      return std::nullopt;
    }
  }
  std::string_view rest = value.substr(scheme.size() + 1);
  while (!rest.empty() && rest.front() == ' ') {
    rest.remove_prefix(1);
  }
  while (!rest.empty() && rest.back() == ' ') {
    rest.remove_suffix(1);
  }
  return rest;
}

}  // namespace

std::optional<BasicCredentials> basic_credentials(const Request& req) {
  const auto encoded = credentials_of(req, "Basic");
  if (!encoded) {
    return std::nullopt;
  }
  const auto decoded = util::base64_decode(*encoded);
  if (!decoded) {
    return std::nullopt;
  }
  const auto colon = decoded->find(':');
  if (colon == std::string::npos) {
    return std::nullopt;
  }
  return BasicCredentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

std::string_view bearer_token(const Request& req) {
  return credentials_of(req, "Bearer").value_or(std::string_view());
}

}  // namespace microblog::http
