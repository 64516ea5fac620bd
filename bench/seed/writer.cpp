#include "seed/writer.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

#include "search/text.hpp"

namespace microblog::bench {
namespace {

// "(:v0,:v1),(:v2,:v3)" for 2 columns and 2 rows.
std::string values_list(std::size_t columns, std::size_t rows) {
  std::string s;
  std::size_t k = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    s += r == 0 ? "(" : ",(";
    for (std::size_t c = 0; c < columns; ++c) {
      if (c > 0) {
        s += ',';
      }
      s += ":v" + std::to_string(k++);
    }
    s += ')';
  }
  return s;
}

template <typename T>
void bind_slice(soci::statement& st, std::vector<std::vector<T>>& store, const std::vector<T>& col,
                std::size_t from, std::size_t n) {
  store.emplace_back(col.begin() + static_cast<std::ptrdiff_t>(from),
                     col.begin() + static_cast<std::ptrdiff_t>(from + n));
  st.exchange(soci::use(store.back()));
}

template <typename... Cols, std::size_t... I>
void run_grouped(soci::session& sql, const std::string& head, std::size_t group,
                 std::index_sequence<I...> /*unused*/, const std::vector<Cols>&... cols) {
  const std::size_t n = std::get<0>(std::tie(cols...)).size();
  const std::size_t per = n / group;  // executions; each inserts `group` rows
  // Placeholder (row r, column c) gets the slice [r * per, (r + 1) * per) of column c, so
  // execution k inserts rows k, per + k, 2 * per + k, ...: every row once (ids are explicit,
  // so the order within a transaction does not matter).
  std::tuple<std::vector<std::vector<Cols>>...> store;
  (std::get<I>(store).reserve(group), ...);
  soci::statement st(sql);
  for (std::size_t r = 0; r < group; ++r) {
    (bind_slice(st, std::get<I>(store), cols, r * per, per), ...);
  }
  st.alloc();
  st.prepare(head + values_list(sizeof...(Cols), group));
  st.define_and_bind();
  st.execute(true);
}

// Inserts the rows given column by column; n must be a multiple of `group` or the rest goes
// through a one-row statement.
template <typename... Cols>
void insert_columns(soci::session& sql, const std::string& head, std::size_t group,
                    const std::vector<Cols>&... cols) {
  const std::size_t n = std::get<0>(std::tie(cols...)).size();
  if (n == 0) {
    return;
  }
  group = std::min(group, n);
  const std::size_t grouped = n - n % group;
  if (grouped == n) {
    run_grouped(sql, head, group, std::index_sequence_for<Cols...>{}, cols...);
    return;
  }
  const auto part = [](const auto& col, std::size_t from, std::size_t to) {
    return std::vector<typename std::decay_t<decltype(col)>::value_type>(
        col.begin() + static_cast<std::ptrdiff_t>(from),
        col.begin() + static_cast<std::ptrdiff_t>(to));
  };
  run_grouped(sql, head, group, std::index_sequence_for<Cols...>{}, part(cols, 0, grouped)...);
  run_grouped(sql, head, 1, std::index_sequence_for<Cols...>{}, part(cols, grouped, n)...);
}

// Runs fill(from, to) then insert for each transaction-sized chunk of [0, total).
template <typename Chunk>
void in_transactions(db::Connection& conn, const char* table, std::size_t total,
                     const WriteOptions& opt, const Progress& progress, Chunk&& chunk) {
  for (std::size_t from = 0; from < total; from += opt.rows_per_transaction) {
    const std::size_t to = std::min(total, from + opt.rows_per_transaction);
    db::Transaction tx(conn);
    chunk(from, to);
    tx.commit();
    if (progress) {
      progress(table, to, total);
    }
  }
}

template <typename T>
std::vector<T> slice(const std::vector<T>& v, std::size_t from, std::size_t to) {
  return std::vector<T>(v.begin() + static_cast<std::ptrdiff_t>(from),
                        v.begin() + static_cast<std::ptrdiff_t>(to));
}

}  // namespace

void require_empty(db::Connection& conn) {
  long long users = 0;
  conn.sql() << "SELECT COUNT(*) FROM user", soci::into(users);
  if (users > 0) {
    throw std::runtime_error("the database already has " + std::to_string(users) +
                             " users: seed an empty database");
  }
}

