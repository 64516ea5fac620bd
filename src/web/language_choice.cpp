#include "web/language_choice.hpp"

#include "i18n/accept_language.hpp"

namespace microblog::web {

const i18n::Language& visitor_language(const i18n::Languages& languages, const http::Request& req) {
  if (const auto chosen = req.cookie(kLanguageCookie); chosen && languages.offers(*chosen)) {
    return languages.get(*chosen);
  }
  const std::string_view accept = req.header(http::Field::accept_language);
  if (!accept.empty()) {
    const std::string best = i18n::best_language(accept, languages.codes());
    if (!best.empty()) {
      return languages.get(best);
    }
  }
  return languages.default_language();
}

std::string language_cookie(const std::string& code, bool https) {
  std::string c =
      std::string(kLanguageCookie) + "=" + code + "; Path=/; Max-Age=31536000; SameSite=Lax";
  if (https) {
    c += "; Secure";
  }
  return c;
}

std::string language_name(std::string_view code) {
  // Each in its own language, so that a reader finds theirs whatever the page is in.
  if (code == "en") {
    return "English";
  }
  if (code == "es") {
    return "Español";
  }
  if (code == "fr") {
    return "Français";
  }
  if (code == "de") {
    return "Deutsch";
  }
  if (code == "pt") {
    return "Português";
  }
  if (code == "it") {
    return "Italiano";
  }
  return std::string(code);
}

}  // namespace microblog::web
