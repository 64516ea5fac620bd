-- migration-kind: expand
-- Machine translations of posts (see migrations/sqlite/0006_translation.sql).
CREATE TABLE post_translation (
  post_id BIGINT NOT NULL,
  language VARCHAR(16) NOT NULL,
  body TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  PRIMARY KEY (post_id, language),
  CONSTRAINT fk_post_translation_post FOREIGN KEY (post_id) REFERENCES post (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
