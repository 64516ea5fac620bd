#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "http/message.hpp"
#include "i18n/languages.hpp"
#include "services/export_service.hpp"
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
  Context(http::Request& request, const Policy& route_policy, const i18n::Language& language)
      : req(request), policy(route_policy), language_(&language) {}
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
  // The holder of the request's valid bearer token (API routes).
  void attach_token_user(Id user_id) { token_user_ = user_id; }

  // The interface language, and its words for a msgid (marked for extraction as t and tn).
  const i18n::Language& language() const { return *language_; }
  void set_language(const i18n::Language& language) { language_ = &language; }
  std::string t(const char* msgid) const { return language_->t(msgid); }
  std::string tn(const char* singular, const char* plural, long long n) const {
    return language_->tn(singular, plural, n);
  }

  // The numbers kept post lists are checked against (web::CachedPostLists), each read at most
  // once per request, and with the session when there is one: the site's content version
  // (explore), and the signed-in user's home timeline version.
  Lazy<long long> content_version;
  Lazy<services::HomeVersion> home_version;
  // The signed-in user's unread private messages, for the navbar's badge: read only by pages
  // that render the navbar for a signed-in user (Views::page), after their handler ran, so an
  // inbox that was just opened shows 0.
  Lazy<int> unread_messages;
  // The signed-in user's posts export while it runs, for the progress bar every page shows: a
  // query only when the session's statement found an export started.
  Lazy<std::optional<services::ExportProgress>> export_task;
  // A profile page's user and whether the visitor follows them: read with the session on routes
  // whose policy asks for it (ReadWithSession::profile); empty when nobody has that name.
  Lazy<std::optional<services::ProfileForViewer>> profile;

 private:
  const i18n::Language* language_;
  std::optional<services::Session> session_;
  Id token_user_ = 0;
};

}  // namespace microblog::web
