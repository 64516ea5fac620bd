#include "api/representations.hpp"

#include <string>

#include "util/time_format.hpp"
#include "web/views.hpp"

namespace microblog::api {
namespace {

// The API's avatars are 128 pixels, as the original's.
constexpr int kAvatarSize = 128;

std::string user_path(Id id) {
  return "/api/users/" + std::to_string(id);
}

}  // namespace

nlohmann::json user_json(const services::UserProfile& user) {
  const std::string self = user_path(user.id);
  return {{"id", user.id},
          {"username", user.username},
          {"last_seen", util::iso8601_utc_micros(user.last_seen_us)},
          {"about_me", user.about_me},
          {"post_count", user.post_count},
          {"follower_count", user.follower_count},
          {"following_count", user.following_count},
          {"_links",
           {{"self", self},
            {"followers", self + "/followers"},
            {"following", self + "/following"},
            {"avatar", web::avatar_url(user.avatar, kAvatarSize)}}}};
}

nlohmann::json post_json(const services::PostView& post) {
  return {{"id", post.id},
          {"body", post.body},
          {"language", post.language},
          {"timestamp", util::iso8601_utc_micros(post.created_us)},
          {"author", {{"id", post.author_id}, {"username", post.author_username}}},
          {"_links",
           {{"author", user_path(post.author_id)},
            {"avatar", web::avatar_url(post.author_avatar, kAvatarSize)}}}};
}

nlohmann::json message_json(const services::MessageView& message) {
  return {{"id", message.id},
          {"body", message.body},
          {"timestamp", util::iso8601_utc_micros(message.created_us)},
          {"sender", {{"id", message.sender_id}, {"username", message.sender_username}}},
          {"_links",
           {{"sender", user_path(message.sender_id)},
            {"avatar", web::avatar_url(message.sender_avatar, kAvatarSize)}}}};
}

nlohmann::json notification_json(const services::NotificationView& notification) {
  nlohmann::json data = nlohmann::json::parse(notification.payload_json, nullptr, false);
  if (data.is_discarded()) {
    data = nullptr;
  }
  return {{"name", notification.name},
          {"data", data},
          {"timestamp", static_cast<double>(notification.created_us) / 1e6}};
}

}  // namespace microblog::api
