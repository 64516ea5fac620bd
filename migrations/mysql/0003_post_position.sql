-- migration-kind: contract
-- (contract: the unique index on post.position makes a build older than 0003 fail its second
-- insert of a post, both at the default position 0; see docs/migrations.md.)
-- Numbered pages by position (see migrations/sqlite/0003_post_position.sql).
ALTER TABLE post ADD COLUMN position BIGINT NOT NULL DEFAULT 0;
UPDATE post JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM post) AS r
  ON r.id = post.id
  SET post.position = r.n;
CREATE UNIQUE INDEX ux_post_position ON post (position);

CREATE TABLE post_sequence (
  id TINYINT NOT NULL PRIMARY KEY,
  last_position BIGINT NOT NULL,
  CONSTRAINT ck_post_sequence_single CHECK (id = 1)
) ENGINE=InnoDB;
INSERT INTO post_sequence (id, last_position) SELECT 1, COALESCE(MAX(position), 0) FROM post;
