#include "web/follow_handlers.hpp"

#include "services/account_validation.hpp"
#include "web/navigation.hpp"
#include "web/post_list.hpp"
#include "web/request_context.hpp"

namespace microblog::web {

FollowHandlers::FollowHandlers(services::AccountService& accounts,
                               services::SessionService& sessions, services::FollowService& follows,
                               Views& views)
    : accounts_(accounts), sessions_(sessions), follows_(follows), views_(views) {}

void FollowHandlers::register_routes(http::Router& router) {
  using db::follows::Relation;
  using http::Verb;
  router.add(Verb::post, "/follow/<username>",
             [this](http::Request& r) { return change(r, true); });
  router.add(Verb::post, "/unfollow/<username>",
             [this](http::Request& r) { return change(r, false); });
  router.add(Verb::get, "/user/<username>/followers",
             [this](http::Request& r) { return list(r, Relation::followers); });
  router.add(Verb::get, "/user/<username>/following",
             [this](http::Request& r) { return list(r, Relation::following); });
}

http::Response FollowHandlers::change(http::Request& req, bool follow) {
  if (auto redirect = require_login(req, sessions_)) {
    return *redirect;
  }
  auto& session = require_session(req);
  const std::string& name = req.path_params["username"];
  const auto r =
      follow ? follows_.follow(session.user_id, name) : follows_.unfollow(session.user_id, name);
  using Kind = services::FollowResult::Kind;
  if (r.kind == Kind::not_found) {
    // Only a well-formed name is echoed back; anything else cannot be a user anyway.
    sessions_.add_flash(session, "warning",
                        services::check_username(name) ? std::string("That user was not found.")
                                                       : "User " + name + " not found.");
    return http::redirect_response("/index");
  }
  switch (r.kind) {
    case Kind::self:
      sessions_.add_flash(session, "warning",
                          follow ? "You cannot follow yourself!" : "You cannot unfollow yourself!");
      break;
    case Kind::unchanged:
      sessions_.add_flash(session, "info",
                          follow ? "You are already following " + r.username + "."
                                 : "You were not following " + r.username + ".");
      break;
    default:
      sessions_.add_flash(session, "success",
                          follow ? "You are following " + r.username + "!"
                                 : "You are no longer following " + r.username + ".");
      break;
  }
  return http::redirect_response("/user/" + r.username);
}

http::Response FollowHandlers::list(http::Request& req, db::follows::Relation relation) {
  if (auto redirect = require_login(req, sessions_)) {
    return *redirect;
  }
  const auto user = accounts_.find_by_username(req.path_params["username"]);
  if (!user) {
    return views_.error(req, http::Status::not_found, "There is no user by that name.");
  }
  const bool followers = relation == db::follows::Relation::followers;
  const auto page = followers ? follows_.followers(user->id, page_request(req))
                              : follows_.following(user->id, page_request(req));
  const std::string heading =
      followers ? "People following " + user->username : "People " + user->username + " follows";
  return views_.page(req, http::Status::ok, heading, "user_list.tpl", [&](Dictionary& d) {
    d.SetValue("HEADING", heading);
    for (const auto& u : page.rows) {
      auto* row = d.AddSectionDictionary("USER");
      row->SetValue("USERNAME", u.username);
      row->SetValue("AVATAR_URL", avatar_url(u.email, 48));
    }
    if (page.rows.empty()) {
      d.ShowSection("NO_USERS");
    }
    set_page_links(d, page, "/user/" + user->username + (followers ? "/followers" : "/following"));
  });
}

}  // namespace microblog::web
