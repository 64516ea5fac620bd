-- migration-kind: expand
-- The API's hashed bearer tokens (see migrations/sqlite/0012_api_token.sql).
CREATE TABLE api_token (
  token_hash CHAR(64) NOT NULL PRIMARY KEY,
  user_id BIGINT NOT NULL,
  created_us BIGINT NOT NULL,
  expires_us BIGINT NOT NULL,
  KEY ix_api_token_user_id (user_id),
  CONSTRAINT fk_api_token_user FOREIGN KEY (user_id) REFERENCES user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
