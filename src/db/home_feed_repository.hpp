#pragma once

#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "db/database.hpp"
#include "db/post_repository.hpp"
#include "util/clock.hpp"

// Per-reader home feeds (migrations/*/0008_home_feed.sql): the ids of the newest posts of a
// reader's timeline, written when a post is made (fan-out) so that a page is one range of the
// table's primary key whatever the number of users followed. A reader's feed is complete from
// `complete_from` up (home_feed_state); readers without a state row have no feed.
namespace microblog::db::home_feed {

// How many of the newest timeline posts a feed holds once trimmed. Pages that reach further
// are read by the timeline query.
inline constexpr int kBound = 800;
// How far past kBound a feed may grow before trim_if_over trims it: trimming is a pass of its
// own (housekeeping), never part of a post.
inline constexpr int kTrimMargin = 200;

// Adds the post to the feeds of the author's followers and the author, those whose feed is
// built: one statement, in the post's transaction (posts::insert calls it).
void fan_out(soci::session& sql, Id post_id, Id author_id);

// Records a feed as built and empty, for a user who follows nobody and wrote nothing (a new
// account), in the transaction that inserts the user.
void mark_built_empty(soci::session& sql, Id user_id, util::Micros now);

// Builds the reader's feed from the timeline query (its newest `bound` posts), unless it is
// built already; false then. Call inside a write transaction.
bool build(soci::session& sql, Id reader_id, int bound, util::Micros now);

// The followed user's newest `bound` posts into the follower's feed (if built), and its
// completeness bound raised to match: in the follow's transaction, after follows::insert.
void add_author(soci::session& sql, Id follower_id, Id followed_id, int bound);
// The followed user's posts out of the follower's feed, in the unfollow's transaction.
void remove_author(soci::session& sql, Id follower_id, Id followed_id);

// Keeps the newest `bound` entries when the feed holds more than bound + margin; returns how
// many went. Call inside a write transaction.
long long trim_if_over(soci::session& sql, Id reader_id, int bound, int margin);

// The readers after `after`, by id, whose feed is built (with_feed) or not, at most `limit`.
std::vector<Id> readers(soci::session& sql, bool with_feed, Id after, int limit);

// Where the reader's feed is complete from, or nothing when it is not built.
std::optional<Id> complete_from(soci::session& sql, Id reader_id);

// One page of the reader's feed, as posts::list gives the timeline (ListQuery with
// Scope::timeline, subject the reader), but only from entries at or above complete_from: an
// older page with fewer than `limit` rows, or a newer one from a cursor below complete_from
// (none then), may be incomplete; the caller checks complete_from and falls back to the query.
std::vector<PostRow> page(soci::session& sql, const posts::ListQuery& query);

// The statement page() runs and its parameters in placeholder order, for EXPLAIN in tests.
const std::string& page_sql(posts::Direction direction);
std::vector<long long> page_parameters(const posts::ListQuery& query);

// The fan-out statement and its parameters, for EXPLAIN in tests.
const std::string& fan_out_sql();
std::vector<long long> fan_out_parameters(Id post_id, Id author_id);

}  // namespace microblog::db::home_feed
