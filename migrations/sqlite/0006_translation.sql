-- migration-kind: expand
-- Machine translations of posts, one per (post, target language), kept so that each is paid
-- for once; they go with their post.
CREATE TABLE post_translation (
  post_id INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE,
  language VARCHAR(16) NOT NULL,
  body TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  PRIMARY KEY (post_id, language)
);
