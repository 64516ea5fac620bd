#include "web/home_handlers.hpp"

#include "web/navigation.hpp"
#include "web/request_context.hpp"

namespace microblog::web {

HomeHandlers::HomeHandlers(services::SessionService& sessions, Views& views)
    : sessions_(sessions), views_(views) {}

void HomeHandlers::register_routes(http::Router& router) {
  using http::Verb;
  router.add(Verb::get, "/", [this](http::Request& r) { return index(r); });
  router.add(Verb::get, "/index", [this](http::Request& r) { return index(r); });
  router.add(Verb::get, "/explore", [this](http::Request& r) { return explore(r); });
}

http::Response HomeHandlers::index(http::Request& req) {
  if (auto redirect = require_login(req, sessions_)) {
    return *redirect;
  }
  const auto& session = require_session(req);
  return views_.page(req, http::Status::ok, "Home", "index.tpl", [&](Dictionary& d) {
    d.SetValue("USERNAME", session.username);
    auto* posts = d.AddIncludeDictionary("POSTS");
    posts->SetFilename("posts.tpl");
    posts->ShowSection("NO_POSTS");
  });
}

http::Response HomeHandlers::explore(http::Request& req) {
  if (auto redirect = require_login(req, sessions_)) {
    return *redirect;
  }
  return views_.page(req, http::Status::ok, "Explore", "explore.tpl", [&](Dictionary& d) {
    auto* posts = d.AddIncludeDictionary("POSTS");
    posts->SetFilename("posts.tpl");
    posts->ShowSection("NO_POSTS");
  });
}

}  // namespace microblog::web
