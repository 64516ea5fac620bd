#pragma once

#include "services/account_service.hpp"
#include "services/post_service.hpp"
#include "services/session_service.hpp"
#include "web/cached_post_lists.hpp"
#include "web/context.hpp"
#include "web/routes.hpp"
#include "web/views.hpp"

namespace microblog::web {

// /user/<username> and /edit_profile.
class ProfileHandlers {
 public:
  ProfileHandlers(services::AccountService& accounts, services::SessionService& sessions,
                  CachedPostLists& lists, Views& views);
  void register_routes(Routes& routes);

 private:
  http::Response profile(Context& ctx);
  http::Response edit_form(Context& ctx);
  http::Response edit(Context& ctx);
  http::Response render_edit(Context& ctx, const std::string& username, const std::string& about_me,
                             const services::FieldErrors& errors);

  services::AccountService& accounts_;
  services::SessionService& sessions_;
  CachedPostLists& lists_;
  Views& views_;
};

}  // namespace microblog::web
