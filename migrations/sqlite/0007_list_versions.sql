-- migration-kind: expand
-- Versions of single lists, so that a post no longer invalidates every reader's cached lists
-- (one content_version for the whole site) but only the lists it is in. Each is set to the new
-- content_version by the writes that change its list:
--  - user.list_version, the user's profile list: their post or new name (and their follows);
--  - home_version.version, a user's home timeline: a post or new name of anyone they follow or
--    of their own, and their follows and unfollows; home_version.reshaped, the same but for
--    posts: when only version moved, the timeline only gained posts at its top, and its first
--    page can be brought up to date by reading just those. Written by fan-out to the author's
--    followers, after the content_version row is taken, so concurrent writers never hold these
--    rows in opposite orders. A user without a row has both at 0.
-- Existing rows start at 0, below every version a list can have been kept under.
ALTER TABLE user ADD COLUMN list_version BIGINT NOT NULL DEFAULT 0;
-- No foreign key, as on MariaDB, where checking it would lock the follower's user row (see
-- migrations/mysql/0007_list_versions.sql); a deleted user's row is only a stale number.
CREATE TABLE home_version (
  user_id INTEGER PRIMARY KEY,
  version BIGINT NOT NULL,
  reshaped BIGINT NOT NULL
);
