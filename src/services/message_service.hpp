#pragma once

#include <string>
#include <string_view>

#include "services/pagination.hpp"
#include "services/problem.hpp"
#include "services/rate_limit.hpp"
#include "services/view_types.hpp"
#include "util/id.hpp"

namespace microblog::db {
class Database;
}  // namespace microblog::db

namespace microblog::services {

using MessagePage = Page<MessageView>;

// The name of the notification that carries a user's unread message count (the navbar badge).
inline constexpr const char* kUnreadMessageCount = "unread_message_count";

struct MessageResult {
  enum class Kind {
    sent,       // stored, and the recipient's unread count notified
    allowed,    // (may_send) the form may be shown
    invalid,    // the text is not acceptable: `errors`
    self,       // one cannot write to oneself
    not_found,  // no such recipient
    limited,    // over the sender's rate limit: nothing stored (retry_after_seconds)
  };
  Kind kind = Kind::not_found;
  std::string recipient;  // the recipient's name as stored, when found
  std::string body;       // the text as it would be stored (normalised)
  FieldErrors errors;     // "message" -> what is wrong
  int retry_after_seconds = 0;
};

// Private messages between users: sending (rate-limited per sender, with the recipient's
// unread_message_count notification in the same transaction) and the inbox, which only ever
// shows the messages received by the user who asks.
class MessageService {
 public:
  MessageService(db::Database& db, int messages_per_page, RateLimit messages_per_sender);

  // Whether `sender_id` may write to `recipient`: allowed, self or not_found.
  MessageResult may_send(Id sender_id, const std::string& recipient);
  MessageResult send(Id sender_id, const std::string& recipient, std::string_view raw_body);

  // A page of the reader's received messages, newest first. Opening the inbox marks every
  // message received so far as read (and notifies the count 0).
  MessagePage open_inbox(Id reader_id, const PageRequest& page);

  // Messages received after the user last opened their inbox.
  int unread_count(Id user_id);

  int messages_per_page() const { return per_page_; }

 private:
  db::Database& db_;
  int per_page_;
  RateLimit per_sender_;
};

}  // namespace microblog::services
