#include "db/job_repository.hpp"

namespace microblog::db::jobs {
namespace {

long long affected(soci::statement& st) {
  st.execute(true);
  return st.get_affected_rows();
}

}  // namespace

Id insert(soci::session& sql, const NewJob& job) {
  soci::indicator user_ind = job.user_id == 0 ? soci::i_null : soci::i_ok;
  const Id user_id = job.user_id;
  const std::string empty;
  sql << "INSERT INTO job (kind, payload_json, state, user_id, description, attempts, "
         "max_attempts, progress, run_after_us, lease_until_us, lease_owner, last_error, "
         "created_us, updated_us) VALUES (:k, :p, 'queued', :u, :d, 0, :m, 0, :r, 0, '', :e, "
         ":c, :up)",
      soci::use(job.kind), soci::use(job.payload_json), soci::use(user_id, user_ind),
      soci::use(job.description), soci::use(job.max_attempts), soci::use(job.run_after_us),
      soci::use(empty), soci::use(job.now_us), soci::use(job.now_us);
  long long id = 0;
  sql.get_last_insert_id("job", id);
  return id;
}

std::optional<JobRow> find(soci::session& sql, Id id) {
  JobRow j;
  long long user_id = 0;
  soci::indicator user_ind = soci::i_null;
  sql << "SELECT id, kind, payload_json, state, user_id, description, attempts, max_attempts, "
         "progress, run_after_us, lease_until_us, lease_owner, last_error, created_us, "
         "updated_us FROM job WHERE id = :id",
      soci::use(id), soci::into(j.id), soci::into(j.kind), soci::into(j.payload_json),
      soci::into(j.state), soci::into(user_id, user_ind), soci::into(j.description),
      soci::into(j.attempts), soci::into(j.max_attempts), soci::into(j.progress),
      soci::into(j.run_after_us), soci::into(j.lease_until_us), soci::into(j.lease_owner),
      soci::into(j.last_error), soci::into(j.created_us), soci::into(j.updated_us);
  if (!sql.got_data()) {
    return std::nullopt;
  }
  j.user_id = user_ind == soci::i_ok ? user_id : 0;
  return j;
}

std::vector<Id> find_claimable(soci::session& sql, util::Micros now, int limit) {
  // Two index range scans on (state, run_after_us) rather than one OR that neither backend
  // serves from the index.
  std::vector<Id> ids;
  for (const char* query : {"SELECT id FROM job WHERE state = 'queued' AND run_after_us <= :now "
                            "ORDER BY run_after_us, id LIMIT :lim",
                            "SELECT id FROM job WHERE state = 'running' AND lease_until_us < :now "
                            "ORDER BY lease_until_us, id LIMIT :lim"}) {
    std::vector<long long> batch(static_cast<std::size_t>(limit));
    sql << query, soci::use(now), soci::use(limit), soci::into(batch);
    ids.insert(ids.end(), batch.begin(), batch.end());
  }
  return ids;
}

bool claim(soci::session& sql, Id id, const std::string& owner, util::Micros now,
           util::Micros lease_until) {
  // The WHERE clause repeats the claimable test: of two workers racing for one job, the
  // database lets exactly one UPDATE match.
  soci::statement st =
      (sql.prepare << "UPDATE job SET state = 'running', lease_owner = :o, lease_until_us = :l, "
                      "attempts = attempts + 1, updated_us = :n WHERE id = :id AND "
                      "((state = 'queued' AND run_after_us <= :n2) OR "
                      "(state = 'running' AND lease_until_us < :n3))",
       soci::use(owner), soci::use(lease_until), soci::use(now), soci::use(id), soci::use(now),
       soci::use(now));
  return affected(st) == 1;
}

bool renew(soci::session& sql, Id id, const std::string& owner, util::Micros now,
           util::Micros lease_until, int progress) {
  soci::statement st = (sql.prepare << "UPDATE job SET lease_until_us = :l, updated_us = :n, "
                                       "progress = CASE WHEN :p < 0 THEN progress ELSE :p2 END "
                                       "WHERE id = :id AND state = 'running' AND lease_owner = :o",
                        soci::use(lease_until), soci::use(now), soci::use(progress),
                        soci::use(progress), soci::use(id), soci::use(owner));
  return affected(st) == 1;
}

bool complete(soci::session& sql, Id id, const std::string& owner, util::Micros now,
              const std::string& payload_json) {
  soci::statement st =
      (sql.prepare << "UPDATE job SET state = 'done', progress = 100, lease_until_us = 0, "
                      "payload_json = :p, last_error = '', updated_us = :n "
                      "WHERE id = :id AND state = 'running' AND lease_owner = :o",
       soci::use(payload_json), soci::use(now), soci::use(id), soci::use(owner));
  return affected(st) == 1;
}

bool fail(soci::session& sql, Id id, const std::string& owner, util::Micros now,
          const std::string& error, bool dead, util::Micros retry_at,
          const std::string& payload_json) {
  const std::string state = dead ? "dead" : "queued";
  soci::statement st =
      (sql.prepare << "UPDATE job SET state = :s, run_after_us = :r, lease_until_us = 0, "
                      "last_error = :e, payload_json = :p, updated_us = :n "
                      "WHERE id = :id AND state = 'running' AND lease_owner = :o",
       soci::use(state), soci::use(retry_at), soci::use(error), soci::use(payload_json),
       soci::use(now), soci::use(id), soci::use(owner));
  return affected(st) == 1;
}

std::map<std::string, long long> count_by_state(soci::session& sql) {
  // Room for more states than there are: a plain statement fetches at most this many rows.
  std::vector<std::string> states(16);
  std::vector<long long> counts(16);
  sql << "SELECT state, COUNT(*) FROM job GROUP BY state", soci::into(states), soci::into(counts);
  std::map<std::string, long long> out;
  for (std::size_t i = 0; i < states.size(); ++i) {
    out[states[i]] = counts[i];
  }
  return out;
}

}  // namespace microblog::db::jobs
