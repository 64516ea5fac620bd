#include "util/base64.hpp"

#include <sodium.h>

namespace microblog::util {
namespace {

int sodium_variant(Base64 variant) {
  return variant == Base64::standard ? sodium_base64_VARIANT_ORIGINAL
                                     : sodium_base64_VARIANT_URLSAFE_NO_PADDING;
}

constexpr std::size_t kTokenLength = 43;

}  // namespace

std::string base64_encode(std::string_view data, Base64 variant) {
  const int v = sodium_variant(variant);
  std::string out(sodium_base64_ENCODED_LEN(data.size(), v), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()),
                    data.size(), v);
  out.pop_back();  // the terminating NUL
  return out;
}

std::optional<std::string> base64_decode(std::string_view text, Base64 variant) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, nullptr, sodium_variant(variant)) != 0) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

bool is_token_shaped(std::string_view text) {
  if (text.size() != kTokenLength) {
    return false;
  }
  for (const char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) {
      return false;
    }
  }
  return true;
}

}  // namespace microblog::util
