#pragma once

#include <string>
#include <string_view>

namespace microblog::util {

// Must run once before threads start (libsodium and libcurl global state).
void init_crypto();

// A random 256-bit value as URL-safe base64 without padding (43 characters).
std::string random_token();

// Lower-case hex digests.
std::string sha256_hex(std::string_view data);
std::string md5_hex(std::string_view data);

// HMAC-SHA-256 keyed by `key`, as URL-safe base64 without padding.
std::string hmac_token(std::string_view key, std::string_view message);

// Constant-time comparison; different lengths compare unequal without leaking where.
bool constant_time_equals(std::string_view a, std::string_view b);

}  // namespace microblog::util
