#include "util/crypto.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

#include <curl/curl.h>

#include "util/base64.hpp"

namespace microblog::util {
namespace {

std::string to_hex(const unsigned char* data, std::size_t len) {
  std::string out(len * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, len);
  out.pop_back();
  return out;
}

}  // namespace

void init_crypto() {
  if (sodium_init() < 0) {
    throw std::runtime_error("libsodium failed to initialise");
  }
  // libcurl's global set-up is not thread-safe: it must happen before the mail workers start.
  static const bool curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!curl_ready) {
    throw std::runtime_error("libcurl failed to initialise");
  }
}

std::string random_token() {
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return base64_encode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                       Base64::url_safe);
}

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size());
  return to_hex(digest.data(), digest.size());
}

TokenKey::TokenKey(std::string_view secret) {
  // A fixed context keeps these keys apart from any other use of the same secret.
  static constexpr std::string_view kContext = "microblog token key";
  crypto_generichash(key_.data(), key_.size(),
                     reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                     reinterpret_cast<const unsigned char*>(kContext.data()), kContext.size());
}

std::string TokenKey::token(std::string_view message) const {
  std::array<unsigned char, 32> mac{};
  crypto_generichash(mac.data(), mac.size(), reinterpret_cast<const unsigned char*>(message.data()),
                     message.size(), key_.data(), key_.size());
  return base64_encode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()),
                       Base64::url_safe);
}

bool constant_time_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace microblog::util
