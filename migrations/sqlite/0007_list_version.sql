-- migration-kind: expand
-- When the lists a user shapes last changed: set to the new content_version by every write that
-- changes what their posts look like in a list or which posts their home timeline holds (a post
-- of theirs, a new name, a follow or unfollow). A cached profile list is good while its author's
-- value is unchanged, a cached home timeline while the largest value among the reader and the
-- users they follow is: another user's post no longer invalidates every reader's lists.
-- Existing rows start at 0, below every version a list can have been cached under.
ALTER TABLE user ADD COLUMN list_version BIGINT NOT NULL DEFAULT 0;
