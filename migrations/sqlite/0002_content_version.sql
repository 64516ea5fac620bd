-- migration-kind: expand
-- One counter, raised in the same transaction as every write that changes what a post list
-- shows (a post, a follow or unfollow, a new username or email). Rendered lists are cached
-- under the value they were read at, so an instance never serves a list older than the last
-- committed change, and every instance sharing the database agrees on it.
CREATE TABLE content_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO content_version (id, version) VALUES (1, 0);
