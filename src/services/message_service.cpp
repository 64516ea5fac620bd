#include "services/message_service.hpp"

#include <nlohmann/json.hpp>

#include "db/database.hpp"
#include "db/message_repository.hpp"
#include "db/notification_repository.hpp"
#include "db/user_repository.hpp"
#include "services/account_validation.hpp"
#include "services/post_validation.hpp"
#include "services/view_mapping.hpp"

namespace microblog::services {
namespace {

// Called in the transaction that changed the count, so that a poller never sees a count the
// database does not hold.
void notify_unread(soci::session& sql, Id user_id, int count, util::Micros now) {
  db::notifications::put(sql, user_id, kUnreadMessageCount, nlohmann::json(count).dump(), now);
}

// Looks the recipient up and fills `result` (allowed, self or not_found); their id when allowed.
Id find_recipient(db::Connection& conn, Id sender_id, const std::string& name,
                  MessageResult& result) {
  result.kind = MessageResult::Kind::not_found;
  if (check_username(name)) {
    return 0;  // cannot exist
  }
  const auto user = db::users::find_by_username(conn, name);
  if (!user) {
    return 0;
  }
  result.recipient = user->username;
  if (user->id == sender_id) {
    result.kind = MessageResult::Kind::self;
    return 0;
  }
  result.kind = MessageResult::Kind::allowed;
  return user->id;
}

}  // namespace

MessageService::MessageService(db::Database& db, int messages_per_page,
                               RateLimit messages_per_sender)
    : db_(db), per_page_(messages_per_page), per_sender_(messages_per_sender) {}

MessageResult MessageService::may_send(Id sender_id, const std::string& recipient) {
  MessageResult result;
  auto conn = db_.connect();
  find_recipient(conn, sender_id, recipient, result);
  return result;
}

MessageResult MessageService::send(Id sender_id, const std::string& recipient,
                                   std::string_view raw_body) {
  MessageResult result;
  auto checked = check_post_body(raw_body);
  result.body = std::move(checked.body);
  auto conn = db_.connect();
  // Who it is for first: an unknown recipient is a 404 whatever the text.
  const Id recipient_id = find_recipient(conn, sender_id, recipient, result);
  if (recipient_id == 0) {
    return result;
  }
  if (checked.error) {
    result.kind = MessageResult::Kind::invalid;
    result.errors["message"] = *checked.error;
    return result;
  }
  db::Transaction tx(conn);
  const util::Micros now = util::now_micros();
  // In the message's own transaction: a refused message rolls its count back with it.
  result.retry_after_seconds =
      count_action(conn, "message:user:" + std::to_string(sender_id), per_sender_, now);
  if (result.retry_after_seconds > 0) {
    result.kind = MessageResult::Kind::limited;
    return result;
  }
  db::messages::insert(conn.sql(), {sender_id, recipient_id, result.body, now});
  const int unread = db::messages::add_unread(conn.sql(), recipient_id);
  notify_unread(conn.sql(), recipient_id, unread, now);
  tx.commit();
  result.kind = MessageResult::Kind::sent;
  return result;
}

MessagePage MessageService::open_inbox(Id reader_id, const PageRequest& page) {
  auto conn = db_.connect();
  // Nothing to mark (the usual case for a second page or a reload): no write transaction, which
  // on SQLite would queue behind every writer of the site.
  if (db::messages::unread_count(conn.sql(), reader_id) > 0) {
    db::Transaction tx(conn);
    const util::Micros now = util::now_micros();
    db::messages::mark_read(conn.sql(), reader_id, now);
    notify_unread(conn.sql(), reader_id, 0, now);
    tx.commit();
  }
  // Inboxes have only keyset links (the original's pager had none that worked): a page number
  // is served as the first page.
  PageRequest keyset = page;
  if (keyset.kind == PageRequest::Kind::number) {
    keyset = {};
  }
  return paginate<MessageView>(keyset, per_page_, [&](const Slice& s) {
    return to_views(db::messages::inbox(
                        conn.sql(), reader_id,
                        s.older ? db::messages::Direction::older : db::messages::Direction::newer,
                        s.cursor, s.limit),
                    &to_message_view);
  });
}

int MessageService::unread_count(Id user_id) {
  auto conn = db_.connect();
  return db::messages::unread_count(conn.sql(), user_id);
}

}  // namespace microblog::services
