#include "web/post_fragments.hpp"

#include "util/time_format.hpp"
#include "web/views.hpp"

namespace microblog::web {

std::string render_post(const i18n::Language& language, const services::PostView& p) {
  Dictionary post("post");
  post.SetValue("POST_ID", std::to_string(p.id));
  post.SetValue("AUTHOR", p.author_username);
  post.SetValue("AUTHOR_AVATAR_URL", avatar_url(p.author_avatar, 70));
  post.SetValue("BODY", p.body);
  post.SetValue("LANGUAGE", p.language);
  // Offered where the post's language is known and is not the reader's.
  if (!p.language.empty() && p.language != language.code()) {
    post.ShowSection("TRANSLATE");
    post.SetValue("READER_LANGUAGE", language.code());
  }
  post.SetValue("TIMESTAMP_ISO", util::iso8601_utc(p.created_us));
  post.SetValue("TIMESTAMP_TEXT", util::readable_utc(p.created_us));
  return language.templates().expand("post.tpl", post, util::Templates::Blank::strip);
}

void PostFragments::append(const i18n::Language& language, const services::PostView& post,
                           std::string& out) {
  if (!store_.enabled()) {
    out += render_post(language, post);
    return;
  }
  // The avatar hash has a fixed length, so the name after it cannot make two keys collide.
  std::string key = std::to_string(post.id);
  key += ':';
  key += language.code();
  key += ':';
  key += post.author_avatar;
  key += ':';
  key += post.author_username;
  // Fragments never go stale under their key: one version for all.
  if (const auto html = store_.find(key, 0)) {
    out += *html;
    return;
  }
  auto html = std::make_shared<const std::string>(render_post(language, post));
  out += *html;
  store_.store(key, 0, std::move(html));
}

}  // namespace microblog::web
