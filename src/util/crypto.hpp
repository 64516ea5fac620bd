#pragma once

#include <array>
#include <string>
#include <string_view>

namespace microblog::util {

// Must run once before threads start (libsodium and libcurl global state).
void init_crypto();

// A random 256-bit value as URL-safe base64 without padding (43 characters).
std::string random_token();

// Lower-case hex digests.
std::string sha256_hex(std::string_view data);

// A keyed hash (BLAKE2b-256, libsodium's generichash) for tokens the server can recompute, such
// as CSRF tokens. The key is derived from the secret once: a page view computes a token, and
// deriving per call doubled its cost.
class TokenKey {
 public:
  explicit TokenKey(std::string_view secret);
  // The token for `message`, as URL-safe base64 without padding (43 characters).
  std::string token(std::string_view message) const;

 private:
  std::array<unsigned char, 32> key_{};
};

// Constant-time comparison; different lengths compare unequal without leaking where.
bool constant_time_equals(std::string_view a, std::string_view b);

}  // namespace microblog::util
