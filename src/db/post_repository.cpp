#include "db/post_repository.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "db/content_version_repository.hpp"
#include "db/search_repository.hpp"

namespace microblog::db::posts {
namespace {

constexpr const char* kPostColumns = "id, user_id, body, language, created_us";

// Every list selects its page of post ids in a derived table and only then joins the authors.
// Written the other way round, MariaDB's optimiser starts from `user` and sorts the whole join
// (479 ms against 0.6 ms, measured on MariaDB 10.11; docs/query-plans.md). The LEFT JOIN pins that
// order on both backends: the page is the outer table, each author one primary-key look-up
// (post.user_id is NOT NULL with a foreign key, so no row is ever without its author). There is no
// outer ORDER BY: list() sorts the at most limit rows itself, which keeps any sort step out of the
// plans.
std::string page_then_authors(const std::string& page) {
  return "SELECT p.id, p.user_id, p.body, p.language, p.created_us, u.username, u.email FROM (" +
         page + ") p LEFT JOIN user u ON u.id = p.user_id";
}

// MariaDB: the page's ids alone first, then each post by primary key, then its author. An
// OFFSET then steps over ids only, not over rows copied with their bodies into the server
// (page 200 of explore: 3.2 ms down to 2.2 ms; each skipped entry still costs, see
// docs/query-plans.md), and the timeline merges and sorts ids rather than whole rows.
std::string ids_then_rows(const std::string& ids) {
  return "SELECT p.id, p.user_id, p.body, p.language, p.created_us, u.username, u.email FROM (" +
         ids + ") k JOIN post p ON p.id = k.id LEFT JOIN user u ON u.id = p.user_id";
}

std::string range(Direction d) {
  return d == Direction::older ? "id < :cursor ORDER BY id DESC LIMIT :limit OFFSET :offset"
                               : "id > :cursor ORDER BY id ASC LIMIT :limit";
}

std::string build_sqlite(Scope scope, Direction d) {
  const std::string cols = kPostColumns;
  switch (scope) {
    case Scope::everyone:
      // The primary key, walked from the cursor.
      return page_then_authors("SELECT " + cols + " FROM post WHERE " + range(d));
    case Scope::author:
      // ix_post_user_id_id (user_id, id), walked from the cursor.
      return page_then_authors("SELECT " + cols + " FROM post WHERE user_id = :author AND " +
                               range(d));
    case Scope::timeline:
      // The followed users (the follow primary key) plus the reader, then each one's post ids
      // through ix_post_user_id_id from the cursor (covering: no row is read), merged by a sort
      // bounded by LIMIT, and only then the page's rows by primary key. SQLite walks each
      // author's posts in the sort's order and leaves an author as soon as its next post cannot
      // make the page, so it reads at most limit + offset entries per author. Reading whole
      // rows in the merge instead took twice as long (0.34 against 0.17 ms, 50 follows).
      return ids_then_rows(
          "SELECT post.id FROM "
          "(SELECT followed_id AS uid FROM follow WHERE follower_id = :reader "
          "UNION ALL SELECT :reader_self) f JOIN post ON post.user_id = f.uid WHERE post." +
          range(d));
  }
  throw std::logic_error("unknown post list scope");
}

// The home timeline on MariaDB. Joining the authors to post on `post.user_id = f.uid` makes
// MariaDB read every post of every followed user (a `ref` look-up on user_id alone, the id
// range only filters) and sort them all: 5,000 rows for a page of 26 in the benchmark. So:
//  - f: the followed users plus the reader (the follow primary key, covering).
//  - b.bound: for each author, the n-th newest post id below the cursor (n = limit + offset),
//    read from ix_post_user_id_id; the highest of these bounds the page, because that author
//    alone has n posts between it and the cursor. An author with fewer posts bounds nothing.
//  - each author's ids between bound and cursor through ix_post_user_id_id, so at most n per
//    author whatever the number of their posts, then merged and cut to the page.
// Two details keep MariaDB on that plan. The author is matched by a range whose ends come from
// f (`>= f.uid AND <= f.uid`, which is equality): for that MariaDB plans "Range checked for
// each record" and reads, per author, the index range (uid, bound) .. (uid, cursor); written
// `=`, it falls back to the ref look-up above. And the cursor and bound reach the join as
// columns of b, not as constants: a constant range on post.id makes MariaDB scan the primary
// key over that range instead. The newer direction is the mirror image.
std::string mysql_timeline(Direction d) {
  const bool older = d == Direction::older;
  // Each author's n-th post from the cursor, and the one of those nearest the cursor.
  const std::string nth =
      older ? "(SELECT q.id FROM post q WHERE q.user_id = f.uid AND q.id < :cursor_floor "
              "ORDER BY q.id DESC LIMIT 1 OFFSET :nth)"
            : "(SELECT q.id FROM post q WHERE q.user_id = f.uid AND q.id > :cursor_floor "
              "ORDER BY q.id ASC LIMIT 1 OFFSET :nth)";
  const std::string bound =
      older ? "COALESCE(MAX(" + nth + "), 0)" : "COALESCE(MIN(" + nth + "), 9223372036854775807)";
  const std::string between =
      older ? "post.id < b.cur AND post.id >= b.bound" : "post.id > b.cur AND post.id <= b.bound";
  const std::string page = older ? " ORDER BY post.id DESC LIMIT :limit OFFSET :offset"
                                 : " ORDER BY post.id ASC LIMIT :limit";
  return "WITH f AS (SELECT followed_id AS uid FROM follow WHERE follower_id = :reader "
         "UNION ALL SELECT :reader_self), "
         "b AS (SELECT :cursor AS cur, " +
         bound + " AS bound FROM f) " +
         ids_then_rows(
             "SELECT post.id FROM b CROSS JOIN f JOIN post ON post.user_id >= f.uid "
             "AND post.user_id <= f.uid AND " +
             between + page);
}

std::string build_mysql(Scope scope, Direction d) {
  if (d == Direction::newer && scope != Scope::timeline) {
    return build_sqlite(scope, d);  // no offset to skip: the same plan as SQLite's
  }
  switch (scope) {
    case Scope::everyone:
      // The primary key from the cursor, reading only the ids.
      return ids_then_rows("SELECT id FROM post WHERE " + range(d));
    case Scope::author:
      // ix_post_user_id_id from the cursor, covering: the offset never reads a row.
      return ids_then_rows("SELECT id FROM post WHERE user_id = :author AND " + range(d));
    case Scope::timeline:
      return mysql_timeline(d);
  }
  throw std::logic_error("unknown post list scope");
}

// A numbered page of explore: the posts at or below the newest position less the offset, one
// range of ux_post_position. MAX(position) reads one end of that index; MariaDB folds it into
// a constant before planning, so the range is planned as a range (a subquery that reads a row,
// such as the position of the newest post below a cursor, is not, and MariaDB then walks the
// index from its end: the OFFSET again). Placeholders: the offset, then the limit.
std::string build_numbered(Dialect dialect) {
  const std::string where =
      " FROM post WHERE position <= (SELECT MAX(position) FROM post) - :offset "
      "ORDER BY position DESC LIMIT :limit";
  return dialect == Dialect::mysql
             ? ids_then_rows("SELECT id" + where)
             : page_then_authors("SELECT " + std::string(kPostColumns) + where);
}

// The six keyset statements (scope x direction) in this order, then the numbered page.
constexpr std::size_t kNumbered = 6;

std::size_t statement_of(const ListQuery& q) {
  const bool older = q.direction == Direction::older;
  if (q.scope == Scope::everyone && older && q.offset > 0 && q.cursor == kAboveAll) {
    return kNumbered;
  }
  return static_cast<std::size_t>(q.scope) * 2 + (older ? 0 : 1);
}

Dialect dialect_of(soci::session& sql) {
  return sql.get_backend_name() == "mysql" ? Dialect::mysql : Dialect::sqlite;
}

}  // namespace

const std::string& list_sql(Dialect dialect, const ListQuery& query) {
  using enum Scope;
  using enum Direction;
  static const std::array<std::string, 7> sqlite = {
      build_sqlite(everyone, older),  build_sqlite(everyone, newer), build_sqlite(author, older),
      build_sqlite(author, newer),    build_sqlite(timeline, older), build_sqlite(timeline, newer),
      build_numbered(Dialect::sqlite)};
  static const std::array<std::string, 7> mysql = {
      build_mysql(everyone, older),  build_mysql(everyone, newer), build_mysql(author, older),
      build_mysql(author, newer),    build_mysql(timeline, older), build_mysql(timeline, newer),
      build_numbered(Dialect::mysql)};
  return (dialect == Dialect::mysql ? mysql : sqlite).at(statement_of(query));
}

std::vector<long long> list_parameters(Dialect dialect, const ListQuery& q) {
  const bool older = q.direction == Direction::older;
  if (statement_of(q) == kNumbered) {
    return {q.offset, q.limit};
  }
  if (dialect == Dialect::mysql && q.scope == Scope::timeline) {
    // Each author's n-th post from the cursor bounds the page: n = limit + offset, counted
    // from 1 (OFFSET n - 1). With no rows asked for, the outer LIMIT 0 returns none anyway.
    const long long nth = std::max(q.limit + (older ? q.offset : 0) - 1, 0LL);
    std::vector<long long> p = {q.subject, q.subject, q.cursor, q.cursor, nth, q.limit};
    if (older) {
      p.push_back(q.offset);
    }
    return p;
  }
  std::vector<long long> p;
  if (q.scope != Scope::everyone) {
    p.push_back(q.subject);
  }
  if (q.scope == Scope::timeline) {
    p.push_back(q.subject);  // the reader's own posts
  }
  p.push_back(q.cursor);
  p.push_back(q.limit);
  if (older) {
    p.push_back(q.offset);
  }
  return p;
}

void exchange_post_row(soci::statement& st, PostRow& row) {
  st.exchange(soci::into(row.id));
  st.exchange(soci::into(row.user_id));
  st.exchange(soci::into(row.body));
  st.exchange(soci::into(row.language));
  st.exchange(soci::into(row.created_us));
  st.exchange(soci::into(row.author_username));
  st.exchange(soci::into(row.author_email));
}

std::vector<PostRow> list(soci::session& sql, const ListQuery& q) {
  const Dialect dialect = dialect_of(sql);
  PostRow r;
  soci::statement st(sql);
  exchange_post_row(st, r);
  // Placeholders are bound by position, in the order list_parameters gives them.
  const std::vector<long long> parameters = list_parameters(dialect, q);
  for (const long long& value : parameters) {
    st.exchange(soci::use(value));
  }
  st.alloc();
  st.prepare(list_sql(dialect, q));
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

std::optional<Id> author_of(soci::session& sql, Id post_id) {
  Id author = 0;
  sql << "SELECT user_id FROM post WHERE id = :p", soci::use(post_id), soci::into(author);
  if (!sql.got_data()) {
    return std::nullopt;
  }
  return author;
}

bool remove(soci::session& sql, Id post_id, Id author_id) {
  soci::statement st = (sql.prepare << "DELETE FROM post WHERE id = :p AND user_id = :u",
                        soci::use(post_id), soci::use(author_id));
  st.execute(true);
  if (st.get_affected_rows() != 1) {
    return false;
  }
  content_version::advance(sql, author_id, content_version::Change::deleted);
  sql << "INSERT INTO post_deletion (post_id, author_id, version) "
         "SELECT :p, :u, version FROM content_version WHERE id = 1",
      soci::use(post_id), soci::use(author_id);
  return true;
}

std::vector<Id> deleted_since(soci::session& sql, long long version) {
  std::vector<Id> ids;
  Id id = 0;
  soci::statement st =
      (sql.prepare << "SELECT post_id FROM post_deletion WHERE version > :v ORDER BY post_id",
       soci::use(version), soci::into(id));
  st.execute();
  while (st.fetch()) {
    ids.push_back(id);
  }
  return ids;
}

Id insert(soci::session& sql, const NewPost& post) {
  // Raising the counter first takes its row lock until the transaction ends: a concurrent post
  // waits here, then reads the raised value, and inserts after this one (a higher id).
  sql << "UPDATE post_sequence SET last_position = last_position + 1 WHERE id = 1";
  long long position = 0;
  sql << "SELECT last_position FROM post_sequence WHERE id = 1", soci::into(position);
  sql << "INSERT INTO post (user_id, body, language, created_us, position) "
         "VALUES (:u, :b, :l, :c, :p)",
      soci::use(post.user_id), soci::use(post.body), soci::use(post.language),
      soci::use(post.now_us), soci::use(position);
  long long id = 0;
  sql.get_last_insert_id("post", id);
  // The search index follows in the same transaction: no committed post is missing from it.
  post_search::add(sql, id, post.body);
  content_version::advance(sql, post.user_id, content_version::Change::posted);
  return id;
}

}  // namespace microblog::db::posts
