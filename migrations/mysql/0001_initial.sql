-- migration-kind: expand
-- Microblog schema, version 1 (MariaDB). Same tables, columns and indexes as the SQLite
-- dialect; see migrations/sqlite/0001_initial.sql for the reasons behind the design.
CREATE TABLE user (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  username VARCHAR(64) NOT NULL,
  username_key VARCHAR(64) NOT NULL,
  email VARCHAR(120) NOT NULL,
  email_key VARCHAR(120) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  about_me VARCHAR(140) NOT NULL DEFAULT '',
  created_us BIGINT NOT NULL,
  last_seen_us BIGINT NOT NULL,
  last_message_read_us BIGINT NOT NULL DEFAULT 0,
  post_count INT NOT NULL DEFAULT 0,
  follower_count INT NOT NULL DEFAULT 0,
  following_count INT NOT NULL DEFAULT 0,
  api_token_hash CHAR(64) NULL,
  api_token_expires_us BIGINT NOT NULL DEFAULT 0,
  UNIQUE KEY ux_user_username_key (username_key),
  UNIQUE KEY ux_user_email_key (email_key),
  UNIQUE KEY ux_user_api_token_hash (api_token_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE post (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT NOT NULL,
  body VARCHAR(140) NOT NULL,
  language VARCHAR(5) NOT NULL DEFAULT '',
  created_us BIGINT NOT NULL,
  KEY ix_post_user_id_id (user_id, id),
  CONSTRAINT fk_post_user FOREIGN KEY (user_id) REFERENCES user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE follow (
  follower_id BIGINT NOT NULL,
  followed_id BIGINT NOT NULL,
  created_us BIGINT NOT NULL,
  PRIMARY KEY (follower_id, followed_id),
  KEY ix_follow_followed_id (followed_id, follower_id),
  CONSTRAINT fk_follow_follower FOREIGN KEY (follower_id) REFERENCES user (id) ON DELETE CASCADE,
  CONSTRAINT fk_follow_followed FOREIGN KEY (followed_id) REFERENCES user (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE message (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  sender_id BIGINT NOT NULL,
  recipient_id BIGINT NOT NULL,
  body VARCHAR(140) NOT NULL,
  created_us BIGINT NOT NULL,
  KEY ix_message_recipient_id_id (recipient_id, id),
  KEY ix_message_sender_id_id (sender_id, id),
  CONSTRAINT fk_message_sender FOREIGN KEY (sender_id) REFERENCES user (id) ON DELETE CASCADE,
  CONSTRAINT fk_message_recipient FOREIGN KEY (recipient_id) REFERENCES user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE notification (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT NOT NULL,
  name VARCHAR(128) NOT NULL,
  payload_json TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  UNIQUE KEY ux_notification_user_id_name (user_id, name),
  KEY ix_notification_user_id_created (user_id, created_us),
  CONSTRAINT fk_notification_user FOREIGN KEY (user_id) REFERENCES user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE job (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind VARCHAR(64) NOT NULL,
  payload_json MEDIUMTEXT NOT NULL,
  state VARCHAR(16) NOT NULL,
  user_id BIGINT NULL,
  description VARCHAR(128) NOT NULL DEFAULT '',
  attempts INT NOT NULL DEFAULT 0,
  max_attempts INT NOT NULL DEFAULT 5,
  progress INT NOT NULL DEFAULT 0,
  run_after_us BIGINT NOT NULL,
  lease_until_us BIGINT NOT NULL DEFAULT 0,
  lease_owner VARCHAR(64) NOT NULL DEFAULT '',
  last_error TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  updated_us BIGINT NOT NULL,
  KEY ix_job_state_run_after (state, run_after_us),
  KEY ix_job_user_id_kind (user_id, kind, state),
  CONSTRAINT fk_job_user FOREIGN KEY (user_id) REFERENCES user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE session (
  id_hash CHAR(64) NOT NULL PRIMARY KEY,
  user_id BIGINT NULL,
  data_json TEXT NOT NULL,
  remember INT NOT NULL DEFAULT 0,
  created_us BIGINT NOT NULL,
  expires_us BIGINT NOT NULL,
  KEY ix_session_user_id (user_id),
  KEY ix_session_expires (expires_us),
  CONSTRAINT fk_session_user FOREIGN KEY (user_id) REFERENCES user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE throttle (
  throttle_key VARCHAR(191) NOT NULL PRIMARY KEY,
  failures INT NOT NULL,
  window_start_us BIGINT NOT NULL,
  blocked_until_us BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE password_reset (
  token_hash CHAR(64) NOT NULL PRIMARY KEY,
  user_id BIGINT NOT NULL,
  created_us BIGINT NOT NULL,
  expires_us BIGINT NOT NULL,
  used_us BIGINT NOT NULL DEFAULT 0,
  KEY ix_password_reset_user_id (user_id),
  CONSTRAINT fk_password_reset_user FOREIGN KEY (user_id) REFERENCES user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
