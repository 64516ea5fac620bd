-- migration-kind: expand
-- Microblog schema, version 1. Times are microseconds since the Unix epoch (UTC), the same on
-- both backends, so ordering and keyset pagination need no date parsing.
-- Usernames and emails keep the user's spelling; *_key columns hold the lower-cased form that
-- uniqueness and look-ups use, so both backends compare them case-insensitively.
CREATE TABLE user (
  id INTEGER PRIMARY KEY,
  username VARCHAR(64) NOT NULL,
  username_key VARCHAR(64) NOT NULL,
  email VARCHAR(120) NOT NULL,
  email_key VARCHAR(120) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  about_me VARCHAR(140) NOT NULL DEFAULT '',
  created_us BIGINT NOT NULL,
  last_seen_us BIGINT NOT NULL,
  last_message_read_us BIGINT NOT NULL DEFAULT 0,
  -- Counters kept by the services in the same transaction as the rows they count, so that a
  -- profile never runs COUNT(*) over posts or followers.
  post_count INTEGER NOT NULL DEFAULT 0,
  follower_count INTEGER NOT NULL DEFAULT 0,
  following_count INTEGER NOT NULL DEFAULT 0,
  api_token_hash CHAR(64),
  api_token_expires_us BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ux_user_username_key ON user (username_key);
CREATE UNIQUE INDEX ux_user_email_key ON user (email_key);
CREATE UNIQUE INDEX ux_user_api_token_hash ON user (api_token_hash);

CREATE TABLE post (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
  body VARCHAR(140) NOT NULL,
  language VARCHAR(5) NOT NULL DEFAULT '',
  created_us BIGINT NOT NULL
);
CREATE INDEX ix_post_user_id_id ON post (user_id, id);

CREATE TABLE follow (
  follower_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
  followed_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
  created_us BIGINT NOT NULL,
  PRIMARY KEY (follower_id, followed_id)
);
CREATE INDEX ix_follow_followed_id ON follow (followed_id, follower_id);

CREATE TABLE message (
  id INTEGER PRIMARY KEY,
  sender_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
  recipient_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
  body VARCHAR(140) NOT NULL,
  created_us BIGINT NOT NULL
);
CREATE INDEX ix_message_recipient_id_id ON message (recipient_id, id);
CREATE INDEX ix_message_sender_id_id ON message (sender_id, id);

CREATE TABLE notification (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
  name VARCHAR(128) NOT NULL,
  payload_json TEXT NOT NULL,
  created_us BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_notification_user_id_name ON notification (user_id, name);
CREATE INDEX ix_notification_user_id_created ON notification (user_id, created_us);

-- Durable job queue: a worker claims a due job by setting a lease; a job whose lease ran out is
-- taken over by another worker.
CREATE TABLE job (
  id INTEGER PRIMARY KEY,
  kind VARCHAR(64) NOT NULL,
  payload_json TEXT NOT NULL,
  state VARCHAR(16) NOT NULL,
  user_id INTEGER REFERENCES user (id) ON DELETE CASCADE,
  description VARCHAR(128) NOT NULL DEFAULT '',
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 5,
  progress INTEGER NOT NULL DEFAULT 0,
  run_after_us BIGINT NOT NULL,
  lease_until_us BIGINT NOT NULL DEFAULT 0,
  lease_owner VARCHAR(64) NOT NULL DEFAULT '',
  last_error TEXT NOT NULL DEFAULT '',
  created_us BIGINT NOT NULL,
  updated_us BIGINT NOT NULL
);
CREATE INDEX ix_job_state_run_after ON job (state, run_after_us);
CREATE INDEX ix_job_user_id_kind ON job (user_id, kind, state);

-- Server-side sessions; the cookie holds a random id and only its SHA-256 is stored.
CREATE TABLE session (
  id_hash CHAR(64) PRIMARY KEY,
  user_id INTEGER REFERENCES user (id) ON DELETE CASCADE,
  data_json TEXT NOT NULL DEFAULT '{}',
  remember INTEGER NOT NULL DEFAULT 0,
  created_us BIGINT NOT NULL,
  expires_us BIGINT NOT NULL
);
CREATE INDEX ix_session_user_id ON session (user_id);
CREATE INDEX ix_session_expires ON session (expires_us);

-- Failure counters for rate limits (login, password reset), shared by every instance.
CREATE TABLE throttle (
  throttle_key VARCHAR(191) PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_start_us BIGINT NOT NULL,
  blocked_until_us BIGINT NOT NULL
);

CREATE TABLE password_reset (
  token_hash CHAR(64) PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
  created_us BIGINT NOT NULL,
  expires_us BIGINT NOT NULL,
  used_us BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX ix_password_reset_user_id ON password_reset (user_id);
