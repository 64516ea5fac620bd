#include "db/message_repository.hpp"

#include <algorithm>
#include <stdexcept>

namespace microblog::db::messages {
namespace {

// The page of ids first (the recipient's index), then the rows and senders by primary key: the
// join never runs over messages that are not on the page.
std::string inbox_sql(Direction d) {
  const std::string range =
      d == Direction::older ? "id < :cursor ORDER BY id DESC" : "id > :cursor ORDER BY id ASC";
  return "SELECT m.id, m.body, m.created_us, u.id, u.username, u.email FROM (SELECT id FROM "
         "message WHERE recipient_id = :r AND " +
         range + " LIMIT :limit) p JOIN message m ON m.id = p.id JOIN user u ON u.id = m.sender_id";
}

}  // namespace

Id insert(soci::session& sql, const NewMessage& message) {
  sql << "INSERT INTO message (sender_id, recipient_id, body, created_us) VALUES (:s, :r, :b, :t)",
      soci::use(message.sender_id), soci::use(message.recipient_id), soci::use(message.body),
      soci::use(message.now_us);
  long long id = 0;
  if (!sql.get_last_insert_id("message", id)) {
    throw std::runtime_error("no id for the new message");
  }
  return id;
}

int unread_count(soci::session& sql, Id recipient_id) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM message WHERE recipient_id = :r AND created_us > (SELECT "
         "last_message_read_us FROM user WHERE id = :r2)",
      soci::use(recipient_id), soci::use(recipient_id), soci::into(n);
  return n;
}

void mark_read(soci::session& sql, Id recipient_id, util::Micros now) {
  sql << "UPDATE user SET last_message_read_us = :t, unread_message_count = 0 WHERE id = :u",
      soci::use(now), soci::use(recipient_id);
}

int add_unread(soci::session& sql, Id recipient_id) {
  sql << "UPDATE user SET unread_message_count = unread_message_count + 1 WHERE id = :u",
      soci::use(recipient_id);
  int count = 0;
  sql << "SELECT unread_message_count FROM user WHERE id = :u", soci::use(recipient_id),
      soci::into(count);
  return count;
}

std::vector<MessageRow> inbox(soci::session& sql, Id recipient_id, Direction direction, Id cursor,
                              int limit) {
  static const std::string older = inbox_sql(Direction::older);
  static const std::string newer = inbox_sql(Direction::newer);
  MessageRow r;
  soci::statement st =
      (sql.prepare << (direction == Direction::older ? older : newer), soci::into(r.id),
       soci::into(r.body), soci::into(r.created_us), soci::into(r.sender_id),
       soci::into(r.sender_username), soci::into(r.sender_email), soci::use(recipient_id),
       soci::use(cursor), soci::use(limit));
  st.execute();
  std::vector<MessageRow> rows;
  while (st.fetch()) {
    rows.push_back(r);
  }
  std::sort(rows.begin(), rows.end(),
            [](const MessageRow& a, const MessageRow& b) { return a.id > b.id; });
  return rows;
}

}  // namespace microblog::db::messages
