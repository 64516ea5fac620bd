#pragma once

#include <string>
#include <string_view>

#include "http/message.hpp"
#include "i18n/languages.hpp"

namespace microblog::web {

// The cookie the language selector sets, for visitors who are not signed in (and for the pages
// a signed-in visitor sees before their session is read: error pages).
inline constexpr std::string_view kLanguageCookie = "lang";

// The language of a request before its session is known: the `lang` cookie when it names an
// offered language, else the best match for Accept-Language, else the default. A signed-in
// user's saved choice overrides it once the session is loaded (Dispatcher::with_session).
const i18n::Language& visitor_language(const i18n::Languages& languages, const http::Request& req);

// The Set-Cookie value keeping `code` for a year. Not HttpOnly: it holds nothing secret.
std::string language_cookie(const std::string& code, bool https);

// A language's name in itself ("Español"), as the selector lists it.
std::string language_name(std::string_view code);

}  // namespace microblog::web
