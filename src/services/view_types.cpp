#include "services/view_types.hpp"

#include "util/crypto.hpp"
#include "util/text.hpp"

namespace microblog::services {

std::string avatar_hash(std::string_view email) {
  // Gravatar's key: the trimmed, lower-cased address, hashed. Gravatar accepts SHA-256 as well
  // as MD5; an MD5 of an address is cheap to reverse from a list of candidate addresses.
  return util::sha256_hex(util::to_lower_ascii(util::trim(email)));
}

}  // namespace microblog::services
