-- migration-kind: expand
-- Posts deleted, with the content version their deletion made: each instance's window of
-- recent posts (services::RecentPosts) reads the deletions after its own version, as it reads
-- the posts after its newest, so that a deleted post leaves every instance's pages at once.
CREATE TABLE post_deletion (
  post_id INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL,
  version BIGINT NOT NULL
);
CREATE INDEX ix_post_deletion_version ON post_deletion (version);