void write_users(db::Connection& conn, const Dataset& d, const std::string& password_hash,
                 const WriteOptions& opt, const Progress& progress) {
  const auto total = static_cast<std::size_t>(d.users);
  in_transactions(conn, "user", total, opt, progress, [&](std::size_t from, std::size_t to) {
    std::vector<long long> id;
    std::vector<std::string> username;
    std::vector<std::string> email;
    std::vector<std::string> hash;
    std::vector<std::string> about;
    for (std::size_t i = from; i < to; ++i) {
      id.push_back(static_cast<long long>(i) + 1);
      username.push_back(username_of(id.back()));
      email.push_back(username.back() + "@bench.example");
      hash.push_back(password_hash);
      about.push_back("Benchmark account number " + std::to_string(id.back()) + ".");
    }
    // The generated names are lower case already: the *_key columns are the same strings.
    insert_columns(conn.sql(),
                   "INSERT INTO user (id, username, username_key, email, email_key, "
                   "password_hash, about_me, created_us, last_seen_us, post_count, "
                   "follower_count, following_count) VALUES ",
                   opt.rows_per_statement, id, username, username, email, email, hash, about,
                   slice(d.user_created_us, from, to), slice(d.user_last_seen_us, from, to),
                   slice(d.post_count, from, to), slice(d.follower_count, from, to),
                   slice(d.following_count, from, to));
  });
}

void write_follows(db::Connection& conn, const Dataset& d, const WriteOptions& opt,
                   const Progress& progress) {
  in_transactions(conn, "follow", d.follow_follower.size(), opt, progress,
                  [&](std::size_t from, std::size_t to) {
                    insert_columns(conn.sql(),
                                   "INSERT INTO follow (follower_id, followed_id, created_us) "
                                   "VALUES ",
                                   opt.rows_per_statement, slice(d.follow_follower, from, to),
                                   slice(d.follow_followed, from, to),
                                   slice(d.follow_created_us, from, to));
                  });
}

void write_posts(db::Connection& conn, const Dataset& d, std::uint64_t seed,
                 const Vocabulary* vocabulary, const WriteOptions& opt, const Progress& progress) {
  const std::string index_head = conn.dialect() == db::Dialect::sqlite
                                     ? "INSERT INTO post_search (rowid, tokens) VALUES "
                                     : "INSERT INTO post_search (post_id, tokens) VALUES ";
  in_transactions(conn, "post", d.post_user.size(), opt, progress,
                  [&](std::size_t from, std::size_t to) {
                    std::vector<long long> id;
                    std::vector<std::string> body;
                    std::vector<std::string> language;
                    std::vector<std::string> tokens;
                    for (std::size_t i = from; i < to; ++i) {
                      const bool es = d.post_spanish[i] != 0;
                      const auto index = static_cast<long long>(i);
                      id.push_back(index + 1);
                      body.push_back(vocabulary != nullptr ? post_body(seed, index, *vocabulary)
                                                           : post_body(seed, index, es));
                      language.emplace_back(vocabulary != nullptr ? "" : (es ? "es" : "en"));
                      tokens.push_back(search::index_text(body.back()));
                    }
                    // Ids 1..N in time order: each post's position (its rank in id order,
                    // migrations/sqlite/0003_post_position.sql) is its id.
                    insert_columns(conn.sql(),
                                   "INSERT INTO post (id, user_id, body, language, created_us, "
                                   "position) VALUES ",
                                   opt.rows_per_statement, id, slice(d.post_user, from, to), body,
                                   language, slice(d.post_created_us, from, to), id);
                    insert_columns(conn.sql(), index_head, opt.rows_per_statement, id, tokens);
                  });
  // Posts written from now on continue after the last position.
  conn.sql() << "UPDATE post_sequence SET last_position = "
                "(SELECT COALESCE(MAX(position), 0) FROM post) WHERE id = 1";
}

void finish(db::Connection& conn) {
  if (conn.dialect() == db::Dialect::sqlite) {
    int busy = 0;
    int log = 0;
    int checkpointed = 0;
    conn.sql() << "PRAGMA wal_checkpoint(TRUNCATE)", soci::into(busy), soci::into(log),
        soci::into(checkpointed);
  }
}

}  // namespace microblog::bench
