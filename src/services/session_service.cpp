#include "services/session_service.hpp"

#include <atomic>

#include <nlohmann/json.hpp>

#include "db/database.hpp"
#include "db/session_repository.hpp"
#include "services/session_read_batch.hpp"
#include "services/view_mapping.hpp"
#include "util/base64.hpp"
#include "util/crypto.hpp"

namespace microblog::services {
namespace {

// The most sessions one statement reads (SessionReadBatch): as many as MariaDB's default request
// threads on 8 cores (8 a core), so that a batch takes everyone waiting on most machines.
constexpr std::size_t kMaxSessionsReadTogether = 64;
// Two reads at once: a request that arrives just after a read started waits for the other read,
// not for the first to end and its own to run after it.
constexpr std::size_t kSessionReadsAtOnce = 2;

// A session id's hash and CSRF token depend on nothing but the id (and the service's key), and a
// visitor's requests come one after another: each thread keeps the last ones it worked out, so
// that the next request of the same session skips SHA-256 and BLAKE2b.
struct LastHash {
  std::string id;
  std::string hash;
};
thread_local LastHash last_hash;

struct LastCsrf {
  std::uint64_t instance = 0;
  std::string id;
  std::string token;
};
thread_local LastCsrf last_csrf;

std::atomic<std::uint64_t> next_instance{1};

// What a session with nothing pending stores: most requests then skip the JSON parser.
constexpr std::string_view kNoData = "{}";

bool has_data(const Session& s) {
  return !s.flashes.empty() || !s.reset_ticket.empty();
}

std::string data_to_json(const Session& s) {
  if (!has_data(s)) {
    return std::string(kNoData);
  }
  nlohmann::json data = nlohmann::json::object();
  if (!s.flashes.empty()) {
    auto& list = data["flashes"] = nlohmann::json::array();
    for (const auto& f : s.flashes) {
      list.push_back({{"c", f.category}, {"m", f.message}});
    }
  }
  if (!s.reset_ticket.empty()) {
    data["reset"] = s.reset_ticket;
  }
  return data.dump();
}

void data_from_json(const std::string& text, Session& s) {
  if (text == kNoData) {
    return;
  }
  const auto data = nlohmann::json::parse(text, nullptr, false);
  if (!data.is_object()) {
    return;
  }
  if (data.contains("flashes") && data["flashes"].is_array()) {
    for (const auto& f : data["flashes"]) {
      if (f.is_object() && f.value("c", nlohmann::json()).is_string() &&
          f.value("m", nlohmann::json()).is_string()) {
        s.flashes.push_back({f["c"].get<std::string>(), f["m"].get<std::string>()});
      }
    }
  }
  if (data.contains("reset") && data["reset"].is_string()) {
    s.reset_ticket = data["reset"].get<std::string>();
  }
}

}  // namespace

SessionService::SessionService(db::Database& db, ActivityRecorder& activity,
                               std::string_view secret_key, int idle_hours, int remember_days,
                               bool batch_reads)
    : db_(db),
      activity_(activity),
      csrf_key_(secret_key),
      instance_(next_instance.fetch_add(1)),
      idle_(util::seconds(3600LL * idle_hours)),
      remember_(util::seconds(86400LL * remember_days)) {
  if (batch_reads) {
    batch_ = std::make_unique<SessionReadBatch>(
        [this](const std::vector<std::string>& id_hashes) {
          auto conn = db_.connect();
          return db::sessions::find_live_many(conn, id_hashes, util::now_micros());
        },
        kMaxSessionsReadTogether, kSessionReadsAtOnce);
  }
}

SessionService::~SessionService() = default;

std::string SessionService::hash_id(const std::string& id) {
  // Compared in constant time: the id kept may be another visitor's secret.
  if (last_hash.hash.empty() || !util::constant_time_equals(last_hash.id, id)) {
    last_hash.hash = util::sha256_hex(id);
    last_hash.id = id;
  }
  return last_hash.hash;
}

util::Micros SessionService::lifetime(bool remember) const {
  return remember ? remember_ : idle_;
}

void SessionService::assign_new_id(Session& s) const {
  s.id = util::random_token();
  s.send_cookie = true;
}

Session SessionService::load(const std::optional<std::string>& cookie_id, util::Micros now,
                             const std::string* profile_username) {
  Session s;
  if (!cookie_id || !util::is_token_shaped(*cookie_id)) {
    return s;
  }
  const std::string id_hash = hash_id(*cookie_id);
  std::optional<db::SessionRow> row;
  if (profile_username) {
    auto conn = db_.connect();
    auto found = db::sessions::find_live_with_profile(conn, id_hash, now, *profile_username);
    if (found) {
      row = std::move(found->session);
      s.profile.emplace();
      if (found->profile) {
        *s.profile =
            ProfileForViewer{to_profile(found->profile->user), found->profile->followed_by_reader};
      }
    }
  } else if (batch_) {
    row = batch_->find(id_hash);
  } else {
    auto conn = db_.connect();
    row = db::sessions::find_live(conn, id_hash, now);
  }
  s.id = *cookie_id;
  if (!row) {
    // Unknown, expired or logged out: an anonymous visitor who keeps the id for CSRF tokens.
    // Signing in always issues a new id, so a planted id never becomes a signed-in session.
    return s;
  }
  s.stored = true;
  s.user_id = row->user_id;
  s.username = row->username;
  s.last_seen_us = row->last_seen_us;
  s.language = row->language;
  s.remember = row->remember;
  s.expires_us = row->expires_us;
  data_from_json(row->data_json, s);
  s.content_version = row->content_version;
  if (row->user_id != 0) {
    s.home_version = HomeVersion{row->home_version.version, row->home_version.reshaped};
    s.unread_messages = row->unread_messages;
    s.export_job_id = row->export_job_id;
  }
  return s;
}

std::string SessionService::csrf_token(Session& s) const {
  if (s.id.empty()) {
    assign_new_id(s);
  }
  return csrf_token_of(s.id);
}

const std::string& SessionService::csrf_token_of(const std::string& id) const {
  if (last_csrf.instance != instance_ || !util::constant_time_equals(last_csrf.id, id)) {
    last_csrf.token = csrf_key_.token("csrf:" + id);
    last_csrf.id = id;
    last_csrf.instance = instance_;
  }
  return last_csrf.token;
}

bool SessionService::csrf_valid(const Session& s, std::string_view token) const {
  if (s.id.empty() || token.empty()) {
    return false;
  }
  return util::constant_time_equals(csrf_token_of(s.id), token);
}

void SessionService::add_flash(Session& s, std::string category, std::string message) const {
  // A client that never loads a page (a script posting in a loop) would otherwise pile up
  // messages without end, and every request would carry all of them to and from the database.
  for (const auto& f : s.flashes) {
    if (f.category == category && f.message == message) {
      return;  // already waiting to be shown
    }
  }
  if (s.flashes.size() >= kMaxPendingFlashes) {
    s.flashes.erase(s.flashes.begin());
  }
  s.flashes.push_back({std::move(category), std::move(message)});
  s.data_changed = true;
}

std::vector<Flash> SessionService::take_flashes(Session& s) const {
  if (s.flashes.empty()) {
    return {};
  }
  s.data_changed = true;
  return std::exchange(s.flashes, {});
}

void SessionService::set_reset_ticket(Session& s, std::string ticket) const {
  if (s.reset_ticket == ticket) {
    return;
  }
  s.reset_ticket = std::move(ticket);
  s.data_changed = true;
}

void SessionService::log_in(Session& s, db::Id user_id, const std::string& username, bool remember,
                            util::Micros now) {
  auto conn = db_.connect();
  db::Transaction tx(conn);
  if (s.stored) {
    db::sessions::remove(conn.sql(), hash_id(s.id));
  }
  assign_new_id(s);
  s.user_id = user_id;
  s.username = username;
  s.remember = remember;
  s.last_seen_us = 0;
  s.expires_us = now + lifetime(remember);
  s.reset_ticket.clear();  // belongs to whoever opened the link, not to the account signing in
  db::sessions::insert(conn.sql(), hash_id(s.id), user_id, data_to_json(s), remember, now,
                       s.expires_us);
  tx.commit();
  s.stored = true;
  s.data_changed = false;
}

void SessionService::log_out(Session& s) {
  if (s.stored) {
    auto conn = db_.connect();
    db::sessions::remove(conn.sql(), hash_id(s.id));
  }
  Session fresh;
  assign_new_id(fresh);
  s = std::move(fresh);
}

void SessionService::save(Session& s, util::Micros now) {
  const bool extend = s.stored && s.expires_us - now < lifetime(s.remember) / 2;
  if (!s.data_changed && !extend) {
    return;
  }
  if (!s.stored && !has_data(s)) {
    return;  // nothing worth a row
  }
  if (s.stored && !s.data_changed) {
    // Only the expiry moves: bookkeeping, written in the next batch (ActivityRecorder).
    s.expires_us = now + lifetime(s.remember);
    activity_.session_extended(hash_id(s.id), s.expires_us);
    s.send_cookie = s.send_cookie || s.remember;
    return;
  }
  auto conn = db_.connect();
  // A transaction even for one statement: on SQLite it queues behind this process's other
  // writers instead of polling for the lock (db::Transaction).
  db::Transaction tx(conn);
  if (!s.stored) {
    if (s.id.empty()) {
      assign_new_id(s);
    }
    s.expires_us = now + lifetime(false);
    db::sessions::insert(conn.sql(), hash_id(s.id), 0, data_to_json(s), false, now, s.expires_us);
    s.stored = true;
  } else {
    if (s.data_changed) {
      db::sessions::update_data(conn.sql(), hash_id(s.id), data_to_json(s));
    }
    if (extend) {
      s.expires_us = now + lifetime(s.remember);
      db::sessions::extend_expiries(conn.sql(), {{hash_id(s.id), s.expires_us}});
      s.send_cookie = s.send_cookie || s.remember;
    }
  }
  tx.commit();
  s.data_changed = false;
}

std::string SessionService::cookie_header(const Session& s, bool https) const {
  std::string c = std::string(cookie_name(https)) + "=" + s.id + "; Path=/; HttpOnly; SameSite=Lax";
  if (https) {
    c += "; Secure";
  }
  if (s.remember) {
    c += "; Max-Age=" + std::to_string(remember_ / util::kMicrosPerSecond);
  }
  return c;
}

long long SessionService::remove_expired(util::Micros now) {
  auto conn = db_.connect();
  return db::sessions::remove_expired(conn.sql(), now);
}

}  // namespace microblog::services
