-- migration-kind: expand
-- Versions of single lists (see migrations/sqlite/0007_list_versions.sql). home_version has no
-- foreign key on purpose: checking one would share-lock the follower's user row, which that
-- follower's own post holds while it waits for content_version, held by the post fanning out.
ALTER TABLE user ADD COLUMN list_version BIGINT NOT NULL DEFAULT 0;
CREATE TABLE home_version (
  user_id BIGINT NOT NULL PRIMARY KEY,
  version BIGINT NOT NULL,
  reshaped BIGINT NOT NULL
) ENGINE=InnoDB;
