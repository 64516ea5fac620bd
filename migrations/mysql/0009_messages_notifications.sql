-- migration-kind: expand
-- The unread-badge index (see migrations/sqlite/0009_messages_notifications.sql).
CREATE INDEX ix_message_recipient_id_created ON message (recipient_id, created_us);
