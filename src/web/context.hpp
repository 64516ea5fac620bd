#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "http/message.hpp"
#include "services/session_service.hpp"
#include "util/id.hpp"
#include "web/routes.hpp"

namespace microblog::web {

// A value the page needs at most once per request, loaded on first use: a navigation badge
// costs a query only on the pages that show it, and never twice.
template <typename T>
class Lazy {
 public:
  using Loader = std::function<T()>;

  void set_loader(Loader load) { load_ = std::move(load); }
  // Already known (read together with something else): no load at all.
  void set(T value) { value_ = std::move(value); }

  const T& get() {
    if (!value_) {
      if (!load_) {
        throw std::logic_error("Lazy value read without a loader");
      }
      value_ = load_();
    }
    return *value_;
  }

 private:
  std::optional<T> value_;
  Loader load_;
};

// Everything a handler knows about the request beyond its bytes: the route's policy, who is
// asking, in which language, and the values the navigation shows.
class Context {
 public:
  Context(http::Request& request, const Policy& route_policy)
      : req(request), policy(route_policy) {}
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  http::Request& req;
  const Policy& policy;

  // Who is asking: a visitor with a session (signed in or not), a token holder (the API), or
  // nobody (routes without a session).
  enum class Visitor { nobody, session, token };
  Visitor visitor() const {
    if (session_) {
      return Visitor::session;
    }
    return token_user_ != 0 ? Visitor::token : Visitor::nobody;
  }

  bool signed_in() const { return user_id() != 0; }
  // The signed-in user, or 0.
  Id user_id() const { return session_ ? session_->user_id : token_user_; }

  // The visitor's session; throws on routes that have none (a policy error, not bad input).
  services::Session& session() {
    if (!session_) {
      throw std::logic_error("this route has no session: " + req.route);
    }
    return *session_;
  }
  services::Session* session_if_any() { return session_ ? &*session_ : nullptr; }
  void attach_session(services::Session session) { session_ = std::move(session); }

  // The interface language, an ISO 639-1 code.
  std::string language = "en";

  // The number every cached post list is stored under, read at most once per request.
  Lazy<long long> content_version;

 private:
  std::optional<services::Session> session_;
  Id token_user_ = 0;
};

}  // namespace microblog::web
