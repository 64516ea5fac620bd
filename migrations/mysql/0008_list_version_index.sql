-- migration-kind: expand
-- Which users posted or were renamed since a given content version (see
-- migrations/sqlite/0008_list_version_index.sql).
CREATE INDEX ix_user_list_version ON user (list_version);
