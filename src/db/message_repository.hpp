#pragma once

#include <string>
#include <vector>

#include <soci/soci.h>

#include "db/user_repository.hpp"
#include "util/clock.hpp"

namespace microblog::db {

// A received message with its sender's name and e-mail (for the avatar), read in one query.
struct MessageRow {
  Id id = 0;
  std::string body;
  util::Micros created_us = 0;
  Id sender_id = 0;
  std::string sender_username;
  std::string sender_email;
};

struct NewMessage {
  Id sender_id = 0;
  Id recipient_id = 0;
  std::string body;
  util::Micros now_us = 0;
};

// SQL for the message table and the user's last_message_read_us. Ids grow with time, so a
// message id orders an inbox and is its page cursor, as for posts.
namespace messages {

Id insert(soci::session& sql, const NewMessage& message);

// A recipient's messages newer than their last_message_read_us (ix_message_recipient_id_created).
int unread_count(soci::session& sql, Id recipient_id);

// Everything received up to `now` counts as read from then on.
void mark_read(soci::session& sql, Id recipient_id, util::Micros now);
// Counts one more unread message on the recipient's row (user.unread_message_count, where the
// session's statement reads it for the navbar; mark_read sets it to 0) and returns the count.
// An increment rather than a count of the rows: two messages sent at once both count, as the
// second waits for the first's row lock.
int add_unread(soci::session& sql, Id recipient_id);

// `older`: ids below the cursor; `newer`: ids above it. Rows come back highest id first
// whatever the direction.
enum class Direction { older, newer };
std::vector<MessageRow> inbox(soci::session& sql, Id recipient_id, Direction direction, Id cursor,
                              int limit);

}  // namespace messages
}  // namespace microblog::db
