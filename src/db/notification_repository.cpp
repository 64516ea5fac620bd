#include "db/notification_repository.hpp"

namespace microblog::db::notifications {

void put(soci::session& sql, Id user_id, const std::string& name, const std::string& payload_json,
         util::Micros now) {
  const std::string upsert =
      sql.get_backend_name() == "mysql"
          ? " ON DUPLICATE KEY UPDATE payload_json = VALUES(payload_json), "
            "created_us = VALUES(created_us)"
          : " ON CONFLICT (user_id, name) DO UPDATE SET payload_json = excluded.payload_json, "
            "created_us = excluded.created_us";
  sql << "INSERT INTO notification (user_id, name, payload_json, created_us) VALUES (:u, :n, "
         ":p, :t)" +
             upsert,
      soci::use(user_id), soci::use(name), soci::use(payload_json), soci::use(now);
}

std::vector<NotificationRow> since(soci::session& sql, Id user_id, util::Micros since) {
  NotificationRow r;
  soci::statement st = (sql.prepare << "SELECT name, payload_json, created_us FROM notification "
                                       "WHERE user_id = :u AND created_us > :s ORDER BY created_us",
                        soci::into(r.name), soci::into(r.payload_json), soci::into(r.created_us),
                        soci::use(user_id), soci::use(since));
  st.execute();
  std::vector<NotificationRow> rows;
  while (st.fetch()) {
    rows.push_back(r);
  }
  return rows;
}

}  // namespace microblog::db::notifications
