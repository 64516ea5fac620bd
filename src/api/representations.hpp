#pragma once

#include <nlohmann/json.hpp>

#include "services/view_types.hpp"

namespace microblog::api {

// The documents the API answers with. Keys are written sorted (nlohmann::json's objects are
// ordered maps), as the original's are; links are paths on this site, except the avatar's,
// which is Gravatar's. docs/api.md and the OpenAPI document describe each.

// The original's user dictionary: id, username, last_seen, about_me, the three counters and
// _links (self, followers, following, avatar). The email address is never part of it.
nlohmann::json user_json(const services::UserProfile& user);

// A post: id, body, language, timestamp, author (id and username) and _links (author, the
// author's avatar).
nlohmann::json post_json(const services::PostView& post);

// A message as its recipient sees it: id, body, timestamp, sender and _links.
nlohmann::json message_json(const services::MessageView& message);

// A notification: name, data (the JSON document it carries) and timestamp in seconds since the
// epoch, as GET /notifications answers it.
nlohmann::json notification_json(const services::NotificationView& notification);

}  // namespace microblog::api
