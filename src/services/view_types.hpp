#pragma once

#include <string>
#include <string_view>

#include "util/clock.hpp"
#include "util/id.hpp"

namespace microblog::services {

// What the services hand to pages (and to the JSON API): only what a reader may be shown.
// Database rows stay below the services; a password hash or an email address never reaches a
// handler through these.

// A Gravatar image id for an email address: the hash Gravatar looks the address up by, so that
// the address itself is not what the page carries.
std::string avatar_hash(std::string_view email);

struct UserProfile {
  Id id = 0;
  std::string username;
  std::string about_me;
  std::string avatar;  // avatar_hash() of the email
  util::Micros created_us = 0;
  util::Micros last_seen_us = 0;
  int post_count = 0;
  int follower_count = 0;
  int following_count = 0;
  long long list_version = 0;  // what a cached list of their posts is checked against
};

// A profile page's user, and whether the one reading follows them.
struct ProfileForViewer {
  UserProfile profile;
  bool followed_by_viewer = false;
};

// A user in a list (followers, following).
struct UserCard {
  Id id = 0;
  std::string username;
  std::string avatar;
};

// The versions of a user's home timeline (migrations/*/0007_list_versions.sql).
struct HomeVersion {
  long long version = 0;   // raised with `reshaped` (by posts too, in the release of 0007)
  long long reshaped = 0;  // raised by any change but new posts at its top
};

struct PostView {
  Id id = 0;
  std::string body;
  std::string language;  // ISO 639-1 as detected, "" when unsure
  util::Micros created_us = 0;
  Id author_id = 0;
  std::string author_username;
  std::string author_avatar;
};

// A private message as its recipient sees it in their inbox.
struct MessageView {
  Id id = 0;
  std::string body;
  util::Micros created_us = 0;
  Id sender_id = 0;
  std::string sender_username;
  std::string sender_avatar;
};

// A notification for the page's script: `payload_json` is a JSON document the service wrote.
struct NotificationView {
  std::string name;
  std::string payload_json;
  util::Micros created_us = 0;
};

}  // namespace microblog::services
