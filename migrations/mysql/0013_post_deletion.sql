-- migration-kind: expand
-- Posts deleted, with the content version their deletion made (see
-- migrations/sqlite/0013_post_deletion.sql).
CREATE TABLE post_deletion (
  post_id BIGINT NOT NULL PRIMARY KEY,
  author_id BIGINT NOT NULL,
  version BIGINT NOT NULL,
  INDEX ix_post_deletion_version (version)
) ENGINE=InnoDB;
