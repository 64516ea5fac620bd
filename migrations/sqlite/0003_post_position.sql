-- migration-kind: contract
-- (contract: the unique index on post.position makes a build older than 0003 fail its second
-- insert of a post, both at the default position 0; see docs/migrations.md.)
-- Numbered pages of explore (`?page=N`) by position instead of OFFSET. Every post gets its rank
-- in id order, 1, 2, 3, ..., so that page N is the posts at or below MAX(position) - (N-1) x
-- per page: one index range whatever N. An OFFSET steps over every skipped entry instead, which
-- on MariaDB made page 200 cost 3-4 times page 1 (docs/query-plans.md).
-- post_sequence holds the last position given. db::posts::insert raises it and takes the new
-- value in the transaction that inserts the post, so concurrent posts queue on its row and get
-- consecutive positions in the order of their ids. Positions are never reused: a deleted post
-- leaves a hole, and numbered pages from there on start that many posts later (they already
-- shift by one with every new post; the site links by cursor).
ALTER TABLE post ADD COLUMN position BIGINT NOT NULL DEFAULT 0;
UPDATE post SET position = r.n
  FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM post) AS r
  WHERE r.id = post.id;
CREATE UNIQUE INDEX ux_post_position ON post (position);

CREATE TABLE post_sequence (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_position BIGINT NOT NULL
);
INSERT INTO post_sequence (id, last_position) SELECT 1, COALESCE(MAX(position), 0) FROM post;
