-- migration-kind: expand
-- Home timelines written on post (fan-out) rather than merged on read (docs/performance.md,
-- "Home timelines: fan-out feed against the query"). home_feed holds, per reader, the ids of
-- the newest posts of their timeline; WITHOUT ROWID keeps the rows in primary-key order, so a
-- page is one range of it. Both tables are new: an older release never reads them, and a post
-- or follow it makes during a deploy only leaves feeds behind (docs/migrations.md).
CREATE TABLE home_feed (
  user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
  post_id INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, post_id)
) WITHOUT ROWID;
-- Serves the cascade when a post goes (MariaDB needs it for the foreign key anyway).
CREATE INDEX ix_home_feed_post_id ON home_feed (post_id);

-- A row per reader whose feed is built: without one, the home timeline is read by the query.
-- The feed holds every post of the timeline with an id >= complete_from (0: all of them); below
-- it, trimming and follows leave only some.
CREATE TABLE home_feed_state (
  user_id INTEGER PRIMARY KEY REFERENCES user (id) ON DELETE CASCADE,
  complete_from INTEGER NOT NULL DEFAULT 0,
  built_us BIGINT NOT NULL
);
