-- migration-kind: expand
-- Private messages and notifications use the message and notification tables of 0001. What
-- they lacked is an index for the navbar's unread badge, which counts a recipient's messages
-- newer than user.last_message_read_us: with (recipient_id, created_us) that count is a range
-- of one index instead of a walk over every message the user ever received.
CREATE INDEX ix_message_recipient_id_created ON message (recipient_id, created_us);
