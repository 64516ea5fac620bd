#include "db/home_feed_repository.hpp"

#include <algorithm>
#include <array>

namespace microblog::db::home_feed {
namespace {

Dialect dialect_of(soci::session& sql) {
  return sql.get_backend_name() == "mysql" ? Dialect::mysql : Dialect::sqlite;
}

// The page of ids from the primary key (reader, post id), walked from the cursor, then each
// post by primary key and its author, as the list queries do (post_repository.cpp). Entries
// below complete_from are not trusted: follows and trimming leave only some of them. A newer
// page from below complete_from would miss posts, so it selects nothing and the caller falls
// back to the query.
std::string build_page(posts::Direction d) {
  const bool older = d == posts::Direction::older;
  const std::string range = older ? "h.post_id < :cursor AND h.post_id >= s.complete_from "
                                    "ORDER BY h.post_id DESC LIMIT :limit OFFSET :offset"
                                  : "h.post_id > :cursor AND s.complete_from - 1 <= :cursor_floor "
                                    "ORDER BY h.post_id ASC LIMIT :limit";
  return "SELECT p.id, p.user_id, p.body, p.language, p.created_us, u.username, u.email FROM "
         "(SELECT h.post_id AS id FROM home_feed_state s JOIN home_feed h ON h.user_id = "
         "s.user_id WHERE s.user_id = :reader AND " +
         range + ") k JOIN post p ON p.id = k.id LEFT JOIN user u ON u.id = p.user_id";
}

// Per post, the followers' feeds (ix_follow_followed_id, then each follower's state row by
// primary key) and the author's own. On MariaDB the select share-locks those follow and state
// rows; the post's transaction already holds the author's row (PostService::create), the lock a
// concurrent follow of the author and a build of the author's own feed take first, so those
// queue behind it rather than deadlock.
constexpr const char* kFanOut =
    "INSERT INTO home_feed (user_id, post_id) "
    "SELECT s.user_id, :post FROM follow f JOIN home_feed_state s ON s.user_id = f.follower_id "
    "WHERE f.followed_id = :author "
    "UNION ALL SELECT s.user_id, :post_self FROM home_feed_state s WHERE s.user_id = :author_self";

// Rows per INSERT when building a feed: SOCI sends a vector bind to MariaDB as one round trip
// per row, so the rows go as multi-row VALUES lists instead.
constexpr std::size_t kRowsPerInsert = 100;

void insert_entries(soci::session& sql, Id reader_id, const std::vector<Id>& ids) {
  for (std::size_t start = 0; start < ids.size(); start += kRowsPerInsert) {
    const std::size_t n = std::min(kRowsPerInsert, ids.size() - start);
    std::string text = "INSERT INTO home_feed (user_id, post_id) VALUES ";
    for (std::size_t i = 0; i < n; ++i) {
      text += (i == 0 ? "(:u" : ", (:u") + std::to_string(i) + ", :p" + std::to_string(i) + ")";
    }
    soci::statement st(sql);
    for (std::size_t i = 0; i < n; ++i) {
      st.exchange(soci::use(reader_id));
      st.exchange(soci::use(ids[start + i]));
    }
    st.alloc();
    st.prepare(text);
    st.define_and_bind();
    st.execute(true);
  }
}

}  // namespace

const std::string& page_sql(posts::Direction direction) {
  static const std::array<std::string, 2> statements = {build_page(posts::Direction::older),
                                                        build_page(posts::Direction::newer)};
  return statements.at(direction == posts::Direction::older ? 0 : 1);
}

std::vector<long long> page_parameters(const posts::ListQuery& q) {
  if (q.direction == posts::Direction::older) {
    return {q.subject, q.cursor, q.limit, q.offset};
  }
  return {q.subject, q.cursor, q.cursor, q.limit};
}

std::vector<PostRow> page(soci::session& sql, const posts::ListQuery& q) {
  PostRow r;
  soci::statement st(sql);
  posts::exchange_post_row(st, r);
  const std::vector<long long> parameters = page_parameters(q);
  for (const long long& value : parameters) {
    st.exchange(soci::use(value));
  }
  st.alloc();
  st.prepare(page_sql(q.direction));
  st.define_and_bind();
  st.execute();
  std::vector<PostRow> rows;
  rows.reserve(static_cast<std::size_t>(std::max(q.limit, 0)));
  while (st.fetch()) {
    rows.push_back(r);
  }
  std::sort(rows.begin(), rows.end(),
            [](const PostRow& a, const PostRow& b) { return a.id > b.id; });
  return rows;
}

const std::string& fan_out_sql() {
  static const std::string statement = kFanOut;
  return statement;
}

std::vector<long long> fan_out_parameters(Id post_id, Id author_id) {
  return {post_id, author_id, post_id, author_id};
}

void fan_out(soci::session& sql, Id post_id, Id author_id) {
  sql << fan_out_sql(), soci::use(post_id), soci::use(author_id), soci::use(post_id),
      soci::use(author_id);
}

void mark_built_empty(soci::session& sql, Id user_id, util::Micros now) {
  sql << "INSERT INTO home_feed_state (user_id, complete_from, built_us) VALUES (:u, 0, :t)",
      soci::use(user_id), soci::use(now);
}

bool build(soci::session& sql, Id reader_id, int bound, util::Micros now) {
  const bool mysql = dialect_of(sql) == Dialect::mysql;
  if (mysql) {
    // The reader's own posts take their row first (PostService::create) and then share-lock
    // this state row in fan_out: taking the row first here makes them queue instead of
    // deadlocking on the state row and the feed rows' foreign-key check of the reader.
    Id locked = 0;
    sql << "SELECT id FROM user WHERE id = :u FOR UPDATE", soci::use(reader_id), soci::into(locked);
  }
  // The state row before the posts are read: a concurrent post's fan-out either ran before it
  // (and this insert waits for that post's commit, so the read below sees the post) or runs
  // after it (and waits for this commit, then adds the post itself). On MariaDB the read below
  // is the transaction's first consistent read, so its snapshot is taken after this insert.
  soci::statement mark =
      (sql.prepare << (mysql ? "INSERT IGNORE INTO home_feed_state (user_id, complete_from, "
                               "built_us) VALUES (:u, 0, :t)"
                             : "INSERT OR IGNORE INTO home_feed_state (user_id, complete_from, "
                               "built_us) VALUES (:u, 0, :t)"),
       soci::use(reader_id), soci::use(now));
  mark.execute(true);
  if (mark.get_affected_rows() == 0) {
    return false;
  }
  // The ids alone, from ix_post_user_id_id (covering): posts::list would read `bound` whole
  // rows per followed user to serve one page of them.
  std::vector<Id> ids;
  Id id = 0;
  soci::statement st =
      (sql.prepare << "SELECT post.id FROM (SELECT followed_id AS uid FROM follow WHERE "
                      "follower_id = :reader UNION ALL SELECT :reader_self) f JOIN post ON "
                      "post.user_id = f.uid ORDER BY post.id DESC LIMIT :bound",
       soci::use(reader_id), soci::use(reader_id), soci::use(bound), soci::into(id));
  st.execute();
  while (st.fetch()) {
    ids.push_back(id);
  }
  if (ids.empty()) {
    return true;
  }
  insert_entries(sql, reader_id, ids);
  if (std::ssize(ids) == bound) {
    // The timeline has more posts than the feed holds: it is complete from its oldest entry.
    const Id oldest = ids.back();
    sql << "UPDATE home_feed_state SET complete_from = :c WHERE user_id = :u", soci::use(oldest),
        soci::use(reader_id);
  }
  return true;
}

void add_author(soci::session& sql, Id follower_id, Id followed_id, int bound) {
  // Only posts at or above complete_from: below it the feed is incomplete anyway.
  sql << "INSERT INTO home_feed (user_id, post_id) SELECT s.user_id, p.id FROM home_feed_state s "
         "JOIN post p ON p.user_id = :author AND p.id >= s.complete_from WHERE s.user_id = :reader "
         "ORDER BY p.id DESC LIMIT :bound",
      soci::use(followed_id), soci::use(follower_id), soci::use(bound);
  // If the followed user wrote more than `bound` posts, the feed now lacks their older ones: it
  // is complete only from their bound-th newest post.
  Id nth = 0;
  soci::indicator ind = soci::i_null;
  const long long skip = bound - 1;
  // On MariaDB a locking read, as the insert's select is: a plain one reads the transaction's
  // snapshot, which may predate a post the insert saw, and would name a post that is not in the
  // feed.
  const std::string nth_sql =
      std::string(
          "SELECT id FROM post WHERE user_id = :author ORDER BY id DESC LIMIT 1 OFFSET "
          ":skip") +
      (dialect_of(sql) == Dialect::mysql ? " LOCK IN SHARE MODE" : "");
  sql << nth_sql, soci::use(followed_id), soci::use(skip), soci::into(nth, ind);
  if (sql.got_data() && ind == soci::i_ok) {
    sql << "UPDATE home_feed_state SET complete_from = :c WHERE user_id = :reader AND "
           "complete_from < :c2",
        soci::use(nth), soci::use(follower_id), soci::use(nth);
  }
}

void remove_author(soci::session& sql, Id follower_id, Id followed_id) {
  // The reader's range of the primary key, each entry's author by the post's primary key:
  // bounded by the feed's length, however much the followed user wrote.
  sql << "DELETE FROM home_feed WHERE user_id = :reader AND post_id IN "
         "(SELECT id FROM post WHERE user_id = :author)",
      soci::use(follower_id), soci::use(followed_id);
}

long long trim_if_over(soci::session& sql, Id reader_id, int bound, int margin) {
  // Whether the entry past bound + margin exists: a walk of bound + margin index entries, not
  // a count of the whole feed.
  Id over = 0;
  soci::indicator over_ind = soci::i_null;
  const long long past = bound + margin;
  sql << "SELECT post_id FROM home_feed WHERE user_id = :u ORDER BY post_id DESC LIMIT 1 "
         "OFFSET :n",
      soci::use(reader_id), soci::use(past), soci::into(over, over_ind);
  if (!sql.got_data() || over_ind != soci::i_ok) {
    return 0;
  }
  Id keep_from = 0;
  const long long nth = bound - 1;
  sql << "SELECT post_id FROM home_feed WHERE user_id = :u ORDER BY post_id DESC LIMIT 1 "
         "OFFSET :n",
      soci::use(reader_id), soci::use(nth), soci::into(keep_from);
  soci::statement del =
      (sql.prepare << "DELETE FROM home_feed WHERE user_id = :u AND post_id < :keep",
       soci::use(reader_id), soci::use(keep_from));
  del.execute(true);
  // Read before the next statement: on MariaDB it is the connection's count of the last one.
  const long long removed = del.get_affected_rows();
  sql << "UPDATE home_feed_state SET complete_from = :c WHERE user_id = :u AND complete_from < :c2",
      soci::use(keep_from), soci::use(reader_id), soci::use(keep_from);
  return removed;
}

std::vector<Id> readers(soci::session& sql, bool with_feed, Id after, int limit) {
  const std::string query =
      with_feed ? "SELECT user_id FROM home_feed_state WHERE user_id > :after ORDER BY user_id "
                  "LIMIT :limit"
                : "SELECT u.id FROM user u LEFT JOIN home_feed_state s ON s.user_id = u.id "
                  "WHERE u.id > :after AND s.user_id IS NULL ORDER BY u.id LIMIT :limit";
  std::vector<Id> out;
  Id id = 0;
  soci::statement st = (sql.prepare << query, soci::use(after), soci::use(limit), soci::into(id));
  st.execute();
  while (st.fetch()) {
    out.push_back(id);
  }
  return out;
}

std::optional<Id> complete_from(soci::session& sql, Id reader_id) {
  Id from = 0;
  sql << "SELECT complete_from FROM home_feed_state WHERE user_id = :u", soci::use(reader_id),
      soci::into(from);
  if (!sql.got_data()) {
    return std::nullopt;
  }
  return from;
}

}  // namespace microblog::db::home_feed
