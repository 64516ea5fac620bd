-- migration-kind: expand
-- Full-text search over posts (docs/search.md). post_search holds, per post (rowid = post.id),
-- the tokens of its body as src/search/text.hpp makes them: ASCII words such as "xacafe", made in
-- C++ for both databases alike, so that SQLite and MariaDB find the same posts for a query.
-- detail=none: queries only ask whether a post has every token, never for phrases or positions,
-- and without positions the index is about half the size. The ascii tokenizer is enough for
-- tokens of [a-z0-9] and splits them at nothing else.
-- The new release writes a post's row in the transaction that inserts the post; a post's row
-- goes with the post (trigger below). Posts that exist before this migration, or that an older
-- release writes during a deploy, get theirs from `microblog db upgrade` or
-- `microblog search reindex` (the C++ tokeniser cannot run in SQL).
CREATE VIRTUAL TABLE post_search USING fts5(tokens, detail=none, columnsize=0, tokenize='ascii');

CREATE TRIGGER tr_post_search_delete AFTER DELETE ON post
BEGIN
  DELETE FROM post_search WHERE rowid = old.id;
END;
