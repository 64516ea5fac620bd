#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/message.hpp"
#include "i18n/languages.hpp"
#include "services/problem.hpp"
#include "services/session_service.hpp"
#include "util/templates.hpp"
#include "web/context.hpp"
#include "web/versioned_cache.hpp"

namespace microblog::web {

using Dictionary = util::Templates::Dictionary;

// A signed-in page of a post list as expanded once for one reader: its text cut where the
// session's CSRF token and the list go, so that the next request for it only joins the parts
// with the token and the list of the moment.
struct PageFrame {
  enum class Slot : char { csrf_token, posts };
  std::vector<std::string> parts;  // parts[i] is followed by slots[i]; one part more than slots
  std::vector<Slot> slots;
};
std::size_t bytes_of(const PageFrame& frame);

// Renders pages: templates/base.tpl around a content template, with the navigation, the
// flashed messages and the CSRF token of the visitor's session.
class Views {
 public:
  // `frame_cache_bytes` bounds the kept frames of list_page (0: none kept).
  Views(const i18n::Languages& languages, services::SessionService& sessions,
        std::size_t frame_cache_bytes = 0);

  using Fill = std::function<void(Dictionary& content)>;

  http::Response page(Context& ctx, http::Status status, const std::string& title,
                      const std::string& content_template, const Fill& fill);

  // A 200 page of `content_template` showing `posts` as POSTS_HTML. `fill` must set the rest of
  // the content from nothing but the signed-in reader, the request's target and `content_key`:
  // the page around the list is then expanded once and kept for that reader, their language,
  // unread count and target (PageFrame), while no flashed message or export bar is due. A
  // reader's next request for the page costs a look-up and a copy, not the templates.
  http::Response list_page(Context& ctx, const std::string& title,
                           const std::string& content_template, const std::string& content_key,
                           const Fill& fill, const std::shared_ptr<const std::string>& posts);

  // A piece of a page that a script puts in place (no layout around it). Never stored by
  // anyone: it shows state that the reader's next click may change.
  http::Response fragment(Context& ctx, const std::string& content_template, const Fill& fill);

  // An error answer: JSON {"error": reason, "message": ...} when the route's group answers
  // JSON or the client prefers it, else the branded page.
  http::Response error(Context& ctx, http::Status status, const std::string& message = {});

  const i18n::Languages& languages() const { return languages_; }
  const VersionedCache<std::string, PageFrame>& frames() const { return frames_; }

 private:
  // base.tpl around `content_template`, into `out`; `csrf_token`, when given, stands for the
  // session's token.
  void expand_page(Context& ctx, const std::string& title, const std::string& content_template,
                   const Fill& fill, const std::string* csrf_token, std::string& out);
  std::shared_ptr<const PageFrame> make_frame(Context& ctx, const std::string& title,
                                              const std::string& content_template,
                                              const Fill& fill);

  const i18n::Languages& languages_;
  services::SessionService& sessions_;
  VersionedCache<std::string, PageFrame> frames_;
  // Stand-ins expanded in place of the token and the list, then cut out: random, so that no
  // text a user wrote can contain them.
  const std::string csrf_mark_;
  const std::string posts_mark_;
};

// Sets X_VALUE, X_INVALID and the X_ERROR section for form field `name` (X is its upper case).
// The field's error is worded in `lang`.
void set_field(const i18n::Language& lang, Dictionary& d, const std::string& name,
               const std::string& value, const services::FieldErrors& errors);
void set_form_error(Dictionary& d, const std::string& message);

// "https://www.gravatar.com/avatar/<hash>?d=identicon&s=<size>" for services::avatar_hash().
std::string avatar_url(const std::string& avatar_hash, int size);

}  // namespace microblog::web
