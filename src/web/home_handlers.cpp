#include "web/home_handlers.hpp"

#include "web/navigation.hpp"
#include "web/post_list.hpp"

namespace microblog::web {

HomeHandlers::HomeHandlers(services::SessionService& sessions, services::PostService& posts,
                           CachedPostLists& lists, Views& views)
    : sessions_(sessions), posts_(posts), lists_(lists), views_(views) {}

void HomeHandlers::register_routes(Routes& routes) {
  routes.group("", kSignedInPages)
      .get("/", [this](Context& c) { return index(c); })
      .get("/index", [this](Context& c) { return index(c); })
      .post("/", [this](Context& c) { return create_post(c); })
      .post("/index", [this](Context& c) { return create_post(c); })
      .get("/explore", [this](Context& c) { return explore(c); });
}

http::Response HomeHandlers::index(Context& ctx) {
  return render_index(ctx, http::Status::ok, "", {});
}

http::Response HomeHandlers::create_post(Context& ctx) {
  auto& session = ctx.session();
  const auto it = ctx.req.form().find("post");
  const std::string body = it == ctx.req.form().end() ? std::string() : it->second;
  const auto result = posts_.create(session.user_id, body);
  if (!result.errors.empty()) {
    // The text as typed, so that nothing is lost while fixing it.
    return render_index(ctx, http::Status::ok, body, result.errors);
  }
  if (result.retry_after_seconds > 0) {
    auto res = render_index(ctx, http::Status::too_many_requests, body, {},
                            ctx.tn("You are posting too often. Your post was not published: "
                                   "please wait {n} second and send it again.",
                                   "You are posting too often. Your post was not published: "
                                   "please wait {n} seconds and send it again.",
                                   result.retry_after_seconds));
    res.set(http::Field::retry_after, std::to_string(result.retry_after_seconds));
    return res;
  }
  sessions_.add_flash(session, "success", ctx.t("Your post is now live!"));
  // POST-redirect-GET: reloading the timeline does not post twice.
  return http::redirect_response("/index");
}

http::Response HomeHandlers::render_index(Context& ctx, http::Status status,
                                          const std::string& post_value,
                                          const services::FieldErrors& errors,
                                          std::string form_error) {
  const auto& session = ctx.session();
  if (form_error.empty() && !errors.empty()) {
    form_error = ctx.t("Your post was not published. Please correct it below.");
  }
  // A re-rendered form shows the newest page, whatever page the form was posted from.
  const auto posts = lists_.timeline(
      ctx, session.user_id, form_error.empty() ? page_request(ctx.req) : services::PageRequest{});
  const auto fill = [&](Dictionary& d) {
    d.SetValue("USERNAME", session.username);
    auto* form = d.AddSectionDictionary("POST_FORM");
    set_field(ctx.language(), *form, "post", post_value, errors);
    if (!form_error.empty()) {
      set_form_error(*form, form_error);
    }
  };
  if (status == http::Status::ok && post_value.empty() && errors.empty() && form_error.empty()) {
    // The page everyone reads: an empty form above the timeline.
    return views_.list_page(ctx, ctx.t("Home"), "index.tpl", "", fill, posts);
  }
  return views_.page(ctx, status, ctx.t("Home"), "index.tpl", [&](Dictionary& d) {
    fill(d);
    set_post_list(d, posts);
  });
}

http::Response HomeHandlers::explore(Context& ctx) {
  const auto posts = lists_.explore(ctx, page_request(ctx.req));
  return views_.list_page(
      ctx, ctx.t("Explore"), "explore.tpl", "", [](Dictionary&) {}, posts);
}

}  // namespace microblog::web
