-- migration-kind: expand
-- Full-text search over posts (see migrations/sqlite/0005_post_search.sql and docs/search.md).
-- The tokens are ASCII and at least three characters long, none of them an InnoDB stopword, so
-- the stock settings (innodb_ft_min_token_size=3, the default stopword list) index every word,
-- one- and two-letter ones included. A post's row goes with the post (ON DELETE CASCADE, which
-- InnoDB applies to the FULLTEXT index too).
CREATE TABLE post_search (
  post_id BIGINT NOT NULL PRIMARY KEY,
  tokens TEXT NOT NULL,
  FULLTEXT KEY ft_post_search_tokens (tokens),
  CONSTRAINT fk_post_search_post FOREIGN KEY (post_id) REFERENCES post (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
