#include "db/translation_repository.hpp"

namespace microblog::db::translations {

std::optional<PostSource> post_source(soci::session& sql, Id post_id) {
  PostSource s;
  sql << "SELECT body, language FROM post WHERE id = :id", soci::use(post_id), soci::into(s.body),
      soci::into(s.language);
  if (!sql.got_data()) {
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> find(soci::session& sql, Id post_id, const std::string& language) {
  std::string body;
  sql << "SELECT body FROM post_translation WHERE post_id = :id AND language = :lang",
      soci::use(post_id), soci::use(language), soci::into(body);
  if (!sql.got_data()) {
    return std::nullopt;
  }
  return body;
}

void store(soci::session& sql, Dialect dialect, Id post_id, const std::string& language,
           const std::string& body, util::Micros now) {
  // INSERT ... SELECT from post: a post deleted while the provider was translating it leaves
  // nothing behind, and no foreign-key error reaches the reader. The first translation stored
  // wins; both are the same text from the same provider anyway.
  const char* insert = dialect == Dialect::sqlite ? "INSERT OR IGNORE" : "INSERT IGNORE";
  sql << std::string(insert) +
             " INTO post_translation (post_id, language, body, created_us) "
             "SELECT id, :lang, :body, :now FROM post WHERE id = :id",
      soci::use(language), soci::use(body), soci::use(now), soci::use(post_id);
}

}  // namespace microblog::db::translations
