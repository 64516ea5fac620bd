#include "web/language_handlers.hpp"

#include "web/language_choice.hpp"
#include "web/navigation.hpp"

namespace microblog::web {

LanguageHandlers::LanguageHandlers(services::AccountService& accounts,
                                   services::SessionService& sessions, Views& views,
                                   bool https_site)
    : accounts_(accounts), sessions_(sessions), views_(views), https_site_(https_site) {}

void LanguageHandlers::register_routes(Routes& routes) {
  routes.group("", kPages).post("/language", [this](Context& c) { return choose(c); });
}

http::Response LanguageHandlers::choose(Context& ctx) {
  const std::string code = ctx.req.form_field("language");
  const auto& languages = views_.languages();
  if (!languages.offers(code)) {
    // Only the selector posts here: anything else is a forged or stale form. Nothing is kept.
    return views_.error(ctx, http::Status::bad_request,
                        ctx.t("This site is not available in that language."));
  }
  auto& session = ctx.session();
  if (session.logged_in()) {
    accounts_.set_language(session.user_id, code);
    session.language = code;
  }
  ctx.set_language(languages.get(code));
  sessions_.add_flash(session, "info", ctx.t("The site is now shown in English."));
  auto res = http::redirect_response(safe_next(ctx.req.form_field("next")));
  res.insert(http::Field::set_cookie, language_cookie(code, https_site_ || ctx.req.secure));
  return res;
}

}  // namespace microblog::web
