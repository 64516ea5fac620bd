#include "services/view_mapping.hpp"

namespace microblog::services {

UserProfile to_profile(const db::UserRow& row) {
  return {row.id,
          row.username,
          row.about_me,
          avatar_hash(row.email),
          row.created_us,
          row.last_seen_us,
          row.post_count,
          row.follower_count,
          row.following_count,
          row.list_version};
}

UserCard to_card(const db::UserSummary& row) {
  return {row.id, row.username, avatar_hash(row.email)};
}

PostView to_view(const db::PostRow& row) {
  return {row.id,
          row.body,
          row.language,
          row.created_us,
          row.user_id,
          row.author_username,
          avatar_hash(row.author_email)};
}

MessageView to_message_view(const db::MessageRow& row) {
  return {row.id,
          row.body,
          row.created_us,
          row.sender_id,
          row.sender_username,
          avatar_hash(row.sender_email)};
}

}  // namespace microblog::services
