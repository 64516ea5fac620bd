-- migration-kind: expand
-- Home timelines written on post (see migrations/sqlite/0008_home_feed.sql).
CREATE TABLE home_feed (
  user_id BIGINT NOT NULL,
  post_id BIGINT NOT NULL,
  PRIMARY KEY (user_id, post_id),
  KEY ix_home_feed_post_id (post_id),
  CONSTRAINT fk_home_feed_user FOREIGN KEY (user_id) REFERENCES user (id) ON DELETE CASCADE,
  CONSTRAINT fk_home_feed_post FOREIGN KEY (post_id) REFERENCES post (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE home_feed_state (
  user_id BIGINT NOT NULL PRIMARY KEY,
  complete_from BIGINT NOT NULL DEFAULT 0,
  built_us BIGINT NOT NULL,
  CONSTRAINT fk_home_feed_state_user FOREIGN KEY (user_id) REFERENCES user (id) ON DELETE CASCADE
) ENGINE=InnoDB;
