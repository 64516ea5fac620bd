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

FragmentKey PostFragments::key(const i18n::Language& language, const services::PostView& post) {
  // NUL cannot occur in a language code or an avatar hash, so the parts cannot run together.
  std::string look = language.code();
  look += '\0';
  look += post.author_avatar;
  look += '\0';
  look += post.author_username;
  return {post.id, std::hash<std::string>()(look)};
}

PostFragments::Html PostFragments::get(const i18n::Language& language,
                                       const services::PostView& post, const FragmentKey& k) {
  if (!store_.enabled()) {
    return std::make_shared<const std::string>(render_post(language, post));
  }
  // Fragments never go stale under their key: one version for all.
  if (auto html = store_.find(k, 0)) {
    return html;
  }
  std::string rendered = render_post(language, post);
  rendered.shrink_to_fit();  // kept for long: without the room the expansion grew into
  auto html = std::make_shared<const std::string>(std::move(rendered));
  store_.store(k, 0, html);
  return html;
}

}  // namespace microblog::web
