#include "db/search_repository.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <soci/mysql/soci-mysql.h>

#include "search/text.hpp"

namespace microblog::db::post_search {
namespace {

constexpr unsigned kMysqlStatementTimeout = 1969;  // ER_STATEMENT_TIMEOUT

Dialect dialect_of(soci::session& sql) {
  return sql.get_backend_name() == "mysql" ? Dialect::mysql : Dialect::sqlite;
}

// The page of matching ids is found in the index alone, then each post is read by primary key
// and its author joined, as the post lists do (post_repository.cpp). SQLite's FTS5 walks the
// tokens' lists of rowids from the cursor in the order asked and stops at the limit.
std::string build_sqlite(posts::Direction direction) {
  const std::string range = direction == posts::Direction::older
                                ? "rowid < :cursor ORDER BY rowid DESC LIMIT :limit OFFSET :offset"
                                : "rowid > :cursor ORDER BY rowid ASC LIMIT :limit";
  return "SELECT p.id, p.user_id, p.body, p.language, p.created_us, u.username, u.email FROM "
         "(SELECT rowid AS id FROM post_search WHERE post_search MATCH :match AND " +
         range + ") k JOIN post p ON p.id = k.id LEFT JOIN user u ON u.id = p.user_id";
}

// MariaDB does what FTS5 does with post_token: it walks the entries of the first token (t0, the
// rarest: search() orders them) from the cursor in id order, which is the primary key's order,
// so no sort and it stops at the limit; each of the other tokens is one primary-key look-up per
// entry. STRAIGHT_JOIN keeps that order rather than leave it to the optimizer's estimate made
// anew for each statement (it chose the same in the cases measured; docs/search.md).
std::string build_mysql(posts::Direction direction, std::size_t tokens) {
  std::string joins;
  for (std::size_t k = 1; k < tokens; ++k) {
    const std::string t = "t" + std::to_string(k);
    joins +=
        fmt::format(" JOIN post_token {0} ON {0}.token = :{0} AND {0}.post_id = t0.post_id", t);
  }
  const std::string range =
      direction == posts::Direction::older
          ? "t0.post_id < :cursor ORDER BY t0.post_id DESC LIMIT :limit OFFSET :offset"
          : "t0.post_id > :cursor ORDER BY t0.post_id ASC LIMIT :limit";
  return "SELECT p.id, p.user_id, p.body, p.language, p.created_us, u.username, u.email FROM "
         "(SELECT STRAIGHT_JOIN t0.post_id AS id FROM post_token t0" +
         joins + " WHERE t0.token = :t0 AND " + range +
         ") k JOIN post p ON p.id = k.id LEFT JOIN user u ON u.id = p.user_id";
}

// How many entries a token has, counted up to kRarityCap: exact for the rare tokens (and zero
// says no post can match) at the price of a short index range scan.
constexpr long long kRarityCap = 10000;

long long bounded_count(soci::session& sql, const std::string& token) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM (SELECT 1 FROM post_token WHERE token = :t LIMIT :cap) s",
      soci::use(token), soci::use(kRarityCap), soci::into(n);
  return n;
}

// Above the cap, the optimizer's estimate of the token's entries (EXPLAIN's rows: an index dive,
// no scan), to tell a word in 2 % of the posts from one in 80 %: the walk of two common words
// that seldom meet goes through the whole of the walked list.
long long estimated_count(soci::session& sql, const std::string& token) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "EXPLAIN SELECT 1 FROM post_token WHERE token = :t", soci::use(token));
  for (const auto& row : rows) {
    const auto& props = row.get_properties("rows");
    if (row.get_indicator("rows") == soci::i_null) {
      continue;
    }
    switch (props.get_data_type()) {
      case soci::dt_long_long:
        return row.get<long long>("rows");
      case soci::dt_unsigned_long_long:
        return static_cast<long long>(row.get<unsigned long long>("rows"));
      case soci::dt_integer:
        return row.get<int>("rows");
      case soci::dt_string:
        return std::stoll(row.get<std::string>("rows"));
      default:
        break;
    }
  }
  return kRarityCap;
}

