#include "web/routes.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace microblog::web {

std::string describe(const Policy& policy) {
  std::string out;
  switch (policy.auth) {
    case Auth::none:
      out = "public";
      break;
    case Auth::session:
      out = "session";
      break;
    case Auth::bearer:
      out = "bearer";
      break;
  }
  switch (policy.access) {
    case Access::anyone:
      out += " anyone";
      break;
    case Access::signed_in:
      out += " signed-in";
      break;
    case Access::signed_out:
      out += " signed-out";
      break;
  }
  out += policy.auth == Auth::session ? " csrf" : " -";
  out += policy.errors == ErrorFormat::json ? " json" : " html";
  if (policy.with_session == ReadWithSession::profile) {
    out += " +profile";
  }
  return out;
}

RouteGroup Routes::group(std::string prefix, Policy policy) {
  // The first group of a prefix answers its unmatched paths; later ones only add routes.
  const bool known = std::any_of(groups_.begin(), groups_.end(),
                                 [&](const Group& g) { return g.prefix == prefix; });
  if (!known) {
    groups_.push_back({prefix, policy});
  }
  return {*this, std::move(prefix), policy};
}

const Policy& Routes::fallback_policy(std::string_view path) const {
  const Group* best = nullptr;
  for (const auto& g : groups_) {
    const bool covers =
        path.substr(0, g.prefix.size()) == g.prefix &&
        (path.size() == g.prefix.size() || g.prefix.empty() || path[g.prefix.size()] == '/');
    if (covers && (best == nullptr || g.prefix.size() > best->prefix.size())) {
      best = &g;
    }
  }
  return best != nullptr ? best->policy : default_policy_;
}

void Routes::print(std::ostream& out) const {
  for (const auto& r : router_.routes()) {
    out << fmt::format("{:<7} {:<34} {}\n", std::string_view(http::beast_http::to_string(r.method)),
                       r.pattern.text(), describe(r.target.policy));
  }
}

RouteGroup& RouteGroup::add(http::Verb method, const std::string& path, Handler handler) {
  routes_.router_.add(method, prefix_ + path, Route{policy_, std::move(handler)});
  return *this;
}

RouteGroup RouteGroup::with(Access access) const {
  Policy p = policy_;
  p.access = access;
  return {routes_, prefix_, p};
}

RouteGroup RouteGroup::with(ReadWithSession read) const {
  Policy p = policy_;
  p.with_session = read;
  return {routes_, prefix_, p};
}

}  // namespace microblog::web
