#pragma once

#include "services/view_types.hpp"
#include "web/context.hpp"
#include "web/views.hpp"

namespace microblog::web {

// What the profile page and the user's card (/user/<name>/popup) both show about a user, so
// that the two cannot drift apart: USERNAME, AVATAR_URL (at `avatar_size`), the sections
// ABOUT_ME_SEC{ABOUT_ME} and LAST_SEEN_SEC{LAST_SEEN_ISO, LAST_SEEN_TEXT}, FOLLOWERS_TEXT and
// FOLLOWING_TEXT (worded and counted in the reader's language), and which of OWN_PROFILE,
// FOLLOW_FORM or UNFOLLOW_FORM applies to the reader.
void set_profile_summary(Context& ctx, Dictionary& d, const services::UserProfile& user,
                         bool followed_by_reader, int avatar_size);

}  // namespace microblog::web
