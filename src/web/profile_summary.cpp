#include "web/profile_summary.hpp"

#include "util/time_format.hpp"

namespace microblog::web {

void set_profile_summary(Context& ctx, Dictionary& d, const services::UserProfile& user,
                         bool followed_by_reader, int avatar_size) {
  d.SetValue("USERNAME", user.username);
  d.SetValue("AVATAR_URL", avatar_url(user.avatar, avatar_size));
  if (!user.about_me.empty()) {
    d.AddSectionDictionary("ABOUT_ME_SEC")->SetValue("ABOUT_ME", user.about_me);
  }
  if (user.last_seen_us > 0) {
    auto* seen = d.AddSectionDictionary("LAST_SEEN_SEC");
    seen->SetValue("LAST_SEEN_ISO", util::iso8601_utc(user.last_seen_us));
    seen->SetValue("LAST_SEEN_TEXT", util::readable_utc(user.last_seen_us));
  }
  // Counted in C++: the plural form depends on the number and the language.
  d.SetValue("FOLLOWERS_TEXT", ctx.tn("{n} follower", "{n} followers", user.follower_count));
  d.SetValue("FOLLOWING_TEXT", ctx.tn("{n} following", "{n} following", user.following_count));
  if (ctx.user_id() == user.id) {
    d.ShowSection("OWN_PROFILE");
  } else {
    d.ShowSection(followed_by_reader ? "UNFOLLOW_FORM" : "FOLLOW_FORM");
  }
}

}  // namespace microblog::web
