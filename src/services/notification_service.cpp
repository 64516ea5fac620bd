#include "services/notification_service.hpp"

#include "db/database.hpp"
#include "db/notification_repository.hpp"

namespace microblog::services {

NotificationService::NotificationService(db::Database& db) : db_(db) {}

std::vector<NotificationView> NotificationService::since(Id user_id, util::Micros since) {
  auto conn = db_.connect();
  std::vector<NotificationView> out;
  for (auto& row : db::notifications::since(conn.sql(), user_id, since)) {
    out.push_back({std::move(row.name), std::move(row.payload_json), row.created_us});
  }
  return out;
}

}  // namespace microblog::services