// "(:i0, :t0), (:i1, :t1), ...": one statement per batch rather than a round trip per row.
std::string values_list(std::size_t rows) {
  std::string s;
  for (std::size_t r = 0; r < rows; ++r) {
    s += (r == 0 ? "(:i" : ", (:i") + std::to_string(r) + ", :t" + std::to_string(r) + ")";
  }
  return s;
}

// Writes the rows for (ids[k], texts[k]); `replace`: rows may exist already and are replaced.
void write_rows(soci::session& sql, const std::vector<long long>& ids,
                const std::vector<std::string>& texts, bool replace) {
  if (ids.empty()) {
    return;
  }
  const bool sqlite = dialect_of(sql) == Dialect::sqlite;
  std::string head;
  if (sqlite) {
    // FTS5 honours OR REPLACE on its rowid (it has no UPSERT).
    head = replace ? "INSERT OR REPLACE INTO post_search (rowid, tokens) VALUES "
                   : "INSERT INTO post_search (rowid, tokens) VALUES ";
  } else {
    head = "INSERT INTO post_search (post_id, tokens) VALUES ";
  }
  std::string stmt = head + values_list(ids.size());
  if (!sqlite && replace) {
    stmt += " ON DUPLICATE KEY UPDATE tokens = VALUES(tokens)";
  }
  soci::statement st(sql);
  for (std::size_t k = 0; k < ids.size(); ++k) {
    st.exchange(soci::use(ids[k]));
    st.exchange(soci::use(texts[k]));
  }
  st.alloc();
  st.prepare(stmt);
  st.define_and_bind();
  st.execute(true);
}

// Reads up to `limit` (id, body) rows of `query` (placeholders :after, :limit), indexes them.
BatchResult index_rows(Connection& conn, const std::string& query, Id after, int limit,
                       bool replace) {
  BatchResult result{after, 0, false};
  Transaction tx(conn);
  auto& sql = conn.sql();
  std::vector<long long> ids;
  std::vector<std::string> texts;
  {
    long long id = 0;
    std::string body;
    soci::statement st = (sql.prepare << query, soci::use(after), soci::use(limit), soci::into(id),
                          soci::into(body));
    st.execute();
    while (st.fetch()) {
      ids.push_back(id);
      texts.push_back(search::index_text(body));
    }
  }
  write_rows(sql, ids, texts, replace);
  tx.commit();
  result.posts = ids.size();
  result.finished = static_cast<int>(ids.size()) < limit;
  if (!ids.empty()) {
    result.last_id = ids.back();
  }
  return result;
}

}  // namespace

void add(soci::session& sql, Id post_id, std::string_view body) {
  const std::string text = search::index_text(body);
  if (dialect_of(sql) == Dialect::sqlite) {
    sql << "INSERT INTO post_search (rowid, tokens) VALUES (:i, :t)", soci::use(post_id),
        soci::use(text);
  } else {
    sql << "INSERT INTO post_search (post_id, tokens) VALUES (:i, :t)", soci::use(post_id),
        soci::use(text);
  }
}

std::string match_expression(const std::vector<std::string>& tokens) {
  std::string out;
  for (const auto& t : tokens) {
    if (!out.empty()) {
      out.push_back(' ');
    }
    // Each token a quoted string (a one-token phrase), juxtaposed strings being AND.
    out += "\"" + t + "\"";
  }
  return out;
}

std::string search_sql(Dialect dialect, posts::Direction direction, std::size_t tokens) {
  return dialect == Dialect::sqlite ? build_sqlite(direction) : build_mysql(direction, tokens);
}

