-- migration-kind: expand
-- The user's posts export in progress (a job id; 0 when none was ever started), kept on the
-- user's row so that every page can tell whether to show the export's progress bar from the
-- session's own statement, which reads this row anyway. Starting an export swaps the id with a
-- compare-and-set (WHERE export_job_id = the id seen), so two requests cannot both start one.
ALTER TABLE user ADD COLUMN export_job_id INTEGER NOT NULL DEFAULT 0;
