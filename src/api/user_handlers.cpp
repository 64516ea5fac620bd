#include "api/user_handlers.hpp"

#include "api/answers.hpp"
#include "api/collection.hpp"
#include "api/field_messages.hpp"
#include "api/representations.hpp"
#include "services/account_validation.hpp"

namespace microblog::api {

void UserHandlers::register_routes(web::Routes& routes) {
  auto api = routes.group("/api", web::kApi);
  api.get("/users/<id>", [this](web::Context& c) { return one(c); })
      .get("/users", [this](web::Context& c) { return all(c); })
      .get("/users/<id>/followers",
           [this](web::Context& c) { return related(c, services::Relation::followers); })
      .get("/users/<id>/following",
           [this](web::Context& c) { return related(c, services::Relation::following); })
      .add(http::Verb::put, "/users/<id>", [this](web::Context& c) { return update(c); });
  // Registration needs no token, as in the original (and the web form's limits apply).
  api.with(web::Access::anyone).post("/users", [this](web::Context& c) { return create(c); });
}

http::Response UserHandlers::one(web::Context& ctx) {
  const auto id = parse_id(ctx.req.path_params["id"]);
  const auto user = id ? accounts_.find_by_id(*id) : std::nullopt;
  if (!user) {
    return error(http::Status::not_found);
  }
  return json(http::Status::ok, user_json(*user));
}

http::Response UserHandlers::all(web::Context& ctx) {
  const auto query = page_query(ctx.req);
  if (!query) {
    return error(http::Status::bad_request, page_query_problem());
  }
  const auto page = directory_.everyone(query->page, query->per_page);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& u : page.users) {
    items.push_back(user_json(u));
  }
  return json(http::Status::ok, collection(std::move(items), *query, page.total, "/api/users"));
}

http::Response UserHandlers::related(web::Context& ctx, services::Relation relation) {
  const auto id = parse_id(ctx.req.path_params["id"]);
  if (!id) {
    return error(http::Status::not_found);
  }
  const auto query = page_query(ctx.req);
  if (!query) {
    return error(http::Status::bad_request, page_query_problem());
  }
  const auto page = directory_.related(relation, *id, query->page, query->per_page);
  if (!page) {
    return error(http::Status::not_found);
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& u : page->users) {
    items.push_back(user_json(u));
  }
  const std::string path =
      "/api/users/" + std::to_string(*id) +
      (relation == services::Relation::followers ? "/followers" : "/following");
  return json(http::Status::ok, collection(std::move(items), *query, page->total, path));
}

http::Response UserHandlers::create(web::Context& ctx) {
  nlohmann::json body;
  if (auto refused = read_object(ctx.req, body)) {
    return std::move(*refused);
  }
  std::optional<std::string> username;
  std::optional<std::string> email;
  std::optional<std::string> password;
  std::optional<std::string> about_me;
  for (auto [name, out] : {std::pair{"username", &username}, std::pair{"email", &email},
                           std::pair{"password", &password}, std::pair{"about_me", &about_me}}) {
    if (auto refused = string_member(body, name, *out)) {
      return std::move(*refused);
    }
  }
  if (!username || !email || !password) {
    return error(http::Status::bad_request, "must include username, email and password fields");
  }
  // Checked before the account exists, so that a refused about_me leaves no account behind.
  if (about_me) {
    if (auto problem = services::check_about_me(*about_me)) {
      return error(http::Status::bad_request, field_message("about_me", *problem));
    }
  }
  const auto result =
      accounts_.register_user({*username, *email, *password, *password}, ctx.req.client_key);
  if (result.limited) {
    return too_many_requests(result.retry_after_seconds,
                             "too many registrations from this address: try again later");
  }
  if (!result.errors.empty()) {
    return error(http::Status::bad_request,
                 first_field_message(result.errors, {"username", "email", "password"}));
  }
  if (about_me && !about_me->empty()) {
    accounts_.update_account(result.user_id, {std::nullopt, std::nullopt, about_me});
  }
  const auto user = accounts_.find_by_id(result.user_id);
  if (!user) {
    return error(http::Status::not_found);  // removed at once by an operator
  }
  auto res = json(http::Status::created, user_json(*user));
  res.set(http::Field::location, "/api/users/" + std::to_string(user->id));
  return res;
}

http::Response UserHandlers::update(web::Context& ctx) {
  const auto id = parse_id(ctx.req.path_params["id"]);
  if (!id || *id != ctx.user_id()) {
    // Only one's own account, whether or not the id exists, as the original answers.
    return error(http::Status::forbidden, "you may change only your own account");
  }
  nlohmann::json body;
  if (auto refused = read_object(ctx.req, body)) {
    return std::move(*refused);
  }
  services::AccountService::AccountChanges changes;
  for (auto [name, out] :
       {std::pair{"username", &changes.username}, std::pair{"email", &changes.email},
        std::pair{"about_me", &changes.about_me}}) {
    if (auto refused = string_member(body, name, *out)) {
      return std::move(*refused);
    }
  }
  const auto errors = accounts_.update_account(*id, changes);
  if (!errors.empty()) {
    return error(http::Status::bad_request,
                 first_field_message(errors, {"username", "email", "about_me"}));
  }
  const auto user = accounts_.find_by_id(*id);
  if (!user) {
    return error(http::Status::not_found);
  }
  return json(http::Status::ok, user_json(*user));
}

}  // namespace microblog::api
