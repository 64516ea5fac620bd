#include "api/social_handlers.hpp"

#include "api/answers.hpp"
#include "api/cursor_collection.hpp"
#include "api/field_messages.hpp"
#include "api/representations.hpp"
#include "web/notification_since.hpp"

namespace microblog::api {

void SocialHandlers::register_routes(web::Routes& routes) {
  routes.group("/api", web::kApi)
      .post("/users/<id>/follow", [this](web::Context& c) { return follow(c, true); })
      .add(http::Verb::delete_, "/users/<id>/follow",
           [this](web::Context& c) { return follow(c, false); })
      .post("/users/<id>/messages", [this](web::Context& c) { return send(c); })
      .get("/messages", [this](web::Context& c) { return inbox(c); })
      .get("/notifications", [this](web::Context& c) { return notifications(c); });
}

http::Response SocialHandlers::follow(web::Context& ctx, bool follow) {
  const auto id = parse_id(ctx.req.path_params["id"]);
  const auto user = id ? accounts_.find_by_id(*id) : std::nullopt;
  if (!user) {
    return error(http::Status::not_found);
  }
  const auto result = follow ? follows_.follow(ctx.user_id(), user->username)
                             : follows_.unfollow(ctx.user_id(), user->username);
  switch (result.kind) {
    case services::FollowResult::Kind::done:
    case services::FollowResult::Kind::unchanged:
      // Following someone one already follows changes nothing and is no mistake.
      return no_content();
    case services::FollowResult::Kind::self:
      return error(http::Status::bad_request, "you cannot follow or unfollow yourself");
    case services::FollowResult::Kind::limited:
      return too_many_requests(result.retry_after_seconds,
                               "too many follows and unfollows: try again later");
    case services::FollowResult::Kind::not_found:
      break;
  }
  return error(http::Status::not_found);
}

http::Response SocialHandlers::send(web::Context& ctx) {
  const auto id = parse_id(ctx.req.path_params["id"]);
  const auto user = id ? accounts_.find_by_id(*id) : std::nullopt;
  if (!user) {
    return error(http::Status::not_found);
  }
  std::string text;
  if (auto refused = read_body_text(ctx.req, text)) {
    return std::move(*refused);
  }
  const auto result = messages_.send(ctx.user_id(), user->username, text);
  switch (result.kind) {
    case services::MessageResult::Kind::sent:
    case services::MessageResult::Kind::allowed:
      break;
    case services::MessageResult::Kind::invalid:
      return error(http::Status::bad_request,
                   result.errors.empty() ? std::string("body is not accepted")
                                         : field_message("body", result.errors.begin()->second));
    case services::MessageResult::Kind::self:
      return error(http::Status::bad_request, "you cannot send a message to yourself");
    case services::MessageResult::Kind::not_found:
      return error(http::Status::not_found);
    case services::MessageResult::Kind::limited:
      return too_many_requests(result.retry_after_seconds, "too many messages: try again later");
  }
  return json(
      http::Status::created,
      {{"recipient", {{"id", user->id}, {"username", result.recipient}}}, {"body", result.body}});
}

http::Response SocialHandlers::inbox(web::Context& ctx) {
  const auto query = cursor_query(ctx.req);
  if (!query) {
    return error(http::Status::bad_request, cursor_query_problem());
  }
  // As the inbox page does: reading it marks everything received so far as read.
  const auto page = messages_.open_inbox(ctx.user_id(), *query);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& m : page.rows) {
    items.push_back(message_json(m));
  }
  return json(http::Status::ok,
              cursor_collection(std::move(items), page, messages_.messages_per_page(),
                                self_link(ctx.req), "/api/messages"));
}

http::Response SocialHandlers::notifications(web::Context& ctx) {
  const auto since = web::notification_since(ctx.req);
  if (!since) {
    return error(http::Status::bad_request, "since must be a number of seconds since the epoch");
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& n : notifications_.since(ctx.user_id(), *since)) {
    items.push_back(notification_json(n));
  }
  return json(http::Status::ok, items);
}

}  // namespace microblog::api
