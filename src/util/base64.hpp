#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace microblog::util {

enum class Base64 {
  standard,  // RFC 4648 section 4 with padding: MIME bodies, JSON-carried attachments
  url_safe,  // RFC 4648 section 5 without padding: tokens that travel in URLs and cookies
};

std::string base64_encode(std::string_view data, Base64 variant = Base64::standard);
// Nothing when `text` is not valid base64 of that variant.
std::optional<std::string> base64_decode(std::string_view text, Base64 variant = Base64::standard);

// A token as random_token() makes them: 43 URL-safe base64 characters (256 bits). Anything
// else is not worth a database look-up.
bool is_token_shaped(std::string_view text);

}  // namespace microblog::util
