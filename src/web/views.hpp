#pragma once

#include <functional>
#include <string>

#include "http/message.hpp"
#include "i18n/languages.hpp"
#include "services/problem.hpp"
#include "services/session_service.hpp"
#include "util/templates.hpp"
#include "web/context.hpp"

namespace microblog::web {

using Dictionary = util::Templates::Dictionary;

// Renders pages: templates/base.tpl around a content template, with the navigation, the
// flashed messages and the CSRF token of the visitor's session.
class Views {
 public:
  Views(const i18n::Languages& languages, services::SessionService& sessions);

  using Fill = std::function<void(Dictionary& content)>;

  http::Response page(Context& ctx, http::Status status, const std::string& title,
                      const std::string& content_template, const Fill& fill);

  // A piece of a page that a script puts in place (no layout around it). Never stored by
  // anyone: it shows state that the reader's next click may change.
  http::Response fragment(Context& ctx, const std::string& content_template, const Fill& fill);

  // An error answer: JSON {"error": reason, "message": ...} when the route's group answers
  // JSON or the client prefers it, else the branded page.
  http::Response error(Context& ctx, http::Status status, const std::string& message = {});

  const i18n::Languages& languages() const { return languages_; }

 private:
  const i18n::Languages& languages_;
  services::SessionService& sessions_;
};

// Sets X_VALUE, X_INVALID and the X_ERROR section for form field `name` (X is its upper case).
// The field's error is worded in `lang`.
void set_field(const i18n::Language& lang, Dictionary& d, const std::string& name,
               const std::string& value, const services::FieldErrors& errors);
void set_form_error(Dictionary& d, const std::string& message);

// "https://www.gravatar.com/avatar/<hash>?d=identicon&s=<size>" for services::avatar_hash().
std::string avatar_url(const std::string& avatar_hash, int size);

}  // namespace microblog::web
