#pragma once

#include <optional>
#include <string>

#include <soci/soci.h>

#include "db/database_url.hpp"
#include "util/clock.hpp"
#include "util/id.hpp"

namespace microblog::db {

// What a translation is made from: the post's text and its detected language ("" unknown).
struct PostSource {
  std::string body;
  std::string language;
};

// SQL for post_translation, the stored machine translations (one per post and language).
namespace translations {

// The post's text, or nothing for an unknown post.
std::optional<PostSource> post_source(soci::session& sql, Id post_id);

// The stored translation of the post into `language`, if any.
std::optional<std::string> find(soci::session& sql, Id post_id, const std::string& language);

// Stores a translation; when one is already stored (two readers asked at once), that one is
// kept. A post deleted meanwhile stores nothing.
void store(soci::session& sql, Dialect dialect, Id post_id, const std::string& language,
           const std::string& body, util::Micros now);

}  // namespace translations
}  // namespace microblog::db
