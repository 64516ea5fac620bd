#include "web/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include "http/authorization.hpp"
#include "services/busy.hpp"
#include "util/clock.hpp"
#include "web/language_choice.hpp"
#include "web/navigation.hpp"

namespace microblog::web {
namespace {

bool is_state_changing(http::Verb v) {
  return v != http::Verb::get && v != http::Verb::head && v != http::Verb::options;
}

}  // namespace

Dispatcher::Dispatcher(const Routes& routes, services::SessionService& sessions,
                       services::AccountService& accounts, services::PostService& posts,
                       services::MessageService& messages, services::ExportService& exports,
                       services::ApiTokenService& tokens, services::ApiRateLimiter& api_limits,
                       Views& views, const i18n::Languages& languages, bool https_site)
    : routes_(routes),
      sessions_(sessions),
      tokens_(tokens),
      api_limits_(api_limits),
      accounts_(accounts),
      posts_(posts),
      messages_(messages),
      exports_(exports),
      views_(views),
      languages_(languages),
      https_site_(https_site) {}

http::Response Dispatcher::dispatch(http::Request& req) {
  auto m = routes_.router().match(req.method(), req.path);
  if (m.route == nullptr) {
    return no_route(req, m.path_known, m.allowed);
  }
  req.path_params = std::move(m.params);
  req.route = m.route->pattern.text();
  const Route& route = m.route->target;
  Context ctx(req, route.policy, visitor_language(languages_, req));
  ctx.content_version.set_loader([this] { return posts_.content_version(); });
  // Before the policy runs: with its fields dropped, the form would fail the CSRF check and be
  // answered as expired, which is not what went wrong.
  if (req.form_has_too_many_fields()) {
    spdlog::warn("request {} refused: a form with more than {} fields", req.request_id,
                 req.max_form_fields);
    return views_.error(ctx, http::Status::bad_request,
                        ctx.t("This form has more fields than this site accepts."));
  }
  switch (route.policy.auth) {
    case Auth::none:
      return route.handler(ctx);
    case Auth::session:
      return with_session(ctx, [&](Context& c) { return checked(c, route.handler); });
    case Auth::bearer:
      break;
  }
  return with_token(ctx, route.handler);
}

http::Response Dispatcher::with_token(Context& ctx, const Handler& handler) {
  const std::string_view token = http::bearer_token(ctx.req);
  const Id holder = tokens_.holder(token, util::now_micros());
  if (holder != 0) {
    ctx.attach_token_user(holder);
    ctx.req.user_id = holder;
  }
  return limited(ctx, token, holder, [&](Context& c) {
    // The API speaks English whatever the visitor's language, as its field names do.
    if (holder == 0 && c.policy.access == Access::signed_in) {
      auto res = views_.error(c, http::Status::unauthorized, "a valid bearer token is required");
      res.set(http::Field::www_authenticate, kBearerChallenge);
      return res;
    }
    return guarded(c, handler);
  });
}

http::Response Dispatcher::limited(Context& ctx, std::string_view token, Id holder,
                                   const Handler& handler) {
  // Counted before anything else is done for the caller, and per address whatever the token:
  // so that guessing tokens or passwords costs a stranger their address's allowance.
  const auto quota =
      api_limits_.count(ctx.req.client_key, holder != 0 ? token : "", util::now_micros());
  http::Response res;
  if (quota.exceeded) {
    res = views_.error(
        ctx, http::Status::too_many_requests,
        "too many requests: try again in " + std::to_string(quota.reset_seconds) + " seconds");
    res.set(http::Field::retry_after, std::to_string(quota.reset_seconds));
  } else {
    res = handler(ctx);
  }
  res.set("X-RateLimit-Limit", std::to_string(quota.limit));
  res.set("X-RateLimit-Remaining", std::to_string(quota.remaining));
  res.set("X-RateLimit-Reset", std::to_string(quota.reset_seconds));
  return res;
}

http::Response Dispatcher::with_session(Context& ctx, const Handler& handler) {
  const util::Micros now = util::now_micros();
  // Only the name of the current scheme is read: after a switch to HTTPS an old plain
  // "session" cookie is ignored rather than trusted.
  const std::string* profile_name = ctx.policy.with_session == ReadWithSession::profile
                                        ? &ctx.req.path_params["username"]
                                        : nullptr;
  ctx.attach_session(sessions_.load(
      ctx.req.cookie(services::SessionService::cookie_name(https(ctx.req))), now, profile_name));
  auto& session = ctx.session();
  if (session.profile) {
    ctx.profile.set(*session.profile);
  } else if (profile_name) {
    ctx.profile.set_loader([this, profile_name, &session] {
      return accounts_.profile_for(*profile_name, session.user_id);
    });
  }
  ctx.req.user_id = session.user_id;
  if (session.content_version) {
    ctx.content_version.set(*session.content_version);  // read with the session: no second trip
  }
  if (session.home_version) {
    ctx.home_version.set(*session.home_version);
  } else {
    ctx.home_version.set_loader([this, &session] { return posts_.home_version(session.user_id); });
  }
  // Read with the session, from the user's row the session statement reads anyway: a statement
  // of its own on every signed-in page halved MariaDB's pages (docs/performance.md).
  if (session.unread_messages) {
    ctx.unread_messages.set(*session.unread_messages);
  } else {
    ctx.unread_messages.set_loader(
        [this, &session] { return messages_.unread_count(session.user_id); });
  }
  if (!session.logged_in() || (session.export_job_id && *session.export_job_id == 0)) {
    ctx.export_task.set(std::nullopt);  // none started: the usual case, no query
  } else {
    ctx.export_task.set_loader([this, &session]() -> std::optional<services::ExportProgress> {
      return session.export_job_id ? exports_.active(session.user_id, *session.export_job_id)
                                   : exports_.current(session.user_id);
    });
  }
  // The user's own choice, read with the session, wins over the cookie and Accept-Language.
  if (session.logged_in() && languages_.offers(session.language)) {
    ctx.set_language(languages_.get(session.language));
  }
  if (session.logged_in()) {
    accounts_.record_activity(session.user_id, session.last_seen_us, now);
  }
  http::Response res = handler(ctx);
  if (session.user_id != 0) {
    // Signed in by this request: its line names who. One who signed out stays named.
    ctx.req.user_id = session.user_id;
  }
  sessions_.save(session, util::now_micros());
  if (session.send_cookie) {
    res.insert(http::Field::set_cookie, sessions_.cookie_header(session, https(ctx.req)));
  }
  return res;
}

http::Response Dispatcher::checked(Context& ctx, const Handler& handler) {
  auto& session = ctx.session();
  if (is_state_changing(ctx.req.method())) {
    std::string token;
    if (const auto it = ctx.req.form().find("csrf_token"); it != ctx.req.form().end()) {
      token = it->second;
    } else {
      token = std::string(ctx.req.header("X-CSRF-Token"));
    }
    if (!sessions_.csrf_valid(session, token)) {
      spdlog::warn("request {} refused: missing or invalid CSRF token", ctx.req.request_id);
      return views_.error(ctx, http::Status::forbidden,
                          ctx.t("This form has expired or did not come from this site. Go back, "
                                "reload the page and try again."));
    }
  }
  switch (ctx.policy.access) {
    case Access::anyone:
      break;
    case Access::signed_in:
      if (!session.logged_in() &&
          (ctx.policy.errors == ErrorFormat::json || http::prefers_json(ctx.req))) {
        // A script's request: a redirect to a page would be read as an answer.
        return views_.error(ctx, http::Status::unauthorized, ctx.t("Please sign in first."));
      }
      if (!session.logged_in()) {
        // No flash: that would store a session row for every cookieless visit. The sign-in
        // page says why the visitor is there when it has a next= (AuthHandlers::login_form).
        return http::redirect_response("/auth/login?next=" +
                                       http::encode_query_value(ctx.req.target()));
      }
      break;
    case Access::signed_out:
      if (session.logged_in()) {
        return http::redirect_response(safe_next(next_param(ctx.req)));
      }
      break;
  }
  return guarded(ctx, handler);
}

http::Response Dispatcher::guarded(Context& ctx, const Handler& handler) {
  try {
    return handler(ctx);
  } catch (const services::Busy& busy) {
    // Capacity, not a fault: no error log or mail, and the visitor is told when to come back.
    spdlog::warn("request {} refused: {}", ctx.req.request_id, busy.what());
    auto res =
        views_.error(ctx, http::Status::service_unavailable,
                     ctx.tn("The site is very busy just now. Please try again in {n} second.",
                            "The site is very busy just now. Please try again in {n} seconds.",
                            busy.retry_after_seconds()));
    res.set(http::Field::retry_after, std::to_string(busy.retry_after_seconds()));
    return res;
  }
}

http::Response Dispatcher::no_route(http::Request& req, bool path_known,
                                    const std::string& allowed) {
  const Policy& policy = routes_.fallback_policy(req.path);
  Context ctx(req, policy, visitor_language(languages_, req));
  const auto answer = [&](Context& c) {
    auto res =
        views_.error(c, path_known ? http::Status::method_not_allowed : http::Status::not_found);
    if (path_known) {
      res.set(http::Field::allow, allowed);
    }
    return res;
  };
  if (policy.auth == Auth::bearer) {
    // Probing the API's paths counts like any other request to it.
    return limited(ctx, http::bearer_token(req), 0, answer);
  }
  if (policy.auth != Auth::session) {
    return answer(ctx);
  }
  // A page's 404 shows the visitor's navigation like any page; no CSRF or access rule applies
  // to a path that has no route.
  return with_session(ctx, answer);
}

}  // namespace microblog::web
