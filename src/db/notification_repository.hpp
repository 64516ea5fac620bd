#pragma once

#include <string>
#include <vector>

#include <soci/soci.h>

#include "db/user_repository.hpp"
#include "util/clock.hpp"

namespace microblog::db {

struct NotificationRow {
  std::string name;
  std::string payload_json;
  util::Micros created_us = 0;
};

// SQL for the notification table: at most one row per user and name (ux_notification_user_id_name).
namespace notifications {

// Stores `payload_json` as the user's notification `name` at `now`, replacing the one before.
// One upsert rather than a delete and an insert: on MariaDB two senders deleting the same
// missing row would each take a gap lock and then deadlock on their inserts.
void put(soci::session& sql, Id user_id, const std::string& name, const std::string& payload_json,
         util::Micros now);

// The user's notifications stamped after `since`, oldest first (ix_notification_user_id_created).
std::vector<NotificationRow> since(soci::session& sql, Id user_id, util::Micros since);

}  // namespace notifications
}  // namespace microblog::db
