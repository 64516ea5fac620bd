#include "web/home_handlers.hpp"

#include "web/navigation.hpp"
#include "web/post_list.hpp"
#include "web/request_context.hpp"

namespace microblog::web {

HomeHandlers::HomeHandlers(services::SessionService& sessions, services::PostService& posts,
                           CachedPostLists& lists, Views& views)
    : sessions_(sessions), posts_(posts), lists_(lists), views_(views) {}

void HomeHandlers::register_routes(http::Router& router) {
  using http::Verb;
  router.add(Verb::get, "/", [this](http::Request& r) { return index(r); });
  router.add(Verb::get, "/index", [this](http::Request& r) { return index(r); });
  router.add(Verb::post, "/", [this](http::Request& r) { return create_post(r); });
  router.add(Verb::post, "/index", [this](http::Request& r) { return create_post(r); });
  router.add(Verb::get, "/explore", [this](http::Request& r) { return explore(r); });
}

http::Response HomeHandlers::index(http::Request& req) {
  if (auto redirect = require_login(req, sessions_)) {
    return *redirect;
  }
  return render_index(req, "", {});
}

http::Response HomeHandlers::create_post(http::Request& req) {
  if (auto redirect = require_login(req, sessions_)) {
    return *redirect;
  }
  auto& session = require_session(req);
  const auto it = req.form().find("post");
  const std::string body = it == req.form().end() ? std::string() : it->second;
  const auto result = posts_.create(session.user_id, body);
  if (!result.errors.empty()) {
    // The text as typed, so that nothing is lost while fixing it.
    return render_index(req, body, result.errors);
  }
  sessions_.add_flash(session, "success", "Your post is now live!");
  // POST-redirect-GET: reloading the timeline does not post twice.
  return http::redirect_response("/index");
}

http::Response HomeHandlers::render_index(http::Request& req, const std::string& post_value,
                                          const services::FieldErrors& errors) {
  const auto& session = require_session(req);
  // A re-rendered form shows the newest page, whatever page the form was posted from.
  const auto posts =
      lists_.timeline(session.user_id, errors.empty() ? page_request(req) : services::PageRequest{},
                      session.content_version);
  return views_.page(req, http::Status::ok, "Home", "index.tpl", [&](Dictionary& d) {
    d.SetValue("USERNAME", session.username);
    auto* form = d.AddSectionDictionary("POST_FORM");
    set_field(*form, "post", post_value, errors);
    if (!errors.empty()) {
      set_form_error(*form, "Your post was not published. Please correct it below.");
    }
    set_post_list(d, posts);
  });
}

http::Response HomeHandlers::explore(http::Request& req) {
  if (auto redirect = require_login(req, sessions_)) {
    return *redirect;
  }
  const auto posts = lists_.explore(page_request(req), require_session(req).content_version);
  return views_.page(req, http::Status::ok, "Explore", "explore.tpl",
                     [&](Dictionary& d) { set_post_list(d, posts); });
}

}  // namespace microblog::web
