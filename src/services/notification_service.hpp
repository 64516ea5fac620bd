#pragma once

#include <vector>

#include "services/view_types.hpp"
#include "util/clock.hpp"
#include "util/id.hpp"

namespace microblog::db {
class Database;
}  // namespace microblog::db

namespace microblog::services {

// What the page's script polls for. The rows are written by the services whose changes they
// announce (MessageService, later the export job), in those changes' transactions; this only
// reads them.
class NotificationService {
 public:
  explicit NotificationService(db::Database& db);

  // The user's notifications stamped strictly after `since`, oldest first; only the latest of
  // each name exists.
  std::vector<NotificationView> since(Id user_id, util::Micros since);

 private:
  db::Database& db_;
};

}  // namespace microblog::services
