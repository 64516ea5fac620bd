#include "services/view_types.hpp"

#include "util/crypto.hpp"
#include "util/text.hpp"

namespace microblog::services {

std::string avatar_hash(std::string_view email) {
  // Gravatar's key: the trimmed, lower-cased address, hashed.
  return util::md5_hex(util::to_lower_ascii(util::trim(email)));
}

}  // namespace microblog::services
