-- migration-kind: expand
-- When the lists a user shapes last changed (see migrations/sqlite/0007_list_version.sql).
ALTER TABLE user ADD COLUMN list_version BIGINT NOT NULL DEFAULT 0;
