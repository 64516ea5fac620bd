-- migration-kind: expand
-- The user's posts export in progress (see migrations/sqlite/0011_export_job.sql).
ALTER TABLE user ADD COLUMN export_job_id BIGINT NOT NULL DEFAULT 0;
