-- migration-kind: expand
-- Bearer tokens of the REST API (/api/tokens). Only the SHA-256 of a token is kept, as for
-- password_reset. A user may hold several (one per client); a password change or reset deletes
-- them all. The api_token_* columns of 0001 on `user` held one token in clear and are not used:
-- a later contract migration may drop them.
CREATE TABLE api_token (
  token_hash CHAR(64) PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
  created_us BIGINT NOT NULL,
  expires_us BIGINT NOT NULL
);
CREATE INDEX ix_api_token_user_id ON api_token (user_id);
