#include "api/post_handlers.hpp"

#include "api/answers.hpp"
#include "api/cursor_collection.hpp"
#include "api/field_messages.hpp"
#include "api/representations.hpp"

namespace microblog::api {
namespace {

nlohmann::json post_items(const services::PostPage& page) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& p : page.rows) {
    items.push_back(post_json(p));
  }
  return items;
}

}  // namespace

void PostHandlers::register_routes(web::Routes& routes) {
  routes.group("/api", web::kApi)
      .get("/posts", [this](web::Context& c) { return explore(c); })
      .post("/posts", [this](web::Context& c) { return create(c); })
      .add(http::Verb::delete_, "/posts/<id>", [this](web::Context& c) { return remove(c); })
      .get("/timeline", [this](web::Context& c) { return timeline(c); })
      .get("/users/<id>/posts", [this](web::Context& c) { return by_author(c); })
      .get("/search", [this](web::Context& c) { return search(c); });
}

http::Response PostHandlers::explore(web::Context& ctx) {
  const auto query = cursor_query(ctx.req);
  if (!query) {
    return error(http::Status::bad_request, cursor_query_problem());
  }
  const auto page = posts_.explore(*query);
  return json(http::Status::ok, cursor_collection(post_items(page), page, posts_.posts_per_page(),
                                                  self_link(ctx.req), "/api/posts"));
}

http::Response PostHandlers::timeline(web::Context& ctx) {
  const auto query = cursor_query(ctx.req);
  if (!query) {
    return error(http::Status::bad_request, cursor_query_problem());
  }
  const auto page = posts_.timeline(ctx.user_id(), *query);
  return json(http::Status::ok, cursor_collection(post_items(page), page, posts_.posts_per_page(),
                                                  self_link(ctx.req), "/api/timeline"));
}

http::Response PostHandlers::by_author(web::Context& ctx) {
  const auto id = parse_id(ctx.req.path_params["id"]);
  if (!id || !accounts_.find_by_id(*id)) {
    return error(http::Status::not_found);
  }
  const auto query = cursor_query(ctx.req);
  if (!query) {
    return error(http::Status::bad_request, cursor_query_problem());
  }
  const auto page = posts_.by_author(*id, *query);
  return json(http::Status::ok,
              cursor_collection(post_items(page), page, posts_.posts_per_page(), self_link(ctx.req),
                                "/api/users/" + std::to_string(*id) + "/posts"));
}

http::Response PostHandlers::remove(web::Context& ctx) {
  const auto id = parse_id(ctx.req.path_params["id"]);
  if (!id) {
    return error(http::Status::not_found);
  }
  switch (posts_.remove(ctx.user_id(), *id)) {
    case services::PostService::Removal::deleted:
      return no_content();
    case services::PostService::Removal::not_author:
      return error(http::Status::forbidden, "only its author can delete a post");
    case services::PostService::Removal::not_found:
      break;
  }
  return error(http::Status::not_found);
}

http::Response PostHandlers::create(web::Context& ctx) {
  std::string text;
  if (auto refused = read_body_text(ctx.req, text)) {
    return std::move(*refused);
  }
  const auto result = posts_.create(ctx.user_id(), text);
  if (result.retry_after_seconds > 0) {
    return too_many_requests(result.retry_after_seconds, "too many posts: try again later");
  }
  if (!result.errors.empty()) {
    // The service names the field as the web form does ("post").
    return error(http::Status::bad_request, field_message("body", result.errors.begin()->second));
  }
  const auto user = accounts_.find_by_id(ctx.user_id());
  services::PostView view;
  view.id = result.post_id;
  view.body = result.body;
  view.language = result.language;
  view.created_us = result.created_us;
  view.author_id = ctx.user_id();
  if (user) {
    view.author_username = user->username;
    view.author_avatar = user->avatar;
  }
  return json(http::Status::created, post_json(view));
}

http::Response PostHandlers::search(web::Context& ctx) {
  const auto q = ctx.req.query().find("q");
  if (q == ctx.req.query().end() || q->second.empty()) {
    return error(http::Status::bad_request, "must include a q parameter with words to search for");
  }
  const auto query = cursor_query(ctx.req);
  if (!query) {
    return error(http::Status::bad_request, cursor_query_problem());
  }
  const auto result = search_.search(q->second, *query);
  if (result.outcome == services::SearchResult::Outcome::too_slow) {
    return error(http::Status::service_unavailable,
                 "the search took too long: try rarer or more words");
  }
  return json(http::Status::ok,
              cursor_collection(post_items(result.page), result.page, search_.posts_per_page(),
                                self_link(ctx.req), "/api/search",
                                "q=" + http::encode_query_value(q->second) + "&"));
}

}  // namespace microblog::api
