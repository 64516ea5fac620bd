-- migration-kind: expand
-- The number of unread private messages kept on the user's row, so that the navbar's badge is
-- read with the session (db::sessions::find_live already reads this row) instead of by a
-- statement of its own on every signed-in page. Kept by the message's and the inbox's own
-- transactions; filled here from the messages as they are.
ALTER TABLE user ADD COLUMN unread_message_count INTEGER NOT NULL DEFAULT 0;
UPDATE user SET unread_message_count = (SELECT COUNT(*) FROM message m
  WHERE m.recipient_id = user.id AND m.created_us > user.last_message_read_us);
