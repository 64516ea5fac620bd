#include "db/export_repository.hpp"

namespace microblog::db::exports {

Id current_job(soci::session& sql, Id user_id) {
  Id job_id = 0;
  sql << "SELECT export_job_id FROM user WHERE id = :u", soci::use(user_id), soci::into(job_id);
  return job_id;
}

bool claim(soci::session& sql, Id user_id, Id seen, Id job_id) {
  soci::statement st = (sql.prepare << "UPDATE user SET export_job_id = :j "
                                       "WHERE id = :u AND export_job_id = :seen",
                        soci::use(job_id), soci::use(user_id), soci::use(seen));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void release(soci::session& sql, Id user_id, Id job_id) {
  sql << "UPDATE user SET export_job_id = 0 WHERE id = :u AND export_job_id = :j",
      soci::use(user_id), soci::use(job_id);
}

}  // namespace microblog::db::exports