std::vector<PostRow> search(soci::session& sql, const SearchQuery& q) {
  const Dialect dialect = dialect_of(sql);
  const bool older = q.direction == posts::Direction::older;
  std::vector<std::string> tokens = q.tokens;
  if (dialect == Dialect::mysql) {
    std::vector<std::pair<long long, std::string>> by_rarity;
    for (const auto& t : tokens) {
      long long n = bounded_count(sql, t);
      if (n == 0) {
        return {};  // no post has this token, so none has them all
      }
      if (n == kRarityCap) {
        n = std::max(kRarityCap, estimated_count(sql, t));
      }
      by_rarity.emplace_back(n, t);
    }
    std::stable_sort(by_rarity.begin(), by_rarity.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    tokens.clear();
    for (auto& [n, t] : by_rarity) {
      tokens.push_back(std::move(t));
    }
  }
  const std::string match = dialect == Dialect::sqlite ? match_expression(tokens) : "";
  const long long limit = q.limit;
  PostRow r;
  soci::statement st(sql);
  posts::exchange_post_row(st, r);
  if (dialect == Dialect::sqlite) {
    st.exchange(soci::use(match));
  } else {
    // The statement's placeholders in order: t1..tn in the joins, then t0.
    for (std::size_t k = 1; k < tokens.size(); ++k) {
      st.exchange(soci::use(tokens[k]));
    }
    st.exchange(soci::use(tokens[0]));
  }
  st.exchange(soci::use(q.cursor));
  st.exchange(soci::use(limit));
  if (older) {
    st.exchange(soci::use(q.offset));
  }
  std::string text = search_sql(dialect, q.direction, tokens.size());
  if (dialect == Dialect::mysql && q.max_seconds > 0) {
    // A number of ours, not input: MariaDB takes no placeholder here.
    text = fmt::format("SET STATEMENT max_statement_time={:.3f} FOR {}", q.max_seconds, text);
  }
  std::vector<PostRow> rows;
  try {
    st.alloc();
    st.prepare(text);
    st.define_and_bind();
    st.execute();
    while (st.fetch()) {
      rows.push_back(r);
    }
  } catch (const soci::mysql_soci_error& e) {
    if (e.err_num_ == kMysqlStatementTimeout) {
      throw SearchTooSlow();
    }
    throw;
  }
  std::sort(rows.begin(), rows.end(),
            [](const PostRow& a, const PostRow& b) { return a.id > b.id; });
  return rows;
}

BatchResult reindex_batch(Connection& conn, Id after, int limit) {
  // MariaDB: the rows read are share-locked until the batch commits, so a post deleted
  // meanwhile waits for it (and its cascade then removes the row written here) rather than
  // failing the batch's foreign-key check. SQLite's write transaction excludes other writers.
  const std::string query =
      conn.dialect() == Dialect::sqlite
          ? "SELECT id, body FROM post WHERE id > :after ORDER BY id LIMIT :limit"
          : "SELECT id, body FROM post WHERE id > :after ORDER BY id LIMIT :limit "
            "LOCK IN SHARE MODE";
  return index_rows(conn, query, after, limit, true);
}

BatchResult index_missing_batch(Connection& conn, Id after, int limit) {
  const std::string query =
      conn.dialect() == Dialect::sqlite
          ? "SELECT p.id, p.body FROM post p WHERE p.id > :after AND NOT EXISTS "
            "(SELECT 1 FROM post_search s WHERE s.rowid = p.id) ORDER BY p.id LIMIT :limit"
          : "SELECT p.id, p.body FROM post p LEFT JOIN post_search s ON s.post_id = p.id "
            "WHERE p.id > :after AND s.post_id IS NULL ORDER BY p.id LIMIT :limit "
            "LOCK IN SHARE MODE";
  return index_rows(conn, query, after, limit, false);
}

long long count_posts(Connection& conn) {
  long long n = 0;
  conn.sql() << "SELECT COUNT(*) FROM post", soci::into(n);
  return n;
}

long long count_indexed(Connection& conn) {
  long long n = 0;
  conn.sql() << "SELECT COUNT(*) FROM post_search", soci::into(n);
  return n;
}

}  // namespace microblog::db::post_search
