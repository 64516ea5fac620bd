-- migration-kind: expand
-- The number of unread private messages kept on the user's row (see
-- migrations/sqlite/0010_unread_message_count.sql).
ALTER TABLE user ADD COLUMN unread_message_count INT NOT NULL DEFAULT 0;
UPDATE user u SET u.unread_message_count = (SELECT COUNT(*) FROM message m
  WHERE m.recipient_id = u.id AND m.created_us > u.last_message_read_us);
