-- migration-kind: expand
-- The chosen interface language (see migrations/sqlite/0004_user_language.sql).
ALTER TABLE user ADD COLUMN language VARCHAR(8) NULL;
